#!/usr/bin/env bash
# NFSv3 clients on the same nfs-ganesha export (127.0.0.1, started here),
# in one run (issue 28):
#   ours   rump_nfs mounted over FUSE, used by dd / ls / find
#   peer   libnfs's tools (Debian libnfs-utils): nfs-cat, nfs-cp, nfs-ls
# Workloads, each the median of $ROUNDS rounds, ours on a fresh mount:
#   read    a big file: dd of=/dev/null bs=1M  vs  nfs-cat nfs://... >/dev/null
#   write   a local file to a new one: dd bs=1M conv=fsync (UNSTABLE
#           WRITEs, COMMIT at the fsync)  vs  nfs-cp localfile nfs://...
#   walk    a tree of many small files: ls -lR (every entry stat'ed) and
#           find (names only)  vs  nfs-ls -R, which prints READDIRPLUS's
#           attributes and stats no file
# Seconds, and ours/peer (below 1: ours is faster).  The export lives on
# tmpfs when /dev/shm is there, so that the server's disk is not timed.
#   BENCH_NFS_MB      big-file MiB (default 512)
#   BENCH_NFS_FILES   files of the walk (default 3000)
#   BENCH_NFS_ROUNDS  rounds (default 3)
# Servers (rpcbind if none runs, ganesha, rump_nfs) under tests/lib.sh's
# watchdog and exit trap: nothing outlives the script.
set -u
O=${O:-build}
. tests/lib.sh
. bench/lib.bash
. rump/fs/nfs/tests/ganesha.sh
MB=${BENCH_NFS_MB:-512}
NFILES=${BENCH_NFS_FILES:-3000}
ROUNDS=${BENCH_NFS_ROUNDS:-3}

if ! why=$(gan_usable); then
	echo "nfs.sh: $why: skipped"
	exit 0
fi
for t in nfs-cat nfs-cp nfs-ls; do
	command -v $t >/dev/null && continue
	echo "nfs.sh: $t (libnfs-utils) not installed: skipped"
	exit 0
done
if [ ! -x "$BIN/rump_nfs" ] || ! t_have_fuse; then
	echo "nfs.sh: no $BIN/rump_nfs or no FUSE: skipped"
	exit 0
fi
BIN=$(cd "$BIN" && pwd)
T=$(t_tmpdir) || exit 1
T=$(cd "$T" && pwd)
mnt=$(t_mntdir) || exit 1
T_SERVE_LOG=$T/server.log
H=$T
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	H=$(mktemp -d /dev/shm/bench-nfs.XXXXXX 2>/dev/null) || H=$T
fi
[ "$H" = "$T" ] || t_atexit "rm -rf '$H'"
EXP=$H/export
mkdir -p "$EXP"
PORT=$((24000 + ($$ % 2000) * 4))
gan_setup "$T" "$EXP" "$PORT"
if ! gan_start; then
	echo "nfs.sh: ganesha did not start: $(tail -n 3 "$T/ganesha.log")"
	exit 1
fi
url() { echo "nfs://127.0.0.1$EXP/$1?nfsport=$PORT&mountport=$((PORT + 1))"; }

# the data: a big file on the server, one to write from, a tree
head -c $((MB * 1024 * 1024)) /dev/urandom >"$EXP/big"
head -c $((MB * 1024 * 1024)) /dev/urandom >"$H/src"
for ((d = 0; d < 30; d++)); do mkdir -p "$EXP/tree/dir$d"; done
for ((i = 0; i < NFILES; i++)); do
	echo "$i" >"$EXP/tree/dir$((i % 30))/file-$i"
done

ours_mount() {
	t_serve "$mnt" "$BIN/rump_nfs" -f -o "$GAN_OPTS" "127.0.0.1:$EXP" \
	    "$mnt" && return 0
	echo "nfs.sh: rump_nfs did not mount: $(tail -n 3 "$T_SERVE_LOG")"
	return 1
}
ours_umount() {
	t_unserve "$mnt" ||
	    echo "nfs.sh: rump_nfs: unmount failed or the server was killed"
}
declare -A R
# peer key cmd...: the microseconds of cmd added to R[key] ("fail")
peer() {
	local k=$1 t0=$(now)
	shift
	if t_long 900 "$@" >/dev/null 2>&1; then
		R[$k]+="$(($(now) - t0)) "
	else
		R[$k]+="fail "
	fi
}
# ours key cmd...: the same on a fresh mount (not timed)
ours() {
	if ours_mount; then
		peer "$@"
		ours_umount
	else
		R[$1]+="fail "
	fi
}

# new names each round: a file removed behind ganesha's back stays in
# its cache, and a new one of the same name would meet the stale handle
same() {	# file tool
	cmp -s "$H/src" "$1" ||
	    echo "nfs.sh: $2: the file written differs on the server"
	rm -f "$1"
}
for ((r = 0; r < ROUNDS; r++)); do
	ours read.ours dd if="$mnt/big" of=/dev/null bs=1M
	peer read.peer bash -c "nfs-cat '$(url big)' >/dev/null"
	ours write.ours dd if="$H/src" of="$mnt/w.ours.$r" bs=1M conv=fsync
	same "$EXP/w.ours.$r" rump_nfs
	peer write.peer nfs-cp "$H/src" "$(url "w.peer.$r")"
	same "$EXP/w.peer.$r" nfs-cp
	ours lslR.ours ls -lR "$mnt/tree"
	ours find.ours find "$mnt/tree"
	peer walk.peer nfs-ls -R "$(url tree)"
done
# the walks saw every file
n=$(t_to nfs-ls -R "$(url tree)" 2>/dev/null | grep -c '/file-')
[ "$n" = "$NFILES" ] || echo "nfs.sh: nfs-ls -R listed $n of $NFILES files"
if ours_mount; then
	n=$(t_to find "$mnt/tree" -type f | wc -l)
	ours_umount
	[ "$n" = "$NFILES" ] || echo "nfs.sh: find listed $n of $NFILES files"
fi

# the median of R[key] ("fail" if a round failed)
med() {
	tr ' ' '\n' <<<"${R[$1]}" | sort -n | awk '/fail/ { f = 1 }
	    /./ { v[++n] = $1 }
	    END { print (f || n == 0) ? "fail" : v[int((n + 1) / 2)] }'
}
show() { if [ "$1" = fail ]; then echo "fail"; else secs "$1"; fi; }
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}
line() {	# what ours-key peer-key peer-name
	local a b
	a=$(med "$2")
	b=$(med "$3")
	printf '  %-34s ours %8s s   %-7s %8s s   ours/peer %s\n' "$1" \
	    "$(show "$a")" "$4" "$(show "$b")" "$(ratio "$a" "$b")"
}
echo "nfs: rump_nfs vs libnfs on one ganesha export (127.0.0.1), median" \
    "of $ROUNDS"
line "read $MB MiB (dd vs nfs-cat)" read.ours read.peer nfs-cat
line "write $MB MiB (dd+fsync vs nfs-cp)" write.ours write.peer nfs-cp
line "walk $NFILES files: ls -lR" lslR.ours walk.peer nfs-ls
line "walk $NFILES files: find" find.ours walk.peer nfs-ls
echo "  (nfs-ls -R stats no file: it prints READDIRPLUS's attributes;"
echo "   ls -lR stats every entry through FUSE, find only lists names)"
exit 0
