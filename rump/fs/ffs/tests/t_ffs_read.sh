#!/usr/bin/env bash
# The ffs driver reading images made by Debian's makefs: UFS1 and UFS2,
# both byte orders, several block sizes.  Each image, mounted read-only in
# a rump kernel and walked through rump_sys_*, must match its source tree
# exactly (names, types, modes, owners, sizes, mtimes, contents, symlink
# targets, device numbers, hard-link groups).  Then the mount policy
# (dirty, WAPBL, journalled, unknown-feature images refused read-write)
# and hostile images, read and written: each must end in a clean error,
# never a crash or a hang; a bounded random fuzz round (seed printed).
. tests/lib.sh
t_begin
WALK=$TESTS/ffs_walk
CORRUPT=$TESTS/ffs_corrupt
FSCK=$BIN/fsck_ffs
if ! command -v makefs >/dev/null; then
	t_skip "ffs read" "makefs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
tree=$tmp/tree
mkdir -p "$tree/dir/sub/deeper" "$tree/many" "$tree/empty"
printf '' >"$tree/zero"
printf x >"$tree/one"
for n in 1023 1024 4097 8191 8192 65537 100000; do
	head -c $n /dev/urandom >"$tree/size$n"
done
head -c 5000000 /dev/urandom >"$tree/dir/big"		# double indirect at 4K
head -c 70000 /dev/urandom >"$tree/dir/sub/deeper/mid"
dd if=/dev/urandom of="$tree/sparse" bs=1k count=3 seek=3000 2>/dev/null
echo hello >"$tree/a"
ln "$tree/a" "$tree/dir/hardlink"
ln -s a "$tree/short"
ln -s "$(printf 'y%.0s' $(seq 1 90))" "$tree/medium"	# inline in UFS2 only
ln -s "$(printf 'z%.0s' $(seq 1 300))" "$tree/long"
ln -s ../../a "$tree/dir/sub/up"
for i in $(seq 1 300); do echo "$i" >"$tree/many/file-with-a-long-name-$i"; done
touch "$tree/$(printf 'n%.0s' $(seq 1 255))"
mkfifo "$tree/fifo"
mknod "$tree/chr" c 1 3 2>/dev/null
mknod "$tree/blk" b 7 200 2>/dev/null
chmod 4755 "$tree/one"
chmod 1777 "$tree/empty"
chown 1234:5678 "$tree/size1023" 2>/dev/null
touch -d "2001-02-03 04:05:06" "$tree/size1024"
"$WALK" -H "$tree" >"$tmp/want" 2>&1

for v in 1 2; do
	for e in le be; do
		for geo in "" "bsize=4096,fsize=512" "bsize=65536,fsize=8192"
		do
			img=$tmp/img
			rm -f "$img"
			name="v$v $e${geo:+ $geo}"
			if ! makefs -t ffs -o "version=$v${geo:+,$geo}" -B $e \
			    -s 40m "$img" "$tree" >/dev/null 2>&1; then
				t_skip "$name" "makefs failed"
				continue
			fi
			"$WALK" "$img" >"$tmp/got" 2>&1
			rc=$?
			if [ $rc -eq 0 ] && cmp -s "$tmp/want" "$tmp/got"; then
				t_pass "$name: image matches its tree"
			else
				t_notok "$name: image matches its tree" \
				    "rc=$rc $(diff "$tmp/want" "$tmp/got" | head)"
			fi
		done
	done
done

# the mount policy
makefs -t ffs -o version=2 -s 40m "$tmp/base" "$tree" >/dev/null 2>&1
cp "$tmp/base" "$tmp/rw"
out=$("$WALK" -w "$tmp/rw" 2>&1); rc=$?
t_eq "read-write mount and walk" "$rc" "0"
t_ok "after a read-write mount: fsck_ffs clean" "$FSCK" -n "$tmp/rw"
t_eq "after a read-write mount: clean flag set" \
    "$(od -A n -t x1 -j $((8192 + 209)) -N 1 "$tmp/rw" | tr -d ' ')" "01"
policy() {	# $1 corrupt op, $2 walk flags, $3 wanted status, $4 message
	cp "$tmp/base" "$tmp/pol"
	[ -n "$1" ] && "$CORRUPT" "$tmp/pol" $1
	out=$("$WALK" $2 "$tmp/pol" 2>&1); rc=$?
	if [ $rc -eq "$3" ] && { [ -z "$4" ] || printf '%s' "$out" | grep -q "$4"; }
	then t_pass "policy ${1:-plain} ${2:--ro}: exit $3${4:+ ($4)}"
	else t_notok "policy ${1:-plain} ${2:--ro}: exit $3${4:+ ($4)}" \
	    "rc=$rc $(echo "$out" | grep -v '^/' | tail -3)"
	fi
}
policy unclean -w 2 "not clean"
policy unclean "-w -f" 0 ""
policy unclean "" 0 ""
policy wapbl -w 2 "WAPBL log"
policy wapbl "" 0 ""
policy suj -w 2 "soft-updates journal"
policy newflag -w 2 "unknown feature flags"
policy newflag "" 0 ""
policy snap -w 2 "has snapshots"
policy snap "" 0 ""
policy quota2 -w 2 "in-file-system quotas"
policy "" "-w -l" 2 "log option is not supported"
policy "" "-w -s" 2 "softdep option is not supported"

# UFS2 extended attributes (makefs cannot make them: ffs_corrupt writes
# an attribute area), both byte orders, and a damaged one
for e in le be; do
	makefs -t ffs -o version=2 -B $e -s 40m "$tmp/xa" "$tree" >/dev/null 2>&1
	"$CORRUPT" "$tmp/xa" xattr a
	line=$("$WALK" -x "$tmp/xa" 2>&1 | grep '^/a ')
	t_eq "UFS2 $e: extended attributes listed and read" "${line#* * * * * * * * }" \
	    "user.color=blue user.empty= system.sec=x"
	"$CORRUPT" "$tmp/xa" badxattr a
	out=$("$WALK" -x "$tmp/xa" 2>&1); rc=$?
	t_eq "UFS2 $e: damaged attribute area is EIO with a console line" \
	    "$rc:$(printf '%s' "$out" | grep -q 'bad extended attribute' &&
	    echo said)" "1:said"
done

# hostile images: fixed expectations
hostile() {	# $1 op, $2 path, $3 wanted exit status
	local img=$tmp/bad rc
	cp "$tmp/base" "$img"
	"$CORRUPT" "$img" $1 $2 || { t_notok "corrupt $1"; return; }
	timeout -k 5 60 "$WALK" "$img" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -eq "$3" ]; then t_pass "hostile $1${2:+ $2}: exit $3"
	else t_notok "hostile $1${2:+ $2}: exit $3" "rc=$rc $(tail -5 "$tmp/out")"; fi
}
mkdir -p "$tmp/small/sub"
echo data >"$tmp/small/sub/file"
head -c 100000 /dev/urandom >"$tmp/small/bigger"
hostile_rw() {	# $1 op, $2 path: writing to the damaged image never crashes
	local img=$tmp/badrw rc
	cp "$tmp/base" "$img"
	"$CORRUPT" "$img" $1 $2 || { t_notok "corrupt $1"; return; }
	timeout -k 5 60 "$WALK" -P "$tmp/small" "$img" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -le 2 ]; then t_pass "hostile rw $1${2:+ $2}: exit $rc, no crash"
	else t_notok "hostile rw $1${2:+ $2}: no crash" "rc=$rc $(tail -5 "$tmp/out")"; fi
}
for op in "cgmagic" "cgnbfree" "nbfree" "oob a" "size a" "dangle a" \
    "reclen0 dir" "dirloop dir/sub" "dup size100000" "nlink a"; do
	hostile_rw $op
done
hostile sbzero "" 2
hostile oob a 1
hostile size a 1
hostile dangle a 1
hostile reclen0 dir 1
hostile dirloop dir/sub 1
hostile cgmagic "" 0
head -c 1000000 "$tmp/base" >"$tmp/trunc"
timeout -k 5 60 "$WALK" "$tmp/trunc" >/dev/null 2>&1
t_eq "truncated image: mount refused" "$?" "2"
out=$(timeout -k 5 60 "$WALK" "$tmp/trunc" 2>&1)
t_ok "truncated image: console names the problem" \
    sh -c "printf '%s' \"\$1\" | grep -q 'larger than the device'" _ "$out"

# random damage to the metadata: errors allowed, crashes and hangs not
seed=${FFS_FUZZ_SEED:-$RANDOM}
echo "# fuzz seed $seed"
RANDOM=$seed
crashes=0
for i in $(seq 1 25); do
	cp "$tmp/base" "$tmp/fuzz"
	t_flip_bytes "$tmp/fuzz" 20 200000
	timeout -k 5 60 "$WALK" "$tmp/fuzz" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -gt 3 ]; then
		crashes=$((crashes + 1))
		cp "$tmp/fuzz" "$O/tmp/ffs-fuzz-crash-$seed-$i.img" 2>/dev/null
	fi
	timeout -k 5 60 "$FSCK" -n "$tmp/fuzz" >/dev/null 2>&1
	[ $? -gt 8 ] && crashes=$((crashes + 1))
	timeout -k 5 60 "$WALK" -f -P "$tmp/small" "$tmp/fuzz" >/dev/null 2>&1
	[ $? -gt 3 ] && crashes=$((crashes + 1))
done
t_eq "fuzzed images: no crash or hang (driver and fsck_ffs)" "$crashes" "0"
