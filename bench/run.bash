#!/usr/bin/env bash
# `make bench`: runs every benchmark program and benchmark script; each
# prints its own side-by-side lines (ours vs the host or a peer, and ratios).
set -u
O=${O:-build}
rc=0
for b in $BENCHES; do
	echo "=== $b"
	"$O/bench/$b" || rc=1
done
for s in bench/*.sh; do
	[ -e "$s" ] || continue
	echo "=== $s"
	O="$O" bash "$s" || rc=1
done
exit $rc
