#!/usr/bin/env python3
# A hostile NFSv3 server for t_nfs.sh: MOUNT and NFS on one TCP port
# (argv[1]), sane enough to mount, then wrong on purpose:
#   - READDIRPLUS/READDIR of the root: an entry named "a/b"
#   - LOOKUP "longfh": a 65-byte handle; "badtype": a fattr3 of type 9;
#     "bigrec": a record mark of 2 GiB and nothing after it
#   - READ (of "file"): 4 bytes more than asked for
#   - WRITE (of "file"): UNSTABLE answered UNSTABLE with verifier AAAAAAAA,
#     COMMIT answered with BBBBBBBB (a restart): each WRITE is logged to
#     argv[2] as "WRITE offset count stable", so that the resend shows
#   - WRITE of "full": NFS3ERR_NOSPC (kept by write-behind for fsync)
# Everything else: NFS3ERR_NOENT.  Replies are built here from RFC 1813
# and RFC 5531 field by field.
import socket
import struct
import sys
import threading

ROOT = b"root"
FILE = b"file-handle"


def u32(*vals):
    return b"".join(struct.pack(">I", v) for v in vals)


def u64(v):
    return struct.pack(">Q", v)


def opaque(b):
    return u32(len(b)) + b + b"\0" * (-len(b) % 4)


def fattr(ftype, size=0, fileid=1):
    return (u32(ftype, 0o755, 1, 0, 0) + u64(size) + u64(size) +
            u32(0, 0) + u64(1) + u64(fileid) + u32(1, 0) * 3)


def postop(ftype, **kw):
    return u32(1) + fattr(ftype, **kw)


def reply(xid, body):
    return u32(xid, 1, 0, 0, 0, 0) + body


def nfs(proc, args):
    fh_len = struct.unpack(">I", args[:4])[0]
    fh = args[4:4 + fh_len]
    rest = args[4 + fh_len + (-fh_len % 4):]
    if proc == 1:       # GETATTR
        return u32(0) + fattr(2 if fh == ROOT else 1, size=100,
                              fileid=2 if fh == ROOT else 3)
    if proc == 19:      # FSINFO
        return (u32(0, 0) + u32(65536, 65536, 4096, 65536, 65536, 4096,
                                4096) + u64(1 << 40) + u32(0, 1, 0x1b))
    if proc == 4:       # ACCESS
        return u32(0, 0) + u32(0x3f)
    if proc == 3:       # LOOKUP
        n = struct.unpack(">I", rest[:4])[0]
        name = rest[4:4 + n]
        if name == b"longfh":
            return u32(0) + opaque(b"x" * 65) + u32(0, 0)
        if name == b"badtype":
            return u32(0) + opaque(b"bt") + u32(1) + fattr(9) + u32(0)
        if name == b"bigrec":
            return None
        if name == b"file":
            return u32(0) + opaque(FILE) + postop(1, size=100) + u32(0)
        if name == b"full":
            return u32(0) + opaque(b"fullfh") + postop(1, size=100) + u32(0)
        return u32(2, 0)
    if proc in (16, 17):    # READDIR, READDIRPLUS
        entry = u32(1) + u64(7) + opaque(b"a/b") + u64(1)
        if proc == 17:
            entry += u32(0, 0)
        return u32(0, 0) + b"\0" * 8 + entry + u32(0, 1)
    if proc == 6:       # READ: offset, count
        n = struct.unpack(">I", rest[8:12])[0] + 4
        return u32(0, 0) + u32(n, 1) + opaque(b"z" * n)
    if proc == 7:       # WRITE: offset, count, stable, data
        off, count, stable = struct.unpack(">QII", rest[:16])
        if fh == b"fullfh":
            return u32(28, 0, 0)    # NFS3ERR_NOSPC, no wcc_data
        with open(sys.argv[2], "a") as log:
            log.write("WRITE %d %d %d\n" % (off, count, stable))
        return (u32(0, 0, 0) + u32(count, 0 if stable == 0 else 2) +
                b"AAAAAAAA")
    if proc == 21:      # COMMIT
        return u32(0, 0, 0) + b"BBBBBBBB"
    return u32(2, 0)


def serve(conn):
    buf = b""
    while True:
        while len(buf) < 4:
            d = conn.recv(65536)
            if not d:
                return
            buf += d
        n = struct.unpack(">I", buf[:4])[0] & 0x7fffffff
        while len(buf) < 4 + n:
            d = conn.recv(65536)
            if not d:
                return
            buf += d
        msg, buf = buf[4:4 + n], buf[4 + n:]
        xid, _, _, prog, _, proc = struct.unpack(">6I", msg[:24])
        cred_len = struct.unpack(">I", msg[28:32])[0]
        off = 32 + cred_len
        verf_len = struct.unpack(">I", msg[off + 4:off + 8])[0]
        args = msg[off + 8 + verf_len:]
        if prog == 100005:
            body = u32(0) + opaque(ROOT) + u32(1, 1) if proc == 1 else b""
        elif proc == 0:
            body = b""
        else:
            body = nfs(proc, args)
        if body is None:
            conn.sendall(u32(0xffffffff))   # 2 GiB record, never sent
            continue
        rec = reply(xid, body)
        conn.sendall(u32(0x80000000 | len(rec)) + rec)


def main():
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", int(sys.argv[1])))
    s.listen(16)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


main()
