#!/usr/bin/env bash
# Hostile ext2 images: each one is mounted (read-only and read-write) and
# walked, every file read.  The driver must answer with clean errors
# (mount refused, EIO naming the inode), never crash (ASan/UBSan abort
# with exit status 99 or a signal) and never hang (a timeout).  Then a
# bounded round of random byte flips in the metadata (seed printed).
. tests/lib.sh
t_begin
WALK=$TESTS/e2fs_walk
if ! command -v mke2fs >/dev/null || ! command -v debugfs >/dev/null; then
	t_skip "ext2fs hostile images" "e2fsprogs not installed"
	exit 0
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99"
tmp=$(t_tmpdir)
tree=$tmp/tree
mkdir -p "$tree/dir/sub" "$tree/loopy"
head -c 300000 /dev/urandom >"$tree/file"
head -c 5000 /dev/urandom >"$tree/dir/small"
for i in $(seq 1 50); do echo $i >"$tree/dir/f$i"; done
ln -s "$(printf 'q%.0s' $(seq 1 200))" "$tree/slowlink"
base=$tmp/base
mke2fs -q -F -t ext2 -b 1024 -d "$tree" "$base" 4M >/dev/null 2>&1
ext4=$tmp/ext4
mke2fs -q -F -t ext4 -b 1024 -d "$tree" "$ext4" 8M >/dev/null 2>&1
img=$tmp/img

blk_of() {	# image path -> first data block of path
	debugfs -R "blocks $2" "$1" 2>/dev/null | awk '{print $1}'
}
poke() {	# image offset hexbytes
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# status: 0 fine, 1 errors reported; 99, 124 or a signal is a failure
survive() {	# name, then walk flags
	local name=$1 rc; shift
	timeout 60 "$WALK" "$@" "$img" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -le 1 ]; then
		t_pass "$name (exit $rc)"
	else
		t_notok "$name (exit $rc)" "$(tail -20 "$tmp/err")"
	fi
}
both() {	# name: read-only and read-write
	local keep=$tmp/keep
	cp "$img" "$keep"
	survive "$1: read-only"
	cp "$keep" "$img"
	survive "$1: read-write" -w
}
refused() {	# name: the mount must fail cleanly
	local rc
	timeout 60 "$WALK" "$img" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 1 ] && grep -q '^mount' "$tmp/err"; then
		t_pass "$1: mount refused"
	else
		t_notok "$1: mount refused (exit $rc)" "$(tail -5 "$tmp/err")"
	fi
}
eio() {		# name, path: reading it gives EIO
	cp "$img" "$tmp/keep"
	timeout 60 "$WALK" "$img" >/dev/null 2>"$tmp/err"
	if grep -q "$2.*\(I/O error\|Input/output\)" "$tmp/err"; then
		t_pass "$1: EIO"
	else
		t_notok "$1: EIO" "$(tail -5 "$tmp/err")"
	fi
	cp "$tmp/keep" "$img"
}

cp "$base" "$img"; survive "pristine image"
cp "$base" "$img"; truncate -s 2M "$img"; refused "truncated image"
cp "$base" "$img"; dd if=/dev/zero of="$img" bs=1024 seek=1 count=1 \
    conv=notrunc 2>/dev/null; refused "zeroed superblock"
cp "$base" "$img"; poke "$img" $((1024 + 24)) '\x09'; refused "log block size 9"
cp "$base" "$img"; poke "$img" $((1024 + 40)) '\x00\x00\x00\x00'
refused "zero inodes per group"
cp "$base" "$img"; poke "$img" $((1024 + 96)) '\x00\x00\x01\x00'
refused "unknown incompatible feature"
# group descriptor: inode table far away
cp "$base" "$img"; poke "$img" $((2048 + 8)) '\xff\xff\xff\x00'
refused "inode table out of range"

cp "$base" "$img"
debugfs -w -R "sif /file block[0] 99999999" "$img" >/dev/null 2>&1
eio "data block pointer out of range" "file"
both "data block pointer out of range"
cp "$base" "$img"
debugfs -w -R "sif /file block[IND] 4000000" "$img" >/dev/null 2>&1
eio "indirect pointer out of range" "file"
cp "$base" "$img"
debugfs -w -R "sif /file size 0xffffffffffff" "$img" >/dev/null 2>&1
eio "huge i_size" "file"
both "huge i_size"
cp "$base" "$img"
debugfs -w -R "sif /file mode 0170777" "$img" >/dev/null 2>&1
eio "bad file type" "file"

# a double-indirect block naming itself: freeing the file read it again
# while holding it, and waited for its own buffer for ever
cp "$base" "$img"
dind=$(debugfs -R "stat /file" "$base" 2>/dev/null |
    sed -n 's/.*(DIND):\([0-9]*\).*/\1/p')
poke "$img" $((dind * 1024)) "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' \
    $((dind & 255)) $((dind >> 8 & 255)) $((dind >> 16 & 255)) $((dind >> 24)))"
timeout -k 5 60 "$BIN/fsu_rm" "$img" /file >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -lt 124 ] && grep -q 'names an indirect block above it' "$tmp/err"
then
	t_pass "indirect block naming itself: removal ends (exit $rc)"
else
	t_notok "indirect block naming itself: removal ends (exit $rc)" \
	    "$(tail -5 "$tmp/err")"
fi

# directory records
d=$(blk_of "$base" /dir)
cp "$base" "$img"; poke "$img" $((d * 1024 + 12 + 4)) '\x00\x00'
eio "rec_len 0" "dir"; both "rec_len 0"
cp "$base" "$img"; poke "$img" $((d * 1024 + 12 + 4)) '\x00\x10'
eio "rec_len past the block" "dir"; both "rec_len past the block"
cp "$base" "$img"; poke "$img" $((d * 1024 + 24 + 6)) '\xff'
eio "name_len > rec_len" "dir"; both "name_len > rec_len"
cp "$base" "$img"; poke "$img" $((d * 1024 + 24)) '\xff\xff\xff\x7f'
eio "entry inode out of range" "dir"; both "entry inode out of range"
# a directory loop: a hard link from below to an ancestor
cp "$base" "$img"
debugfs -w -R "ln /dir /dir/sub/back" "$img" >/dev/null 2>&1
both "directory loop"
# '..' of a directory pointing at a file
cp "$base" "$img"
debugfs -w -R "sif /loopy block[0] $(blk_of "$base" /file)" "$img" \
    >/dev/null 2>&1
both "directory block is file data"

# ext4: damaged extent trees
e=$(debugfs -R "stat /file" "$ext4" 2>/dev/null | grep -c EXTENTS)
if [ "$e" -ge 1 ]; then
	cp "$ext4" "$img"
	debugfs -w -R "sif /file block[0] 0x1234" "$img" >/dev/null 2>&1
	eio "extent header magic" "file"; both "extent header magic"
	cp "$ext4" "$img"
	debugfs -w -R "sif /file block[1] 0x00ff0005" "$img" >/dev/null 2>&1
	eio "extent entries > max" "file"
	cp "$ext4" "$img"
	debugfs -w -R "sif /file block[5] 0x7fffffff" "$img" >/dev/null 2>&1
	eio "extent start out of range" "file"
else
	t_skip "ext4 extent corruption" "no extent-mapped file"
fi

# random flips in the first 64 KiB (superblock, descriptors, bitmaps,
# inode table, directories)
seed=${E2FS_FUZZ_SEED:-$(( $(date +%s) % 100000 ))}
RANDOM=$seed
bad=0
for round in $(seq 1 25); do
	cp "$base" "$img"
	t_flip_bytes "$img" 12 65536
	timeout 60 "$WALK" -w "$img" >/dev/null 2>"$tmp/err"
	rc=$?
	if [ $rc -gt 1 ]; then
		bad=1
		t_notok "fuzz seed=$seed round $round (exit $rc)" \
		    "$(tail -20 "$tmp/err")"
		break
	fi
done
[ $bad = 0 ] && t_pass "fuzz: 25 rounds, seed=$seed"
exit 0
