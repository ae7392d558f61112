#!/usr/bin/env bash
# `make bench`: runs every benchmark program and benchmark script; each
# prints its own side-by-side lines (ours vs the host or a peer, and ratios).
# Each is bounded (BENCH_TIMEOUT seconds, default 1800) and stays in the
# terminal's process group (--foreground), so that a Ctrl-C reaches it and
# its own exit trap unmounts and kills what it started.
set -u
O=${O:-build}
LIMIT=${BENCH_TIMEOUT:-1800}
# a benchmark script ends on Ctrl-C by exiting, not by dying of SIGINT, so
# bash would go on with the next: trapped, it ends this loop too
trap 'exit 130' INT
trap 'exit 143' TERM
rc=0
for b in $BENCHES; do
	echo "=== $b"
	timeout --foreground -k 10 "$LIMIT" "$O/bench/$b" || rc=1
done
for s in bench/*.sh; do
	[ -e "$s" ] || continue
	echo "=== $s"
	O="$O" timeout --foreground -k 10 "$LIMIT" bash "$s" || rc=1
done
exit $rc
