#!/usr/bin/env bash
# The test runner of `make check`.  Every test speaks TAP ("ok N - name",
# "not ok N - name", "ok N - name # SKIP why"): cmocka unit tests through
# CMOCKA_MESSAGE_OUTPUT=TAP, shell tests by printing the lines themselves.
# A test program that exits non-zero without reporting a failure counts as
# one failure.  The last line is "N passed, N failed, N skipped".
set -u
O=${O:-build}
pass=0 fail=0 skip=0
failed=()
logdir=$O/test-logs
mkdir -p "$logdir"

tally() {	# $1: name of the test program, stdin: its output
	local name=$1 line saw_fail=0
	while IFS= read -r line; do
		case $line in
		"ok"*"# SKIP"*|"ok"*"# skip"*|"not ok"*"# SKIP"*)
			# cmocka's skip() prints "not ok N # SKIP name"
			skip=$((skip + 1)) ;;
		"not ok"*)
			fail=$((fail + 1)); saw_fail=1
			failed+=("$name: ${line#not ok }"); echo "  $line" ;;
		"ok "*)
			pass=$((pass + 1)) ;;
		esac
	done
	return $saw_fail
}

run_one() {	# $1: name, rest: command
	local name=$1; shift
	local log=$logdir/$(echo "$name" | tr '/ ' '__').log
	echo "== $name"
	CMOCKA_MESSAGE_OUTPUT=TAP timeout -k 10 "${TEST_TIMEOUT:-600}" "$@" >"$log" 2>&1
	local rc=$?
	tally "$name" <"$log"
	local saw_fail=$?
	if [ $rc -ne 0 ] && [ $saw_fail -eq 0 ]; then
		fail=$((fail + 1)); failed+=("$name: exited with status $rc")
		echo "  not ok - $name exited with status $rc (log: $log)"
		tail -n 20 "$log" | sed 's/^/  | /'
	fi
}

run_one anykernel bash tests/anykernel.sh $KERN_OBJS
for t in $UNIT_TESTS; do
	run_one "$t" "$O/tests/$t"
done
for t in $SH_TESTS; do
	run_one "$t" env O="$O" bash "$t"
done

if [ ${#failed[@]} -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failed[@]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
