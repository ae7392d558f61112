#!/usr/bin/env bash
# Locks, interrupts and shutdown through a real FUSE mount, on rumpfs
# (p2k_rumpfs), ext2fs and ffs: what used to wedge a server.
#   - flock twice in a row, and a lock dropped by close, never block;
#   - a blocked lock waiter ends with EINTR when it gets a signal (Ctrl-C),
#     and the server goes on;
#   - SIGTERM to a server with a blocked waiter: the waiter gets an error,
#     the mount goes, the server exits 0 and the image is clean;
#   - sqlite with three concurrent writers, git init/commit/gc/fsck.
set -u
. tests/lib.sh
if ! t_have_fuse; then
	t_skip "locks" "no /dev/fuse or fusermount3"
	exit 0
fi
BIN=$(cd "$BIN" && pwd)
TESTS=$(cd "$TESTS" && pwd)
T=$(t_tmpdir)
M=$(t_mntdir)/mnt
mkdir -p "$M" "$T/empty"

mkimg() {	# fs img
	case $1 in
	ext2fs) mke2fs -q -F -t ext2 "$2" 32M ;;
	ffs) makefs -t ffs -s 32m "$2" "$T/empty" ;;
	esac >/dev/null 2>&1 && [ -s "$2" ]
}
serve() {	# fs img
	case $1 in
	rumpfs) t_serve "$M" "$TESTS/p2k_rumpfs" -f "$M" 67108864 ;;
	*) t_serve "$M" "$BIN/rump_$1" -f "$2" "$M" ;;
	esac
}
clean() {	# fs img
	case $1 in
	ext2fs) e2fsck -fn "$2" ;;
	ffs) "$BIN/fsck_ffs" -n "$2" ;;
	esac >"$T/fsck.out" 2>&1 || { cat "$T/fsck.out"; return 1; }
}

# the second flock must not wait for the first (gone) one
flock_twice() {
	t_to touch "$M/f" && t_to flock -x "$M/f" true &&
	    t_to flock -x "$M/f" true && t_to flock -s "$M/f" true
}
# the last close of the holder's file drops its lock: the next gets it
flock_after_close() {
	t_to flock -x -w 5 "$M/f" true &&
	    t_to bash -c "exec 3<>'$M/f'; flock -x 3; exec 3>&-;
		flock -n -x '$M/f' true"
}
# a lock holder in the background (-o: flock(1) alone holds it); its pid
hold() {
	flock -o -x "$M/f" sleep 30 >/dev/null 2>&1 &
	HOLDER=$!
	sleep 0.5
}
unhold() { pkill -P "$HOLDER"; kill "$HOLDER"; wait "$HOLDER"; } 2>/dev/null
# a waiter blocked behind a holder; a SIGINT ends its wait
waiter_interrupted() {
	local rc
	hold
	timeout -s INT -k 5 1 flock -x "$M/f" true
	rc=$?
	unhold
	# 124: ended by the SIGINT; 137 would be the KILL 5 s later
	[ $rc = 124 ] || { echo "waiter exit status $rc"; return 1; }
	t_to flock -n -x "$M/f" true	# the holder's lock went with it
}
# three writers on one database through fcntl locks
sqlite_writers() {
	local db=$M/t.db i pids=()
	t_to sqlite3 "$db" "CREATE TABLE t(w INTEGER, i INTEGER);" || return 1
	for w in 1 2 3; do
		timeout -k 2 120 bash -c "for i in \$(seq 40); do
		    sqlite3 -cmd '.timeout 20000' '$db' \
			\"INSERT INTO t VALUES($w, \$i);\" || exit 1; done" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do wait "$i" || { echo "writer failed"; return 1; }; done
	[ "$(t_to sqlite3 "$db" 'SELECT count(*) FROM t;')" = 120 ] &&
	    [ "$(t_to sqlite3 "$db" 'PRAGMA integrity_check;')" = ok ]
}
git_repo() {
	local g=(git -c user.name=t -c user.email=t@t -c init.defaultBranch=main)
	t_to "${g[@]}" init -q "$M/repo" &&
	    cp -r "$T/empty" "$M/repo/dir" && echo one >"$M/repo/a" &&
	    seq 10000 >"$M/repo/b" &&
	    t_to "${g[@]}" -C "$M/repo" add -A &&
	    t_to "${g[@]}" -C "$M/repo" commit -q -m first &&
	    echo two >>"$M/repo/a" &&
	    t_to "${g[@]}" -C "$M/repo" commit -q -a -m second &&
	    t_to "${g[@]}" -C "$M/repo" gc -q &&
	    t_to "${g[@]}" -C "$M/repo" fsck --strict 2>&1 &&
	    [ "$(t_to git -C "$M/repo" rev-list --count HEAD)" = 2 ]
}
# SIGTERM while a waiter sleeps: everything ends, nothing is lost
sigterm_with_waiter() {	# fs img
	local waiter rc
	hold
	timeout -k 2 20 flock -x "$M/f" true >/dev/null 2>&1 &
	waiter=$!
	sleep 0.5
	t_unserve "$M" TERM
	rc=$?
	wait "$waiter"
	local wrc=$?
	unhold
	[ $rc = 0 ] || { echo "server exit status $rc"; return 1; }
	# the waiter got an error at once, not the timeout's kill
	[ $wrc != 124 ] && [ $wrc != 137 ] && [ $wrc != 0 ] ||
	    { echo "waiter exit status $wrc"; return 1; }
	! t_mounted "$M" || { echo "still mounted"; return 1; }
	[ "$1" = rumpfs ] || clean "$1" "$2"
}

for fs in rumpfs ext2fs ffs; do
	img=$T/$fs.img
	if [ $fs != rumpfs ] && { [ ! -x "$BIN/rump_$fs" ] || ! mkimg $fs "$img"; }; then
		t_skip "${fs}_locks" "no rump_$fs or no image tool"
		continue
	fi
	if ! serve $fs "$img"; then
		t_notok "${fs}_mount" "$(tail -5 "$T_SERVE_LOG" 2>/dev/null)"
		continue
	fi
	t_ok "${fs}_flock_twice" flock_twice
	t_ok "${fs}_flock_after_close" flock_after_close
	t_ok "${fs}_waiter_interrupted" waiter_interrupted
	t_ok "${fs}_served_after_interrupt" t_to ls "$M"
	if command -v sqlite3 >/dev/null; then
		t_ok "${fs}_sqlite_3_writers" sqlite_writers
	else
		t_skip "${fs}_sqlite_3_writers" "no sqlite3"
	fi
	if command -v git >/dev/null; then
		t_ok "${fs}_git" git_repo
	else
		t_skip "${fs}_git" "no git"
	fi
	t_ok "${fs}_sigterm_with_waiter" sigterm_with_waiter $fs "$img"
done
