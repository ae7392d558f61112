#!/usr/bin/env bash
# p2k's overhead (issue #5): the same workloads, in one run, on
#   tmpfs  a directory of the host's tmpfs (/dev/shm)
#   p2k    rumpfs (in memory too) served over FUSE by p2k_rumpfs
# Metadata: untar of N empty files in 100 directories (creates), stat of
# every file (find -printf of sizes and modes), rename of every file, and
# rm -rf; reported as operations per second.  Data: a sequential write with
# conv=fsync and its read after the host's caches were dropped (root), in
# MB/s.  The ratio is p2k / tmpfs (1.00: no overhead).  Never fatal unless
# a tool does not work.
#   BENCH_P2K_FILES  files in the tree (default 10000)
#   BENCH_P2K_MB     size of the sequential file in MiB (default 256)
# The mount point is a private directory under ${TMPDIR:-/tmp}, the server
# runs under tests/lib.sh's watchdog: an interrupted or killed run leaves
# no mount and no server behind.
set -u
O=${O:-build}
. tests/lib.sh
SERVER=$O/tests/p2k_rumpfs
NFILES=${BENCH_P2K_FILES:-10000}
IOMB=${BENCH_P2K_MB:-256}
LIMIT=120

if [ ! -x "$SERVER" ] || [ ! -c /dev/fuse ] || ! command -v fusermount3 \
    >/dev/null; then
	echo "p2k.sh: SKIP (needs $SERVER, /dev/fuse and fusermount3)"
	exit 0
fi
[ -d /dev/shm ] || { echo "p2k.sh: SKIP (no /dev/shm)"; exit 0; }
tmp=$(mktemp -d /dev/shm/bench-p2k.XXXXXX) || exit 1
t_atexit "rm -rf '$tmp'"
mnt=$(t_mntdir) || exit 1

now() { echo "${EPOCHREALTIME/./}"; }		# microseconds
drop_caches() {
	sync
	[ "$(id -u)" = 0 ] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	return 0
}

# the tree: NFILES empty files in 100 directories, as one tar
mkdir -p "$tmp/src/t"
for ((d = 0; d < 100; d++)); do
	mkdir "$tmp/src/t/d$d"
	(cd "$tmp/src/t/d$d" && touch $(seq -f "f%g" 0 $((NFILES / 100 - 1))))
done
tar -C "$tmp/src" -cf "$tmp/tree.tar" t
rm -rf "$tmp/src"

declare -A R	# R[where.workload] = microseconds

step() {	# where workload command...
	local w=$1 k=$2 t0; shift 2
	t0=$(now)
	if ! t_long $LIMIT bash -c "$*"; then
		echo "p2k.sh: $w: $k failed"
		return 1
	fi
	R[$w.$k]=$(($(now) - t0))
}

# perl (always on Debian): one process, so the renames are what is timed
renames='perl -e '\''for (glob "$ENV{D}/t/d*/f*") { rename($_, "$_.r") or die "$_: $!\n" }'\'
run() {		# where dir
	local w=$1
	export D=$2
	step $w create 'tar -C "$D" -xf "'"$tmp"'/tree.tar"' || return 1
	step $w stat 'find "$D/t" -printf "%s %m\n" >/dev/null' || return 1
	step $w rename "$renames" || return 1
	step $w rm 'rm -rf "$D/t"' || return 1
	step $w write 'dd if=/dev/zero of="$D/seq" bs=1M count='$IOMB' \
	    conv=fsync status=none' || return 1
	drop_caches
	step $w read 'dd if="$D/seq" of=/dev/null bs=1M status=none' ||
	    return 1
	rm -f "$D/seq"
}

rc=0
mkdir -p "$tmp/host"
run tmpfs "$tmp/host" || rc=1
T_SERVE_LOG=/dev/null
if t_serve "$mnt" "$SERVER" -f "$mnt"; then
	run p2k "$mnt" || rc=1
	T_UNSERVE_WAIT=60 t_unserve "$mnt" ||
	    { echo "p2k.sh: server exit status $?"; rc=1; }
else
	echo "p2k.sh: p2k_rumpfs did not mount"
	rc=1
fi

# --- the table ----------------------------------------------------------
rate() {	# where workload count: per second, from microseconds
	local v=${R[$1.$2]:-}
	[ -z "$v" ] || [ "$v" -eq 0 ] && { printf '%12s' -; return; }
	printf '%12d' $(($3 * 1000000 / v))
}
ratio() {	# tmpfs-time / p2k-time: the fraction of tmpfs's speed
	local a=${R[tmpfs.$1]:-} b=${R[p2k.$1]:-}
	[ -z "$a" ] || [ -z "$b" ] || [ "$b" -eq 0 ] && { printf '%8s' -; return; }
	printf '%5d.%02d' $((a / b)) $((a * 100 / b % 100))
}
echo "p2k over FUSE vs host tmpfs: $NFILES files in 100 dirs, ${IOMB} MiB file"
printf '%-8s %12s %12s %8s\n' workload tmpfs p2k p2k/tmpfs
for k in create stat rename rm; do
	printf '%-8s %s %s %s   (ops/s)\n' $k "$(rate tmpfs $k $NFILES)" \
	    "$(rate p2k $k $NFILES)" "$(ratio $k)"
done
for k in write read; do
	printf '%-8s %s %s %s   (MB/s)\n' $k "$(rate tmpfs $k $IOMB)" \
	    "$(rate p2k $k $IOMB)" "$(ratio $k)"
done
exit $rc
