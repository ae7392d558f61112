#!/usr/bin/env bash
# fs-utils on real images: mke2fs -d (ext2fs) and Debian's makefs (ffs).
# For each type: listing and reading what the outside tool wrote, a put/get
# round trip of a tree (contents, modes, times, symlinks, hard links, holes),
# every modifying command, script mode, the error paths, and the outside
# checker on the image afterwards.
set -u
. tests/lib.sh
FSU=$BIN/fsu
T=$(t_tmpdir)

mktree() {	# $1: dir
	mkdir -p "$1/etc" "$1/home/user/deep/er" "$1/empty"
	echo "hello, world" >"$1/etc/motd"
	head -c 300000 /dev/urandom >"$1/home/user/blob"
	printf 'x' | dd of="$1/home/user/sparse" bs=1 seek=5000000 2>/dev/null
	ln -s ../etc/motd "$1/home/motdlink"
	ln -s "$(printf 'a%.0s' $(seq 1 200))" "$1/home/longlink"
	ln "$1/etc/motd" "$1/etc/motd.hard"
	chmod 0640 "$1/etc/motd"
	chmod 0755 "$1/home/user/deep"
	echo deep >"$1/home/user/deep/er/file"
	touch -d '2001-02-03 04:05:06' "$1/home/user/blob"
}

mkimage() {	# $1: type, $2: image, $3: tree
	case $1 in
	ext2fs) mke2fs -q -F -t ext2 -b 1024 -d "$3" "$2" 16M >/dev/null 2>&1 ;;
	ffs) makefs -t ffs -s 16m -o version=2 "$2" "$3" >/dev/null ;;
	esac
}

check_image() {	# $1: type, $2: image
	case $1 in
	ext2fs) e2fsck -fn "$2" ;;
	ffs) if [ -x "$BIN/fsck_ffs" ]; then "$BIN/fsck_ffs" -n "$2"; else true; fi ;;
	esac
}

for fs in ext2fs ffs; do
	case $fs in
	ext2fs) command -v mke2fs >/dev/null || { t_skip "$fs" "no mke2fs"; continue; } ;;
	ffs) command -v makefs >/dev/null || { t_skip "$fs" "no makefs"; continue; } ;;
	esac
	src=$T/$fs.src img=$T/$fs.img
	mktree "$src"
	mkimage $fs "$img" "$src"

	t_eq "${fs}_cat" "$($FSU cat "$img" /etc/motd 2>&1)" "hello, world"
	t_eq "${fs}_fsu_cat_link" "$($BIN/fsu_cat "$img" /home/motdlink 2>&1)" "hello, world"
	t_eq "${fs}_ls" "$($BIN/fsu_ls "$img" /home 2>&1 | tr '\n' ' ')" "longlink motdlink user "
	t_ok "${fs}_ls_l" bash -c "$BIN/fsu_ls '$img' -l /etc | grep -q '^-rw-r----- *2 .* 13 .* motd$'"
	t_ok "${fs}_ls_R" bash -c "$BIN/fsu_ls '$img' -R / | grep -q '^/home/user/deep/er:'"
	t_eq "${fs}_type_detect" "$($BIN/fsu_cat -v "$img" /etc/motd 2>&1 | tail -1)" "hello, world"
	t_eq "${fs}_stat_size" "$($BIN/fsu_stat "$img" /home/user/sparse | sed -n 's/.*Size: \([0-9]*\).*/\1/p')" 5000001

	# round trip: get the tree, compare with the source
	out=$T/$fs.out; mkdir "$out"
	t_ok "${fs}_get_R" $BIN/fsu_get "$img" -Rp / "$out/root"
	t_ok "${fs}_get_same" diff -r --no-dereference -x lost+found "$src" "$out/root"
	t_eq "${fs}_get_mtime" "$(stat -c %Y "$out/root/home/user/blob")" "$(stat -c %Y "$src/home/user/blob")"
	t_eq "${fs}_get_symlink" "$(readlink "$out/root/home/motdlink")" "../etc/motd"
	t_eq "${fs}_get_hardlink" "$(stat -c %h "$out/root/etc/motd")" 2
	t_eq "${fs}_get_mode" "$(stat -c %a "$out/root/etc/motd")" 640

	# put a tree back in, get it again
	t_ok "${fs}_put_R" $BIN/fsu_put "$img" -Rp "$src/home" /copy
	t_ok "${fs}_put_diff" $BIN/fsu_diff "$img" /home /copy
	t_eq "${fs}_put_hardlink_kept" "$($BIN/fsu_stat "$img" /copy/user/blob | sed -n 's/.*Links: \([0-9]*\).*/\1/p')" 1
	t_ok "${fs}_mkdir_p" $BIN/fsu_mkdir "$img" -p /a/b/c
	t_ok "${fs}_write" bash -c "echo written | $BIN/fsu_write '$img' /a/b/c/w"
	t_ok "${fs}_write_append" bash -c "echo more | $BIN/fsu_write '$img' -a /a/b/c/w"
	t_eq "${fs}_write_read" "$($BIN/fsu_cat "$img" /a/b/c/w | tr '\n' ' ')" "written more "
	t_ok "${fs}_mv" $BIN/fsu_mv "$img" /a/b/c/w /a/w2
	t_ok "${fs}_ln_s" $BIN/fsu_ln "$img" -s w2 /a/sl
	t_ok "${fs}_chmod" $BIN/fsu_chmod "$img" 600 /a/w2
	t_ok "${fs}_chown" $BIN/fsu_chown "$img" 12:34 /a/w2
	t_ok "${fs}_touch" $BIN/fsu_touch "$img" -d 1000000000 /a/w2
	t_ok "${fs}_attrs" bash -c "$BIN/fsu_stat '$img' /a/w2 | grep -q 'Access: (0600/-rw-------)  Uid: 12  Gid: 34'"
	t_ok "${fs}_mkfifo" $BIN/fsu_mkfifo "$img" /a/fifo
	t_ok "${fs}_cp" $BIN/fsu_cp "$img" /a/w2 /a/w3
	t_eq "${fs}_find" "$($BIN/fsu_find "$img" /a -name 'w*' | sort | tr '\n' ' ')" "/a/w2 /a/w3 "
	t_ok "${fs}_du" bash -c "$BIN/fsu_du '$img' -s /home | grep -q '/home$'"
	t_ok "${fs}_df" bash -c "$BIN/fsu_df '$img' | grep -q $fs"
	t_ok "${fs}_exec" $BIN/fsu_exec "$img" /a/w3 sed -i s/written/edited/
	t_eq "${fs}_exec_back" "$($BIN/fsu_cat "$img" /a/w3 | head -1)" "edited"
	t_ok "${fs}_rm_r" $BIN/fsu_rm "$img" -r /a /copy
	t_fail "${fs}_rm_gone" $BIN/fsu_stat "$img" /a
	t_ok "${fs}_script" $BIN/fsu "$img" -c "mkdir /s; put $src/etc/motd /s/m; ls -l /s"
	t_eq "${fs}_script_stdin" "$(printf 'cat /s/m\nrm /s/m\nrmdir /s\n' | $BIN/fsu "$img")" "hello, world"
	t_fail "${fs}_script_stops" $BIN/fsu "$img" -c "rm /nonexistent; mkdir /never"
	t_fail "${fs}_script_stopped" $BIN/fsu_stat "$img" /never

	# errors
	t_fail "${fs}_missing_path" $BIN/fsu_cat "$img" /nope
	t_eq "${fs}_missing_path_exit" "$($BIN/fsu_cat "$img" /nope >/dev/null 2>&1; echo $?)" 1
	t_eq "${fs}_usage_exit" "$($BIN/fsu_cat "$img" >/dev/null 2>&1; echo $?)" 2
	t_ok "${fs}_error_names_image" bash -c "$BIN/fsu_cat '$img' /nope 2>&1 | grep -q '$img: /nope: No such file or directory'"
	t_ok "${fs}_readonly_image" bash -c "cp '$img' '$T/ro.img' && chmod 444 '$T/ro.img' && $BIN/fsu_cat '$T/ro.img' /etc/motd"
	t_ok "${fs}_checker_clean" check_image $fs "$img"
done

t_fail "missing_image" $BIN/fsu_ls "$T/no-such.img" /
t_ok "missing_image_msg" bash -c "$BIN/fsu_ls '$T/no-such.img' / 2>&1 | grep -q 'no-such.img'"
head -c 1048576 /dev/zero >"$T/zero.img"
t_fail "unknown_type" $BIN/fsu_ls "$T/zero.img" /
# a format blkid knows and no driver serves: a swap area (util-linux)
if truncate -s 4M "$T/swap.img" && mkswap "$T/swap.img" >/dev/null 2>&1; then
	t_ok "no_driver_msg" bash -c "$BIN/fsu_ls '$T/swap.img' / 2>&1 | grep -q 'swap.img: no driver for swap'"
else
	t_skip "no_driver_msg" "mkswap cannot make a swap image here"
fi
t_fail "bad_type" $BIN/fsu_ls -t nosuchfs "$T/zero.img" /

# an image a server holds read-write: one line naming it and the holder
if t_have_fuse && command -v mke2fs >/dev/null; then
	mke2fs -q -F -t ext2 "$T/held.img" 4M >/dev/null 2>&1
	H=$(t_mntdir)
	if t_serve "$H" "$BIN/rump_ext2fs" -f "$T/held.img" "$H"; then
		t_eq "in_use_one_line" "$(t_to $BIN/fsu_mkdir "$T/held.img" /x 2>&1)" \
		    "$T/held.img: in use by pid $SPID"
		t_unserve "$H"
	else
		t_notok "in_use_one_line" "rump_ext2fs did not mount $T/held.img"
	fi
fi

# ENOSPC while putting: the partial file goes, the image stays consistent
if command -v mke2fs >/dev/null; then
	mke2fs -q -F -t ext2 -b 1024 "$T/small.img" 2M >/dev/null 2>&1
	head -c 4000000 /dev/urandom >"$T/big"
	t_fail "enospc_put_fails" $BIN/fsu_put "$T/small.img" "$T/big" /big
	# a 1 MiB write the disk took part of: the rest's error, not EIO
	t_eq "enospc_put_says_so" \
	    "$($BIN/fsu_put "$T/small.img" "$T/big" /big 2>&1)" \
	    "fsu_put: $T/small.img: /big: No space left on device"
	t_fail "enospc_partial_removed" $BIN/fsu_stat "$T/small.img" /big
	t_ok "enospc_image_clean" e2fsck -fn "$T/small.img"
fi
if command -v mkfs.fat >/dev/null; then
	mkfs.fat -C -F 12 "$T/small.fat" 2048 >/dev/null
	head -c 4000000 /dev/urandom >"$T/big"
	t_eq "enospc_put_fat_says_so" \
	    "$($BIN/fsu_put "$T/small.fat" "$T/big" /big 2>&1)" \
	    "fsu_put: $T/small.fat: /big: No space left on device"
	t_fail "enospc_fat_partial_removed" $BIN/fsu_stat "$T/small.fat" /big
	t_ok "enospc_fat_image_clean" fsck.fat -n "$T/small.fat"
	# "IMG: 0 files, 0/N clusters": nothing of the partial file left
	t_eq "enospc_fat_no_cluster_lost" "$(fsck.fat -n "$T/small.fat" |
	    sed -n '$s/.* files, \([0-9]*\)\/.*/\1/p')" 0
fi
