#!/usr/bin/env bash
# makefs: a tree (empty, 1-byte, cluster-sized and multi-MiB files, long
# and UTF-8 names, nested directories; symlinks, hard links and a fifo
# where the format holds them) made into msdos (FAT12/16/32), ext2fs and
# ffs (UFS1/UFS2) images: the format's own checker (fsck.fat, e2fsck,
# our fsck_ffs) finds them clean and an independent reader (mtools,
# debugfs, sleuthkit's fls and tsk_recover) reads back the same tree;
# two sources merge;
# owners, modes and times come through; Ctrl-C (SIGINT, SIGTERM) removes
# the image makefs made and leaves one that was there, with a line;
# -T and SOURCE_DATE_EPOCH make byte-identical images; errors (-s too
# small, an unreadable file, a bad -t or -o, a name FAT cannot hold,
# what is not made yet) are one line, a non-zero exit and no image.
. tests/lib.sh
t_begin
MAKEFS=$BIN/makefs
for c in fsck.fat mcopy mdir mtype e2fsck debugfs dumpe2fs fls tsk_recover; do
	if ! command -v $c >/dev/null; then
		t_skip "makefs" "$c not installed (dosfstools, mtools,\
 e2fsprogs, sleuthkit)"
		exit 0
	fi
done
export MTOOLS_SKIP_CHECK=1 MTOOLS_NO_VFAT=0
tmp=$(t_tmpdir)

# --- the trees ---------------------------------------------------------
# plain: what every format holds; extra: what only ext2 does (merged in
# as a second source); src2: merged over plain
plain=$tmp/plain extra=$tmp/extra src2=$tmp/src2
mkdir -p "$plain/sub/deep/deeper/deepest" "$plain/Ünïcødé dïr" \
    "$plain/Many Files" "$extra/sub" "$src2/sub/deep" "$src2/new dir"
: >"$plain/empty"
printf x >"$plain/one"
head -c 512 /dev/urandom >"$plain/sector"
head -c 4096 /dev/urandom >"$plain/sub/cluster4k"
head -c 32768 /dev/urandom >"$plain/sub/cluster32k"
head -c $((3 * 1048576 + 1)) /dev/urandom >"$plain/sub/deep/three MiB.bin"
head -c 300000 /dev/urandom >"$plain/A rather long file name with spaces.bin"
printf 'ü%.0s' $(seq 1 3000) >"$plain/Ünïcødé dïr/ñame — ☃.txt"
echo deep >"$plain/sub/deep/deeper/deepest/f"
echo old >"$plain/sub/replaced"
for i in $(seq 1 40); do
	echo "$i" >"$plain/Many Files/file number $i with a long name"
done
# a directory past the direct blocks of 1 KiB ext2 blocks
mkdir "$plain/big dir"
for i in $(seq 1 600); do
	: >"$plain/big dir/an empty file with a rather long name, number $i"
done
ln -s ../one "$extra/sub/symlink"
ln -s "$(printf 'long/%.0s' $(seq 1 30))target" "$extra/longlink"
echo linked >"$extra/sub/hard1"
ln "$extra/sub/hard1" "$extra/hard2"
mkfifo "$extra/fifo"
echo new >"$src2/sub/replaced"
echo added >"$src2/sub/deep/added"
echo dir >"$src2/new dir/f"
# what the merge of plain and src2 must read back as
merged=$tmp/merged
cp -a "$plain" "$merged" && cp -a "$src2/." "$merged/"

# --- msdos -------------------------------------------------------------
fat_readback() {	# image want
	rm -rf "$tmp/out" && mkdir "$tmp/out" &&
	    mcopy -s -n -i "$1" ::/ "$tmp/out/" 2>&1 &&
	    diff -r "$2" "$tmp/out"
}
for bits in 12 16 32; do
	img=$tmp/fat$bits
	t_ok "msdos FAT$bits: made" $MAKEFS -t msdos \
	    -o fat_type=$bits,volume_label=MkFs$bits,OEM_string=TESTOEM \
	    "$img" "$plain" "$src2"
	t_ok "msdos FAT$bits: fsck.fat -n clean" fsck.fat -n "$img"
	t_ok "msdos FAT$bits: mtools reads the merged tree back" \
	    fat_readback "$img" "$merged"
	t_eq "msdos FAT$bits: FAT type" "$(fsck.fat -v -n "$img" |
	    grep -o "FATs, [0-9]* bit" | head -1)" "FATs, $bits bit"
	t_eq "msdos FAT$bits: label" "$(mdir -i "$img" ::/ 2>/dev/null |
	    sed -n 's/^ Volume in drive : is \(.*\)/\1/p' | tr -d ' ')" \
	    "MKFS$bits"
	t_eq "msdos FAT$bits: OEM string" "$(dd if="$img" bs=1 skip=3 \
	    count=8 status=none)" "TESTOEM "
done
t_ok "msdos: sectors_per_cluster=8" $MAKEFS -t msdos \
    -o sectors_per_cluster=8 "$tmp/spc8" "$plain"
t_eq "msdos: 4096-byte clusters" "$(fsck.fat -v -n "$tmp/spc8" |
    grep -o '[0-9]* bytes per cluster')" "4096 bytes per cluster"
t_ok "msdos: -s 64m" $MAKEFS -t msdos -s 64m "$tmp/big" "$plain"
t_eq "msdos: -s 64m is 64 MiB" "$(stat -c %s "$tmp/big")" 67108864
t_ok "msdos: -s 64m clean" fsck.fat -n "$tmp/big"
t_ok "msdos: -s 64m reads back" fat_readback "$tmp/big" "$plain"
# symlinks, links and fifos: a warning each; links copied as files
if $MAKEFS -t msdos "$tmp/fatx" "$plain" "$extra" 2>"$tmp/err"; then
	t_eq "msdos: symlinks and fifos left out with a warning" \
	    "$(grep -c 'left out' "$tmp/err")" 3
else
	t_notok "msdos: symlinks and fifos left out" "$(cat "$tmp/err")"
fi
t_eq "msdos: a hard link becomes a copy" \
    "$(mtype -i "$tmp/fatx" ::/hard2 2>&1)" linked

# --- ext2fs ------------------------------------------------------------
e2_readback() {	# image want
	rm -rf "$tmp/out" && mkdir "$tmp/out" &&
	    debugfs -R "rdump / $tmp/out" "$1" >/dev/null 2>&1 &&
	    rmdir "$tmp/out/lost+found" &&
	    diff -r --no-dereference "$2" "$tmp/out"
}
e2_stat() {	# image path: "type mode links"
	debugfs -R "stat \"$2\"" "$1" 2>/dev/null | awk '
	    /Type:/ { t = $4; m = $6 } /Links:/ { l = $2 }
	    END { print t, m, l }'
}
# everything merged; debugfs does not dump fifos: a tree without
full=$tmp/full nofifo=$tmp/nofifo
cp -a "$merged" "$full" && cp -a "$extra/." "$full/" &&
    cp -a "$full" "$nofifo" && rm "$nofifo/fifo"
for opts in "" "bsize=4096,inode_size=256" "block_size=2048,label=Lbl"; do
	img=$tmp/e2
	name="ext2fs${opts:+ -o $opts}"
	t_ok "$name: made" $MAKEFS -t ext2fs ${opts:+-o $opts} "$img" \
	    "$plain" "$extra" "$src2"
	t_ok "$name: e2fsck -fn clean" e2fsck -fn "$img"
	t_ok "$name: debugfs reads the merged tree back" \
	    e2_readback "$img" "$nofifo"
	t_eq "$name: hard link" "$(e2_stat "$img" /hard2)" "regular 0644 2"
	t_eq "$name: fifo" "$(e2_stat "$img" /fifo)" "FIFO 0644 1"
done
# owners, modes and times of every kind of entry, as in the source
own=$tmp/own
mkdir -p "$own/dir" "$own/theirs" && echo a >"$own/dir/plain" &&
    echo b >"$own/theirs/setuid" && echo c >"$own/private" &&
    ln -s plain "$own/dir/link" && mkfifo "$own/theirs/fifo"
# chown first: it clears the set-id bits
chown 1234:5678 "$own/theirs" "$own/theirs/setuid" "$own/theirs/fifo" &&
    chown -h 4321:8765 "$own/dir/link"
chmod 0644 "$own/dir/plain" && chmod 04755 "$own/theirs/setuid" &&
    chmod 0600 "$own/private" && chmod 0710 "$own/theirs"
touch -h -d @1400000000 "$own/dir/plain" "$own/dir/link" "$own/theirs/fifo"
e2_owner() {	# image path: "uid gid mtime"
	debugfs -R "stat \"$2\"" "$1" 2>/dev/null | awk '
	    /User:/ { u = $2; g = $4 } /^ *mtime:/ { m = $2 }
	    END { print u, g, m }'
}
t_ok "ext2fs owners: made" $MAKEFS -t ext2fs "$tmp/own.e2" "$own"
for f in dir dir/plain dir/link theirs theirs/setuid theirs/fifo private; do
	# a symlink's mode means nothing (Linux: always 0777)
	[ -L "$own/$f" ] || t_eq "ext2fs owners: /$f mode" "$(printf %o \
	    "$((8#$(e2_stat "$tmp/own.e2" "/$f" | cut -d' ' -f2)))")" \
	    "$(stat -c %a "$own/$f")"
	t_eq "ext2fs owners: /$f owner, mtime" "$(e2_owner "$tmp/own.e2" \
	    "/$f")" "$(stat -c '%u %g' "$own/$f") $(printf '0x%08x' \
	    "$(stat -c %Y "$own/$f")")"
done
t_eq "ext2fs: label" "$(dumpe2fs -h "$img" 2>/dev/null |
    sed -n 's/^Filesystem volume name: *//p')" Lbl
t_eq "ext2fs: block size" "$(dumpe2fs -h "$img" 2>/dev/null |
    sed -n 's/^Block size: *//p')" 2048
t_ok "ext2fs: -s 200m, several groups" $MAKEFS -t ext2fs -s 200m \
    "$tmp/e2big" "$plain"
t_ok "ext2fs: -s 200m clean" e2fsck -fn "$tmp/e2big"
t_ok "ext2fs: -f 1000 gives free inodes" $MAKEFS -t ext2fs -f 1000 \
    "$tmp/e2f" "$plain"
t_eq "ext2fs: at least 1000 free inodes" "$(dumpe2fs -h "$tmp/e2f" \
    2>/dev/null | awk '/^Free inodes:/ { print ($3 >= 1000) }')" 1

# --- ffs ---------------------------------------------------------------
# fls lists every name with its type; tsk_recover extracts the files
# with data (not empty ones or symlinks, which it turns into files)
listing() {	# tree: "type path" as fls prints them
	(cd "$1" && find . -mindepth 1 -printf '%y %P\n') |
	    sed 's/^f /r /' | sort
}
ffs_listing() {	# image version
	fls -r -p -f ufs$2 "$1" | grep -v '\$OrphanFiles' |
	    sed 's|^\(.\)/. [0-9]*:\t|\1 |' | sort
}
ffs_readback() {	# image version want
	local f
	rm -rf "$tmp/out" && mkdir "$tmp/out" &&
	    tsk_recover -e -f ufs$2 "$1" "$tmp/out" >/dev/null || return 1
	(cd "$3" && find . -type f -size +0c) | while read -r f; do
		cmp "$3/$f" "$tmp/out/$f" || echo "differs: $f"
	done | grep . && return 1
	return 0
}
ffs_ino() {	# image version path: its inode number
	fls -r -p -f ufs$2 "$1" | sed -n "s|^r/r \([0-9]*\):\t$3\$|\1|p"
}
want=$(listing "$full")
for opts in version=1 version=2 "version=2,bsize=16384,fsize=2048" \
    "version=1,bsize=4096,fsize=512,label=lbl"; do
	img=$tmp/ffs
	v=${opts#version=}; v=${v%%,*}
	name="ffs -o $opts"
	t_ok "$name: made" $MAKEFS -t ffs -o "$opts" "$img" \
	    "$plain" "$extra" "$src2"
	t_ok "$name: fsck_ffs -n clean" $BIN/fsck_ffs -n "$img"
	t_eq "$name: fls lists the merged tree" "$(ffs_listing "$img" $v)" \
	    "$want"
	t_ok "$name: tsk_recover reads every file back" \
	    ffs_readback "$img" $v "$full"
	t_eq "$name: hard link" "$(ffs_ino "$img" $v hard2)" \
	    "$(ffs_ino "$img" $v sub/hard1)"
done
t_ok "ffs: -s 200m, several groups" $MAKEFS -t ffs -s 200m \
    "$tmp/ffsbig" "$plain"
t_ok "ffs: -s 200m clean" $BIN/fsck_ffs -n "$tmp/ffsbig"
t_eq "ffs: -s 200m is 200 MiB" "$(stat -c %s "$tmp/ffsbig")" 209715200

# --- sizes -------------------------------------------------------------
t_ok "ext2fs: -M 10m" $MAKEFS -t ext2fs -M 10m "$tmp/m" "$plain"
t_eq "ext2fs: -M 10m is 10 MiB" "$(stat -c %s "$tmp/m")" 10485760
t_ok "ext2fs: -M 10m clean" e2fsck -fn "$tmp/m"
t_ok "ext2fs: -b 500" $MAKEFS -t ext2fs -b 500 "$tmp/m" "$plain"
t_eq "ext2fs: -b 500 leaves 500 blocks free" "$(dumpe2fs -h "$tmp/m" \
    2>/dev/null | awk '/^Free blocks:/ { print ($3 >= 500) }')" 1
t_ok "msdos: -b 100" $MAKEFS -t msdos -b 100 "$tmp/m" "$plain"
t_eq "msdos: -b 100 leaves 100 clusters free" "$(fsck.fat -n "$tmp/m" |
    sed -n 's|.* \([0-9]*\)/\([0-9]*\) clusters|\1 \2|p' |
    awk '{ print ($2 - $1 >= 100) }')" 1
t_ok "ffs: -M 20m" $MAKEFS -t ffs -M 20m "$tmp/m" "$plain"
t_eq "ffs: -M 20m is 20 MiB" "$(stat -c %s "$tmp/m")" 20971520
t_ok "ffs: -M 20m clean" $BIN/fsck_ffs -n "$tmp/m"

# --- reproducible ------------------------------------------------------
for type in msdos ext2fs ffs; do
	src=$plain
	[ $type != msdos ] && src="$plain $extra"
	$MAKEFS -t $type -T 1500000000 "$tmp/r1" $src 2>/dev/null
	sleep 1.1	# a clock that moved shows
	$MAKEFS -t $type -T 1500000000 "$tmp/r2" $src 2>/dev/null
	SOURCE_DATE_EPOCH=1500000000 $MAKEFS -t $type "$tmp/r3" $src \
	    2>/dev/null
	t_ok "$type: -T twice, byte-identical images" cmp "$tmp/r1" "$tmp/r2"
	t_ok "$type: SOURCE_DATE_EPOCH as -T" cmp "$tmp/r1" "$tmp/r3"
	[ $type = ext2fs ] && t_eq "ext2fs: -T sets the times" \
	    "$(debugfs -R 'stat /sub/deep' "$tmp/r1" 2>/dev/null |
	    grep -c '0x59682f00')" 3
done

# --- interrupted -------------------------------------------------------
# SIGINT or SIGTERM while the tree goes in: an image makefs made is
# removed; a file that was there is left, and a line says so
slow=$tmp/slow
mkdir -p "$slow/d" && head -c $((128 << 20)) /dev/zero >"$slow/big" &&
    for i in $(seq 1 200); do echo "$i" >"$slow/d/f$i"; done
interrupt() {	# signal image: the exit status of makefs killed by it
	local pid i
	# a background job starts with SIGINT ignored: not this one
	env --default-signal $MAKEFS -t ffs "$2" "$slow" 2>"$tmp/intr.err" &
	pid=$!
	# sized when formatted: filling from then on
	for ((i = 0; i < 3000; i++)); do
		[ -s "$2" ] && break
		sleep 0.01
	done
	kill -"$1" $pid
	wait $pid
}
rm -f "$tmp/intr"
interrupt INT "$tmp/intr"
t_eq "interrupted: SIGINT ends makefs" "$?" 130
t_ok "interrupted: the image it made is removed" test ! -e "$tmp/intr"
t_eq "interrupted: says it removed it" "$(cat "$tmp/intr.err")" \
    "makefs: interrupted: $tmp/intr removed"
: >"$tmp/intr"
interrupt TERM "$tmp/intr"
t_eq "interrupted: SIGTERM ends makefs" "$?" 143
t_ok "interrupted: a file that was there is left" test -e "$tmp/intr"
t_eq "interrupted: says it is left half-made" "$(cat "$tmp/intr.err")" \
    "makefs: interrupted: $tmp/intr: there before makefs ran: left\
 half-made, not a valid image"
rm -rf "$slow" "$tmp/intr"

# --- errors ------------------------------------------------------------
. makefs/tests/refused.sh
refused "error: -s too small (msdos)" "tree too big" \
    -t msdos -s 100k "$tmp/bad" "$plain"
refused "error: -s too small (ext2fs)" "tree too big" \
    -t ext2fs -s 1m "$tmp/bad" "$plain"
refused "error: -m below the tree" "tree too big" \
    -t ext2fs -m 2m "$tmp/bad" "$plain"
refused "error: -s too small (ffs)" "tree too big" \
    -t ffs -s 1m "$tmp/bad" "$plain"
refused "error: bad ffs version" "version=3" \
    -t ffs -o version=3 "$tmp/bad" "$plain"
refused "error: ffs fsize above bsize/8" "fsize" \
    -t ffs -o bsize=65536,fsize=512 "$tmp/bad" "$plain"
refused "error: bad -t" "-t nosuch" -t nosuch "$tmp/bad" "$plain"
refused "error: bad -o word" "-o nosuch" \
    -t msdos -o nosuch=1 "$tmp/bad" "$plain"
refused "error: bad -o value" "fat_type=13" \
    -t msdos -o fat_type=13 "$tmp/bad" "$plain"
refused "error: bad ext2 block size" "bsize=3000" \
    -t ext2fs -o bsize=3000 "$tmp/bad" "$plain"
refused "error: a cd9660 word not made yet" "not yet supported" \
    -t cd9660 -o hard-disk-boot "$tmp/bad" "$plain"
refused "error: -F an empty spec" "/dev/null|Unrecognized" \
    -t msdos -F /dev/null "$tmp/bad" "$plain"
refused "error: a missing source" "nosuchdir" \
    -t msdos "$tmp/bad" "$tmp/nosuchdir"
colon=$tmp/colon
mkdir -p "$colon" && echo x >"$colon/a:b"
refused "error: a name FAT cannot hold" "a:b|not representable" \
    -t msdos "$tmp/bad" "$colon"
unread=$tmp/unread
mkdir -p "$unread" && echo x >"$unread/ok" && echo s >"$unread/secret" &&
    chmod 000 "$unread/secret"
# root reads anything: not without these two
[ "$(id -u)" = 0 ] &&
    RUN="setpriv --bounding-set -dac_override,-dac_read_search"
refused "error: an unreadable file" "secret|Permission denied" \
    -t msdos "$tmp/bad" "$unread"
RUN=
t_ok "--help" $MAKEFS --help
t_ok "--version" $MAKEFS --version
