#!/usr/bin/env bash
# `make crash`: the long version of t_crash.sh: CRASH_POINTS (30) kill
# points per file system, three workload rounds, ext2 with 4 KiB blocks
# too, FAT16, no time budget.  The CRASH_* variables of t_crash.sh
# override these.
# Ends with "N passed, N failed, N skipped"; exit 1 if anything failed.
set -u
O=${O:-build}
export O
export CRASH_POINTS=${CRASH_POINTS:-30}
export CRASH_ROUNDS=${CRASH_ROUNDS:-3}
export CRASH_FS=${CRASH_FS:-ufs1 ufs2 ext2 ext2-4k msdos}
export CRASH_BUDGET=${CRASH_BUDGET:-100000}
trap 'exit 130' INT
trap 'exit 143' TERM
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash tests/crash/t_crash.sh | tee "$out"
pass=$(grep -c '^ok ' "$out")
skip=$(grep -c '^ok .*# SKIP' "$out")
fail=$(grep -c '^not ok' "$out")
echo "summary:"
grep '^# [^ ]*: [0-9]* points passed\|^# [^ ]* failures:' "$out"
echo "$((pass - skip)) passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
