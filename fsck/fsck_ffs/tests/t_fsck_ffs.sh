#!/usr/bin/env bash
# fsck_ffs against Debian's makefs: every image it makes (UFS1/UFS2, both
# byte orders, several block sizes) checks clean, and each deliberately
# broken copy is caught with the right message and a non-zero exit.
. tests/lib.sh
t_begin
FSCK=$BIN/fsck_ffs
CORRUPT=$TESTS/ffs_corrupt
if ! command -v makefs >/dev/null; then
	t_skip "fsck_ffs" "makefs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
tree=$tmp/tree
mkdir -p "$tree/d1/d2" "$tree/empty"
echo hello >"$tree/a"
ln "$tree/a" "$tree/hardlink"
ln -s a "$tree/short"
ln -s "$(printf 'x%.0s' $(seq 1 200))" "$tree/long"
head -c 300000 /dev/urandom >"$tree/big"
head -c 5000 /dev/urandom >"$tree/d1/d2/small"
for i in $(seq 1 40); do echo "$i" >"$tree/d1/f$i"; done

mkimg() {	# $1 image, $2 version, $3 endian, $4 extra -o options
	rm -f "$1"
	makefs -t ffs -o "version=$2${4:+,$4}" -B "$3" -s 16m "$1" "$tree" \
	    >/dev/null 2>&1
}

for v in 1 2; do
	for e in le be; do
		for geo in "" "bsize=4096,fsize=512" "bsize=32768,fsize=4096"; do
			img=$tmp/ufs$v$e.img
			if ! mkimg "$img" $v $e "$geo"; then
				t_skip "makefs v$v $e $geo" "makefs failed"
				continue
			fi
			t_ok "clean: makefs version=$v -B $e $geo" "$FSCK" -n "$img"
		done
		mkimg "$tmp/base.img" $v $e ""
		broken() {	# $1 op, $2 path or "", $3 expected message
			local img=$tmp/broken.img out rc
			cp "$tmp/base.img" "$img"
			if ! "$CORRUPT" "$img" $1 $2; then
				t_notok "v$v $e: corrupt $1"; return
			fi
			out=$("$FSCK" -n "$img" 2>&1); rc=$?
			if [ $rc -ne 0 ] && printf '%s' "$out" | grep -q "$3"
			then t_pass "v$v $e: $1 detected ($3)"
			else t_notok "v$v $e: $1 detected ($3)" "rc=$rc $out"
			fi
		}
		broken nbfree "" "FREE COUNTS WRONG IN SUPERBLOCK"
		broken cgnbfree "" "SUMMARY INFORMATION WRONG IN CG 0"
		broken cgmagic "" "bad cylinder group magic"
		broken sbzero "" "BAD SUPER BLOCK"
		broken nlink a "LINK COUNT FILE"
		broken dup big "DUP I="
		broken oob a "BAD I="
		broken size a "BAD SIZE"
		broken dangle a "UNALLOCATED I="
		broken reclen0 d1 "DIRECTORY CORRUPTED"
		broken dirloop d1/d2 "HAS A SECOND NAME"
		repair() {	# $1 op, $2 path: -y repairs it, -n then clean
			local img=$tmp/rep.img out
			cp "$tmp/base.img" "$img"
			"$CORRUPT" "$img" $1 $2
			out=$("$FSCK" -y "$img" 2>&1) &&
			    printf '%s' "$out" | grep -q 'FIXED\|MODIFIED\|Phase 5' &&
			    "$FSCK" -n "$img" >/dev/null 2>&1
			t_eq "v$v $e: -y repairs $1" "$?" "0"
		}
		repair nbfree
		repair cgnbfree
		repair nlink a
		repair unclean
		cp "$tmp/base.img" "$tmp/rep.img"
		"$CORRUPT" "$tmp/rep.img" unclean
		"$FSCK" -y "$tmp/rep.img" >/dev/null 2>&1
		t_eq "v$v $e: -y marks a consistent unclean image clean" \
		    "$(od -A n -t x1 -j $((8192 + 209)) -N 1 "$tmp/rep.img" |
		    tr -d ' ')" "01"
		cp "$tmp/base.img" "$tmp/rep.img"
		"$CORRUPT" "$tmp/rep.img" oob a
		t_fail "v$v $e: -y leaves a bad block pointer reported" \
		    "$FSCK" -y "$tmp/rep.img"
	done
done
# output shape: the five BSD phases, in order
out=$("$FSCK" -n "$tmp/base.img" | grep '^\*\* Phase' | cut -c1-10 | tr '\n' ' ')
t_eq "phase lines" "$out" "** Phase 1 ** Phase 2 ** Phase 3 ** Phase 4 ** Phase 5 "
t_fail "missing image fails" "$FSCK" -n "$tmp/nonexistent"
head -c 1000000 /dev/zero >"$tmp/zero.img"
t_fail "zero image fails" "$FSCK" -n "$tmp/zero.img"
head -c 20000 "$tmp/base.img" >"$tmp/trunc.img"
t_fail "truncated image fails" "$FSCK" -n "$tmp/trunc.img"
