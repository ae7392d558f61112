#!/usr/bin/env bash
# `make demo`: the main job on a demo image.  Builds a BSD FFS image with
# Debian's makefs, looks into it without mounting (fsu_ls, fsu_cat),
# mounts it through FUSE with rump_ffs, writes to it through the mount,
# unmounts, and checks the result.
set -eu
O=${O:-build}
BIN=$O/bin
D=$O/demo
rm -rf "$D"; mkdir -p "$D/tree/etc" "$D/tree/home/demo" "$D/mnt"
echo "Welcome to a NetBSD-style FFS image served by a rump kernel." >"$D/tree/etc/motd"
seq 1 1000 >"$D/tree/home/demo/numbers"
ln -s ../etc/motd "$D/tree/home/motd"

echo "== makefs -t ffs -s 8m $D/disk.img $D/tree"
makefs -t ffs -s 8m "$D/disk.img" "$D/tree" >/dev/null

echo "== fsu_ls -l (no mount at all)"
"$BIN/fsu_ls" "$D/disk.img" -lR /
echo "== fsu_cat /etc/motd"
"$BIN/fsu_cat" "$D/disk.img" /etc/motd

if [ -c /dev/fuse ] && command -v fusermount3 >/dev/null; then
	echo "== rump_ffs $D/disk.img $D/mnt"
	"$BIN/rump_ffs" "$D/disk.img" "$D/mnt"
	ls -l "$D/mnt" "$D/mnt/home/demo"
	echo "written through FUSE" >"$D/mnt/home/demo/hello"
	tail -n 1 "$D/mnt/home/demo/numbers"
	df -h "$D/mnt" | tail -n 1
	echo "== fusermount3 -u $D/mnt"
	fusermount3 -u "$D/mnt"
	for _ in $(seq 50); do pgrep -f "rump_ffs $D/disk.img" >/dev/null || break; sleep 0.1; done
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
