#!/usr/bin/env bash
# FUSE nodes that do not hold their vnodes (p2k_node.c, p2k_pin.c): with
# a vnode cache of 8 (RUMP_NVNODES), a walk of 2,000 files through the
# mount drops nearly every vnode the host kernel still knows, and each
# later operation finds its file again by the file handle.  Checked on
# rumpfs, ext2 and ffs: the walk, then stat, read, rename, link and unlink
# of files whose vnodes were dropped; an unlinked file still open stays
# readable; a removed file reached by its stale handle answers ESTALE
# (never a crash, never another file); the server unmounts cleanly.
set -u
. tests/lib.sh
SERVER=$(cd "$TESTS" && pwd)/p2k_rumpfs
T=$(t_tmpdir)
if ! t_have_fuse; then
	t_skip "unpin" "no /dev/fuse or fusermount3"
	exit 0
fi
M=$(t_mntdir)
export RUMP_NVNODES=8
NDIR=4 NPER=500

# the files, each holding its own name
fill() {
	local d i
	for ((d = 0; d < NDIR; d++)); do
		mkdir "$M/d$d" || return 1
		for ((i = 0; i < NPER; i++)); do
			echo "f$d.$i" >"$M/d$d/f$i" || return 1
		done
	done
}

# every file, read back through a fresh walk: dN/fI holds "fN.I"
readall() {
	local f d n=0
	while IFS= read -r f; do
		d=${f%/*}
		[ "$(<"$f")" = "f${d##*/d}.${f##*/f}" ] ||
		    { echo "readall: $f: $(<"$f")" >&2; return 1; }
		n=$((n + 1))
	done < <(find "$M" -type f -name 'f*')
	[ $n = $((NDIR * NPER)) ]
}

# an open file, unlinked, is read after many other files were used
open_unlinked() {
	local l
	exec 3<"$M/d0/f7" || return 1
	rm "$M/d0/f7" || return 1
	ls -lR "$M" >/dev/null && cat "$M"/d1/* >/dev/null || return 1
	read -r l <&3
	exec 3<&-
	[ "$l" = f0.7 ] && [ ! -e "$M/d0/f7" ]
}

# An O_PATH descriptor holds no open file: once the file is removed and
# its vnode dropped, the server has only a stale handle, and fstat gets
# a clean ESTALE (or ENOENT), not a crash and not another file.
stale_handle() {
	python3 - "$M" <<'PY'
import errno, os, sys
m = sys.argv[1]
fd = os.open(m + "/d3/f9", os.O_PATH)
os.unlink(m + "/d3/f9")
for n in os.listdir(m + "/d1"):		# the vnode goes out of the cache
    with open(m + "/d1/" + n) as f:
        f.read()
try:
    st = os.fstat(fd)
    sys.exit("fstat of a removed file answered: nlink %d" % st.st_nlink)
except OSError as e:
    if e.errno not in (errno.ESTALE, errno.ENOENT):
        raise
PY
}

one_fs() {	# name mount-command...
	local fs=$1
	shift
	t_serve "$M" "$@"
	t_eq "${fs}_mount" $? 0
	t_ok "${fs}_fill" t_long 300 bash -c "$(declare -f fill); M='$M' NDIR=$NDIR NPER=$NPER fill"
	t_eq "${fs}_walk" "$(t_long 300 find "$M" ! -name lost+found | wc -l)" $((1 + NDIR + NDIR * NPER))
	t_eq "${fs}_walk_ls" "$(t_long 300 ls -lR "$M" | grep -c '^-')" $((NDIR * NPER))
	t_ok "${fs}_read_all" t_long 300 bash -c "$(declare -f readall); M='$M' NDIR=$NDIR NPER=$NPER readall"
	t_eq "${fs}_stat" "$(t_to stat -c %s "$M/d3/f123")" 7
	t_ok "${fs}_rename" t_to mv "$M/d0/f1" "$M/d1/moved"
	t_eq "${fs}_rename_read" "$(t_to cat "$M/d1/moved")" f0.1
	t_fail "${fs}_rename_old_gone" t_to stat "$M/d0/f1"
	t_ok "${fs}_link" t_to ln "$M/d1/f2" "$M/d3/hard"
	t_eq "${fs}_link_nlink" "$(t_to stat -c %h "$M/d1/f2")" 2
	t_ok "${fs}_unlink_many" t_long 300 bash -c "rm '$M'/d2/f1*"
	t_eq "${fs}_unlinked" "$(t_to ls "$M/d2" | wc -l)" $((NPER - 111))
	t_eq "${fs}_link_after" "$(t_to cat "$M/d3/hard")" f1.2
	t_ok "${fs}_open_unlinked" t_long 300 bash -c "$(declare -f open_unlinked); M='$M' open_unlinked"
	if command -v python3 >/dev/null; then
		t_ok "${fs}_stale_handle" t_long 300 bash -c "$(declare -f stale_handle); M='$M' stale_handle"
	else
		t_skip "${fs}_stale_handle" "no python3"
	fi
	t_ok "${fs}_still_serving" t_to stat "$M/d3/f499"
	t_ok "${fs}_rm_rf" t_long 300 rm -rf "$M/d0" "$M/d1" "$M/d2" "$M/d3"
	t_eq "${fs}_empty" "$(t_to ls -A "$M" | grep -vc lost+found)" 0
	t_ok "${fs}_unmount" t_unserve "$M"
}

one_fs rumpfs "$SERVER" -f "$M"
mkdir -p "$T/empty"
for fs in ext2fs ffs; do
	img=$T/$fs.img
	if [ $fs = ext2fs ]; then
		mke2fs -q -F -t ext2 -N 4096 "$img" 32M >/dev/null 2>&1
	else
		makefs -t ffs -o density=4096 -s 32m "$img" "$T/empty" \
		    >/dev/null 2>&1
	fi
	if [ ! -s "$img" ] || [ ! -x "$BIN/rump_$fs" ]; then
		t_skip "${fs}_unpin" "no image tool or no rump_$fs"
		continue
	fi
	one_fs $fs "$BIN/rump_$fs" -f "$img" "$M"
	if command -v fsck.ext2 >/dev/null && [ $fs = ext2fs ]; then
		t_ok "${fs}_fsck_clean" t_to fsck.ext2 -fn "$img"
	fi
done
