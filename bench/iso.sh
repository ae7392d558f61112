#!/usr/bin/env bash
# Reading ISO 9660 images (issue 25), in one run on
#   cd9660   our rump_cd9660
#   fuseiso  Debian's fuseiso (FUSE, read-only ISO 9660 with Joliet/RR)
#   osirrox  xorriso's extractor: osirrox -extract of the whole tree
#   isoinfo  genisoimage's isoinfo -x, one process per file
# on one xorriso -R -J image of many small files in directories and a
# few large ones.  Workloads: a walk (find -ls of every entry: lookup,
# getattr, readdir) and a full read (every file's bytes; for the two
# extractors, the extraction to a scratch directory).  Times are wall
# seconds, each on a fresh mount.  Target: cd9660 ahead of fuseiso.
#   BENCH_ISO_FILES   small files (default 4000), BENCH_ISO_MB big-file
#                     megabytes (default 256)
#   BENCH_ISO_TOOLS   subset of "cd9660 fuseiso osirrox isoinfo"
# Images in $O/tmp, the mount point in a private directory under TMPDIR;
# servers under tests/lib.sh's watchdog.
set -u
O=${O:-build}
. tests/lib.sh
BIN=$(cd "$O/bin" 2>/dev/null && pwd) || { echo "iso.sh: no $O/bin"; exit 1; }
NFILES=${BENCH_ISO_FILES:-4000}
MB=${BENCH_ISO_MB:-256}
TOOLS=${BENCH_ISO_TOOLS:-cd9660 fuseiso osirrox isoinfo}
command -v xorriso >/dev/null || { echo "iso.sh: no xorriso: skipped"; exit 0; }
tmp=$(t_tmpdir) || exit 1
mnt=$(t_mntdir) || exit 1
T_SERVE_LOG=$tmp/server.log
declare -A R
now() { echo "${EPOCHREALTIME/./}"; }
secs() { printf '%d.%03d' $(($1 / 1000000)) $(($1 % 1000000 / 1000)); }

# the tree: NFILES small files in 40 directories, four big files
tree=$tmp/tree
for ((d = 0; d < 40; d++)); do mkdir -p "$tree/dir$d/sub"; done
for ((i = 0; i < NFILES; i++)); do
	head -c $((i % 7000 + 1)) /dev/urandom \
	    >"$tree/dir$((i % 40))/file-with-a-longer-name-$i.txt"
done
for ((i = 0; i < 4; i++)); do
	head -c $((MB * 1024 * 1024 / 4)) /dev/urandom >"$tree/big$i.bin"
done
img=$tmp/bench.iso
t_long 600 xorriso -as mkisofs -quiet -R -J -o "$img" "$tree" \
    >/dev/null 2>&1 || { echo "iso.sh: xorriso failed"; exit 1; }

mount_tool() {	# tool
	case $1 in
	cd9660) t_daemon "$mnt" "$BIN/rump_cd9660" "$img" "$mnt" ;;
	fuseiso) t_daemon "$mnt" fuseiso "$img" "$mnt" ;;
	esac
}
timed() {	# cmd...: microseconds, or fail
	local t0=$(now)
	t_long 900 "$@" >/dev/null 2>&1 || { echo fail; return; }
	echo $(($(now) - t0))
}
run_mount() {	# tool
	mount_tool "$1" || { R[$1.walk]=fail; R[$1.read]=fail; return; }
	R[$1.walk]=$(timed find "$mnt" -ls)
	t_unserve "$mnt"
	mount_tool "$1" || { R[$1.read]=fail; return; }
	R[$1.read]=$(timed bash -c "find '$mnt' -type f -print0 |
	    xargs -0 cat >/dev/null")
	t_unserve "$mnt"
}
run_isoinfo() {
	local list=$tmp/list
	R[isoinfo.walk]=$(timed isoinfo -R -l -i "$img")
	# isoinfo -x wants the ISO 9660 names: list them with -f
	isoinfo -f -i "$img" >"$list" 2>/dev/null
	R[isoinfo.read]=$(timed bash -c "while read -r p; do
	    isoinfo -i '$img' -x \"\$p\"; done <'$list' >/dev/null")
}
run_osirrox() {
	local out=$tmp/extract
	R[osirrox.walk]=$(timed osirrox -indev "$img" -find / -exec lsdl --)
	rm -rf "$out"
	R[osirrox.read]=$(timed osirrox -indev "$img" -extract / "$out")
	rm -rf "$out"
}

for t in $TOOLS; do
	case $t in
	cd9660) run_mount cd9660 ;;
	fuseiso)
		if command -v fuseiso >/dev/null; then run_mount fuseiso
		else echo "iso.sh: fuseiso not installed: skipped"; fi ;;
	osirrox) run_osirrox ;;
	isoinfo)
		if command -v isoinfo >/dev/null; then run_isoinfo
		else echo "iso.sh: isoinfo not installed: skipped"; fi ;;
	esac
done

show() {	# value
	case $1 in fail|"") echo "   -   " ;; *) secs "$1" ;; esac
}
printf '%-10s %10s %10s   (%d small files, %d MiB in 4 big ones)\n' \
    tool walk read "$NFILES" "$MB"
for t in $TOOLS; do
	[ -n "${R[$t.walk]:-}" ] || continue
	printf '%-10s %10s %10s\n' "$t" "$(show "${R[$t.walk]}")" \
	    "$(show "${R[$t.read]}")"
done
ratio() {	# a b
	case "$1$2" in *fail*) echo "-" ; return ;; esac
	[ "$2" -gt 0 ] && echo "$(( $1 * 100 / $2 ))%" || echo "-"
}
if [ -n "${R[cd9660.walk]:-}" ] && [ -n "${R[fuseiso.walk]:-}" ]; then
	echo "cd9660 / fuseiso: walk $(ratio "${R[cd9660.walk]}" \
	    "${R[fuseiso.walk]}"), read $(ratio "${R[cd9660.read]}" \
	    "${R[fuseiso.read]}") (target: under 100%)"
fi
exit 0
