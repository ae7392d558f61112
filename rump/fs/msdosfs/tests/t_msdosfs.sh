#!/usr/bin/env bash
# The msdosfs driver in process (msdos_tool mounts an image through etfs):
# images made by mkfs.fat -F 12/16/32 and filled by mtools read back
# identically (long, non-ASCII and 8.3 names, deep directories, files of
# many clusters); a tree changed through the driver passes fsck.fat -n
# and mtools reads every byte of it; the dirty bit and the mount flags
# -s/-9; damaged images (bad BPB, truncated, cyclic and out-of-range
# chains, seeded random mutations) give errors, never a crash or a hang.
. tests/lib.sh
t_begin
TOOL=$TESTS/msdos_tool
for c in mkfs.fat fsck.fat mcopy mmd mdir mtype mshowfat; do
	if ! command -v $c >/dev/null; then
		t_skip "msdosfs" "$c not installed (dosfstools, mtools)"
		exit 0
	fi
done
export MTOOLS_SKIP_CHECK=1 MTOOLS_NO_VFAT=0
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=99"
tmp=$(t_tmpdir)

# --- the tree ----------------------------------------------------------
tree=$tmp/tree
mkdir -p "$tree/sub/deep/deeper/deepest" "$tree/Many Files" \
    "$tree/Ünïcødé dïr"
head -c 300000 /dev/urandom >"$tree/A long file name with spaces.bin"
echo upper >"$tree/README.TXT"
echo lower >"$tree/lower.txt"
echo mixed >"$tree/MixedCase.Txt"
echo dots >"$tree/some.file.with.dots"
printf 'x%.0s' $(seq 1 5000) >"$tree/Ünïcødé dïr/ñame — ☃.txt"
echo deep >"$tree/sub/deep/deeper/deepest/f"
: >"$tree/sub/empty"
for i in $(seq 1 60); do
	echo "$i" >"$tree/Many Files/a rather long file name number $i"
done

manifest() { "$TOOL" -H "$1"; }
# run flags... image < script: output in $out, exit status in $rc,
# console lines in $tmp/console
run() {
	timeout 120 "$TOOL" "$@" >"$tmp/out" 2>"$tmp/console"
	rc=$?
	out=$(<"$tmp/out")
}

mkimg() {	# fatbits image: made and filled by mtools
	case $1 in
	12) mkfs.fat -C -F 12 "$2" 4096 >/dev/null ;;
	16) mkfs.fat -C -F 16 "$2" 16384 >/dev/null ;;
	32) mkfs.fat -C -F 32 -s 1 "$2" 40000 >/dev/null ;;
	esac
	mcopy -s -i "$2" "$tree"/* ::/
}

want=$(manifest "$tree")
for bits in 12 16 32; do
	img=$tmp/fat$bits
	if ! mkimg $bits "$img" 2>"$tmp/err"; then
		t_notok "FAT$bits: mkfs.fat and mcopy" "$(cat "$tmp/err")"
		continue
	fi
	sum=$(md5sum <"$img")
	run -r "$img" <<<walk; got=$out
	t_eq "FAT$bits: tree written by mtools reads back" "$got" "$want"
	t_eq "FAT$bits: a read-only mount leaves the image alone" \
	    "$(md5sum <"$img")" "$sum"
	run "$img" <<<walk; got=$out
	t_eq "FAT$bits: read-write mount, same tree" "$got" "$want"
	t_ok "FAT$bits: clean after a read-write mount" fsck.fat -n "$img"
done

# --- writing -----------------------------------------------------------
# the same changes to a host copy of the tree and through the driver
head -c 1000000 /dev/urandom >"$tmp/big"
printf 'tail' >"$tmp/tailpiece"
change_host() {
	local h=$1
	cp "$tmp/big" "$h/Big File, Number One.bin"
	mkdir -p "$h/new dir/Nested Directory Name"
	cp "$tree/lower.txt" "$h/new dir/Nested Directory Name/copy.txt"
	mv "$h/README.TXT" "$h/new dir/readme moved.txt"
	mv "$h/sub" "$h/new dir/sub moved"
	rm "$h/lower.txt"
	truncate -s 5000 "$h/A long file name with spaces.bin"
	truncate -s 70000 "$h/MixedCase.Txt"
	printf 'x' | dd of="$h/Ünïcødé dïr/ñame — ☃.txt" bs=1 seek=20000 \
	    conv=notrunc 2>/dev/null
	rm "$h/Many Files/a rather long file name number 7"
	mv "$h/Many Files/a rather long file name number 8" \
	    "$h/Many Files/renamed eight"
	mkdir "$h/UPPER" "$h/lower"
	mv "$h/some.file.with.dots" "$h/UPPER/DOTS.TXT"
	mkdir "$h/aliases"
	for i in $(seq 1 120); do
		cp "$tree/lower.txt" "$h/aliases/same start of a name $i.txt"
	done
}
script_fs() {
	cat <<-EOF
	put	$tmp/big	/Big File, Number One.bin
	mkdir	/new dir
	mkdir	/new dir/Nested Directory Name
	put	$tree/lower.txt	/new dir/Nested Directory Name/copy.txt
	mv	/README.TXT	/new dir/readme moved.txt
	mv	/sub	/new dir/sub moved
	rm	/lower.txt
	trunc	/A long file name with spaces.bin	5000
	trunc	/MixedCase.Txt	70000
	pwrite	/Ünïcødé dïr/ñame — ☃.txt	20000	x
	rm	/Many Files/a rather long file name number 7
	mv	/Many Files/a rather long file name number 8	/Many Files/renamed eight
	mkdir	/UPPER
	mkdir	/lower
	mv	/some.file.with.dots	/UPPER/DOTS.TXT
	mkdir	/aliases
	$(for i in $(seq 1 120); do
		printf 'put\t%s\t%s\n' "$tree/lower.txt" \
		    "/aliases/same start of a name $i.txt"
	done)
	rmdir	/new dir
	rm	/new dir
	mkdir	/lower.txt/x
	EOF
}
errs_want="ERR rmdir /new dir: ENOTEMPTY
ERR rm /new dir: EISDIR
ERR mkdir /lower.txt/x: ENOENT"
host=$tmp/host
rm -rf "$host"; cp -a "$tree" "$host"; change_host "$host"
want2=$(manifest "$host")
for bits in 12 16 32; do
	img=$tmp/fat$bits
	[ -f "$img" ] || continue
	run "$img" < <(script_fs); got=$out
	t_eq "FAT$bits: changes through the driver (and their errors)" \
	    "$got" "$errs_want"
	t_ok "FAT$bits: fsck.fat -n clean after the changes" \
	    fsck.fat -n "$img"
	run -r "$img" <<<walk; got=$out
	t_eq "FAT$bits: changed tree reads back" "$got" "$want2"
	back=$tmp/back$bits
	rm -rf "$back"; mkdir "$back"
	if mcopy -s -n -i "$img" '::/*' "$back/" 2>"$tmp/err"; then
		t_eq "FAT$bits: mtools reads every byte back" \
		    "$(manifest "$back")" "$want2"
	else
		t_notok "FAT$bits: mtools reads every byte back" \
		    "$(cat "$tmp/err")"
	fi
	t_ok "FAT$bits: mtype of the big file" \
	    cmp <(mtype -i "$img" "::/Big File, Number One.bin") "$tmp/big"
	mdir -i "$img" ::/UPPER >"$tmp/mdir" 2>&1
	t_ok "FAT$bits: mdir sees the 8.3 name made" grep -q '^DOTS *TXT' \
	    "$tmp/mdir"
	mdir -i "$img" "::/new dir" >"$tmp/mdir" 2>&1
	t_ok "FAT$bits: mdir sees a long name and its alias" \
	    grep -q '^README~1 TXT.*readme moved.txt' "$tmp/mdir"
done

# --- more semantics ----------------------------------------------------
img=$tmp/sem
mkfs.fat -C -F 16 "$img" 16384 >/dev/null
run "$img" <<-EOF
	put	$tree/lower.txt	/file.txt
	chmod	/file.txt	444
	stat	/file.txt
	chmod	/file.txt	644
	stat	/file.txt
	mkdir	/d
	mv	/file.txt	/FILE.TXT
	ls	/
	mkdir	/bad*name
	mkdir	/trailing dot.
	ls	/
	trunc	/FILE.TXT	4294967296
	stat	/trailing dot
	statvfs
	utime	/FILE.TXT	1700000001
	stat	/FILE.TXT
	EOF
mt=1700000001
# the case-only rename is written in place: the entry keeps its slot
t_eq "chmod, a case-only rename, names FAT refuses or trims, EFBIG" \
    "$(printf '%s\n' "$out" | sed '$d; s/ [0-9]*$//')" "100555 6
100755 6
FILE.TXT
d
ERR mkdir /bad*name: EINVAL
FILE.TXT
d
trailing dot
ERR trunc /FILE.TXT: EFBIG
40755 2048
2048 8167"
t_eq "modification times kept to 2 seconds" \
    "$(printf '%s\n' "$out" | sed -n '$p' | awk '{print $3}')" \
    "$((mt - mt % 2))"
run -t 3600 -r "$img" <<<"stat	/FILE.TXT"
t_eq "-t gmtoff shifts the times" "${out##* }" "$((mt - mt % 2 - 3600))"
t_ok "fsck.fat clean" fsck.fat -n "$img"

# a full disk: ENOSPC, nothing lost, all of it back after a removal
img=$tmp/full
mkfs.fat -C -F 12 "$img" 1024 >/dev/null
head -c 2000000 /dev/zero >"$tmp/zeros"
run "$img" <<-EOF
	statvfs
	put	$tmp/zeros	/fill
	rm	/fill
	statvfs
	EOF
t_eq "a full disk: ENOSPC, then every cluster free again" \
    "$(printf '%s\n' "$out" | sed -n '2p'; printf '%s\n' "$out" |
    awk 'NR != 2 {print $3}' | uniq | wc -l)" "ERR put /fill: ENOSPC
1"
t_ok "a full disk: fsck.fat clean" fsck.fat -n "$img"

# one write larger than the free space: as much as fits (a short count),
# then ENOSPC for the rest; every cluster back after the removal
img=$tmp/full1
mkfs.fat -C -F 16 "$img" 16384 >/dev/null
head -c 20000000 /dev/urandom >"$tmp/20m"
run "$img" <<-EOF
	statvfs
	put1	$tmp/20m	/big
	statvfs
	EOF
read -r bsize nclust free0 <<<"$out"
t_eq "one write past the free space: short, then ENOSPC" \
    "$(printf '%s\n' "$out" | sed -n '2,4p')" \
    "wrote $((free0 * bsize))
ERR put1 /big: ENOSPC
$bsize $nclust 0"
t_ok "one write past the free space: fsck.fat clean" fsck.fat -n "$img"
run "$img" <<<"rm	/big
statvfs"
t_eq "one write past the free space: every cluster back" "${out##* }" \
    "$free0"

# a growth by truncate that the free space cannot hold: ENOSPC, and the
# clusters it took go with the buffers zeroed for them (left in the
# cache with no cluster under them, their write-back failed: EIO from
# every fsync of the file and from the unmount)
img=$tmp/grow
mkfs.fat -C -F 12 "$img" 4096 >/dev/null
run "$img" <<-EOF
	pwrite	/A	0	hello
	trunc	/A	8000000
	fsync	/A
	stat	/A
	statvfs
	EOF
t_eq "a growth past the free space: ENOSPC, no write-back error" \
    "$(printf '%s\n' "$out" | sed '/^100755/s/ [0-9]*$//')" \
    "ERR trunc /A: ENOSPC
100755 5
2048 2036 2035"
t_ok "a growth past the free space: no console line" \
    test ! -s "$tmp/console"
t_ok "a growth past the free space: fsck.fat clean" fsck.fat -n "$img"

# a shrink: the size goes before the clusters do.  The tail of the new
# last cluster is read to be zeroed, and a read just after one of the
# cluster before it maps the blocks that follow for read-ahead: under
# the old size, they were taken for a chain shorter than its file, and
# the mount stopped writing.  Fresh mounts: nothing of the file cached.
img=$tmp/shrink
mkfs.fat -C -F 16 "$img" 16384 >/dev/null
head -c 100000 /dev/urandom >"$tmp/f100k"
cp "$tmp/f100k" "$tmp/shrunk"
printf 'x' | dd of="$tmp/shrunk" bs=1 seek=20480 conv=notrunc 2>/dev/null
truncate -s 23000 "$tmp/shrunk"
run "$img" <<<"put	$tmp/f100k	/F"
run "$img" <<-EOF
	pwrite	/F	20480	x
	trunc	/F	23000
	put	$tree/lower.txt	/after.txt
	EOF
t_eq "a shrink below a read-ahead: no error, writes go on" \
    "$out$(cat "$tmp/console")" ""
timeout 120 "$TOOL" -r "$img" <<<"cat	/F" >"$tmp/cat" 2>/dev/null
t_ok "a shrink below a read-ahead: the bytes kept" cmp "$tmp/cat" \
    "$tmp/shrunk"
t_ok "a shrink below a read-ahead: fsck.fat clean" fsck.fat -n "$img"

# -s: short names only, made and shown; -9: long names not even seen
img=$tmp/flags
mkimg 16 "$img"
run -s "$img" <<-EOF
	put	$tree/lower.txt	/a long name.txt
	put	$tree/lower.txt	/short.txt
	ls	/
	EOF
t_eq "-s: short names only (shown in code page 850)" "$out" \
    "ERR put /a long name.txt: EINVAL
ALONGF~1.BIN
MANYFI~1
MIXEDC~1.TXT
README.TXT
lower.txt
SOMEFI~1.DOT
sub
ÜNÏCØD~1
short.txt"
t_ok "-s: fsck.fat clean" fsck.fat -n "$img"
run -9 -r "$img" <<<"ls	/"
t_eq "-9: long names ignored" "$(printf '%s\n' "$out" | head -3)" \
    "ALONGF~1.BIN
MANYFI~1
MIXEDC~1.TXT"

# --- the dirty bit (FAT16: bit 15 of FAT[1]) ---------------------------
le16() { od -An -tu2 -j "$2" -N2 "$1" | tr -d ' '; }
le32() { od -An -tu4 -j "$2" -N4 "$1" | tr -d ' '; }
poke() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null; }
img=$tmp/dirty
mkfs.fat -C -F 16 "$img" 16384 >/dev/null
fat1=$(( $(le16 "$img" 14) * 512 + 2 ))
run "$img" <<<statvfs
t_eq "clean bit set after a clean unmount" \
    "$(( $(le16 "$img" $fat1) & 0x8000 ))" 32768
poke "$img" $((fat1 + 1)) '\x7f'
run "$img" <<<statvfs
t_eq "an image found dirty stays dirty" \
    "$(( $(le16 "$img" $fat1) & 0x8000 ))" 0
t_ok "the console says it was not cleanly unmounted" \
    grep -q "not cleanly unmounted" "$tmp/console"

# --- damaged images ----------------------------------------------------
base=$tmp/base16
mkfs.fat -C -F 16 "$base" 16384 >/dev/null
head -c 50000 /dev/urandom >"$tmp/cyc"
mcopy -i "$base" "$tmp/cyc" ::/CYCLE.BIN
mmd -i "$base" ::/dir
mcopy -i "$base" "$tree/lower.txt" ::/dir/inner.txt
img=$tmp/img
refused() {	# name: mount refused with a console line matching $2
	run "$img" <<<walk
	if [ "$rc" = 2 ] && grep -q "$2" "$tmp/console"; then
		t_pass "$1: mount refused"
	else
		t_notok "$1: mount refused (exit $rc)" "$(cat "$tmp/out" \
		    "$tmp/console" | tail -5)"
	fi
}
cp "$base" "$img"; poke "$img" 11 '\x34\x12'
refused "bytes per sector 0x1234" "bytes per sector"
cp "$base" "$img"; poke "$img" 13 '\x03'
refused "3 sectors per cluster" "sectors per cluster"
cp "$base" "$img"; poke "$img" 16 '\x00'
refused "no FATs" "number of FATs"
cp "$base" "$img"; poke "$img" 22 '\x01\x00'
refused "FAT too small" "FAT too small"
cp "$base" "$img"; truncate -s 4M "$img"
refused "truncated image" "beyond the end"
cp "$base" "$img"; poke "$img" 0 '\x00'
refused "no boot jump" "not a FAT"

# FAT entries: cluster n of FAT copy k
rsvd=$(le16 "$base" 14); fatsz=$(le16 "$base" 22)
fatent() { echo $(( (rsvd + $2 * fatsz) * 512 + $1 * 2 )); }
setfat() {	# cluster value (both copies)
	local v
	v=$(printf '\\x%02x\\x%02x' $(($2 & 255)) $(($2 >> 8)))
	poke "$img" "$(fatent "$1" 0)" "$v"
	poke "$img" "$(fatent "$1" 1)" "$v"
}
first=$(mshowfat -i "$base" ::/CYCLE.BIN | sed 's/.*<\([0-9]*\).*/\1/')
dircl=$(mshowfat -i "$base" ::/dir | sed 's/.*<\([0-9]*\).*/\1/')
damaged() {	# name, want: ERR line of reading the damage
	run "$img" <<-EOF
		sum	/CYCLE.BIN
		ls	/dir
		put	$tree/lower.txt	/after.txt
		EOF
	if [ "$rc" -le 1 ] && grep -q "$2" "$tmp/out" &&
	    grep -q "ERR put /after.txt: EROFS" "$tmp/out"; then
		t_pass "$1: $2, then no writes"
	else
		t_notok "$1: $2, then no writes (exit $rc)" \
		    "$(grep ERR "$tmp/out"; tail -3 "$tmp/console")"
	fi
}
cp "$base" "$img"; setfat $((first + 3)) "$first"
damaged "cyclic file chain" "ERR open /mnt/CYCLE.BIN: EIO"
cp "$base" "$img"; setfat $((first + 3)) 65000
damaged "file chain out of range" "ERR open /mnt/CYCLE.BIN: EIO"
cp "$base" "$img"; setfat $((first + 3)) 0
damaged "file chain into a free cluster" "ERR open /mnt/CYCLE.BIN: EIO"
cp "$base" "$img"; setfat "$dircl" "$dircl"
damaged "cyclic directory chain" "ERR ls /mnt/dir: EIO"
t_ok "the console names the damage" grep -q "msdosfs: .*cluster" \
    "$tmp/console"

# seeded random mutations of real images: errors, never a crash or hang
seed=${MSDOSFS_FUZZ_SEED:-$(( $(date +%s) % 100000 ))}
echo "# mutation seed $seed (MSDOSFS_FUZZ_SEED)"
RANDOM=$seed
bad=""
for src in "$base" "$tmp/fat32" "$tmp/fat12"; do
	[ -f "$src" ] || continue
	for i in $(seq 1 15); do
		cp "$src" "$img"
		# bytes in the boot sector, the FATs and the first directories
		for j in 1 2 3 4 5 6 7 8; do
			off=$(( (RANDOM * 32768 + RANDOM) % 160000 ))
			poke "$img" $off "$(printf '\\x%02x' $((RANDOM % 256)))"
		done
		run "$img" <<-EOF
			walk
			put	$tree/lower.txt	/new file.txt
			mkdir	/new dir
			mv	/sub	/new dir/sub
			rm	/lower.txt
			walk
			EOF
		[ "$rc" -le 2 ] || bad="$bad ${src##*/}#$i(exit $rc)"
	done
done
if [ -z "$bad" ]; then
	t_pass "mutated images: no crash, no hang"
else
	t_notok "mutated images: no crash, no hang" "seed $seed:$bad"
fi

# a tree larger than the buffer cache (RUMP_MEMLIMIT: 8 MiB of buffers):
# new FAT sectors are read with the FAT lock held while the cache must
# make room; writing a file's buffers for it would map them through the
# FAT and wait on that lock (it hung once).  Bounded; then clean and whole.
big=$tmp/bigtree
mkdir -p "$big"
for ((i = 0; i < 12; i++)); do
	mkdir -p "$big/d$i"
	for ((j = 0; j < 50; j++)); do
		head -c $((20000 + i * 97 + j)) /dev/urandom >"$big/d$i/f$j"
	done
done
img=$tmp/bigfat
mkfs.fat -C -F 16 "$img" 65536 >/dev/null
if RUMP_MEMLIMIT=32m timeout -k 5 120 "$BIN/fsu_put" "$img" -R "$big" /t \
    >"$tmp/err" 2>&1; then
	t_pass "a tree larger than the buffer cache goes in"
else
	t_notok "a tree larger than the buffer cache goes in" "$(cat "$tmp/err")"
fi
t_ok "fsck.fat clean after it" fsck.fat -n "$img"
rm -rf "$tmp/bigback"
"$BIN/fsu_get" "$img" -R /t "$tmp/bigback" >/dev/null 2>&1
t_ok "every byte of it back" diff -r "$big" "$tmp/bigback"
