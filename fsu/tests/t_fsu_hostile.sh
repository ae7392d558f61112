#!/usr/bin/env bash
# Hostile images (issue 22): directory entries named "../../xx" (beside a
# real /xx), "a/x" (beside a symlink a -> ../outside, and a real
# /outside/x for the image's lookup to succeed) and "b<NUL>c", made by
# patching a placeholder name in images built by mke2fs -d and makefs.
# fsu_get, fsu_cp and fsu_rm must refuse those names and never reach
# outside their destination.  The drivers skip such entries themselves
# now (or refuse the directory as a whole, EIO: the checks of what else
# got copied skip then); fsu checks the names again all the same.
set -u
. tests/lib.sh
FSU=$BIN/fsu
T=$(t_tmpdir)

# $1: image, $2: placeholder, $3: replacement (printf format, same length)
patch_name() {
	local off
	for off in $(grep -obUaP "$2" "$1" | cut -d: -f1); do
		printf "$3" | dd of="$1" bs=1 seek="$off" conv=notrunc \
		    status=none
	done
}

mktree() {	# $1: dir
	mkdir -p "$1/d" "$1/e" "$1/outside"
	echo evil >"$1/d/PPPPPPPP"	# -> ../../xx
	echo good >"$1/d/xx"
	echo root >"$1/xx"
	echo evil >"$1/PPP"		# -> a/x
	echo evil >"$1/outside/x"
	echo evil >"$1/e/PPN"		# -> b\0c
	ln -s ../outside "$1/a"
}

# $1: test name, $2: error output; skip when the driver hid the directory
driver_hid() {
	grep -q 'Input/output error' "$2" && t_skip "$1" "driver refuses the directory"
}

mkimage() {	# $1: type, $2: image, $3: tree
	case $1 in
	ext2fs) mke2fs -q -F -t ext2 -b 1024 -d "$3" "$2" 4M >/dev/null 2>&1 ;;
	ffs) makefs -t ffs -s 4m "$2" "$3" >/dev/null ;;
	esac
	patch_name "$2" PPPPPPPP '../../xx'
	patch_name "$2" PPP 'a/x'
	patch_name "$2" PPN 'b\000c'
}

for fs in ext2fs ffs; do
	case $fs in
	ext2fs) command -v mke2fs >/dev/null || { t_skip "$fs" "no mke2fs"; continue; } ;;
	ffs) command -v makefs >/dev/null || { t_skip "$fs" "no makefs"; continue; } ;;
	esac
	D=$T/$fs; mkdir -p "$D/outside" "$D/o1/o2"
	mktree "$D/src"
	img=$D/img
	mkimage $fs "$img" "$D/src"

	# ../../xx: from o1/o2/got it would be o1/xx
	$BIN/fsu_get "$img" -R /d "$D/o1/o2/got" >"$D/err1" 2>&1
	t_fail "${fs}_dotdot_not_written" test -e "$D/o1/xx"
	# fsu's own message, or the driver's (which hides the entry)
	t_ok "${fs}_dotdot_reported" grep -Eq \
	    'invalid name|entry hidden|Input/output error' "$D/err1"
	driver_hid "${fs}_dotdot_rest_copied" "$D/err1" ||
	    t_eq "${fs}_dotdot_rest_copied" "$(cat "$D/o1/o2/got/xx")" good

	# a/x beside a -> outside, twice so that a exists in either order
	$BIN/fsu_get "$img" -R / "$D/root" >/dev/null 2>&1
	$BIN/fsu_get "$img" -R / "$D/root" >"$D/err3" 2>&1
	t_eq "${fs}_symlink_not_followed" "$(ls -A "$D/outside")" ""
	driver_hid "${fs}_symlink_made" "$D/err3" ||
	    t_eq "${fs}_symlink_made" "$(readlink "$D/root/a")" "../outside"
	t_fail "${fs}_nul_name_skipped" test -e "$D/root/e/b"

	# inside the image: cp -R and rm -r stay inside the directory
	$BIN/fsu_cp "$img" -R /d /d2 >"$D/err2" 2>&1
	t_eq "${fs}_cp_dotdot" "$($BIN/fsu_cat "$img" /xx)" root
	driver_hid "${fs}_cp_rest" "$D/err2" ||
	    t_eq "${fs}_cp_rest" "$($BIN/fsu_cat "$img" /d2/xx)" good
	$BIN/fsu_rm "$img" -r /d >/dev/null 2>&1
	t_eq "${fs}_rm_stays" "$($BIN/fsu_cat "$img" /xx)" root
done

# A truncated image: one line naming the image and what the driver found
# wrong (not the rump device's name, not a bare EINVAL), exit status 1.
mkdir -p "$T/small"
echo x >"$T/small/f"
for fs in ffs ext2fs; do
	img=$T/trunc.$fs
	rm -f "$img"
	if [ $fs = ffs ]; then
		makefs -t ffs -s 4m "$img" "$T/small" >/dev/null 2>&1
	else
		mke2fs -q -F -d "$T/small" "$img" 4M >/dev/null 2>&1
	fi
	truncate -s 1M "$img"
	out=$($BIN/fsu_ls "$img" / 2>&1)
	t_eq "${fs}_truncated_status" "$?" 1
	t_eq "${fs}_truncated_one_line" "$(wc -l <<<"$out")" 1
	t_ok "${fs}_truncated_says_why" grep -q \
	    "^fsu_ls: $img: bad superblock: file system larger than" <<<"$out"
done
