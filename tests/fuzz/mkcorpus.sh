#!/usr/bin/env bash
# The seed images of the fuzz targets (tests/fuzz/corpus/<driver>/), made
# by the real tools from one small tree (files, a directory two deep, a
# symlink, a 3000-byte file): mke2fs with several feature sets, Debian's
# makefs for UFS1 and UFS2 in both byte orders, mkfs.fat and mtools;
# ISO 9660 (the tree, a directory nine deep and a symlink long enough
# for a continuation area; zisofs: a file of two blocks) by xorriso (-R -J, and
# zisofs), genisoimage (plain, -J, -R, level 1) and makefs -t cd9660.
# Each image is as small as the tool allows (64 KiB, UFS2 128 KiB, ISO
# images unpadded): mutations of a small input run faster.  Run from the
# top of the tree; it replaces the corpus files it makes and checks each
# with the real checker (isoinfo for ISO 9660).
set -eu
out=tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t=$tmp/tree
mkdir -p "$t/d/e" "$out/ext2fs" "$out/ffs" "$out/msdos"
echo hello >"$t/f"
head -c 3000 /dev/zero | tr '\0' 'z' >"$t/d/big"
ln -s ../f "$t/d/l"
echo x >"$t/d/e/g"

n=0
for opts in "-O none" "-O ^dir_index,filetype" \
    "-O dir_index,filetype,sparse_super" "-O ^dir_index -r 0" \
    "-O large_file,filetype -I 256"; do
	n=$((n + 1))
	img=$out/ext2fs/mke2fs-$n.img
	rm -f "$img"
	# shellcheck disable=SC2086
	mke2fs -q -F -b 1024 -N 32 $opts -d "$t" "$img" 64 >/dev/null
	truncate -s 64k "$img"
	e2fsck -fn "$img" >/dev/null
done
for v in 1 2; do
	size=64k
	[ $v = 2 ] && size=128k
	for b in le be; do
		img=$out/ffs/makefs-ufs$v-$b.img
		rm -f "$img"
		makefs -t ffs -B $b -o version=$v,bsize=4096,fsize=512,density=2048 \
		    -s $size "$img" "$t" >/dev/null
	done
done
# FAT12 in 128 KiB; FAT16 needs 4085 clusters (2 MiB of one-sector
# clusters); FAT32 in 1 MiB from mkfs.fat's small-volume allowance (a
# FAT32 BPB with fewer clusters than the standard asks: mkfs.fat makes
# it and the driver accepts it, mtools does not, so our fsu_* tools of
# $O fill that one)
fat() {	# name size-in-KiB mkfs.fat-options...
	local img=$out/msdos/$1.img size=$2 mk=mmd cp=mcopy
	shift 2
	rm -f "$img"
	mkfs.fat -C "$@" -n FUZZ "$img" "$size" >/dev/null 2>&1
	if [ "$1 $2" = "-F 32" ]; then
		mk=fat_mkdir cp=fat_put
	fi
	$mk -i "$img" ::/d ::/d/e
	$cp -i "$img" "$t/f" "::/f"
	$cp -i "$img" "$t/d/big" "::/d/A long file name.bin"
	$cp -i "$img" "$t/d/e/g" "::/d/e/g"
	$cp -i "$img" "$t/f" "::/d/Ünïcödé naïve.txt"
	fsck.fat -n "$img" >/dev/null 2>&1
}
fat_mkdir() {	# -i img ::dir...
	local img=$2 d
	shift 2
	for d in "$@"; do "$BIN/fsu_mkdir" "$img" "${d#::}"; done
}
fat_put() { "$BIN/fsu_put" "$2" "$3" "${4#::}"; }	# -i img file ::path
BIN=${O:-build}/bin
fat mkfs.fat-12-c1 128 -F 12 -s 1
fat mkfs.fat-12-c4 128 -F 12 -s 4
fat mkfs.fat-16-c1 2100 -F 16 -s 1 -r 64
fat mkfs.fat-32-c1 1024 -F 32 -s 1
# ISO 9660: Rock Ridge (relocated directories, CE areas), Joliet, zisofs
c=$tmp/cd9660
mkdir -p "$out/cd9660"
cp -a "$t" "$c"
# zisofs only: two blocks of 32 KiB
head -c 40000 /dev/zero | tr '\0' 'q' >"$tmp/zz"
mkdir -p "$c/1/2/3/4/5/6/7/8/9"
echo deep >"$c/1/2/3/4/5/6/7/8/9/h"
ln -s "$(printf 'seg%02d/' $(seq 1 45))x" "$c/d/long"
iso() {	# name tool args...: the image, checked by isoinfo, cut at
	# the end of its volume (xorriso pads the file to 64 KiB)
	local img=$out/cd9660/$1.img n
	shift
	rm -f "$img"
	"$@" >/dev/null 2>&1
	isoinfo -R -l -i "$img" >/dev/null
	n=$(isoinfo -d -i "$img" | sed -n 's/^Volume size is: //p')
	truncate -s $((n * 2048)) "$img"
}
iso xorriso-rj xorriso -as mkisofs -quiet -R -J -no-pad \
    -o "$out/cd9660/xorriso-rj.img" "$c"
iso xorriso-zisofs xorriso -outdev "$out/cd9660/xorriso-zisofs.img" \
    -padding 0 -map "$c" / -map "$tmp/zz" /d/zz \
    -set_filter_r --zisofs / -- -commit
for v in "plain" "j -J" "r -R" "l1 -iso-level 1"; do
	set -- $v
	iso "genisoimage-$1" genisoimage -quiet -no-pad "${@:2}" \
	    -o "$out/cd9660/genisoimage-$1.img" "$c"
done
iso makefs makefs -t cd9660 -o rockridge,no-trailing-padding \
    "$out/cd9660/makefs.img" "$c"
echo "corpus: $(ls "$out"/*/*.img | wc -l) images"
