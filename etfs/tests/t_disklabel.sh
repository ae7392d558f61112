#!/usr/bin/env bash
# %DISKLABEL:x% on the x86 layouts: a BSD label in sector 1 of an MBR
# partition of type 0xa9 (NetBSD, offsets from the disk), 0xa5 (FreeBSD,
# offsets from the slice, or from the disk with c at the slice) and 0xa6
# (OpenBSD, offsets from the disk, c the whole disk), the partition past
# the first 64 KiB; an ffs image from makefs in partition a.  fsu_ls must
# list it.  A broken or missing label is a one-line error.  The MBR and
# the labels are written here byte by byte.
set -u
. tests/lib.sh
t_begin
if ! command -v makefs >/dev/null; then
	t_skip "disklabels in MBR partitions" "makefs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
mkdir -p "$tmp/tree"
echo hello >"$tmp/tree/hello"
makefs -t ffs -s 4m "$tmp/fs.img" "$tmp/tree" >/dev/null 2>&1
DISK=$tmp/disk.img
SLICE=2048		# sectors: where the BSD partition starts
SLSIZE=14336

B=()			# bytes being built
put() {		# offset width value: little-endian
	local i
	for ((i = 0; i < $2; i++)); do B[$1 + i]=$(( ($3 >> (8 * i)) & 255 )); done
}
flush() {	# byte offset in $DISK, length: write B[0..length) there
	local i s=
	for ((i = 0; i < $2; i++)); do s+=$(printf '\\x%02x' "${B[i]:-0}"); done
	printf "$s" | dd of="$DISK" bs=1 seek="$1" conv=notrunc 2>/dev/null
}
# a blank 8 MiB disk whose MBR entry $1 (1..4) has type $2 and covers the
# BSD partition; a Linux partition in another entry, to be passed over
newdisk() {	# entry type
	local e=$((446 + ($1 - 1) * 16)) o=$((446 + ($1 % 4) * 16))
	rm -f "$DISK"
	truncate -s 8M "$DISK"
	B=()
	put $((e + 4)) 1 "$2"; put $((e + 8)) 4 $SLICE; put $((e + 12)) 4 $SLSIZE
	put $((o + 4)) 1 0x83; put $((o + 8)) 4 64; put $((o + 12)) 4 1024
	put 510 1 0x55; put 511 1 0xaa
	flush 0 512
}
# a label at sector 1 of the slice: partitions "size offset" pairs from a
label() {	# badsum size off [size off ...]
	local bad=$1 n=0 i sum=0
	shift
	B=()
	put 0 4 0x82564557; put 40 4 512; put 132 4 0x82564557
	while [ $# -ge 2 ]; do
		put $((148 + n * 16)) 4 "$1"; put $((148 + n * 16 + 4)) 4 "$2"
		n=$((n + 1)); shift 2
	done
	put 138 2 $n
	# d_checksum: the 16-bit xor of the whole label comes out zero
	for ((i = 0; i < 148 + n * 16; i += 2)); do
		sum=$(( sum ^ (${B[i]:-0} | ${B[i + 1]:-0} << 8) ))
	done
	put 136 2 $(( sum ^ bad ))
	flush $(( (SLICE + 1) * 512 )) $((148 + n * 16))
}
fsat() {	# sector: the ffs image there
	dd if="$tmp/fs.img" of="$DISK" bs=512 seek="$1" conv=notrunc \
	    2>/dev/null
}
lists() {	# name [letter]
	local out
	out=$(t_to "$BIN/fsu_ls" "$DISK%DISKLABEL:${2:-a}%" / 2>&1)
	t_eq "$1: fsu_ls lists the file system" "$out" "hello"
}
fails() {	# name message-pattern
	local out rc
	out=$(t_to "$BIN/fsu_ls" "$DISK%DISKLABEL:a%" / 2>&1)
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -lt 124 ] &&
	    [ "$(printf '%s\n' "$out" | grep -c .)" = 1 ] &&
	    printf '%s\n' "$out" | grep -q "$2"; then
		t_pass "$1: one-line error ($out)"
	else
		t_notok "$1: one-line error" "exit $rc: $out"
	fi
}
FS=8192		# ffs size in sectors (4 MiB)

# NetBSD: offsets from the disk; c the NetBSD partition, d the disk
newdisk 1 0xa9
label 0 $FS $((SLICE + 64)) 0 0 $SLSIZE $SLICE 16384 0
fsat $((SLICE + 64))
lists "NetBSD 0xa9"
t_eq "NetBSD 0xa9: an unused partition" \
    "$(t_to "$BIN/fsu_ls" "$DISK%DISKLABEL:b%" / 2>&1 | grep -c 'unused')" 1

# FreeBSD as bsdlabel writes it now: offsets from the slice, c at 0
newdisk 2 0xa5
label 0 $FS 16 0 0 $SLSIZE 0
fsat $((SLICE + 16))
lists "FreeBSD 0xa5, offsets from the slice"

# FreeBSD, the historical form: offsets from the disk, c at the slice
newdisk 1 0xa5
label 0 $FS $((SLICE + 16)) 0 0 $SLSIZE $SLICE
fsat $((SLICE + 16))
lists "FreeBSD 0xa5, offsets from the disk"

# OpenBSD: offsets from the disk, c the whole disk
newdisk 3 0xa6
label 0 $FS $((SLICE + 64)) 0 0 16384 0
fsat $((SLICE + 64))
lists "OpenBSD 0xa6"

# broken and missing labels
newdisk 1 0xa9
label 0 10000000 $((SLICE + 64)) 0 0 $SLSIZE $SLICE
fsat $((SLICE + 64))
fails "a partition past the end" "past the end"
newdisk 1 0xa9
label 1 $FS $((SLICE + 64)) 0 0 $SLSIZE $SLICE
fsat $((SLICE + 64))
fails "bad checksum" "bad checksum"
newdisk 1 0xa9
fails "no label in the NetBSD partition" "no disklabel"
newdisk 1 0x83
fails "no BSD partition at all" "no disklabel"
exit 0
