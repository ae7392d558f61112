#!/usr/bin/env bash
# rump_nfs against nfs-ganesha (FSAL VFS) on 127.0.0.1, started here on
# ports of our own (from our pid), exporting a scratch directory.
#  - the export mounted through the portmapper, and with port= and
#    mountport= (rpcbind may know another ganesha): a tree read back
#    identical (diff -r, and types, modes, sizes, link targets, mtimes).
#  - a tree written through the mount (cp -a: files, an empty and a
#    sparse file, symlinks, hard links, a FIFO, directories, modes, times)
#    identical on the server side; rename, remove, rmdir, truncate,
#    chmod, O_EXCL (noclobber) seen there too; UDP (-U) writes as well;
#    a file removed while open is readable until closed, under a hidden
#    .nfs name on the server meanwhile (a "silly rename").
#  - write-behind and read-ahead: a file written in large writes has
#    its size and bytes at once; direct reads backwards and skipping
#    get the right bytes, and so does a reader going on in order after
#    a write into the part it had read ahead.
#  - permissions decided by the server with the caller's ids: an
#    ordinary user (allow_other mount) cannot read a 0600 root file or
#    write a 0755 root directory; a file it makes is its own on the
#    server.
#  - soft,timeo=5,retrans=2 on a stopped server (SIGSTOP): EIO within a
#    few seconds; after SIGCONT, answers again.
#  - a hard mount across a server restart: a read started while the
#    server is down completes with the right bytes once it is back.
#  - unmount with the server stopped is bounded and clean.
#  - ro: reads work, every change is EROFS and never reaches the server.
#  - a hostile server (nfs_hostile.py): a 65-byte handle, a bad file
#    type, a 2 GiB record, a name with '/', a READ longer than asked
#    for: EIO each time, one console line, the server goes on; and a
#    COMMIT verifier other than the WRITEs': the data is written again.
#  - a special that is not host:/path, a bad option value, no server
#    and no such export: one line, nothing mounted.
set -u
. tests/lib.sh
t_begin
BIN=$(cd "$BIN" && pwd)
. "$(dirname "$0")/ganesha.sh"
if ! why=$(gan_usable) || ! t_have_fuse; then
	t_skip "nfs" "${why:-needs FUSE}"
	exit 0
fi
T=$(t_tmpdir)
T=$(cd "$T" && pwd)
MNT=$(t_mntdir)
T_SERVE_LOG=$T/server.log

# --- rpcbind and ganesha ---------------------------------------------
gan_t_start "$T" 20000 || exit 0
EXP=$GAN_EXP
PORT=$GAN_PORT
OPTS="-o $GAN_OPTS"

# --- a tree on the server, read through the mount -----------------------
# types, modes, sizes, link targets and mtimes of a tree, by path (not
# a symlink's mtime: ganesha's VFS back end does not set it)
listing() {
	(cd "$1" && { find . ! -type l -printf '%p %y %m %s %T@\n'
	    find . -type l -printf '%p %y %l\n'; } | sort)
}
mktree() {
	mkdir -p "$1/sub/d1/d2/d3" "$1/empty"
	echo hello >"$1/hello.txt"
	: >"$1/zero"
	head -c 3000000 /dev/urandom >"$1/big.bin"
	head -c 5000 /dev/urandom >"$1/sub/d1/d2/d3/five"
	echo u >"$1/ünïcødé name.txt"
	echo l >"$1/$(printf 'L%.0s' $(seq 1 200))"
	truncate -s 10M "$1/sparse"
	ln -s ../hello.txt "$1/sub/link"
	ln -s /abs/path/target "$1/abslink"
	ln "$1/hello.txt" "$1/sub/hardlink"
	mkfifo "$1/fifo"
	chmod 0640 "$1/hello.txt"
	chmod 0751 "$1/sub"
	chmod 0700 "$1/empty"
	touch -h -d '2001-02-03 04:05:06.789' "$1/sub/link" "$1/zero"
}
mktree "$EXP/ro"
if t_serve "$MNT" "$BIN/rump_nfs" -f "127.0.0.1:$EXP" "$MNT"; then
	t_pass mount_portmapper
	t_ok read_diff t_long 120 diff -r --no-dereference -x fifo "$EXP/ro" "$MNT/ro"
	t_eq read_listing "$(t_to bash -c "$(declare -f listing); listing '$MNT/ro'")" \
	    "$(listing "$EXP/ro")"
	t_eq readlink "$(t_to readlink "$MNT/ro/abslink")" /abs/path/target
	t_ok statvfs t_to bash -c "[ \$(stat -f -c %b '$MNT') -gt 0 ]"
	t_ok unmount t_unserve "$MNT"
else
	t_notok mount_portmapper "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- a tree written through the mount ------------------------------------
mktree "$T/src"
mkdir -p "$EXP/rw"
chmod 0777 "$EXP/rw"
if t_serve "$MNT" "$BIN/rump_nfs" -f $OPTS "127.0.0.1:$EXP" "$MNT"; then
	t_pass mount_ports
	t_ok write_tree t_long 120 cp -a "$T/src" "$MNT/rw/tree"
	t_ok write_diff diff -r --no-dereference -x fifo "$T/src" "$EXP/rw/tree"
	t_eq write_listing "$(listing "$EXP/rw/tree")" "$(listing "$T/src")"
	t_eq hardlink_count "$(stat -c %h "$EXP/rw/tree/hello.txt")" 2
	t_ok ops t_to bash -c "
		mv '$MNT/rw/tree/big.bin' '$MNT/rw/tree/sub/moved.bin' &&
		rm '$MNT/rw/tree/zero' && rmdir '$MNT/rw/tree/empty' &&
		truncate -s 1000 '$MNT/rw/tree/sub/moved.bin' &&
		chmod 0604 '$MNT/rw/tree/hello.txt' &&
		echo appended >>'$MNT/rw/tree/hello.txt'"
	t_eq ops_server "$(cd "$EXP/rw/tree" && stat -c '%n %s %a' \
	    sub/moved.bin hello.txt && ls zero empty big.bin 2>&1 | wc -l)" \
	    "sub/moved.bin 1000 644
hello.txt 15 604
3"
	t_ok ops_bytes cmp -n 1000 "$T/src/big.bin" "$EXP/rw/tree/sub/moved.bin"
	t_fail excl_exists t_to bash -c "set -C; echo x >'$MNT/rw/tree/hello.txt'"
	t_ok excl_new t_to bash -c "set -C; echo x >'$MNT/rw/tree/new.txt'"
	t_eq excl_new_server "$(cat "$EXP/rw/tree/new.txt")" x
	t_fail rmdir_notempty t_to rmdir "$MNT/rw/tree/sub"
	# removed while open: a hidden name on the server until the close
	echo silly >"$EXP/rw/tree/open.txt"
	exec 8<"$MNT/rw/tree/open.txt"
	t_ok silly_rm t_to rm "$MNT/rw/tree/open.txt"
	t_eq silly_hidden "$(ls -A "$EXP/rw/tree" | grep -c '^\.nfs')" 1
	t_eq silly_read "$(t_to cat <&8)" silly
	exec 8<&-
	for ((i = 0; i < 50; i++)); do
		ls -A "$EXP/rw/tree" | grep -q '^\.nfs' || break
		sleep 0.1
	done
	t_eq silly_gone "$(ls -A "$EXP/rw/tree" | grep -c '^\.nfs')" 0
	# write-behind: the size and data at once; read-ahead (direct I/O,
	# so that each read reaches the server): backwards and skipping,
	# and a file read in order while written in the middle
	head -c 5000000 /dev/urandom >"$T/ra.src"
	t_ok wb_write t_to dd if="$T/ra.src" of="$MNT/rw/ra" bs=256k \
	    status=none
	t_eq wb_size "$(t_to stat -c %s "$MNT/rw/ra")" 5000000
	t_ok wb_server cmp "$T/ra.src" "$EXP/rw/ra"
	bad=
	for o in 0 1 18 12 13 3 4 19; do
		dd if="$T/ra.src" of="$T/ra.want" bs=256k skip=$o count=2 \
		    status=none
		t_to dd if="$MNT/rw/ra" of="$T/ra.got" bs=256k skip=$o \
		    count=2 iflag=direct status=none
		cmp -s "$T/ra.want" "$T/ra.got" || bad+=" $o"
	done
	t_eq ra_skipping "$bad" ""
	# one descriptor (an open would drop what was read ahead), direct
	# I/O (no host page cache): read 0-512K in order, write zeros over
	# 1M-2M, read on from 512K
	t_ok ra_written t_to python3 -c '
import mmap, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_DIRECT)
def rd(off, n):
	b = mmap.mmap(-1, n)
	return bytes(b[:os.preadv(fd, [b], off)])
for off in range(0, 512 << 10, 128 << 10):
	rd(off, 128 << 10)
z = mmap.mmap(-1, 1 << 20)
assert os.pwritev(fd, [z], 1 << 20) == 1 << 20
got = b"".join(rd(off, 128 << 10) for off in range(512 << 10, 3 << 20,
    128 << 10))
src = open(sys.argv[2], "rb").read()
want = src[512 << 10:1 << 20] + bytes(1 << 20) + src[2 << 20:3 << 20]
sys.exit(got != want)' "$MNT/rw/ra" "$T/ra.src"
	# ordinary users: the server decides, with their ids
	mkdir -m 0755 "$EXP/rw/rootdir"
	echo secret >"$EXP/rw/secret"
	chmod 0600 "$EXP/rw/secret"
	t_ok unmount_rw t_unserve "$MNT"
else
	t_notok mount_ports "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- an ordinary user ----------------------------------------------------
if t_unpriv_user rumpnfs; then
	NU=$(id -u rumpnfs)
	NG=$(id -g rumpnfs)
	AS="setpriv --reuid=$NU --regid=$NG --clear-groups"
	if t_serve "$MNT" "$BIN/rump_nfs" -f $OPTS -o allow_other \
	    "127.0.0.1:$EXP" "$MNT"; then
		t_fail perm_read t_to $AS cat "$MNT/rw/secret"
		t_fail perm_write t_to $AS touch "$MNT/rw/rootdir/f"
		t_ok perm_own t_to $AS bash -c "echo mine >'$MNT/rw/mine'"
		t_eq perm_owner "$(stat -c %u:%g "$EXP/rw/mine")" "$NU:$NG"
		t_ok perm_root_reads t_to cat "$MNT/rw/secret"
		t_ok unmount_perm t_unserve "$MNT"
	else
		t_notok mount_perm "$(tail -n 5 "$T_SERVE_LOG")"
	fi
else
	t_skip perm "no ordinary user could be made"
fi

# --- UDP -------------------------------------------------------------------
if t_serve "$MNT" "$BIN/rump_nfs" -f -U -w 8192 $OPTS \
    "127.0.0.1:$EXP" "$MNT"; then
	t_ok udp_write t_long 120 cp -a "$T/src" "$MNT/rw/udp"
	t_ok udp_diff diff -r --no-dereference -x fifo "$T/src" "$EXP/rw/udp"
	t_ok udp_read t_long 60 cmp "$MNT/rw/udp/big.bin" "$T/src/big.bin"
	t_ok unmount_udp t_unserve "$MNT"
else
	t_notok mount_udp "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- a stopped server: soft gives EIO, unmount stays bounded --------------
if t_serve "$MNT" "$BIN/rump_nfs" -f $OPTS -o soft,timeo=5,retrans=2 \
    "127.0.0.1:$EXP" "$MNT"; then
	t_ok soft_alive t_to ls "$MNT/ro"
	kill -STOP "$(gan_pid)"
	start=$SECONDS
	out=$(t_to stat "$MNT/ro/never-looked-up" 2>&1)
	took=$((SECONDS - start))
	t_eq soft_eio "$(echo "$out" | grep -c 'Input/output error')" 1
	t_ok soft_bounded test "$took" -le 8
	kill -CONT "$(gan_pid)"
	t_ok soft_back t_to cat "$MNT/ro/hello.txt"
	kill -STOP "$(gan_pid)"
	start=$SECONDS
	t_ok unmount_stopped t_unserve "$MNT"
	t_ok unmount_bounded test $((SECONDS - start)) -le 15
	kill -CONT "$(gan_pid)"
else
	t_notok mount_soft "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- a hard mount across a server restart ---------------------------------
if t_serve "$MNT" "$BIN/rump_nfs" -f $OPTS "127.0.0.1:$EXP" "$MNT"; then
	t_ok hard_alive t_to ls "$MNT/ro"
	gan_stop
	t_long 60 cmp "$MNT/ro/sub/d1/d2/d3/five" "$EXP/ro/sub/d1/d2/d3/five" \
	    >"$T/hard.out" 2>&1 &
	CMP=$!
	sleep 2
	if gan_start; then
		wait $CMP
		t_eq hard_restart "$?" 0
	else
		t_notok hard_restart "ganesha did not restart"
		wait $CMP
	fi
	# a file open for writing across a restart
	head -c 300000 /dev/urandom >"$T/w.src"
	exec 7>"$MNT/rw/across"
	head -c 200000 "$T/w.src" >&7
	gan_stop
	gan_start
	tail -c +200001 "$T/w.src" >&7
	exec 7>&-
	t_ok hard_write_restart cmp "$T/w.src" "$EXP/rw/across"
	t_ok unmount_hard t_unserve "$MNT"
else
	t_notok mount_hard "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- read-only --------------------------------------------------------------
if t_serve "$MNT" "$BIN/rump_nfs" -f $OPTS -o ro "127.0.0.1:$EXP" "$MNT"; then
	t_ok ro_read t_to cmp "$MNT/ro/big.bin" "$EXP/ro/big.bin"
	t_eq ro_create "$(t_to touch "$MNT/ro/new" 2>&1 | grep -c 'Read-only')" 1
	t_eq ro_write "$(t_to bash -c "echo x >>'$MNT/ro/hello.txt'" 2>&1 |
	    grep -c 'Read-only')" 1
	t_fail ro_remove t_to rm "$MNT/ro/zero"
	t_ok ro_untouched test -e "$EXP/ro/zero" -a ! -e "$EXP/ro/new"
	t_ok unmount_ro t_unserve "$MNT"
else
	t_notok mount_ro "$(tail -n 5 "$T_SERVE_LOG")"
fi

# --- a hostile server --------------------------------------------------
if command -v python3 >/dev/null; then
	HP=$((PORT - 1))
	python3 "$(dirname "$0")/nfs_hostile.py" "$HP" "$T/hostile.log" \
	    {_t_wdfd}>&- &
	HPID=$!
	t_atexit "kill $HPID 2>/dev/null"
	for ((i = 0; i < 50; i++)); do
		rpcinfo -n "$HP" -t 127.0.0.1 100003 3 >/dev/null 2>&1 && break
		sleep 0.1
	done
	if t_serve "$MNT" "$BIN/rump_nfs" -f -o port=$HP,mountport=$HP \
	    "127.0.0.1:/evil" "$MNT"; then
		for n in longfh badtype bigrec; do
			t_eq "hostile_$n" "$(t_to stat "$MNT/$n" 2>&1 |
			    grep -c 'Input/output error')" 1
		done
		t_eq hostile_readdir "$(t_to ls "$MNT" 2>&1 |
		    grep -c 'Input/output error')" 1
		t_eq hostile_read "$(t_to cat "$MNT/file" 2>&1 |
		    grep -c 'Input/output error')" 1
		t_ok hostile_alive t_to stat "$MNT/"
		# unstable data kept until COMMIT; a new verifier: sent again
		t_ok verf_write t_to dd if=/dev/zero of="$MNT/file" bs=1000 \
		    count=3 conv=notrunc,fsync status=none
		t_eq verf_resent "$(cat "$T/hostile.log")" "WRITE 0 1000 0
WRITE 1000 1000 0
WRITE 2000 1000 0
WRITE 0 1000 2
WRITE 1000 1000 2
WRITE 2000 1000 2"
		t_ok verf_console grep -q "restarted: 3000 bytes written again" \
		    "$T_SERVE_LOG"
		# a WRITE gone behind the writer that failed: at fsync (one
		# write of 4 WRITEs: the ring has room for them all)
		t_eq wb_nospc "$(t_to dd if=/dev/zero of="$MNT/full" bs=256k \
		    count=1 conv=notrunc,fsync 2>&1 | grep 'No space' |
		    sed 's/.*: //')" "No space left on device"
		t_ok hostile_console grep -q "bad reply to READDIR" "$T_SERVE_LOG"
		t_ok unmount_hostile t_unserve "$MNT"
	else
		t_notok mount_hostile "$(tail -n 5 "$T_SERVE_LOG")"
	fi
	kill $HPID
else
	t_skip hostile "python3 not installed"
fi

# --- refused specials ------------------------------------------------------
t_ok refused_spec t_refused "nohost|not host:/path" \
    t_to "$BIN/rump_nfs" -f nohost "$MNT"
t_ok refused_rsize t_refused "rsize=abc|a number from" \
    t_to "$BIN/rump_nfs" -f -o rsize=abc "127.0.0.1:/x" "$MNT"
# no server there: a clear line, bounded, nothing mounted
t_ok refused_noserver t_refused "127.0.0.1:/nowhere" \
    t_to "$BIN/rump_nfs" -f -o port=1,mountport=1,soft,timeo=2,retrans=1 \
    "127.0.0.1:/nowhere" "$MNT"
t_ok refused_noexport t_refused "127.0.0.1:/no/such/export" \
    t_to "$BIN/rump_nfs" -f $OPTS "127.0.0.1:/no/such/export" "$MNT"
