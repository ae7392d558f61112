#!/usr/bin/env bash
# `make demo`: the main job on a demo image.  Builds a BSD FFS image with
# Debian's makefs, looks into it without mounting (fsu_ls, fsu_cat),
# mounts it through FUSE with rump_ffs, writes to it through the mount,
# unmounts, and checks the result.  The image stays in $O/demo; the mount
# point is a private directory under ${TMPDIR:-/tmp} (never in the work
# tree, which make and git walk), the server runs under tests/lib.sh's
# watchdog and every command on the mount is time-bounded, so a failed or
# interrupted demo leaves no mount and no server behind.
set -eu
O=${O:-build}
. tests/lib.sh
D=$O/demo
# an older demo mounted in here: detach before removing (lib.sh's sweep)
_t_sweep "$D"
mkdir -p "$D/tree/etc" "$D/tree/home/demo"
echo "Welcome to a NetBSD-style FFS image served by a rump kernel." >"$D/tree/etc/motd"
seq 1 1000 >"$D/tree/home/demo/numbers"
ln -s ../etc/motd "$D/tree/home/motd"

echo "== makefs -t ffs -s 8m $D/disk.img $D/tree"
makefs -t ffs -s 8m "$D/disk.img" "$D/tree" >/dev/null

echo "== fsu_ls -l (no mount at all)"
"$BIN/fsu_ls" "$D/disk.img" -lR /
echo "== fsu_cat /etc/motd"
"$BIN/fsu_cat" "$D/disk.img" /etc/motd

if t_have_fuse; then
	M=$(t_mntdir)
	echo "== rump_ffs $D/disk.img $M"
	t_daemon "$M" "$BIN/rump_ffs" "$D/disk.img" "$M"
	t_to ls -l "$M" "$M/home/demo"
	t_to bash -c "echo 'written through FUSE' >'$M/home/demo/hello'"
	t_to tail -n 1 "$M/home/demo/numbers"
	t_to df -h "$M" | tail -n 1
	echo "== fusermount3 -u $M"
	t_unserve "$M"
	echo "== fsu_cat /home/demo/hello (after unmount)"
	"$BIN/fsu_cat" "$D/disk.img" /home/demo/hello
else
	echo "(no /dev/fuse here: skipping the FUSE mount)"
fi
if [ -x "$BIN/fsck_ffs" ]; then
	echo "== fsck_ffs -n"
	"$BIN/fsck_ffs" -n "$D/disk.img"
fi
echo "demo done: $D/disk.img"
