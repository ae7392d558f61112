#!/usr/bin/env bash
# `make fuzz`: each libFuzzer target (FUZZ_TARGETS, built in $O/fuzz) for
# FUZZ_SECONDS (default 30) from tests/fuzz/corpus/<driver>, with
# tests/fuzz/<driver>.dict.  New inputs go to a scratch copy of the
# corpus, never into the tree; a crash, a leak or a timeout (an input
# over FUZZ_TIMEOUT seconds, default 5) fails the run and leaves its input
# in $O/fuzz/findings/<driver>/ to be turned into a regression image.
# FUZZ_SEED fixes libFuzzer's random seed (CI uses one, so that a run
# repeats what was run before it landed, as far as timing allows).
set -u
O=${O:-build-fuzz}
SECS=${FUZZ_SECONDS:-30}
TIMEOUT=${FUZZ_TIMEOUT:-5}
rc=0
for t in $FUZZ_TARGETS; do
	drv=${t#fuzz_}
	bin=$O/fuzz/$t
	corpus=tests/fuzz/corpus/$drv
	out=$O/fuzz/findings/$drv
	scratch=$O/fuzz/corpus.$drv
	[ -x "$bin" ] || { echo "fuzz: $bin missing"; rc=1; continue; }
	rm -rf "$scratch" && mkdir -p "$scratch" "$out"
	opts=()
	[ -f tests/fuzz/$drv.dict ] && opts=(-dict=tests/fuzz/$drv.dict)
	[ -n "${FUZZ_SEED:-}" ] && opts+=(-seed="$FUZZ_SEED")
	echo "=== $t: ${SECS} s"
	# the driver's corruption reports go to the console: captured by
	# the target; libFuzzer's own lines are what is left
	if "$bin" -max_total_time="$SECS" -timeout="$TIMEOUT" \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$out/" "${opts[@]}" "$scratch" "$corpus" \
	    >"$O/fuzz/$t.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^Done' \
		    "$O/fuzz/$t.log" | sed 's/^/  /'
	else
		echo "fuzz: $t found a problem; its input is in $out:"
		grep -E 'ERROR|SUMMARY|Test unit written' "$O/fuzz/$t.log" |
		    head -5 | sed 's/^/  /'
		rc=1
	fi
done
exit $rc
