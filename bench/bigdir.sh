#!/usr/bin/env bash
# Big directories (issue 26), in one run on
#   kernel   the host kernel's ext2 on a loop device (root only)
#   fuse2fs  e2fsprogs' FUSE server on the same mke2fs image
#   ext2     our rump_ext2fs on the same image
#   ffs      our rump_ffs on a UFS2 image of the same size (Debian's makefs)
# Workloads: create N empty files in one new directory (N = 10k, then
# 40k in another), and a cold ls -l of the 40k directory (after a
# remount and a drop of the host's caches).  Targets: creating 40k costs
# at most 5x creating 10k; the ls within 2x of the kernel.  Times are wall
# seconds.  Never fatal but for a tool that does not work.
#   BENCH_BIGDIR_N     the smaller count (default 10000; the larger is 4x)
#   BENCH_BIGDIR_TOOLS subset of "kernel fuse2fs ext2 ffs"
# Images in $O/tmp, the mount point in a private directory under TMPDIR;
# servers under tests/lib.sh's watchdog.
set -u
O=${O:-build}
. tests/lib.sh
BIN=$(cd "$O/bin" 2>/dev/null && pwd) || { echo "bigdir.sh: no $O/bin"; exit 1; }
N=${BENCH_BIGDIR_N:-10000}
TOOLS=${BENCH_BIGDIR_TOOLS:-kernel fuse2fs ext2 ffs}
tmp=$(t_tmpdir) || exit 1
mnt=$(t_mntdir) || exit 1
root=0
[ "$(id -u)" = 0 ] && root=1
declare -A R
now() { echo "${EPOCHREALTIME/./}"; }
secs() { printf '%d.%03d' $(($1 / 1000000)) $(($1 % 1000000 / 1000)); }

mount_tool() {	# tool image
	case $1 in
	kernel) t_to mount -o loop -t ext2 "$2" "$mnt" ;;
	fuse2fs) t_daemon "$mnt" fuse2fs "$2" "$mnt" -o fakeroot ;;
	ext2) t_daemon "$mnt" "$BIN/rump_ext2fs" "$2" "$mnt" ;;
	ffs) t_daemon "$mnt" "$BIN/rump_ffs" "$2" "$mnt" ;;
	esac
}
umount_tool() {
	if [ $1 = kernel ]; then t_to umount "$mnt"; else t_unserve "$mnt"; fi
}
# create $2 files in directory $1 of the mount: microseconds, or fail
create() {
	local t0=$(now)
	t_long 600 python3 -c '
import os, sys
d = sys.argv[1]
os.mkdir(d)
for i in range(int(sys.argv[2])):
    os.close(os.open("%s/f%07d" % (d, i), os.O_CREAT | os.O_WRONLY, 0o644))
' "$mnt/$1" "$2" || { echo fail; return; }
	echo $(($(now) - t0))
}

run_tool() {	# tool image
	local t=$1 img=$2 t0
	mount_tool $t "$img" || { echo "bigdir.sh: $t: mount failed"; return 1; }
	R[$t.small]=$(create small $N)
	R[$t.large]=$(create large $((4 * N)))
	umount_tool $t || return 1
	sync
	[ $root = 1 ] && echo 3 >/proc/sys/vm/drop_caches
	mount_tool $t "$img" || return 1
	t0=$(now)
	if t_long 600 ls -l "$mnt/large" >/dev/null; then
		R[$t.ls]=$(($(now) - t0))
	else
		R[$t.ls]=fail
	fi
	umount_tool $t
}

command -v mke2fs >/dev/null && command -v makefs >/dev/null &&
    command -v python3 >/dev/null || { echo "bigdir.sh: SKIP: mke2fs, makefs or python3 missing"; exit 0; }
mke2fs -q -F -t ext2 -N $((6 * N + 1000)) "$tmp/ext2.pristine" 1024M >/dev/null 2>&1 ||
    { echo "bigdir.sh: mke2fs failed"; exit 1; }
mkdir -p "$tmp/empty"
makefs -t ffs -o version=2,density=4096 -s 1024m "$tmp/ffs.pristine" "$tmp/empty" \
    >/dev/null 2>&1 || { echo "bigdir.sh: makefs failed"; exit 1; }
rc=0
for t in $TOOLS; do
	case $t in
	kernel) [ $root = 1 ] || { echo "# kernel: SKIP (needs root)"; continue; } ;;
	fuse2fs) command -v fuse2fs >/dev/null || { echo "# fuse2fs: SKIP"; continue; } ;;
	esac
	if [ $t = ffs ]; then src=$tmp/ffs.pristine; else src=$tmp/ext2.pristine; fi
	cp --sparse=always "$src" "$tmp/img"
	run_tool $t "$tmp/img" || rc=1
	rm -f "$tmp/img"
done

cell() {
	local v=${R[$1]:-}
	case "$v" in '') printf '%9s' - ;; fail) printf '%9s' fail ;;
	*) printf '%9s' "$(secs "$v")" ;; esac
}
echo "# one directory: create $N, create $((4 * N)), cold ls -l of $((4 * N)) (seconds)"
printf '%-8s %9s %9s %9s %9s\n' tool create-N create-4N ls-4N 4N/N
for t in $TOOLS; do
	[ -n "${R[$t.small]:-}" ] || continue
	a=${R[$t.large]} b=${R[$t.small]} r=-
	case "$a$b" in *fail*) ;; *) r=$(printf '%d.%02d' $((a / b)) $((a * 100 / b % 100))) ;; esac
	printf '%-8s %s %s %s %9s\n' $t "$(cell $t.small)" "$(cell $t.large)" "$(cell $t.ls)" "$r"
done
echo "# targets:"
for t in ext2 ffs; do
	a=${R[$t.large]:-} b=${R[$t.small]:-}
	case "$a$b" in ''|*fail*) ;; *)
		if [ "$a" -le $((5 * b)) ]; then m=ok; else m=MISS; fi
		echo "#  $t create 4N within 5x of N: $m" ;;
	esac
	a=${R[$t.ls]:-} b=${R[kernel.ls]:-}
	case "$a$b" in *fail*) ;; *)
		[ -n "$a" ] && [ -n "$b" ] || continue
		if [ "$a" -le $((2 * b)) ]; then m=ok; else m=MISS; fi
		echo "#  $t ls -l within 2x of kernel: $m" ;;
	esac
done
exit $rc
