#!/usr/bin/env bash
# What a user of fuse2fs or mount(8) expects of the servers (issue 22):
# image names with commas (a partition window, img%OFFSET:start,size%)
# can be served; a read-write mount of an ext4 image is refused with one
# line and nothing mounted; -o fsname= and subtype= show in the mount
# table; -o fakeroot and -o uid=,gid= let an ordinary user write to an
# image made by root; a write, a truncate and a chown by anyone but root
# clear set-user-ID and set-group-ID bits; --help and --version.
# Servers run under lib.sh's watchdog; every command touching a mount is
# bounded.
set -u
. tests/lib.sh
BIN=$(cd "$BIN" && pwd)
USR=rumptest
ROOT=false; [ "$(id -u)" = 0 ] && ROOT=true
if ! t_have_fuse || ! command -v mke2fs >/dev/null; then
	t_skip "frontend" "no /dev/fuse, fusermount3 or mke2fs"
	exit 0
fi
# images and mount points where the test user reaches them
T=$(t_mntdir)
T_SERVE_LOG=$T/server.log
M=$T/mnt UM=$T/umnt
mkdir -p "$M" "$UM" "$T/tree/sub"
echo hello >"$T/tree/sub/f"
if $ROOT; then
	if t_unpriv_user "$USR"; then chown "$USR" "$UM"; else ROOT=false; fi
fi
as_user() { t_to runuser -u "$USR" -- "$@"; }
# the mount table's source and type of mount point $1
mtab() { awk -v m="$1" '$2 == m { print $1, $3 }' /proc/mounts; }
# cmd fails with one stderr line holding every pattern, mounting nothing
refused() { t_refused "$@"; }
e2img() {	# img size [mke2fs args...]
	mke2fs -q -F "${@:3}" "$1" "$2" >/dev/null 2>&1 && [ -s "$1" ]
}

# --- 1. names with commas: a partition window, a plain file ---------------
sec_commas() {
	local part=$T/part.img spec
	truncate -s 24M "$part"
	e2img "$part" 20M -t ext2 -E offset=1048576 -d "$T/tree" ||
	    { t_notok "comma_window_image"; return; }
	spec="$part%OFFSET:1048576,20971520%"
	t_ok "comma_window_mount" t_daemon "$M" "$BIN/rump_ext2fs" "$spec" "$M"
	t_eq "comma_window_read" "$(t_to cat "$M/sub/f" 2>&1)" "hello"
	t_eq "comma_window_fsname" "$(mtab "$M")" "$spec fuse.rump_ext2fs"
	t_ok "comma_window_unmount" t_unserve "$M"
	e2img "$T/a,b.img" 8M -t ext2 -d "$T/tree"
	t_ok "comma_name_mount" t_daemon "$M" "$BIN/rump_ext2fs" "$T/a,b.img" "$M"
	t_eq "comma_name_fsname" "$(mtab "$M")" "$T/a,b.img fuse.rump_ext2fs"
	t_ok "comma_name_unmount" t_unserve "$M"
	if $ROOT; then
		# an ordinary user's mount goes through fusermount3's parser
		chown "$USR" "$T/a,b.img"
		t_ok "comma_user_mount" t_daemon "$UM" runuser -u "$USR" -- "$BIN/rump_ext2fs" "$T/a,b.img" "$UM"
		t_eq "comma_user_read" "$(as_user cat "$UM/sub/f" 2>&1)" "hello"
		t_ok "comma_user_unmount" t_unserve "$UM"
	else
		t_skip "comma_user_mount" "needs root to make the test user"
	fi
}

# --- 2. ext4 read-write: refused, one line; read-only works ---------------
sec_ext4() {
	local img=$T/e4.img out
	e2img "$img" 16M -t ext4 -d "$T/tree" || { t_notok "ext4_image"; return; }
	t_ok "ext4_rw_refused" refused "rump_ext2fs: $img: |extent|-o ro" t_to "$BIN/rump_ext2fs" "$img" "$M"
	t_ok "ext4_rw_refused_fg" refused "$img|-o ro" t_to "$BIN/rump_ext2fs" -f "$img" "$M"
	t_ok "ext4_ro_mount" t_daemon "$M" "$BIN/rump_ext2fs" -o ro "$img" "$M"
	t_ok "ext4_ro_is_ro" bash -c "grep ' $M ' /proc/mounts | grep -q ' ro[, ]'"
	t_eq "ext4_ro_read" "$(t_to cat "$M/sub/f" 2>&1)" "hello"
	t_ok "ext4_ro_unmount" t_unserve "$M"
	# the driver itself refuses: the fs-utils say so too
	out=$(timeout 30 "$BIN/fsu_put" "$img" "$T/tree/sub/f" /g 2>&1)
	t_eq "ext4_fsu_put_fails" "$?:$(grep -ci 'read-only' <<<"$out")" "1:1"
	t_eq "ext4_fsu_ls_works" "$(timeout 30 "$BIN/fsu_cat" "$img" /sub/f 2>&1)" "hello"
	truncate -s 24M "$T/p4.img"
	e2img "$T/p4.img" 20M -t ext4 -E offset=1048576
	t_ok "ext4_window_refused" refused "%OFFSET:1048576,20971520%: |extent|-o ro" t_to "$BIN/rump_ext2fs" "$T/p4.img%OFFSET:1048576,20971520%" "$M"
}

# --- 3. fsname=, subtype= ---------------------------------------------------
sec_names() {
	local img=$T/n.img
	e2img "$img" 8M -t ext2
	t_ok "fsname_mount" t_daemon "$M" "$BIN/rump_ext2fs" -o fsname=mydisk,subtype=mine "$img" "$M"
	t_eq "fsname_shown" "$(mtab "$M")" "mydisk fuse.mine"
	t_ok "fsname_unmount" t_unserve "$M"
	t_ok "ffs_fsname_mount" t_daemon "$M" "$BIN/rump_ffs" -o fsname=ufs1 "$FFSIMG" "$M"
	t_eq "ffs_fsname_shown" "$(mtab "$M")" "ufs1 fuse.rump_ffs"
	t_ok "ffs_fsname_unmount" t_unserve "$M"
}

# --- 4. fakeroot, uid=, gid= ------------------------------------------------
# the test user mounts (with opts) an image root made, writes into a
# root-owned directory; prints what happened
user_write() {	# img opts...
	t_daemon "$UM" runuser -u "$USR" -- "$BIN/rump_ext2fs" "${@:2}" "$1" "$UM" || return
	as_user bash -c "echo new >'$UM/sub/new' && stat -c '%U:%G' '$UM/sub' '$UM/sub/new'" 2>&1 | tr '\n' ' '
	t_unserve "$UM" >/dev/null
}
# the owners of the files in /sub, read from the image itself
owners() { timeout 30 "$BIN/fsu_ls" "$1" -l /sub 2>&1 | awk '!/^total / {print $3":"$4}' | sort -u | tr '\n' ' '; }
sec_owners() {
	local img=$T/owned.img
	if ! $ROOT; then
		t_skip "fakeroot" "needs root to make the test user"; return
	fi
	e2img "$img" 8M -t ext2 -d "$T/tree" && chown "$USR" "$img"
	t_ok "plain_user_denied" grep -q 'Permission denied' <<<"$(user_write "$img")"
	t_eq "fakeroot_write" "$(user_write "$img" -o fakeroot)" "root:root root:root "
	t_eq "fakeroot_on_image" "$(owners "$img")" "0:0 "
	t_eq "uid_gid_write" "$(user_write "$img" -o uid=0,gid=0)" "$USR:$USR $USR:$USR "
	t_eq "uid_gid_on_image" "$(owners "$img")" "0:0 "
	t_ok "uid_not_a_number" refused "uid=me" t_to "$BIN/rump_ext2fs" -o uid=me "$img" "$M"
}

# --- 5. set-id bits on writes by others ---------------------------------
# as the test user on a root mount shared with allow_other
setid() {	# file mode cmd: the mode after the user ran cmd on file
	t_to bash -c "echo a >'$M/$1' && chmod $2 '$M/$1'"
	as_user bash -c "cd '$M' && $3" >/dev/null 2>&1
	t_to stat -c %a "$M/$1"
}
sec_setid() {
	local fs img
	if ! $ROOT; then
		t_skip "setid" "needs root to make the test user"; return
	fi
	for fs in ext2fs ffs; do
		img=$T/setid-$fs.img
		if [ $fs = ext2fs ]; then e2img "$img" 8M -t ext2
		else cp "$FFSIMG" "$img"; fi
		t_daemon "$M" "$BIN/rump_$fs" -o allow_other "$img" "$M" ||
		    { t_notok "${fs}_setid_mount"; continue; }
		t_to chmod 1777 "$M"
		t_eq "${fs}_setid_write_other" "$(setid f 6777 'echo b >>f')" 777
		t_eq "${fs}_setid_truncate_other" "$(setid g 6777 'truncate -s 0 g')" 777
		t_eq "${fs}_setid_otrunc_other" "$(setid k 6777 ': >k')" 777
		t_eq "${fs}_setid_chmod_other_denied" "$(setid n 6755 'chmod 755 n')" 6755
		t_eq "${fs}_setid_write_root_keeps" "$(t_to bash -c "echo a >'$M/r' && chmod 6777 '$M/r' && echo b >>'$M/r' && stat -c %a '$M/r'")" 6777
		t_eq "${fs}_setid_write_owner" "$(as_user bash -c "cd '$M' && echo x >h && chmod 4755 h && echo y >>h && stat -c %a h")" 755
		t_ok "${fs}_setid_unmount" t_unserve "$M"
	done
}

# --- 6. --help, --version ------------------------------------------------------
sec_help() {
	local p
	for p in rump_ffs rump_ext2fs fsck_ffs; do
		t_ok "${p}_help" bash -c "'$BIN/$p' --help | grep -q '^usage: $p'"
		t_ok "${p}_h" bash -c "'$BIN/$p' -h | grep -q '^usage: $p'"
		t_ok "${p}_version" bash -c "'$BIN/$p' --version | grep -qx '$p [0-9][0-9.]*'"
	done
	t_fail "bad_flag_fails" t_to "$BIN/rump_ffs" --no-such-flag
}

mkdir -p "$T/empty"
FFSIMG=$T/ffs.img
makefs -t ffs -s 8m "$FFSIMG" "$T/empty" >/dev/null 2>&1 || FFSIMG=
sec_help
sec_commas
sec_ext4
if [ -n "$FFSIMG" ]; then
	sec_names
else
	t_skip "fsname" "no makefs"
fi
sec_owners
if [ -n "$FFSIMG" ]; then
	sec_setid
else
	t_skip "setid" "no makefs"
fi
echo "1..$_t_n"
