#!/usr/bin/env bash
# The fuzz targets' walk (tests/fuzz/fuzz_fs.c, through fuzz_replay) on
# every seed of tests/fuzz/corpus/<driver> and every image fuzzing once
# broke, tests/fuzz/regress/<driver>: each must go through (mounted or
# refused, walked, changed, unmounted) with no crash and no sanitizer
# report.  A regression image's name says what it broke.
set -u
. tests/lib.sh
REPLAY=$O/tests/fuzz_replay
for dir in tests/fuzz/corpus/* tests/fuzz/regress/*; do
	[ -d "$dir" ] || continue
	drv=${dir##*/}
	for img in "$dir"/*; do
		[ -f "$img" ] || continue
		name="${dir#tests/fuzz/}/${img##*/}"
		if out=$(timeout -k 5 60 "$REPLAY" "$drv" "$img" 2>&1); then
			t_pass "$name"
		else
			t_notok "$name"
			printf '%s\n' "$out" | tail -5 | sed 's/^/# /'
		fi
	done
done
