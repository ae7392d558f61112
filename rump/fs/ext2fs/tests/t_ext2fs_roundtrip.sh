#!/usr/bin/env bash
# ext2fs round trips with the outside world.
#  - read: images made by mke2fs -d from a tree (ext2 at several block and
#    inode sizes, without filetype, revision 0, ext3, ext4 with extents),
#    mounted in a rump kernel, must match the tree exactly: names, types,
#    modes, owners, sizes, mtimes (with nanoseconds in large inodes),
#    contents, symlink targets, device numbers, hard-link groups.
#  - write: the tree copied into an empty image through the driver must
#    be e2fsck -fn clean, read back identically, and (as root, when loop
#    mounts work) read identically through the Linux kernel's ext2.
#  - a bounded random exerciser (seed printed), then e2fsck -fn.
. tests/lib.sh
t_begin
WALK=$TESTS/e2fs_walk
PUT=$TESTS/e2fs_put
FSX=$TESTS/e2fs_fsx
if ! command -v mke2fs >/dev/null || ! command -v e2fsck >/dev/null; then
	t_skip "ext2fs round trip" "e2fsprogs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
MNT=$(t_mntdir)
tree=$tmp/tree
mkdir -p "$tree/dir/sub/deeper" "$tree/many" "$tree/empty"
printf '' >"$tree/zero"
printf x >"$tree/one"
for n in 1023 1024 4097 8192 65537 300000; do
	head -c $n /dev/urandom >"$tree/size$n"
done
head -c 5000000 /dev/urandom >"$tree/dir/big"	# double indirect at 1K
dd if=/dev/urandom of="$tree/sparse" bs=1k count=3 seek=3000 2>/dev/null
dd if=/dev/urandom of="$tree/sparse2" bs=1k count=1 seek=70000 2>/dev/null
echo hello >"$tree/a"
ln "$tree/a" "$tree/dir/hardlink"
ln "$tree/a" "$tree/dir/sub/hardlink2"
ln -s a "$tree/short"
ln -s "$(printf 'y%.0s' $(seq 1 59))" "$tree/fast59"
ln -s "$(printf 'z%.0s' $(seq 1 300))" "$tree/long"
ln -s ../../a "$tree/dir/sub/up"
for i in $(seq 1 400); do echo "$i" >"$tree/many/file-with-a-long-name-$i"; done
touch "$tree/$(printf 'n%.0s' $(seq 1 255))"
mkfifo "$tree/fifo"
if [ "$(id -u)" = 0 ]; then
	mknod "$tree/chr" c 1 3
	mknod "$tree/blk" b 7 200
	mknod "$tree/bigdev" c 300 70000
	chown 1234:5678 "$tree/size1023"
	chown 70000:80000 "$tree/size1024"
fi
chmod 4755 "$tree/one"
chmod 1777 "$tree/empty"
chmod 0 "$tree/zero"
touch -d "2001-02-03 04:05:06.123456789" "$tree/size4097"
touch -d "1960-01-01 00:00:00" "$tree/size8192"
touch -d "2100-06-07 08:09:10.5" "$tree/size65537"
touch -d "2002-01-01" "$tree/dir/sub"
touch -d "2003-01-01" "$tree/dir"
# manifests leave out the root and lost+found (mke2fs makes them)
manifest() { grep -v -e '^/ ' -e '^/lost+found' "$1"; }
"$WALK" -H "$tree" >"$tmp/want.raw" 2>&1
manifest "$tmp/want.raw" >"$tmp/want"
"$WALK" -H -n "$tree" >"$tmp/want.raw" 2>&1
# 128-byte inodes keep whole seconds in signed 32 bits (as Linux reads them)
manifest "$tmp/want.raw" | awk '{ for (i = 1; i <= NF; i++)
	if ($i ~ /^mtime=/) { t = substr($i, 7) + 0
		if (t > 2147483647) t -= 4294967296
		$i = sprintf("mtime=%d", t) }
	print }' >"$tmp/want-nonsec"
# the inode size mke2fs chose (its "small" type uses 128)
small_inodes() {
	dumpe2fs -h "$1" 2>/dev/null | grep -q '^Inode size:[[:space:]]*128$'
}

img=$tmp/img
check_read() {	# name, mke2fs options (mke2fs -d keeps no nanoseconds)
	local name=$1 opts=$2 want=$tmp/want-nonsec flag=-n
	rm -f "$img"
	if ! out=$(mke2fs -q -F $opts -d "$tree" "$img" 64M 2>&1); then
		t_skip "read $name" "mke2fs $opts failed: $out"
		return
	fi
	# (mke2fs -d writes signed 32-bit seconds, no extra time fields)
	if ! "$WALK" $flag "$img" >"$tmp/got.raw" 2>"$tmp/err"; then
		t_notok "read $name" "$(cat "$tmp/err")"
		return
	fi
	manifest "$tmp/got.raw" >"$tmp/got"
	if diff -u "$want" "$tmp/got" >"$tmp/diff"; then
		t_pass "read $name"
	else
		t_notok "read $name" "$(head -20 "$tmp/diff")"
	fi
}
check_read "ext2 1k" "-t ext2 -b 1024"
check_read "ext2 2k" "-t ext2 -b 2048"
check_read "ext2 4k 128-byte inodes" "-t ext2 -b 4096 -I 128"
check_read "ext2 4k 256-byte inodes" "-t ext2 -b 4096 -I 256"
check_read "ext2 1k 1024-byte inodes" "-t ext2 -b 1024 -I 1024"
check_read "ext2 without filetype" "-t ext2 -O ^filetype"
check_read "ext2 revision 0" "-t ext2 -r 0"
check_read "ext2 64k blocks" "-t ext2 -b 65536"
check_read "ext3" "-t ext3"
check_read "ext4" "-t ext4"
check_read "ext4 1k meta_bg" "-t ext4 -b 1024 -O meta_bg,^resize_inode"

# write through the driver, then e2fsck, read back, the kernel's view
check_write() {	# name, mke2fs options
	local name=$1 opts=$2 want=$tmp/want flag=
	rm -f "$img"
	mke2fs -q -F $opts "$img" 64M >/dev/null 2>&1
	if small_inodes "$img" || [ "${opts#*-r 0}" != "$opts" ]; then
		want=$tmp/want-nonsec flag=-n
	fi
	if ! "$PUT" "$img" "$tree" >"$tmp/err" 2>&1; then
		t_notok "write $name" "$(cat "$tmp/err")"
		return
	fi
	t_ok "write $name: e2fsck -fn clean" e2fsck -fn "$img"
	"$WALK" $flag "$img" >"$tmp/got.raw" 2>"$tmp/err"
	manifest "$tmp/got.raw" >"$tmp/got"
	if diff -u "$want" "$tmp/got" >"$tmp/diff"; then
		t_pass "write $name: reads back"
	else
		t_notok "write $name: reads back" "$(head -20 "$tmp/diff")"
	fi
	if [ "$(id -u)" != 0 ]; then
		t_skip "write $name: Linux ext2 agrees" "not root"
		return
	fi
	if ! mount -o loop,ro -t ext2 "$img" "$MNT" 2>/dev/null; then
		t_skip "write $name: Linux ext2 agrees" "loop mount failed"
		return
	fi
	t_to "$WALK" -H $flag "$MNT" >"$tmp/k.raw" 2>&1
	umount "$MNT"
	manifest "$tmp/k.raw" >"$tmp/k"
	if diff -u "$want" "$tmp/k" >"$tmp/diff"; then
		t_pass "write $name: Linux ext2 agrees"
	else
		t_notok "write $name: Linux ext2 agrees" "$(head -20 "$tmp/diff")"
	fi
}
check_write "ext2 1k" "-t ext2 -b 1024"
check_write "ext2 4k" "-t ext2 -b 4096"
check_write "ext2 4k 128-byte inodes" "-t ext2 -b 4096 -I 128"
check_write "ext2 without filetype" "-t ext2 -O ^filetype"
check_write "ext3 clean journal" "-t ext3 -b 2048"

# random exerciser, in-process
seed=${E2FS_FSX_SEED:-$(( $(date +%s) % 100000 ))}
for bs in 1024 4096; do
	rm -f "$img"
	mke2fs -q -F -t ext2 -b $bs "$img" 64M >/dev/null 2>&1
	if out=$("$FSX" "$img" $seed 2000 12000000 2>&1); then
		t_pass "fsx bs=$bs seed=$seed"
	else
		t_notok "fsx bs=$bs seed=$seed" "$out"
	fi
	t_ok "fsx bs=$bs: e2fsck -fn clean" e2fsck -fn "$img"
done
