# Shared by the file-system benchmark scripts (sourced after tests/lib.sh,
# with $mnt the private mount point and $BIN the programs): timing, the
# host's caches, and mounting each tool the same way.
#   kernel   the host kernel's ext2 on a loop device (root only)
#   fuse2fs  e2fsprogs' FUSE server
#   ext2, ffs                our rump_ext2fs, rump_ffs
#   ext2-async, ffs-async    the same with -o async (no metadata ordering)
pid=""		# the running server, if any
READY=""	# microseconds from the last bench_mount's start to stat

root=0
[ "$(id -u)" = 0 ] && root=1
now() { echo "${EPOCHREALTIME/./}"; }		# microseconds
secs() { printf '%d.%03d' $(($1 / 1000000)) $(($1 % 1000000 / 1000)); }
drop_caches() {
	sync
	[ $root = 1 ] && echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	return 0
}
# is $mnt in the mount table?  builtins only, so the poll costs ~nothing
is_mounted() {
	local dev dir rest
	while read -r dev dir rest; do
		[ "$dir" = "$mnt" ] && return 0
	done </proc/self/mounts
	return 1
}
# peak/current RSS in MiB of process $1
rss() {
	local k v u hwm="" cur=""
	while read -r k v u; do
		case $k in
		VmHWM:) hwm=$v ;;
		VmRSS:) cur=$v ;;
		esac
	done <"/proc/$1/status"
	echo "$((hwm / 1024))/$((cur / 1024))"
}
# can tool $1 run here?  Says why not on stdout.
bench_usable() {
	case $1 in
	kernel)
		if [ $root = 0 ] || ! command -v losetup >/dev/null; then
			echo "# kernel ext2: SKIP (needs root and losetup)"
			return 1
		fi
		return 0
		;;
	fuse2fs)
		command -v fuse2fs >/dev/null && [ -c /dev/fuse ] && return 0
		echo "# fuse2fs: SKIP (not installed or no /dev/fuse)"
		return 1
		;;
	esac
	[ -c /dev/fuse ] && return 0
	echo "# $1: SKIP (no /dev/fuse)"
	return 1
}
# mount image $2 with tool $1; READY := microseconds until stat answers
bench_mount() {
	local t=$1 img=$2 t0 i opt=()
	case $t in *-async) opt=(-o async) ;; esac
	t0=$(now)
	case $t in
	kernel)
		# a loop device that goes with the mount (autoclear), even
		# when the watchdog detaches it
		t_to mount -o loop -t ext2 "$img" "$mnt" || return 1
		;;
	fuse2fs)
		fuse2fs "$img" "$mnt" -f >/dev/null 2>&1 &
		pid=$!
		;;
	ext2|ext2-async)
		"$BIN/rump_ext2fs" -f "${opt[@]}" "$img" "$mnt" >/dev/null 2>&1 &
		pid=$!
		;;
	ffs|ffs-async)
		"$BIN/rump_ffs" -f "${opt[@]}" "$img" "$mnt" >/dev/null 2>&1 &
		pid=$!
		;;
	*)	echo "bench: no tool $t" >&2
		return 1
		;;
	esac
	# started here, not by t_serve, whose polling is too coarse for the
	# ready time; under the watchdog all the same
	[ -z "$pid" ] || t_watch "$pid" "$mnt"
	for ((i = 0; i < 200000; i++)); do
		is_mounted && break
		[ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null && return 1
	done
	t_to stat "$mnt" >/dev/null 2>&1 || return 1
	READY=$(($(now) - t0))
}
# unmount what bench_mount mounted; a wedged server is killed and its
# mount detached: it must not take the next tool down too
bench_umount() {
	local t=$1 rc
	if [ $t = kernel ]; then
		t_to umount "$mnt"
		return
	fi
	t_unserve "$mnt"
	rc=$?
	wait "$pid" 2>/dev/null
	pid=""
	if [ $rc != 0 ]; then
		echo "bench: $t: unmount failed or the server did not exit; killed"
		return 1
	fi
}
