#!/usr/bin/env bash
# The ffs driver reading images made by Debian's makefs: UFS1 and UFS2,
# both byte orders, several block sizes.  Each image, mounted read-only in
# a rump kernel and walked through rump_sys_*, must match its source tree
# exactly (names, types, modes, owners, sizes, mtimes, contents, symlink
# targets, device numbers, hard-link groups).  Then the mount policy
# (read-write refused) and hostile images: each must end in a clean error,
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

# the mount policy: this driver refuses read-write mounts with a message
makefs -t ffs -o version=2 -s 40m "$tmp/base" "$tree" >/dev/null 2>&1
out=$("$WALK" -w "$tmp/base" 2>&1); rc=$?
t_eq "read-write mount refused (EROFS)" "$rc:$(echo "$out" | grep -c 'mount: Read-only')" "2:1"
t_ok "refusal says why" sh -c "printf '%s' \"\$1\" | grep -q 'read-write mounts are not supported'" _ "$out"

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
	for j in $(seq 1 20); do
		off=$(( (RANDOM * 32768 + RANDOM) % 200000 ))
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
		    dd of="$tmp/fuzz" bs=1 seek=$off conv=notrunc 2>/dev/null
	done
	timeout -k 5 60 "$WALK" "$tmp/fuzz" >"$tmp/out" 2>&1
	rc=$?
	if [ $rc -gt 3 ]; then
		crashes=$((crashes + 1))
		cp "$tmp/fuzz" "$O/tmp/ffs-fuzz-crash-$seed-$i.img" 2>/dev/null
	fi
	timeout -k 5 60 "$FSCK" -n "$tmp/fuzz" >/dev/null 2>&1
	[ $? -gt 8 ] && crashes=$((crashes + 1))
done
t_eq "fuzzed images: no crash or hang (driver and fsck_ffs)" "$crashes" "0"
