#!/usr/bin/env bash
# The workload of t_crash.sh, run on a mounted file system until it ends or
# the server dies under it (then the first command that fails ends it):
#   workload.sh MNT SRC DATA LEDGER ROUNDS [XDIR]
# MNT the mount point; SRC a tree to copy (small and large files,
# subdirectories, symlinks, hard links); DATA a host directory of files to
# write and acknowledge (made by t_crash.sh: small.N, mid.N, big.N,
# app.N.K and app.N, their concatenation; DATA/sums says "sha256 size
# name" of each); LEDGER a host file; XDIR 0: directories are renamed
# within their parent only (default 1: into other directories too).
#
# Each round copies the tree, renames files and directories (across
# directories, over existing targets), makes directories, writes a large
# file with dd conv=fsync, appends, and removes the previous round's tree.
# Mixed in are acknowledged points: a file written, then `sync FILE`
# (fsync) and `sync DIR` (fsync of its parent); only after both returned
# does "F path sha256 size name" (name: the file in DATA) go into the
# ledger.  A directory made, then its
# parent fsynced, goes in as "D path".  Acknowledged files and directories
# are never changed afterwards: after a crash each must be there, intact.
# Every command touching the mount runs under timeout.
set -u
mnt=$1 src=$2 data=$3 ledger=$4 rounds=$5 xdir=${6:-1}

to() { timeout -k 2 30 "$@"; }
# run a step; a failure (the server died) ends the workload
step() {
	to "$@" && return 0
	echo "workload: failed: $*" >&2
	exit 1
}
# "sha256 size name" of DATA/NAME
sum_of() { awk -v f="$1" '$3 == f { print; exit }' "$data/sums"; }

# ack_file HOSTFILE PATH: write, fsync the file, fsync the parent, record
ack_file() {
	step cp "$data/$1" "$mnt/$2"
	step sync "$mnt/$2"
	step sync "$mnt/$(dirname "$2")"
	echo "F $2 $(sum_of "$1")" >>"$ledger"
}
# ack_dir PATH: mkdir, fsync the parent, record
ack_dir() {
	step mkdir "$mnt/$1"
	step sync "$mnt/$(dirname "$1")"
	echo "D $1" >>"$ledger"
}

ack_dir acked
for ((r = 1; r <= rounds; r++)); do
	t=t$r
	if [ "$xdir" = 1 ]; then
		moved=$t/d1/moved empty=$t/empty
	else
		moved=$t/moved empty=$t/d3/empty
	fi
	# the tree copy
	step cp -a "$src" "$mnt/$t"
	ack_dir "acked/r$r"
	ack_file "small.$r" "acked/r$r/small"
	# renames: a directory into another, a file across directories, a
	# file over an existing one, a directory over an empty one
	step mv "$mnt/$t/d0" "$mnt/$moved"
	step mv "$mnt/$t/d2/f3" "$mnt/$t/d3/f3.new"
	step mv -T "$mnt/$t/d2/f4" "$mnt/$t/d2/f5"
	step mkdir "$mnt/$empty"
	step mv -T "$mnt/$t/d3/sub" "$mnt/$empty"
	# large writes, one acknowledged
	step dd if="$data/big.$r" of="$mnt/acked/r$r/big" bs=256k \
	    conv=fsync status=none
	step sync "$mnt/acked/r$r"
	echo "F acked/r$r/big $(sum_of "big.$r")" >>"$ledger"
	step dd if="$data/mid.$r" of="$mnt/$t/dd.mid" bs=64k conv=fsync \
	    status=none
	# mkdirs
	step mkdir -p "$mnt/$t/m/a/b/c" "$mnt/$t/m/x/y"
	ack_dir "acked/r$r/sub"
	# appends: to a file nobody acknowledges, then to one that is
	for f in "$data"/app."$r".*; do
		step dd if="$f" of="$mnt/$t/m/a/log" oflag=append \
		    conv=notrunc status=none
	done
	step touch "$mnt/acked/r$r/sub/log"
	for f in "$data"/app."$r".*; do
		step dd if="$f" of="$mnt/acked/r$r/sub/log" oflag=append \
		    conv=notrunc status=none
	done
	step sync "$mnt/acked/r$r/sub/log"
	step sync "$mnt/acked/r$r/sub"
	echo "F acked/r$r/sub/log $(sum_of "app.$r")" >>"$ledger"
	# removals: a moved subtree, the previous round's tree
	step rm -rf "$mnt/$moved"
	if [ "$r" -gt 1 ]; then
		step rm -rf "$mnt/t$((r - 1))"
	fi
	ack_file "mid.$r" "acked/r$r/sub/mid"
done
echo "workload: done" >&2
