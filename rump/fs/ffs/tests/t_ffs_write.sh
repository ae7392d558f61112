#!/usr/bin/env bash
# Writing through the ffs driver.  (1) A host tree copied into fresh
# makefs images (UFS1/UFS2, both byte orders, two geometries) reads back
# identical (names, types, modes, owners, sizes, mtimes, contents, links,
# devices), fsck_ffs -n finds the image clean, and for UFS1 sleuthkit
# (fls -r, icat) lists the same names and extracts the same bytes.
# (Debian's makefs puts the UFS2 superblock at 8 KiB, where sleuthkit does
# not look, so UFS2 is checked by fsck_ffs only.)  (2) The randomized
# exerciser against its model on several geometries, then fsck_ffs -n.
. tests/lib.sh
t_begin
WALK=$TESTS/ffs_walk
FSX=$TESTS/ffs_fsx
FSCK=$BIN/fsck_ffs
if ! command -v makefs >/dev/null; then
	t_skip "ffs write" "makefs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
src=$tmp/src
mkdir -p "$src/dir/sub" "$src/empty" "$tmp/none"
head -c 3000000 /dev/urandom >"$src/dir/big"
head -c 70001 /dev/urandom >"$src/dir/sub/mid"
for n in 0 1 511 512 1025 8193; do head -c $n /dev/urandom >"$src/s$n"; done
echo hello >"$src/a"
ln "$src/a" "$src/dir/hard"
ln -s a "$src/short"
ln -s "$(printf 'q%.0s' $(seq 1 200))" "$src/long"
for i in $(seq 1 120); do echo $i >"$src/dir/entry-with-long-name-$i"; done
mkfifo "$src/fifo"
mknod "$src/cdev" c 4 5 2>/dev/null
chown 321:654 "$src/dir/sub/mid" 2>/dev/null
chmod 2750 "$src/dir/sub"
touch -d "2005-06-07 08:09:10" "$src/dir/sub"
"$WALK" -H "$src" >"$tmp/want"

for v in 1 2; do
	for e in le be; do
		for geo in "" "bsize=4096,fsize=512"; do
			name="v$v $e${geo:+ $geo}"
			img=$tmp/img
			rm -f "$img"
			makefs -t ffs -o "version=$v${geo:+,$geo}" -B $e -f 600 \
			    -s 24m "$img" "$tmp/none" >/dev/null 2>&1
			out=$("$WALK" -P "$src" "$img" 2>&1)
			t_eq "$name: tree written" "$?:$out" "0:"
			"$WALK" "$img" >"$tmp/got" 2>&1
			if cmp -s "$tmp/want" "$tmp/got"; then
				t_pass "$name: reads back identical"
			else
				t_notok "$name: reads back identical" \
				    "$(diff "$tmp/want" "$tmp/got" | head)"
			fi
			t_ok "$name: fsck_ffs -n clean" "$FSCK" -n "$img"
			[ $v = 1 ] && [ $e = le ] || continue
			if ! command -v fls >/dev/null; then
				t_skip "$name: sleuthkit" "not installed"
				continue
			fi
			names=$(fls -r -p -f ufs1 "$img" | sed 's/^.*:\t//' |
			    grep -v '^\$OrphanFiles' | sort)
			want=$(cd "$src" && find . -mindepth 1 | sed 's|^\./||' |
			    sort)
			t_eq "$name: sleuthkit lists the same names" "$names" \
			    "$want"
			ino=$(fls -r -p -f ufs1 "$img" | grep $'\tdir/big$' |
			    sed 's/^[^ ]* \([0-9]*\):.*/\1/')
			t_ok "$name: sleuthkit extracts the same bytes" sh -c \
			    "icat -f ufs1 '$img' $ino | cmp - '$src/dir/big'"
		done
	done
done

# the exerciser: a printed random seed and a fixed one per geometry
seed=${FFS_FSX_SEED:-$RANDOM}
echo "# fsx seed $seed"
for cfg in "2 le 4096 512" "1 be 4096 512" "2 be 8192 1024" \
    "1 le 16384 2048" "2 le 65536 8192"; do
	set -- $cfg
	for s in $seed 7; do
		img=$tmp/fsx
		rm -f "$img"
		makefs -t ffs -o version=$1,bsize=$3,fsize=$4 -B $2 -f 2000 \
		    -s 40m "$img" "$tmp/none" >/dev/null 2>&1
		out=$(timeout -k 5 300 "$FSX" "$img" $s 800 2>&1)
		rc=$?
		if [ $rc -eq 0 ]; then t_pass "fsx v$1 $2 $3/$4 seed $s"
		else t_notok "fsx v$1 $2 $3/$4 seed $s" \
		    "rc=$rc $(echo "$out" | grep -v ENOSPC | tail -5)"; fi
		t_ok "fsx v$1 $2 $3/$4 seed $s: fsck_ffs -n clean" \
		    "$FSCK" -n "$img"
	done
done
