#!/usr/bin/env bash
# fsck_ffs against Debian's makefs: every image it makes (UFS1/UFS2, both
# byte orders, several block sizes) checks clean, and each deliberately
# broken copy is caught with the right message and a non-zero exit.
# What a crash of an ordered FFS leaves is repaired by -p (preen): after
# it, -n finds the image clean and the driver mounts it read-write without
# force.  What needs a person stops -p (exit 8, image untouched) and is
# repaired by -y.  -b reads an alternate superblock; partition suffixes
# name a file system inside a disk image.
. tests/lib.sh
t_begin
FSCK=$BIN/fsck_ffs
CORRUPT=$TESTS/ffs_corrupt
MKDIR=$BIN/fsu_mkdir
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

mkimg() {	# $1 image, $2 version, $3 endian, $4 extra -o options, $5 more
	rm -f "$1"
	# shellcheck disable=SC2086
	makefs -t ffs -o "version=$2${4:+,$4}" -B "$3" -s 16m ${5:-} "$1" \
	    "$tree" >/dev/null 2>&1
}

# after a repair: -n finds nothing and the driver mounts it read-write
# without force (fsu_mkdir refuses a file system not marked clean)
usable() {	# image
	"$FSCK" -n "$1" >/dev/null 2>&1 &&
	    t_to "$MKDIR" "$1" /fsck_was_here >/dev/null 2>&1 &&
	    "$FSCK" -n "$1" >/dev/null 2>&1
}
# crash damage (with the clean flag cleared, as a crash leaves it): -p
# repairs it, one line per repair prefixed with the image name
preen() {	# op [path] [expected message]
	local img=$tmp/pr.img out rc
	cp "$tmp/base.img" "$img"
	"$CORRUPT" "$img" unclean && "$CORRUPT" "$img" $1 ${2:-} ||
	    { t_notok "v$v $e: corrupt $1"; return; }
	out=$("$FSCK" -p "$img" 2>&1); rc=$?
	if [ $rc -eq 0 ] && usable "$img" && { [ -z "${3:-}" ] ||
	    printf '%s' "$out" | grep -q "^$img: .*$3"; }
	then t_pass "v$v $e: -p repairs $1 ${2:-}"
	else t_notok "v$v $e: -p repairs $1 ${2:-}" "rc=$rc $out"
	fi
}
preen_all() {
	preen unclean
	preen orphan "" "UNREF FILE .*(CLEARED)"
	preen unlink big "UNREF FILE .*(RECONNECTED)"
	preen unlink d1 "UNREF DIR .*(RECONNECTED)"
	preen zerolink big "UNREF FILE .*(CLEARED)"
	preen nlink a "LINK COUNT FILE .*(ADJUSTED)"
	preen blocks big "INCORRECT BLOCK COUNT .*(FIXED)"
	preen freeblk big "FREE FRAGMENT MAP WRONG .*(SALVAGED)"
	preen leak "" "FREE FRAGMENT MAP WRONG .*(SALVAGED)"
	preen imap a "INODE MAP WRONG .*(SALVAGED)"
	preen nbfree "" "FREE COUNTS WRONG IN SUPERBLOCK .*(FIXED)"
	preen cgnbfree "" "SUMMARY INFORMATION WRONG IN CG 0 .*(SALVAGED)"
	preen dangle a "UNALLOCATED I=.*(REMOVED)"
	preen badino a "BAD INODE NUMBER .*(REMOVED)"
	# the reconnected file is under /lost+found with its data
	local name
	cp "$tmp/base.img" "$tmp/lf.img"
	"$CORRUPT" "$tmp/lf.img" unclean
	"$CORRUPT" "$tmp/lf.img" unlink big
	"$FSCK" -p "$tmp/lf.img" >/dev/null 2>&1
	name=$(t_to "$BIN/fsu_ls" "$tmp/lf.img" /lost+found | grep '^#')
	t_eq "v$v $e: reconnected file in lost+found" \
	    "$(t_to "$BIN/fsu_cat" "$tmp/lf.img" "/lost+found/$name" | cksum)" \
	    "$(cksum <"$tree/big")"
}
# what needs a person: -p stops (exit 8, image unchanged), -y repairs
manual() {	# op path
	local img=$tmp/man.img out rc sum
	cp "$tmp/base.img" "$img"
	"$CORRUPT" "$img" unclean && "$CORRUPT" "$img" $1 $2
	sum=$(cksum <"$img")
	out=$("$FSCK" -p "$img" 2>&1); rc=$?
	if [ $rc -eq 8 ] && [ "$(cksum <"$img")" = "$sum" ] &&
	    printf '%s' "$out" | grep -q "^$img: UNEXPECTED INCONSISTENCY; RUN fsck_ffs MANUALLY."
	then t_pass "v$v $e: -p stops at $1, image unchanged"
	else t_notok "v$v $e: -p stops at $1, image unchanged" "rc=$rc $out"
	fi
	out=$("$FSCK" -y "$img" 2>&1); rc=$?
	if [ $rc -eq 0 ] && usable "$img"
	then t_pass "v$v $e: -y repairs $1"
	else t_notok "v$v $e: -y repairs $1" "rc=$rc $out"
	fi
}
misc_checks() {
	local img=$tmp/misc.img sum alt
	# -n never writes
	cp "$tmp/base.img" "$img"
	"$CORRUPT" "$img" unclean; "$CORRUPT" "$img" unlink big
	sum=$(cksum <"$img")
	"$FSCK" -n "$img" >/dev/null 2>&1
	t_eq "v$v $e: -n reports, exit 8" "$?" "8"
	t_eq "v$v $e: -n writes nothing" "$(cksum <"$img")" "$sum"
	# preen skips a clean file system unless forced
	cp "$tmp/base.img" "$img"
	"$CORRUPT" "$img" nlink a
	sum=$(cksum <"$img")
	t_ok "v$v $e: -p: clean, not checked" sh -c \
	    '"$1" -p "$2" | grep -q "clean; not checking"' _ "$FSCK" "$img"
	t_eq "v$v $e: -p on a clean fs writes nothing" "$(cksum <"$img")" "$sum"
	t_ok "v$v $e: -pf checks and repairs it" "$FSCK" -pf "$img"
	t_ok "v$v $e: ... then clean" "$FSCK" -n "$img"
	# an alternate superblock when the primary is gone
	cp "$tmp/base.img" "$img"
	alt=$("$CORRUPT" "$img" altsb)
	"$CORRUPT" "$img" sbprimary
	t_fail "v$v $e: no primary superblock" "$FSCK" -n "$img"
	t_ok "v$v $e: -n -b $alt" "$FSCK" -n -b "$alt" "$img"
	t_ok "v$v $e: -y -b $alt writes the primary back" \
	    "$FSCK" -y -b "$alt" "$img"
	t_ok "v$v $e: ... then the primary is clean" usable "$img"
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
		mkimg "$tmp/base.img" $v $e "" "-f 200"
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
		preen_all
		manual dup big
		manual oob a
		manual size a
		manual reclen0 d1
		manual dirloop d1/d2
		misc_checks
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

t_fail "-n and -y together is a usage error" "$FSCK" -n -y "$tmp/base.img"

# a file system inside a disk image: MBR partition 1 at 1 MiB
disk=$tmp/disk.img
cp "$tmp/base.img" "$tmp/part.img"
"$CORRUPT" "$tmp/part.img" unclean
"$CORRUPT" "$tmp/part.img" unlink big
truncate -s 1M "$disk"
cat "$tmp/part.img" >>"$disk"
truncate -s +1M "$disk"
if printf 'start=2048, size=%d, type=a9\n' \
    $(($(stat -c %s "$tmp/part.img") / 512)) |
    sfdisk -q "$disk" >/dev/null 2>&1; then
	t_fail "partition: -n finds the damage" "$FSCK" -n "$disk%PART:1%"
	t_ok "partition: -p repairs it" "$FSCK" -p "$disk%PART:1%"
	t_ok "partition: then clean" "$FSCK" -n "$disk%PART:1%"
	t_ok "partition by offset: clean" "$FSCK" -n "$disk%OFFSET:1048576,0%"
	t_ok "partition: the data after it untouched" sh -c \
	    '[ "$(tail -c 1048576 "$1" | tr -d "\\0" | wc -c)" = 0 ]' _ "$disk"
	t_fail "no such partition" "$FSCK" -n "$disk%PART:3%"
else
	t_skip "partition" "sfdisk failed"
fi

# the real server mounts a preened image read-write, without force
if t_have_fuse && [ -x "$BIN/rump_ffs" ]; then
	mnt=$(t_mntdir)
	T_SERVE_LOG=$tmp/server.log
	cp "$tmp/base.img" "$tmp/srv.img"
	"$CORRUPT" "$tmp/srv.img" unclean
	"$CORRUPT" "$tmp/srv.img" unlink d1
	"$FSCK" -p "$tmp/srv.img" >/dev/null 2>&1
	if t_serve "$mnt" "$BIN/rump_ffs" -f "$tmp/srv.img" "$mnt"; then
		t_ok "server: write after preen" t_to sh -c \
		    'echo x >"$1/new" && ls "$1/lost+found" | grep -q "#"' _ \
		    "$mnt"
		t_ok "server: clean unmount" t_unserve "$mnt"
		t_ok "server: fsck clean afterwards" "$FSCK" -n "$tmp/srv.img"
	else
		t_notok "server: mount after preen" "$(cat "$T_SERVE_LOG")"
	fi
else
	t_skip "server mount after preen" "no FUSE"
fi
