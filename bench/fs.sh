#!/usr/bin/env bash
# File-system workloads (issues #6, #7): the same workloads, in one run, on
#   kernel   the host kernel's ext2 on a loop device (root only)
#   fuse2fs  e2fsprogs' FUSE server on the same mke2fs image
#   ext2     our rump_ext2fs on the same mke2fs image
#   ffs      our rump_ffs on a UFS2 image of the same size (Debian's makefs)
#   ext2-async, ffs-async   the same with -o async: no metadata ordering,
#            so the "order" lines give what ordering costs (issue 21)
# Workloads: untar of a tar of /usr/include (made once), ls -lR and find
# of the tree (after a remount: cold), rm -rf of the tree, a sequential
# write with conv=fsync and its cold read (unmount, drop caches, remount).
# Also mount-to-ready (start until the mount point answers stat) and the
# server's peak RSS after the untar.  Each tool starts from a fresh copy of
# the pristine image.  Times are wall seconds; ratios are tool / kernel
# (and ext2 / fuse2fs).  Targets are marked, never fatal: the script fails
# only if a tool does not work.
#   BENCH_FS_MB     image size in MiB (default 1024)
#   BENCH_FS_IO_MB  size of the sequential file in MiB (default 512)
#   BENCH_FS_TREE   directory to tar for the tree (default /usr/include)
#   BENCH_FS_TOOLS  subset of "kernel fuse2fs ext2 ffs ext2-async ffs-async"
# The images live in $O/tmp (removed at exit), the mount point in a
# private directory under ${TMPDIR:-/tmp}; every server runs under
# tests/lib.sh's watchdog, so an interrupted or killed run leaves no mount
# and no server behind.
set -u
O=${O:-build}
. tests/lib.sh
BIN=$(cd "$O/bin" 2>/dev/null && pwd) || { echo "fs.sh: no $O/bin"; exit 1; }
MB=${BENCH_FS_MB:-1024}
IOMB=${BENCH_FS_IO_MB:-512}
TREE=${BENCH_FS_TREE:-/usr/include}
TOOLS=${BENCH_FS_TOOLS:-kernel fuse2fs ext2 ffs ext2-async ffs-async}
LIMIT=120	# seconds any one step may take
wedged=0
[ "$IOMB" -gt $((MB / 2)) ] && IOMB=$((MB / 2))

tmp=$(t_tmpdir) || exit 1
mnt=$(t_mntdir) || exit 1
# unmounting after the sequential write may flush a lot
T_UNSERVE_WAIT=60
. bench/lib.bash

# per-tool results: R[tool.workload] = microseconds (or text)
declare -A R

fs_mount() {	# tool image: the first mount's ready time is kept
	bench_mount "$1" "$2" || return 1
	[ -n "${R[$1.ready]:-}" ] || R[$1.ready]=$READY
}

# run one workload: step tool name cmd...; records microseconds
step() {
	local t=$1 w=$2 t0 rc; shift 2
	if [ $wedged = 1 ]; then
		R[$t.$w]="fail"
		return 1
	fi
	t0=$(now)
	t_long $LIMIT bash -c "$*"
	rc=$?
	R[$t.$w]=$(($(now) - t0))
	if [ $rc -ne 0 ]; then
		echo "fs.sh: $t: $w failed (rc $rc)"
		R[$t.$w]="fail"
		# timed out: the server is stuck, the rest would wait too
		[ $rc -ge 124 ] && wedged=1
		return 1
	fi
}

untar() { tar -C "$mnt" -xf "$tmp/tree.tar" && sync -f "$mnt/."; }
walk_ls() { ls -lR "$mnt" >/dev/null; }
walk_find() { find "$mnt" >/dev/null; }
seqwrite() {
	dd if=/dev/zero of="$mnt/seq" bs=1M count=$IOMB conv=fsync \
	    status=none
}
seqread() { dd if="$mnt/seq" of=/dev/null bs=1M status=none; }
rmtree() { rm -rf "$mnt/${TREE##*/}" && sync -f "$mnt/."; }
export -f untar walk_ls walk_find seqwrite seqread rmtree
export mnt tmp IOMB TREE

run_tool() {
	local t=$1 img=$2 ok=0
	R[$t.ran]=1
	wedged=0
	fs_mount $t "$img" || { echo "fs.sh: $t: mount failed"; return 1; }
	step $t untar untar || ok=1
	[ -n "$pid" ] && R[$t.rss]=$(rss "$pid")
	bench_umount $t || return 1
	drop_caches
	fs_mount $t "$img" || return 1
	step $t ls walk_ls || ok=1
	step $t find walk_find || ok=1
	step $t rm rmtree || ok=1
	step $t write seqwrite || ok=1
	bench_umount $t || return 1
	drop_caches
	fs_mount $t "$img" || return 1
	step $t read seqread || ok=1
	bench_umount $t || return 1
	return $ok
}

# --- setup: the tree, the pristine images -------------------------------
for c in mke2fs makefs tar; do
	command -v $c >/dev/null || { echo "fs.sh: SKIP: $c missing"; exit 0; }
done
tar -C "${TREE%/*}" -cf "$tmp/tree.tar" "${TREE##*/}" 2>/dev/null
nfiles=$(tar -tf "$tmp/tree.tar" | wc -l)
mke2fs -q -F -t ext2 "$tmp/ext2.pristine" "${MB}M" >/dev/null 2>&1 ||
    { echo "fs.sh: mke2fs failed"; exit 1; }
mkdir -p "$tmp/empty"
makefs -t ffs -o version=2,density=16384 -s "${MB}m" "$tmp/ffs.pristine" "$tmp/empty" \
    >/dev/null 2>&1 || { echo "fs.sh: makefs failed"; exit 1; }
echo "# tree: $TREE, $nfiles entries; images ${MB} MiB; sequential ${IOMB} MiB"
[ $root = 1 ] || echo "# not root: caches are not dropped (reads are warm)"

rc=0
for t in $TOOLS; do
	bench_usable $t || continue
	img=$tmp/img
	rm -f "$img"
	case $t in
	ffs*) src=$tmp/ffs.pristine ;;
	*) src=$tmp/ext2.pristine ;;
	esac
	cp --sparse=always "$src" "$img"
	run_tool $t "$img" || rc=1
	rm -f "$img"
done

# --- the table ----------------------------------------------------------
cell() {
	local v=${R[$1.$2]:-}
	if [ -z "$v" ]; then printf '%9s' -
	elif [ "$v" = fail ]; then printf '%9s' fail
	else printf '%9s' "$(secs "$v")"; fi
}
# ratio a/b of two cells, "-" if either is missing
ratio() {
	local a=${R[$1]:-} b=${R[$2]:-}
	case "$a$b" in *fail*) printf '%8s' -; return ;; esac
	if [ -z "$a" ] || [ -z "$b" ] || [ "$b" -eq 0 ]; then
		printf '%8s' -
		return
	fi
	printf '%5d.%02d' $((a / b)) $((a * 100 / b % 100))
}
# mark: ok/MISS against a limit: mark value-key limit-us
mark() {
	local v=${R[$1]:-}
	case "$v" in ''|fail) echo "" ; return ;; esac
	if [ "$v" -le "$2" ]; then echo " ok"; else echo " MISS"; fi
}
printf '%-7s %9s %9s %9s %9s %8s %8s %8s\n' workload kernel fuse2fs \
    ext2 ffs ext2/krn ext2/f2f ffs/krn
for w in untar ls find rm write read; do
	printf '%-7s %s %s %s %s %s %s %s\n' $w "$(cell kernel $w)" \
	    "$(cell fuse2fs $w)" "$(cell ext2 $w)" "$(cell ffs $w)" \
	    "$(ratio ext2.$w kernel.$w)" "$(ratio ext2.$w fuse2fs.$w)" \
	    "$(ratio ffs.$w kernel.$w)"
done
ms() {
	local v=${R[$1.ready]:-}
	if [ -z "$v" ]; then printf '%9s' -
	else printf '%6d.%02d' $((v / 1000)) $((v % 1000 / 10)); fi
}
# what metadata ordering costs: the ordered server / the same with -o async
if [ -n "${R[ext2-async.ran]:-}${R[ffs-async.ran]:-}" ]; then
	printf '%-7s %9s %9s %8s %8s   (ordered / -o async)\n' order \
	    ext2-async ffs-async ext2 ffs
	for w in untar rm write; do
		printf '%-7s %s %s %s %s\n' $w "$(cell ext2-async $w)" \
		    "$(cell ffs-async $w)" "$(ratio ext2.$w ext2-async.$w)" \
		    "$(ratio ffs.$w ffs-async.$w)"
	done
fi
printf '%-7s %s %s %s %s   (ms, start to stat)\n' ready "$(ms kernel)" \
    "$(ms fuse2fs)" "$(ms ext2)" "$(ms ffs)"
printf '%-7s %9s %9s %9s %9s   (MiB peak/current after untar)\n' rss - \
    "${R[fuse2fs.rss]:--}" "${R[ext2.rss]:--}" "${R[ffs.rss]:--}"

# targets of issues #6 and #7
echo "# targets:"
for t in ext2 ffs; do
	for w in untar ls find rm write read; do
		a=${R[$t.$w]:-} b=${R[kernel.$w]:-}
		case "$a$b" in *fail*) continue ;; esac
		[ -z "$a" ] || [ -z "$b" ] && continue
		if [ "$a" -le $((2 * b)) ]; then m=ok; else m=MISS; fi
		echo "#  $t $w within 2x of kernel: $m"
	done
done
if [ -n "${R[ext2.ran]:-}" ] && [ -n "${R[fuse2fs.ran]:-}" ]; then
	for w in untar ls find; do
		a=${R[ext2.$w]:-} b=${R[fuse2fs.$w]:-}
		case "$a$b" in *fail*) continue ;; esac
		[ -z "$a" ] || [ -z "$b" ] && continue
		if [ $((3 * a)) -le "$b" ]; then m=ok; else m=MISS; fi
		echo "#  ext2 $w >=3x faster than fuse2fs: $m"
	done
	for w in write read; do
		a=${R[ext2.$w]:-} b=${R[fuse2fs.$w]:-}
		case "$a$b" in *fail*) continue ;; esac
		[ -z "$a" ] || [ -z "$b" ] && continue
		# equal within 5% counts as equal
		if [ $((a * 100)) -le $((b * 105)) ]; then m=ok; else m=MISS; fi
		echo "#  ext2 $w equal or better than fuse2fs: $m"
	done
fi
for t in ext2 ffs; do
	[ -n "${R[$t.ready]:-}" ] &&
	    echo "#  $t mount-to-ready < 20 ms:$(mark $t.ready 20000)"
	v=${R[$t.rss]:-}
	if [ -n "$v" ]; then
		if [ "${v%%/*}" -lt 32 ]; then m=ok; else m=MISS; fi
		echo "#  $t server RSS < 32 MB: $m"
	fi
done
exit $rc
