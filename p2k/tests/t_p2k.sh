#!/usr/bin/env bash
# p2k over a real FUSE mount of an in-memory rumpfs: every reachable
# operation through the host's system calls, the clean-unmount paths
# (fusermount3 -u, SIGTERM), bad arguments, and an unprivileged mount.
# Mount points are private directories outside the work tree, every
# server runs under lib.sh's watchdog, and every command that touches a
# mount is time-bounded (t_to): a wedged server fails the test, never
# hangs it.
set -u
. tests/lib.sh
SERVER=$(cd "$TESTS" && pwd)/p2k_rumpfs
T=$(t_tmpdir)
if ! t_have_fuse; then
	t_skip "p2k" "no /dev/fuse or fusermount3"
	exit 0
fi
M=$(t_mntdir)

# p2k_ops' PASS/FAIL lines as TAP: run_ops prefix dir
run_ops() {
	local line
	while IFS= read -r line; do
		case $line in
		"PASS "*) t_pass "$1_${line#PASS }" ;;
		"FAIL "*) line=${line#FAIL }; t_notok "$1_${line%%:*}" "$line" ;;
		esac
	done < <(timeout -k 2 120 "$TESTS/p2k_ops" "$2" 2>&1)
}

# the server daemonises once the mount is up
t_ok "mount" t_daemon "$M" "$SERVER" "$M"
t_ok "mount_type" grep -q " $M fuse.rumpfs " /proc/mounts
t_ok "mkdir" t_to mkdir "$M/d"
t_ok "mkdir_p" t_to mkdir -p "$M/d/e/f"
t_ok "write" t_to bash -c "echo hello >'$M/d/file'"
t_eq "read" "$(t_to cat "$M/d/file")" "hello"
t_ok "append" t_to bash -c "echo world >>'$M/d/file'"
t_eq "read_append" "$(t_to cat "$M/d/file" | tr '\n' ' ')" "hello world "
t_ok "big_write" dd if=/dev/urandom of="$T/big" bs=1M count=8 status=none
t_ok "big_copy" t_to cp "$T/big" "$M/d/big"
t_ok "big_same" t_to cmp "$T/big" "$M/d/big"
t_ok "truncate" t_to truncate -s 1000 "$M/d/big"
t_eq "truncate_size" "$(t_to stat -c %s "$M/d/big")" 1000
t_ok "sparse" t_to dd if=/dev/zero of="$M/d/sparse" bs=1 count=1 seek=10000000 status=none
t_eq "sparse_zeros" "$(t_to head -c 4096 "$M/d/sparse" | tr -d '\0' | wc -c)" 0
t_ok "symlink" t_to ln -s file "$M/d/link"
t_eq "readlink" "$(t_to readlink "$M/d/link")" "file"
t_eq "follow" "$(t_to head -1 "$M/d/link")" "hello"
t_ok "hardlink" t_to ln "$M/d/file" "$M/d/hard"
t_eq "nlink" "$(t_to stat -c %h "$M/d/file")" 2
t_ok "rename" t_to mv "$M/d/hard" "$M/d/e/moved"
t_eq "rename_nlink" "$(t_to stat -c %h "$M/d/e/moved")" 2
t_ok "chmod" t_to chmod 0604 "$M/d/file"
t_eq "chmod_seen" "$(t_to stat -c %a "$M/d/file")" 604
t_ok "chown" t_to chown 123:456 "$M/d/file"
t_eq "chown_seen" "$(t_to stat -c %u:%g "$M/d/file")" "123:456"
t_ok "utimes" t_to touch -d '2000-01-02 03:04:05.123456789' "$M/d/file"
t_eq "mtime_ns" "$(t_to stat -c %y "$M/d/file" | cut -c1-29)" "2000-01-02 03:04:05.123456789"
t_ok "mkfifo" t_to mkfifo "$M/d/fifo"
t_eq "fifo_type" "$(t_to stat -c %F "$M/d/fifo")" "fifo"
t_ok "mknod_chr" t_to mknod "$M/d/null" c 1 3
t_eq "chr_rdev" "$(t_to stat -c %t:%T "$M/d/null")" "1:3"
t_ok "many_files" t_to bash -c "for i in \$(seq 1 500); do : >\"$M/d/e/f/n\$i\"; done"
t_eq "readdir_count" "$(t_to ls "$M/d/e/f" | wc -l)" 500
t_eq "readdir_plus" "$(t_to ls -l "$M/d/e/f" | grep -c '^-')" 500
t_ok "rm_many" t_to bash -c "rm '$M'/d/e/f/n*"
t_ok "rmdir_notempty" t_to bash -c "! rmdir '$M/d' 2>/dev/null"
t_ok "unlink_open" t_to bash -c "exec 3<'$M/d/e/moved'; rm '$M/d/e/moved'; read -r l <&3; [ \"\$l\" = hello ]"
t_ok "statfs" t_to stat -f "$M"
t_ok "flock" t_to flock -n "$M/d/file" true
t_ok "fallocate_or_unsupported" t_to bash -c "fallocate -l 65536 '$M/d/alloc' 2>&1 || fallocate -l 65536 '$M/d/alloc' 2>&1 | grep -q 'Operation not supported'"
t_ok "cp_reflink_fallback" t_to cp "$M/d/file" "$M/d/file.copy"
t_ok "same_after_copy" t_to cmp "$M/d/file" "$M/d/file.copy"
t_ok "ops_dir" t_to mkdir "$M/d/ops"
run_ops rumpfs "$M/d/ops"
t_ok "rm_rf" t_to rm -rf "$M/d"
t_eq "empty_again" "$(t_to ls -A "$M" | wc -l)" 0
t_ok "unmount" t_to fusermount3 -u "$M"
t_ok "server_exits" t_unserve "$M"

# SIGTERM unmounts cleanly: the server exits 0 and the mount is gone
t_serve "$M" "$SERVER" -f "$M"
t_eq "mount_again" $? 0
t_unserve "$M" TERM
t_eq "sigterm_exits" $? 0
t_fail "sigterm_unmounted" t_mounted "$M"

# the same host-side checks on the disk servers
mkdir -p "$T/empty"
for fs in ext2fs ffs; do
	img=$T/$fs.img
	if [ $fs = ext2fs ]; then
		mke2fs -q -F -t ext2 "$img" 16M >/dev/null 2>&1
	else
		makefs -t ffs -s 16m "$img" "$T/empty" >/dev/null 2>&1
	fi
	if [ ! -s "$img" ] || [ ! -x "$BIN/rump_$fs" ]; then
		t_skip "${fs}_ops" "no image tool or no rump_$fs"
		continue
	fi
	t_ok "${fs}_mount" t_daemon "$M" "$BIN/rump_$fs" "$img" "$M"
	run_ops $fs "$M"
	t_ok "${fs}_unmount" t_unserve "$M"
done

# bad arguments: clear error, non-zero exit, no mount
t_fail "no_mountpoint" t_to "$SERVER"
t_fail "missing_mountpoint" t_to "$SERVER" "$T/nonexistent"
t_fail "bad_option" t_to "$SERVER" -o no_such_option_here "$M"
t_fail "not_mounted_after_errors" t_mounted "$M"

# an ordinary user mounts and unmounts
as_rumptest() { t_to su rumptest -s /bin/bash -c "$1"; }
user_mount() {
	t_daemon "$U" su rumptest -s /bin/bash -c "'$SERVER' '$U'" &&
	    as_rumptest "ls -la '$U' >/dev/null && stat -f '$U' >/dev/null &&
		fusermount3 -u '$U'" &&
	    t_unserve "$U"
}
if t_unpriv_user rumptest; then
	U=$(t_mntdir)
	chown rumptest "$U"
	t_ok "user_mount" user_mount
else
	t_skip "user_mount" "needs root to create the test user"
fi
