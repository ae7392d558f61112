#!/usr/bin/env bash
# p2k over a real FUSE mount of an in-memory rumpfs: every reachable
# operation through the host's system calls, the clean-unmount paths
# (fusermount3 -u, SIGTERM), bad arguments, and an unprivileged mount.
set -u
. tests/lib.sh
SERVER=$(cd "$TESTS" && pwd)/p2k_rumpfs
T=$(t_tmpdir)
if ! t_have_fuse; then
	t_skip "p2k" "no /dev/fuse or fusermount3"
	exit 0
fi
M=$T/mnt
mkdir -p "$M"

# p2k_ops' PASS/FAIL lines as TAP: run_ops prefix dir
run_ops() {
	local line
	while IFS= read -r line; do
		case $line in
		"PASS "*) t_pass "$1_${line#PASS }" ;;
		"FAIL "*) line=${line#FAIL }; t_notok "$1_${line%%:*}" "$line" ;;
		esac
	done < <("$TESTS/p2k_ops" "$2" 2>&1)
}
mount_fs() {	# extra args...
	"$SERVER" "$@" "$M" && t_wait_mounted "$M"
}
wait_gone() {
	for _ in $(seq 100); do
		pgrep -f "p2k_rumpfs.*$M" >/dev/null || return 0
		sleep 0.1
	done
	return 1
}
t_atexit "fusermount3 -u '$M'"

t_ok "mount" mount_fs
t_ok "mount_type" grep -q " $M fuse.rumpfs " /proc/mounts
t_ok "mkdir" mkdir "$M/d"
t_ok "mkdir_p" mkdir -p "$M/d/e/f"
t_ok "write" bash -c "echo hello >'$M/d/file'"
t_eq "read" "$(cat "$M/d/file")" "hello"
t_ok "append" bash -c "echo world >>'$M/d/file'"
t_eq "read_append" "$(cat "$M/d/file" | tr '\n' ' ')" "hello world "
t_ok "big_write" dd if=/dev/urandom of="$T/big" bs=1M count=8 status=none
t_ok "big_copy" cp "$T/big" "$M/d/big"
t_ok "big_same" cmp "$T/big" "$M/d/big"
t_ok "truncate" truncate -s 1000 "$M/d/big"
t_eq "truncate_size" "$(stat -c %s "$M/d/big")" 1000
t_ok "sparse" dd if=/dev/zero of="$M/d/sparse" bs=1 count=1 seek=10000000 status=none
t_eq "sparse_zeros" "$(head -c 4096 "$M/d/sparse" | tr -d '\0' | wc -c)" 0
t_ok "symlink" ln -s file "$M/d/link"
t_eq "readlink" "$(readlink "$M/d/link")" "file"
t_eq "follow" "$(head -1 "$M/d/link")" "hello"
t_ok "hardlink" ln "$M/d/file" "$M/d/hard"
t_eq "nlink" "$(stat -c %h "$M/d/file")" 2
t_ok "rename" mv "$M/d/hard" "$M/d/e/moved"
t_eq "rename_nlink" "$(stat -c %h "$M/d/e/moved")" 2
t_ok "chmod" chmod 0604 "$M/d/file"
t_eq "chmod_seen" "$(stat -c %a "$M/d/file")" 604
t_ok "chown" chown 123:456 "$M/d/file"
t_eq "chown_seen" "$(stat -c %u:%g "$M/d/file")" "123:456"
t_ok "utimes" touch -d '2000-01-02 03:04:05.123456789' "$M/d/file"
t_eq "mtime_ns" "$(stat -c %y "$M/d/file" | cut -c1-29)" "2000-01-02 03:04:05.123456789"
t_ok "mkfifo" mkfifo "$M/d/fifo"
t_eq "fifo_type" "$(stat -c %F "$M/d/fifo")" "fifo"
t_ok "mknod_chr" mknod "$M/d/null" c 1 3
t_eq "chr_rdev" "$(stat -c %t:%T "$M/d/null")" "1:3"
t_ok "many_files" bash -c "for i in \$(seq 1 500); do : >\"$M/d/e/f/n\$i\"; done"
t_eq "readdir_count" "$(ls "$M/d/e/f" | wc -l)" 500
t_eq "readdir_plus" "$(ls -l "$M/d/e/f" | grep -c '^-')" 500
t_ok "rm_many" bash -c "rm '$M'/d/e/f/n*"
t_ok "rmdir_notempty" bash -c "! rmdir '$M/d' 2>/dev/null"
t_ok "unlink_open" bash -c "exec 3<'$M/d/e/moved'; rm '$M/d/e/moved'; read -r l <&3; [ \"\$l\" = hello ]"
t_ok "statfs" stat -f "$M"
t_ok "flock" flock -n "$M/d/file" true
t_ok "fallocate_or_unsupported" bash -c "fallocate -l 65536 '$M/d/alloc' 2>&1 || fallocate -l 65536 '$M/d/alloc' 2>&1 | grep -q 'Operation not supported'"
t_ok "cp_reflink_fallback" cp "$M/d/file" "$M/d/file.copy"
t_ok "same_after_copy" cmp "$M/d/file" "$M/d/file.copy"
t_ok "ops_dir" mkdir "$M/d/ops"
run_ops rumpfs "$M/d/ops"
t_ok "rm_rf" rm -rf "$M/d"
t_eq "empty_again" "$(ls -A "$M" | wc -l)" 0
t_ok "unmount" fusermount3 -u "$M"
t_ok "server_exits" wait_gone

# SIGTERM unmounts cleanly
t_ok "mount_again" mount_fs
t_ok "sigterm" pkill -TERM -f "p2k_rumpfs.*$M"
t_ok "sigterm_exits" wait_gone
t_ok "sigterm_unmounted" bash -c "! mountpoint -q '$M'"

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
	t_ok "${fs}_mount" bash -c "'$BIN/rump_$fs' '$img' '$M' && mountpoint -q '$M'"
	run_ops $fs "$M"
	t_ok "${fs}_unmount" fusermount3 -u "$M"
done

# bad arguments: clear error, non-zero exit, no mount
t_fail "no_mountpoint" "$SERVER"
t_fail "missing_mountpoint" "$SERVER" "$T/nonexistent"
t_fail "bad_option" "$SERVER" -o no_such_option_here "$M"
t_ok "not_mounted_after_errors" bash -c "! mountpoint -q '$M'"

# an ordinary user mounts and unmounts
if [ "$(id -u)" = 0 ] && command -v useradd >/dev/null; then
	id rumptest >/dev/null 2>&1 || useradd -M -r rumptest 2>/dev/null
	chmod 0666 /dev/fuse
	U=$T/umnt; mkdir -p "$U"; chown rumptest "$U"; chmod 755 "$T"
	t_ok "user_mount" su rumptest -s /bin/bash -c "'$SERVER' '$U' && for i in \$(seq 50); do mountpoint -q '$U' && break; sleep 0.1; done; ls -la '$U' >/dev/null && stat -f '$U' >/dev/null && fusermount3 -u '$U'"
else
	t_skip "user_mount" "needs root to create the test user"
fi
