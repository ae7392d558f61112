#!/usr/bin/env bash
# `make stress`: the long version of t_stress.sh: 16 workers, tens of
# thousands of operations each, several seeds, in-process and through
# FUSE, each image checked after every run and after several runs in a
# row.  The STRESS_* variables of t_stress.sh override these.  Ends with
# "N passed, N failed, N skipped"; exit 1 if anything failed.
set -u
O=${O:-build}
export O
export STRESS_WORKERS=${STRESS_WORKERS:-16}
export STRESS_OPS=${STRESS_OPS:-20000}
export STRESS_SEEDS=${STRESS_SEEDS:-1 2 3}
export STRESS_REPEAT=${STRESS_REPEAT:-3}
export STRESS_TIMEOUT=${STRESS_TIMEOUT:-900}
trap 'exit 130' INT
trap 'exit 143' TERM
out=$(mktemp)
trap 'rm -f "$out"' EXIT
bash tests/stress/t_stress.sh | tee "$out"
pass=$(grep -c '^ok ' "$out")
skip=$(grep -c '^ok .*# SKIP' "$out")
fail=$(grep -c '^not ok' "$out")
echo "$((pass - skip)) passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
