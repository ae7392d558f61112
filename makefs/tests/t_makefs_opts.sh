#!/usr/bin/env bash
# makefs's general flags and the rarer -o words: -B makes big- and
# little-endian ffs images (UFS1 and UFS2; the superblock's bytes as
# Debian's makefs -B be writes them, our fsck_ffs clean, fsu reads the
# files back) and refuses the other order for ext2 and FAT; -O puts the
# file system at an offset of a new or existing image (the part before
# it kept; read with fsu's img%OFFSET:start,0% and checked by e2fsck,
# fsck.fat and fsck_ffs on a copy cut there); -Z images are sparse; -N
# resolves a spec's unames and gnames from master.passwd or passwd and
# group of a directory; -S 512 and -d, -r are taken, other sector sizes
# refused; ffs maxbpg, extent, maxbpcg and msdos media_descriptor,
# hidden_sectors, reserved_sectors, sectors_per_track, drive_heads land
# in the superblock / boot sector; what cannot be made is one line.
. tests/lib.sh
t_begin
MAKEFS=$BIN/makefs
for c in e2fsck fsck.fat od; do
	if ! command -v $c >/dev/null; then
		t_skip "makefs options" "$c not installed (e2fsprogs, dosfstools)"
		exit 0
	fi
done
tmp=$(t_tmpdir)
. makefs/tests/refused.sh

src=$tmp/src
mkdir -p "$src/d"
echo hello >"$src/a"
seq 1 20000 >"$src/d/b"

# bytes at an offset of a file, as hex without spaces
bytes() {	# file offset count
	od -A n -t x1 -j "$2" -N "$3" "$1" | tr -d ' \n'
}
# a 32-bit little-endian number at an offset
le32() {	# file offset
	od -A n -t u4 --endian=little -j "$2" -N 4 "$1" | tr -d ' '
}
le16() {
	od -A n -t u2 --endian=little -j "$2" -N 2 "$1" | tr -d ' '
}
same() {	# image path-in-image host-file
	$BIN/fsu_cat "$1" "$2" | cmp -s - "$3"
}

# --- -B: ffs in either byte order ----------------------------------------
# struct fs: fs_bsize at 48, fs_magic at 1372; the superblock at 8192
# (UFS1) or 65536 (UFS2)
for v in 1 2; do
	sb=$((v == 1 ? 8192 : 65536))
	be=$([ $v = 1 ] && echo 00011954 || echo 19540119)
	le=$([ $v = 1 ] && echo 54190100 || echo 19015419)
	img=$tmp/be$v
	t_ok "-B be ffs v$v: made" $MAKEFS -B be -o version=$v "$img" "$src"
	t_eq "-B be ffs v$v: magic big-endian" "$(bytes "$img" $((sb + 1372)) 4)" \
	    "$be"
	t_ok "-B be ffs v$v: fsck_ffs -n clean" $BIN/fsck_ffs -n "$img"
	t_eq "-B be ffs v$v: fsck_ffs sees big-endian" \
	    "$($BIN/fsck_ffs -n "$img" | grep -c big-endian)" 1
	t_ok "-B be ffs v$v: fsu reads the file back" same "$img" /d/b \
	    "$src/d/b"
	t_ok "-B le ffs v$v: made" $MAKEFS -B little -o version=$v \
	    "$tmp/le$v" "$src"
	t_eq "-B le ffs v$v: magic little-endian" \
	    "$(bytes "$tmp/le$v" $((sb + 1372)) 4)" "$le"
	t_ok "-B le ffs v$v: fsck_ffs -n clean" $BIN/fsck_ffs -n "$tmp/le$v"
done
if [ -x /usr/sbin/makefs ]; then
	/usr/sbin/makefs -t ffs -B be -s 1m "$tmp/deb" "$src" >/dev/null 2>&1
	$MAKEFS -B 4321 -s 1m "$tmp/our" "$src"
	t_eq "-B be: bsize, fsize and magic bytes as Debian's makefs" \
	    "$(bytes "$tmp/our" 8240 8)$(bytes "$tmp/our" 9564 4)" \
	    "$(bytes "$tmp/deb" 8240 8)$(bytes "$tmp/deb" 9564 4)"
	t_ok "-B be: fsck_ffs reads Debian's big-endian image" \
	    $BIN/fsck_ffs -n "$tmp/deb"
else
	t_skip "-B be: as Debian's makefs" "makefs (Debian) not installed"
fi
refused "-B be: ext2 is little-endian only" "-B 4321|little-endian" \
    -t ext2fs -B be "$tmp/bad" "$src"
refused "-B big: FAT is little-endian only" "little-endian" \
    -t msdos -B big "$tmp/bad" "$src"
refused "-B: a bad order" "-B middle" -B middle "$tmp/bad" "$src"
t_ok "-B le: ext2 takes its own order" $MAKEFS -t ext2fs -B le \
    "$tmp/e2le" "$src"
t_ok "-B le: ext2 e2fsck -fn clean" e2fsck -fn "$tmp/e2le"
t_ok "-B be: cd9660 (both orders) takes it" $MAKEFS -t cd9660 -B be \
    "$tmp/iso" "$src"

# --- -O: at an offset --------------------------------------------------
head -c 1048576 /dev/urandom >"$tmp/disk"
cp "$tmp/disk" "$tmp/disk.orig"
t_ok "-O 1m ext2fs: made into an existing image" $MAKEFS -t ext2fs \
    -O 1m "$tmp/disk" "$src"
t_ok "-O 1m: the first MiB kept" cmp -n 1048576 "$tmp/disk" \
    "$tmp/disk.orig"
t_ok "-O 1m: fsu reads img%OFFSET%" same "$tmp/disk%OFFSET:1048576,0%" \
    /d/b "$src/d/b"
tail -c +1048577 "$tmp/disk" >"$tmp/disk.cut"
t_ok "-O 1m: e2fsck -fn on the copy cut at 1 MiB" e2fsck -fn "$tmp/disk.cut"
t_ok "-O 64k msdos: made" $MAKEFS -t msdos -O 64k "$tmp/fat" "$src"
t_ok "-O 64k msdos: zeros before" cmp -n 65536 "$tmp/fat" /dev/zero
tail -c +65537 "$tmp/fat" >"$tmp/fat.cut"
t_ok "-O 64k msdos: fsck.fat -n on the cut copy" fsck.fat -n "$tmp/fat.cut"
t_ok "-O 64k msdos: fsu reads img%OFFSET%" same \
    "$tmp/fat%OFFSET:65536,0%" /a "$src/a"
t_ok "-O 32k -B be ffs: made" $MAKEFS -O 32k -B be "$tmp/ffso" "$src"
tail -c +32769 "$tmp/ffso" >"$tmp/ffso.cut"
t_ok "-O 32k ffs: fsck_ffs -n on the cut copy" $BIN/fsck_ffs -n \
    "$tmp/ffso.cut"
t_eq "-O 32k ffs: fsu_ls of img%OFFSET%" \
    "$($BIN/fsu_ls "$tmp/ffso%OFFSET:32768,0%" /d)" b
refused "-O: not whole sectors" "-O 100" -O 100 "$tmp/bad" "$src"

# --- -Z: sparse --------------------------------------------------------
for type in ffs ext2fs msdos; do
	img=$tmp/sparse.$type
	t_ok "-Z $type: 64 MiB made" $MAKEFS -Z -t $type -s 64m "$img" "$src"
	t_eq "-Z $type: 64 MiB long" "$(stat -c %s "$img")" 67108864
	used=$(du -k "$img" | cut -f1)
	t_ok "-Z $type: under 2 MiB allocated ($used KiB)" test "$used" -lt 2048
done

# --- -N: the image's user database -------------------------------------
db=$tmp/db
mkdir -p "$db"
printf '# a comment\nroot:*:0:0::0:0:Charlie:/root:/bin/sh\nalice:*:1234:99::0:0:A:/h:/bin/sh\n' \
    >"$db/master.passwd"
printf 'wheel:*:0:root\nstaff:*:4321:alice\n' >"$db/group"
printf '#mtree\n./a type=file mode=0644 uname=alice gname=staff\n' \
    >"$tmp/n.spec"
t_ok "-N: made" $MAKEFS -N "$db" -F "$tmp/n.spec" "$tmp/n" "$src"
t_eq "-N: uname and gname from master.passwd and group" \
    "$($BIN/fsu_ls "$tmp/n" -ln /a | awk '{print $3, $4}')" "1234 4321"
rm "$db/master.passwd"
printf 'alice:x:77:99:A:/h:/bin/sh\n' >"$db/passwd"
t_ok "-N: passwd without master.passwd" $MAKEFS -t ext2fs -N "$db" \
    -F "$tmp/n.spec" "$tmp/n2" "$src"
t_eq "-N: uid from passwd" \
    "$($BIN/fsu_ls "$tmp/n2" -ln /a | awk '{print $3, $4}')" "77 4321"
printf '#mtree\n./a type=file uname=bob\n' >"$tmp/bob.spec"
refused "-N: a user not in the database" "uname=bob|$db" -N "$db" \
    -F "$tmp/bob.spec" "$tmp/bad" "$src"
refused "-N: no such directory" "-N $tmp/nosuch" -N "$tmp/nosuch" \
    -F "$tmp/n.spec" "$tmp/bad" "$src"

# --- -S, -d, -r ----------------------------------------------------------
t_ok "-S 512 ffs" $MAKEFS -S 512 "$tmp/s512" "$src"
refused "-S 4096 ffs: 512 only" "-S 4096|512" -S 4096 "$tmp/bad" "$src"
refused "-S 4096 msdos: 512 only" "-S 4096" -t msdos -S 4096 "$tmp/bad" \
    "$src"
t_ok "-S 2048 cd9660" $MAKEFS -t cd9660 -S 2048 "$tmp/s.iso" "$src"
t_ok "-d 0x3: taken" $MAKEFS -d 0x3 "$tmp/d" "$src"
refused "-d: not a number" "-d zz" -d zz "$tmp/bad" "$src"
src2=$tmp/src2
mkdir -p "$src2"
echo later >"$src2/a"
t_ok "-r: two sources" $MAKEFS -r "$tmp/r" "$src" "$src2"
t_eq "-r: the later source's file" "$($BIN/fsu_cat "$tmp/r" /a)" later

# --- ffs -o maxbpg, extent, maxbpcg -------------------------------------
# struct fs: fs_ncg 44, fs_maxcontig 88, fs_maxbpg 92, fs_maxbsize 860
t_ok "ffs -o maxbpg,extent: made" $MAKEFS \
    -o maxbpg=100,extent=32768 "$tmp/w" "$src"
t_ok "ffs -o maxbpg,extent: fsck_ffs clean" $BIN/fsck_ffs -n "$tmp/w"
t_eq "ffs -o maxbpg=100: in the superblock" "$(le32 "$tmp/w" $((8192 + 92)))" \
    100
t_eq "ffs -o extent=32768: maxbsize, maxcontig 4 blocks" \
    "$(le32 "$tmp/w" $((8192 + 860))) $(le32 "$tmp/w" $((8192 + 88)))" \
    "32768 4"
t_ok "ffs -o maxbpcg=64 -s 8m: made" $MAKEFS -o maxbpcg=64 -s 8m \
    "$tmp/g" "$src"
t_ok "ffs -o maxbpcg=64: fsck_ffs clean" $BIN/fsck_ffs -n "$tmp/g"
t_eq "ffs -o maxbpcg=64: 16 groups of 512 KiB" \
    "$(le32 "$tmp/g" $((8192 + 44)))" 16
t_ok "ffs -o maxbpcg=64: fsu reads back" same "$tmp/g" /d/b "$src/d/b"
refused "ffs -o extent below bsize" "extent=4096" -o extent=4096 \
    "$tmp/bad" "$src"

# --- msdos -o BPB words --------------------------------------------------
t_ok "msdos BPB words: made" $MAKEFS -t msdos -o \
media_descriptor=0xf0,hidden_sectors=63,reserved_sectors=4,\
sectors_per_track=32,drive_heads=16,bytes_per_sector=512 "$tmp/m" "$src"
t_ok "msdos BPB words: fsck.fat -n clean" fsck.fat -n "$tmp/m"
t_eq "msdos BPB: reserved, media, spt, heads, hidden" \
    "$(le16 "$tmp/m" 14) $(bytes "$tmp/m" 21 1) $(le16 "$tmp/m" 24)\
 $(le16 "$tmp/m" 26) $(le32 "$tmp/m" 28)" "4 f0 32 16 63"
t_eq "msdos: the FAT's first byte is the media byte" \
    "$(bytes "$tmp/m" 2048 1)" f0
t_ok "msdos BPB words: fsu reads back" same "$tmp/m" /d/b "$src/d/b"
t_ok "msdos FAT32 reserved_sectors=12: made" $MAKEFS -t msdos \
    -o fat_type=32,reserved_sectors=12 "$tmp/m32" "$src"
t_ok "msdos FAT32 reserved_sectors=12: fsck.fat -n clean" \
    fsck.fat -n "$tmp/m32"
refused "msdos FAT32 reserved_sectors=4" "reserved_sectors=4|FAT32" \
    -t msdos -o fat_type=32,reserved_sectors=4 "$tmp/bad" "$src"
refused "msdos num_FAT: the reason" "num_FAT|two FATs" \
    -t msdos -o num_FAT=1 "$tmp/bad" "$src"
refused "msdos offset: use -O" "use -O" -t msdos -o offset=512 \
    "$tmp/bad" "$src"
refused "msdos bytes_per_sector=4096" "bytes_per_sector" \
    -t msdos -o bytes_per_sector=4096 "$tmp/bad" "$src"
refused "msdos media_descriptor=0xf3" "media_descriptor" \
    -t msdos -o media_descriptor=0xf3 "$tmp/bad" "$src"
