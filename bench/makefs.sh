#!/usr/bin/env bash
# Image creation (issue 27): a tree (/usr/include) into each format by our
# makefs and by its peers, in one run:
#   ffs     makefs -t ffs            vs  Debian's makefs -t ffs
#   ext2fs  makefs -t ext2fs         vs  mke2fs -d (10% larger: ours fills
#           its image to the last block, mke2fs -d needs some room)
#   msdos   makefs -t msdos          vs  mkfs.fat + mcopy -s (the same size)
#   cd9660  makefs -t cd9660 -o rockridge  vs  Debian's makefs -t cd9660
#           -o rockridge, and xorriso -as mkisofs -R -J
# Times are wall seconds, the median of $ROUNDS runs, each into a new
# image; ratios are ours / peer, so at or below 1.00 meets the target.
# Every image made is checked once by its format's checker: our fsck_ffs
# -n (both ffs images), e2fsck -fn, fsck.fat -n, isoinfo -d and -R -f
# (at least every entry listed: deep directories are relocated).  FAT holds no symbolic links and folds case: its tree is
# the same without those.  A missing peer is skipped with a line.
#   BENCH_MAKEFS_TREE    the tree (default /usr/include)
#   BENCH_MAKEFS_ROUNDS  runs per tool (default 3)
#   BENCH_MAKEFS_TYPES   subset of "ffs ext2fs msdos cd9660"
# Trees and images on tmpfs when there is one (the host's disk would
# swamp the tools' own times), else in $O/tmp; all removed at exit.
set -u
O=${O:-build}
. tests/lib.sh
BIN=$(cd "$O/bin" 2>/dev/null && pwd) || { echo "makefs.sh: no $O/bin"; exit 1; }
. bench/lib.bash
TREE=${BENCH_MAKEFS_TREE:-/usr/include}
ROUNDS=${BENCH_MAKEFS_ROUNDS:-3}
TYPES=${BENCH_MAKEFS_TYPES:-ffs ext2fs msdos cd9660}
OURS=$BIN/makefs
export LC_ALL=C MTOOLS_SKIP_CHECK=1

[ -x "$OURS" ] || { echo "makefs.sh: $OURS not built; skipped"; exit 0; }
[ -d "$TREE" ] || { echo "makefs.sh: no $TREE; skipped"; exit 0; }
tmp=$(t_tmpdir) || exit 1
W=$tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	W=$(mktemp -d /dev/shm/bench-makefs.XXXXXX 2>/dev/null) || W=$tmp
fi
[ "$W" = "$tmp" ] || t_atexit "rm -rf '$W'"

# Debian's makefs, not ours (which may come first on PATH)
PEER=""
for p in /usr/sbin/makefs /usr/bin/makefs; do
	if [ -x "$p" ] && [ "$(readlink -f "$p")" != "$(readlink -f "$OURS")" ]
	then
		PEER=$p
		break
	fi
done

have() {	# command what
	command -v "$1" >/dev/null 2>&1 && return 0
	echo "  $1 not installed: $2 skipped"
	return 1
}

# --- the trees ---------------------------------------------------------
tree=$W/tree
mkdir -p "$tree" && cp -a "$TREE/." "$tree/" 2>/dev/null
# FAT: no symbolic links, and of names that differ only in case the
# first in sorted order
fattree=$W/fattree
cp -a "$tree" "$fattree" && find "$fattree" -type l -delete
(cd "$fattree" && find . -mindepth 1 | sort | awk '{
	k = tolower($0)
	if (k in seen) print; else seen[k] = 1 }') | while IFS= read -r f; do
	rm -rf "${fattree:?}/$f"
done
nfiles=$(find "$tree" | wc -l)
kb=$(du -sk "$tree" | cut -f1)
echo "makefs: $TREE, $nfiles entries, $((kb / 1024)) MiB; median of" \
    "$ROUNDS runs, wall seconds; trees and images in ${W%/*}"

# --- timing ------------------------------------------------------------
# run IMG CMD...: seconds of the median run, or "fail"; each run into a
# new IMG (removed before, untimed); the last run's IMG is kept
run() {
	local img=$1 i t0 v=()
	shift
	for ((i = 0; i < ROUNDS; i++)); do
		rm -f "$img"
		t0=$(now)
		if ! t_long 600 "$@" >"$W/out" 2>&1 </dev/null; then
			echo fail
			return
		fi
		v+=($(($(now) - t0)))
	done
	secs "$(printf '%s\n' "${v[@]}" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")"
}

ratio() {	# a b: a / b with two decimals, "-" if either failed
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'
}

# line format peername ours peer
line() {
	printf "  %-7s ours %7s s   %-22s %7s s   ours/peer %s\n" "$1" "$3" \
	    "$2" "$4" "$(ratio "$3" "$4")"
}

# check what cmd...: the image's checker, once
check() {
	local what=$1
	shift
	if t_long 600 "$@" >"$W/check" 2>&1 </dev/null; then
		echo "  check $what: clean"
	else
		echo "  check $what: FAILED ($*):"
		tail -5 "$W/check" | sed 's/^/    /'
	fi
}

# isoinfo reads the volume descriptor and lists at least every entry
# with its Rock Ridge name (a command: check runs it under t_long)
ISO_LISTS='isoinfo -d -i "$1" >/dev/null &&
    [ "$(isoinfo -R -f -i "$1" 2>/dev/null | wc -l)" -ge "$2" ]'
iso_check() {	# what image
	check "$1 (isoinfo)" bash -c "$ISO_LISTS" _ "$2" $((nfiles - 1))
}

bench_ffs() {
	local o p
	o=$(run "$W/ours.ffs" "$OURS" -t ffs "$W/ours.ffs" "$tree")
	check "ours ffs (fsck_ffs -n)" "$BIN/fsck_ffs" -n "$W/ours.ffs"
	if [ -z "$PEER" ]; then
		echo "  Debian's makefs not installed: its ffs skipped"
		line ffs - "$o" -
		return
	fi
	p=$(run "$W/peer.ffs" "$PEER" -t ffs "$W/peer.ffs" "$tree")
	check "Debian's ffs (fsck_ffs -n)" "$BIN/fsck_ffs" -n "$W/peer.ffs"
	line ffs "Debian makefs" "$o" "$p"
	rm -f "$W/ours.ffs" "$W/peer.ffs"
}

bench_ext2fs() {
	local o p size
	o=$(run "$W/ours.ext2" "$OURS" -t ext2fs "$W/ours.ext2" "$tree")
	check "ours ext2fs (e2fsck -fn)" e2fsck -fn "$W/ours.ext2"
	size=$(stat -c %s "$W/ours.ext2" 2>/dev/null || echo 0)
	if have mke2fs "mke2fs -d" && [ "$size" -gt 0 ]; then
		p=$(run "$W/peer.ext2" mke2fs -q -F -t ext2 -d "$tree" \
		    "$W/peer.ext2" "$((size / 1024 * 11 / 10))k")
		check "mke2fs -d (e2fsck -fn)" e2fsck -fn "$W/peer.ext2"
		line ext2fs "mke2fs -d" "$o" "$p"
	else
		line ext2fs - "$o" -
	fi
	rm -f "$W/ours.ext2" "$W/peer.ext2"
}

# mkfs.fat IMAGE KIB, then mcopy -s of TREE's entries into it
FAT_PEER='mkfs.fat -C "$1" "$2" && mcopy -s -Q -i "$1" "$3"/* ::/'

bench_msdos() {
	local o p size
	o=$(run "$W/ours.fat" "$OURS" -t msdos "$W/ours.fat" "$fattree")
	check "ours msdos (fsck.fat -n)" fsck.fat -n "$W/ours.fat"
	size=$(stat -c %s "$W/ours.fat" 2>/dev/null || echo 0)
	if have mkfs.fat "mkfs.fat + mcopy" && have mcopy "mkfs.fat + mcopy" &&
	    [ "$size" -gt 0 ]; then
		p=$(run "$W/peer.fat" bash -c "$FAT_PEER" _ "$W/peer.fat" \
		    "$((size / 1024))" "$fattree")
		check "mkfs.fat + mcopy (fsck.fat -n)" fsck.fat -n \
		    "$W/peer.fat"
		line msdos "mkfs.fat + mcopy -s" "$o" "$p"
	else
		line msdos - "$o" -
	fi
	rm -f "$W/ours.fat" "$W/peer.fat"
}

bench_cd9660() {
	local o p x
	o=$(run "$W/ours.iso" "$OURS" -t cd9660 -o rockridge "$W/ours.iso" \
	    "$tree")
	have isoinfo "the ISO checks" && iso_check "ours cd9660" "$W/ours.iso"
	if [ -n "$PEER" ]; then
		p=$(run "$W/peer.iso" "$PEER" -t cd9660 -o rockridge \
		    "$W/peer.iso" "$tree")
		command -v isoinfo >/dev/null &&
		    iso_check "Debian's cd9660" "$W/peer.iso"
		line cd9660 "Debian makefs" "$o" "$p"
	fi
	if have xorriso "xorriso -as mkisofs"; then
		x=$(run "$W/xorriso.iso" xorriso -as mkisofs -quiet -R -J \
		    -o "$W/xorriso.iso" "$tree")
		command -v isoinfo >/dev/null &&
		    iso_check "xorriso" "$W/xorriso.iso"
		line cd9660 "xorriso -R -J" "$o" "$x"
	fi
	rm -f "$W/ours.iso" "$W/peer.iso" "$W/xorriso.iso"
}

for t in $TYPES; do
	case $t in
	ffs|ext2fs|msdos|cd9660) "bench_$t" ;;
	*) echo "makefs.sh: no type $t" ;;
	esac
done
exit 0
