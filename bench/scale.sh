#!/usr/bin/env bash
# Scale curves (issue 26): how mount, a cold walk and the server's memory
# grow with the number of files and with the size of the image.
#   files: N empty files (1k, 10k, 100k) in directories of 1000, put into
#     the ext2 image by mke2fs -d and into an empty UFS2 by fsu_put (not
#     through the tool measured), then per tool: mount-to-ready, a cold
#     `ls -lR` + `find`, the server's RSS after the walk.  The walk should
#     grow linearly: the "per file" column stays flat.
#   size: an ext2 image of 1 GiB, 100 GiB and 1 TiB (sparse; 64k inodes,
#     1000 files), mount-to-ready, walk and RSS; these should not grow.
# Tools: kernel (ext2 on a loop device, root only), ext2 (rump_ext2fs),
# ffs (rump_ffs; the files curve only: Debian's makefs writes every byte
# of an image, so no sparse 1 TiB UFS).  Times are wall seconds after the
# host's caches are dropped; RSS is peak/current MiB.  A server's RSS is
# bounded by its caches, not by the files the host kernel remembers:
# RUMP_NVNODES vnodes (default 8192) and the buffer cache (a quarter of
# RUMP_MEMLIMIT, 16 MiB without one); so 100k files cost about what 10k do
# plus 64 bytes of p2k node each.  Never fatal but for a tool that does not
# work.
#   BENCH_SCALE_FILES  the counts (default "1000 10000 100000"; "" for none)
#   BENCH_SCALE_SIZES  the image sizes (default "1G 100G 1T"; "" for none)
#   BENCH_SCALE_TOOLS  subset of "kernel ext2 ffs"
set -u
O=${O:-build}
. tests/lib.sh
BIN=$(cd "$O/bin" 2>/dev/null && pwd) || { echo "scale.sh: no $O/bin"; exit 1; }
FILES=${BENCH_SCALE_FILES-1000 10000 100000}
SIZES=${BENCH_SCALE_SIZES-1G 100G 1T}
TOOLS=${BENCH_SCALE_TOOLS:-kernel ext2 ffs}
tmp=$(t_tmpdir) || exit 1
mnt=$(t_mntdir) || exit 1
. bench/lib.bash

# a host tree of $2 empty files in directories of 1000, at $1
mktree() {
	local d i n=$2
	mkdir -p "$1"
	for ((i = 0; i < n; i++)); do
		d=$1/d$((i / 1000))
		((i % 1000)) || mkdir "$d"
		: >"$d/f$i"
	done
}
walk() { ls -lR "$mnt" >/dev/null && find "$mnt" >/dev/null; }
export -f walk
export mnt

# one row: tool image label; prints ready, walk, per-file walk and RSS
measure() {
	local t=$1 img=$2 label=$3 n=$4 t0 w r=-
	drop_caches
	if ! bench_mount $t "$img"; then
		printf '%-8s %-7s %s\n' "$label" $t "mount failed"
		return 1
	fi
	t0=$(now)
	if t_long 600 bash -c walk; then w=$(($(now) - t0)); else w=fail; fi
	[ -n "$pid" ] && r=$(rss "$pid")
	bench_umount $t || return 1
	if [ "$w" = fail ]; then
		printf '%-8s %-7s %8d.%02d %9s\n' "$label" $t \
		    $((READY / 1000)) $((READY % 1000 / 10)) fail
		return 1
	fi
	printf '%-8s %-7s %8d.%02d %9s %9d %9s\n' "$label" $t \
	    $((READY / 1000)) $((READY % 1000 / 10)) "$(secs $w)" \
	    $((w * 1000 / n)) "$r"
}

for c in mke2fs makefs; do
	command -v $c >/dev/null || { echo "scale.sh: SKIP: $c missing"; exit 0; }
done
usable=""
for t in $TOOLS; do
	bench_usable $t && usable="$usable $t"
done
mkdir -p "$tmp/empty"
rc=0
printf '%-8s %-7s %11s %9s %9s %9s\n' files tool ready-ms walk-s \
    ns/file rss-MiB
for n in $FILES; do
	rm -rf "$tmp/tree"
	mktree "$tmp/tree" "$n"
	mke2fs -q -F -t ext2 -N $((n + n / 1000 + 1024)) -d "$tmp/tree" \
	    "$tmp/ext2.img" 1024M >/dev/null 2>&1 ||
	    { echo "scale.sh: mke2fs -d of $n files failed"; exit 1; }
	# an empty UFS2 filled by fsu_put: Debian's makefs, given 100k
	# files, wrote a directory entry naming a zeroed inode
	makefs -t ffs -o version=2,density=4096 -s 1024m \
	    "$tmp/ffs.img" "$tmp/empty" >/dev/null 2>&1 &&
	    "$BIN/fsu_put" "$tmp/ffs.img" -R "$tmp/tree" /tree >/dev/null ||
	    { echo "scale.sh: the UFS2 image of $n files failed"; exit 1; }
	for t in $usable; do
		if [ $t = ffs ]; then img=$tmp/ffs.img; else img=$tmp/ext2.img; fi
		measure $t "$img" "$n" "$((n + n / 1000 + 1))" || rc=1
	done
	rm -f "$tmp/ext2.img" "$tmp/ffs.img"
done
rm -rf "$tmp/tree"
mktree "$tmp/tree" 1000
printf '%-8s %-7s %11s %9s %9s %9s\n' size tool ready-ms walk-s \
    ns/file rss-MiB
for s in $SIZES; do
	rm -f "$tmp/big.img"
	truncate -s "$s" "$tmp/big.img" &&
	    mke2fs -q -F -t ext2 -N 65536 -d "$tmp/tree" "$tmp/big.img" \
	    >/dev/null 2>&1 || { echo "scale.sh: mke2fs of $s failed"; exit 1; }
	for t in $usable; do
		[ $t = ffs ] && continue
		measure $t "$tmp/big.img" "$s" 1002 || rc=1
	done
	rm -f "$tmp/big.img"
done
exit $rc
