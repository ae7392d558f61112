#!/usr/bin/env bash
# The rump_ext2fs and rump_ffs servers as a user meets them, each through
# the same functions: refusals before mounting (one line on stderr naming
# the file, non-zero exit, nothing mounted), mount / write / fusermount3 -u
# with exit 0 and a clean image, SIGTERM and SIGINT, daemonising only
# once the mount is up, -o ro, mount(8) -t fuse.rump_<fs> and an fstab
# line (through mount --fstab, never the real /etc/fstab), and an
# ordinary user's mount over a 0666 /dev/fuse as on a stock system.
# Every server runs under lib.sh's watchdog (t_serve for foreground ones,
# t_daemon/t_adopt for daemons and mount(8)), the mount table is read from
# /proc/self/mountinfo, and every command that touches a mount is bounded.
set -u
. tests/lib.sh
BIN=$(cd "$BIN" && pwd)
USR=rumptest
ROOT=false; [ "$(id -u)" = 0 ] && ROOT=true
if ! t_have_fuse; then
	t_skip "servers" "no /dev/fuse or fusermount3"
	exit 0
fi
# images and mount points in one private directory under TMPDIR, not in
# $O: the test user must reach it, and nothing is mounted in the tree
T=$(t_mntdir)
T_SERVE_LOG=$T/server.log
M=$T/mnt M2=$T/other UM=$T/umnt
mkdir -p "$M" "$M2" "$UM" "$T/tree/sub"
echo hello >"$T/tree/hello"
echo deep >"$T/tree/sub/deep"

if $ROOT; then
	if t_unpriv_user "$USR"; then chown "$USR" "$UM"; else ROOT=false; fi
fi
AS_USER=()
$ROOT && AS_USER=(runuser -u "$USR" --)
as_user() { t_to "${AS_USER[@]}" "$@"; }
# the image and its root directory to user $1 (root or the test user)
give() {	# user img
	chown "$1" "$2" &&
	    timeout 30 "$BIN/fsu_chown" "$2" "$(id -u "$1"):$(id -g "$1")" / 2>&1
}

mkimg() {	# fs img [tree]
	rm -f "$2"
	if [ "$1" = ext2fs ]; then
		mke2fs -q -t ext2 -F -E root_owner="$(id -u):$(id -g)" \
		    ${3:+-d "$3"} "$2" 8M
	else
		makefs -t ffs -s 8m "$2" "${3:-$T/empty}"
	fi >/dev/null 2>&1 && [ -s "$2" ]
}
srv() { t_to "$BIN/rump_$FS" "$@"; }
# a daemonising server (the mount point last), under the watchdog
dmount() { t_daemon "${@: -1}" "$BIN/rump_$FS" "$@"; }
# a foreground server in the background; pid in SPID
start_fg() {	# img mnt [opts...]
	t_serve "$2" "$BIN/rump_$FS" -f "${@:3}" "$1" "$2"
}
# mount(8) returned: its server under the watchdog
adopt() { t_wait_mounted "$1" && t_adopt "$1"; }
# the command fails with one stderr line containing $1 and mounts nothing
refused() { t_refused "$@"; }
# cmd unmounts: it succeeds and the mount is gone from the mount table
unmounted_by() { "$@" && ! t_mounted "${@: -1}"; }
# clean: the checker finds nothing and the clean flag is set
check_img() {	# img
	local out
	if [ "$FS" = ext2fs ]; then
		out=$(e2fsck -fn "$1" 2>&1) || { echo "$out"; return 1; }
		dumpe2fs -h "$1" 2>/dev/null | grep -q '^Filesystem state: *clean$'
	else
		out=$("$BIN/fsck_ffs" -n "$1" 2>&1) || { echo "$out"; return 1; }
		! grep -q 'not marked clean' <<<"$out" || { echo "$out"; return 1; }
	fi
}
t_clean() {	# name img
	if [ "$FS" = ffs ] && [ ! -x "$BIN/fsck_ffs" ]; then
		t_skip "$1" "no $BIN/fsck_ffs"
	else
		t_ok "$1" check_img "$2"
	fi
}
# a file's contents read from the image itself, no mount
icat() { timeout 30 "$BIN/fsu_cat" "$1" "$2" 2>&1; }

# 1. refused before mounting
sec_refusals() {	# img wrong
	local p=rump_$FS
	t_ok "${FS}_missing_image" refused "$p: $T/nope.img: No such file or directory" srv "$T/nope.img" "$M"
	rm -f "$T/unread.img"
	cp "$1" "$T/unread.img"
	chmod 000 "$T/unread.img"
	if $ROOT || [ "$(id -u)" != 0 ]; then
		t_ok "${FS}_unreadable_image" refused "$p: $T/unread.img: Permission denied" as_user "$BIN/$p" "$T/unread.img" "$M"
	else
		t_skip "${FS}_unreadable_image" "root reads anything; no test user"
	fi
	t_ok "${FS}_wrong_type" refused "$p: $2: not an $FS file system" srv "$2" "$M"
	t_ok "${FS}_bad_option" refused "$p: unknown option 'no_such_opt'" srv -o no_such_opt "$1" "$M"
	t_fail "${FS}_one_operand" srv "$1"
	t_ok "${FS}_mountpoint_missing" refused "$p: $T/nodir: No such file or directory" srv "$1" "$T/nodir"
	t_ok "${FS}_mountpoint_file" refused "$p: $T/tree/hello: Not a directory" srv "$1" "$T/tree/hello"
	# FUSE 3 mounts over a non-empty directory (libfuse dropped the
	# nonempty check in 3.0): allowed; the image hides the directory
	touch "$T/tree/dir-only"
	t_ok "${FS}_mountpoint_nonempty" t_daemon "$T/tree" "$BIN/$p" "$1" "$T/tree"
	t_ok "${FS}_nonempty_shows_image" t_to bash -c "[ ! -e '$T/tree/dir-only' ] && [ -e '$T/tree/sub/deep' ]"
	t_ok "${FS}_nonempty_unmount" t_unserve "$T/tree"
	t_ok "${FS}_nonempty_dir_back" rm "$T/tree/dir-only"
	# a second read-write server on an image in use
	if start_fg "$1" "$M" >/dev/null; then
		t_ok "${FS}_in_use" refused "$1: in use by pid $SPID" bash -c "timeout 30 '$BIN/$p' '$1' '$M2' 2>&1 | head -1 >&2; exit \${PIPESTATUS[0]}"
		# exactly one line: the image lock's, with the holder's pid
		local out
		out=$(timeout 30 "$BIN/$p" "$1" "$M2" 2>&1)
		t_eq "${FS}_in_use_one_line" "$out" "$1: in use by pid $SPID"
		t_ok "${FS}_in_use_first_alive" t_to ls "$M/hello"
		t_ok "${FS}_in_use_unmount" t_to fusermount3 -u "$M"
		t_unserve "$M"
		t_eq "${FS}_in_use_exit" $? 0
	else
		t_notok "${FS}_in_use" "$(cat "$T_SERVE_LOG")"
	fi
}

# 2. mount, write, fusermount3 -u, check, remount
sec_rw() {	# img
	start_fg "$1" "$M"
	t_eq "${FS}_mount_fg" $? 0
	t_ok "${FS}_write" t_to bash -c "echo written >'$M/new' && mkdir -p '$M/dir/a/b' && cp '$T/rand' '$M/dir/a/b/rand'"
	t_ok "${FS}_write_same" t_to cmp "$T/rand" "$M/dir/a/b/rand"
	t_ok "${FS}_fusermount_u" t_to fusermount3 -u "$M"
	t_unserve "$M"
	t_eq "${FS}_exit_status" $? 0
	t_fail "${FS}_unmounted" t_mounted "$M"
	t_clean "${FS}_clean" "$1"
	t_ok "${FS}_remount" dmount "$1" "$M"
	t_eq "${FS}_remount_data" "$(t_to cat "$M/new" "$M/hello" 2>&1)" "written
hello"
	t_ok "${FS}_remount_big" t_to cmp "$T/rand" "$M/dir/a/b/rand"
	t_ok "${FS}_remount_unmount" t_unserve "$M"
}

# 3. SIGTERM, SIGINT: flushed, unmounted, exit 0
sec_signals() {	# img
	local sig
	for sig in TERM INT; do
		if ! start_fg "$1" "$M"; then
			t_notok "${FS}_sig${sig}_mount" "$(cat "$T_SERVE_LOG")"
			continue
		fi
		t_ok "${FS}_sig${sig}_write" t_to bash -c "echo 'by $sig' >'$M/sig$sig'"
		t_unserve "$M" $sig
		t_eq "${FS}_sig${sig}_exit" $? 0
		t_fail "${FS}_sig${sig}_unmounted" t_mounted "$M"
		t_clean "${FS}_sig${sig}_clean" "$1"
		t_eq "${FS}_sig${sig}_flushed" "$(icat "$1" "/sig$sig")" "by $sig"
	done
}

# the daemon's parent has returned: the mount must be up already
daemon_ready() {	# img
	local up=0
	srv "$1" "$M" || return
	t_mounted "$M" || up=1
	adopt "$M" || return
	[ $up = 0 ] || { echo "returned before the mount was up"; return 1; }
	t_to test -e "$M/hello"
}
# 4. the daemon's parent returns once the mount is up; 5. -o ro
sec_daemon_ro() {	# img
	t_ok "${FS}_daemon_ready" daemon_ready "$1"
	t_ok "${FS}_daemon_unmount" t_unserve "$M"
	local sum
	sum=$(md5sum <"$1")
	t_ok "${FS}_ro_mount" dmount -o ro "$1" "$M"
	t_ok "${FS}_ro_mount_type" bash -c "grep ' $M ' /proc/mounts | grep -q ' ro[, ]'"
	t_eq "${FS}_ro_read" "$(t_to cat "$M/new" 2>&1)" "written"
	t_ok "${FS}_ro_create_erofs" t_to bash -c "touch '$M/x' 2>&1 | grep -q 'Read-only file system' && [ ! -e '$M/x' ]"
	t_ok "${FS}_ro_write_erofs" t_to bash -c "{ echo more >>'$M/new'; } 2>&1 | grep -q 'Read-only file system'"
	t_ok "${FS}_ro_mkdir_erofs" t_to bash -c "mkdir '$M/d' 2>&1 | grep -q 'Read-only file system'"
	t_ok "${FS}_ro_unmount" t_unserve "$M"
	t_eq "${FS}_ro_image_untouched" "$(md5sum <"$1")" "$sum"
}

# 6. mount(8) -t fuse.rump_<fs>, and an fstab line through mount --fstab
sec_mount8() {	# img
	local link=/usr/local/sbin/rump_$FS ft=$T/fstab
	if ! $ROOT; then
		t_skip "${FS}_mount8" "needs root"; return
	fi
	# mount(8) runs helpers with a fixed PATH: link the server into it
	if [ ! -e "$link" ] && mkdir -p /usr/local/sbin &&
	    ln -s "$BIN/rump_$FS" "$link"; then
		t_atexit "rm -f '$link'"
	elif [ "$(readlink "$link")" != "$BIN/rump_$FS" ]; then
		t_skip "${FS}_mount8" "$link is another server"; return
	fi
	t_ok "${FS}_mount8" t_to mount -t "fuse.rump_$FS" "$1" "$M" -o rw
	adopt "$M"
	t_eq "${FS}_mount8_type" "$(awk -v m="$M" '$2 == m {print $3}' /proc/mounts)" "fuse.rump_$FS"
	t_ok "${FS}_mount8_write" t_to bash -c "echo m8 >'$M/m8'"
	t_ok "${FS}_mount8_umount" unmounted_by t_to umount "$M"
	t_ok "${FS}_mount8_gone" t_unserve "$M"
	echo "$1 $M fuse.rump_$FS rw,user,noauto 0 0" >"$ft"
	t_ok "${FS}_fstab_root" t_to mount -T "$ft" "$M"
	adopt "$M"
	t_eq "${FS}_fstab_root_read" "$(t_to cat "$M/m8" 2>&1)" "m8"
	t_ok "${FS}_fstab_root_umount" unmounted_by t_to umount "$M"
	t_ok "${FS}_fstab_root_gone" t_unserve "$M"
	t_clean "${FS}_fstab_root_clean" "$1"
	# util-linux 2.38 takes --fstab from an ordinary user and honours
	# the line's "user"; mount.fuse3 then runs the server as that user
	t_ok "${FS}_fstab_user_give" give "$USR" "$1"
	echo "$1 $UM fuse.rump_$FS rw,user,noauto 0 0" >"$ft"
	t_ok "${FS}_fstab_user" as_user mount -T "$ft" "$UM"
	adopt "$UM"
	t_ok "${FS}_fstab_user_write" as_user bash -c "echo fu >'$UM/fu' && [ \"\$(stat -c %u '$UM/fu')\" = $(id -u "$USR") ]"
	t_ok "${FS}_fstab_user_unmount" as_user fusermount3 -u "$UM"
	t_ok "${FS}_fstab_user_gone" t_unserve "$UM"
	t_clean "${FS}_fstab_user_clean" "$1"
	t_eq "${FS}_fstab_user_data" "$(icat "$1" /fu)" "fu"
}

# 7. an ordinary user mounts an image they own
sec_user() {	# img
	if ! $ROOT; then
		t_skip "${FS}_user" "needs root to make the test user"; return
	fi
	t_ok "${FS}_user_give" give "$USR" "$1"
	t_ok "${FS}_user_mount" t_daemon "$UM" "${AS_USER[@]}" "$BIN/rump_$FS" "$1" "$UM"
	t_eq "${FS}_user_read" "$(as_user cat "$UM/hello" "$UM/new" 2>&1)" "hello
written"
	t_ok "${FS}_user_write" as_user bash -c "mkdir '$UM/ud' && echo mine >'$UM/ud/f' && cp '$T/rand' '$UM/ud/rand'"
	t_eq "${FS}_user_owner" "$(as_user stat -c %U "$UM/ud/f" 2>&1)" "$USR"
	t_fail "${FS}_user_others_denied" t_to runuser -u nobody -- ls "$UM"
	t_ok "${FS}_user_unmount" as_user fusermount3 -u "$UM"
	t_ok "${FS}_user_gone" t_unserve "$UM"
	t_clean "${FS}_user_clean" "$1"
	t_eq "${FS}_user_data" "$(icat "$1" /ud/f)" "mine"
	t_ok "${FS}_user_give_back" give root "$1"
}

dd if=/dev/urandom of="$T/rand" bs=64k count=20 status=none
mkdir -p "$T/empty"
for FS in ext2fs ffs; do
	other=ffs; [ $FS = ffs ] && other=ext2fs
	img=$T/$FS.img wrong=$T/$other-for-$FS.img
	if [ ! -x "$BIN/rump_$FS" ] || ! mkimg $FS "$img" "$T/tree" ||
	    ! mkimg $other "$wrong" "$T/tree"; then
		t_skip "$FS" "no rump_$FS, mke2fs or makefs"
		continue
	fi
	sec_refusals "$img" "$wrong"
	sec_rw "$img"
	sec_signals "$img"
	sec_daemon_ro "$img"
	sec_mount8 "$img"
	sec_user "$img"
done
echo "1..$_t_n"
