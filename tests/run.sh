#!/usr/bin/env bash
# The test runner of `make check`.  Every test speaks TAP ("ok N - name",
# "not ok N - name", "ok N - name # SKIP why"): cmocka unit tests through
# CMOCKA_MESSAGE_OUTPUT=TAP, shell tests by printing the lines themselves.
# A test program that exits non-zero without reporting a failure counts as
# one failure; one killed by a signal (a crash) or by the time limit
# (TEST_TIMEOUT seconds, default 240) counts as a failure whatever it
# printed.  Each "== name" line ends with the program's wall time.  The last
# line is "N passed, N failed, N skipped".
#
# Nothing outlives the run: each test program runs under timeout in a
# process group of its own; an interrupt (INT, TERM, HUP) stops it (its
# exit trap and watchdog, tests/lib.sh, unmount and kill its servers); if
# the runner itself is killed, a watchdog of its own does the same.  The
# tests' scratch, $O/tmp, and their TMPDIR (where their mount points are),
# a directory of this build directory's own under ${TMPDIR:-/tmp}, are
# swept (mounts detached, then removed) at the start, for what an
# interrupted run left, and at the end.
set -u
O=${O:-build}
TEST_TIMEOUT=${TEST_TIMEOUT:-240}
T_LIB_NOINIT=1
. tests/lib.sh
pass=0 fail=0 skip=0
failed=()
logdir=$O/test-logs
mkdir -p "$logdir"
running=$logdir/.running	# "pid start" of the running test's timeout
testtmp=$(realpath -m -- "$O" | md5sum | cut -c1-12)
testtmp=${TMPDIR:-/tmp}/rumpfs-check.$testtmp
run_t0=${EPOCHREALTIME/./}

# A failure is shown with the diagnostics ("# ..." lines, at most the
# last 8) its test printed since the previous result line: the log of a
# CI run is gone with its machine, so the reason must be in what is shown.
tally() {	# $1: name of the test program, stdin: its output
	local name=$1 line saw_fail=0 diag=()
	while IFS= read -r line; do
		case $line in
		"ok"*"# SKIP"*|"ok"*"# skip"*|"not ok"*"# SKIP"*)
			# cmocka's skip() prints "not ok N # SKIP name"
			skip=$((skip + 1)); diag=() ;;
		"not ok"*)
			fail=$((fail + 1)); saw_fail=1
			failed+=("$name: ${line#not ok }"); echo "  $line"
			[ ${#diag[@]} -gt 0 ] && printf '  | %s\n' "${diag[@]}"
			diag=() ;;
		"ok "*)
			pass=$((pass + 1)); diag=() ;;
		"#"*)
			diag+=("$line")
			[ ${#diag[@]} -gt 8 ] && diag=("${diag[@]:1}") ;;
		esac
	done
	return $saw_fail
}

secs() {	# microseconds -> "12.3 s"
	printf '%d.%d s' $(($1 / 1000000)) $(($1 % 1000000 / 100000))
}

# stop a running test: TERM to timeout, which passes it on to the test's
# process group; the whole group is killed if it is not gone in 20 s
stop_test() {	# pid start
	local i
	_t_alive "$1" "$2" || return 0
	kill -TERM "$1" 2>/dev/null
	for ((i = 0; i < 200; i++)); do
		_t_alive "$1" "$2" || return 0
		sleep 0.1
	done
	kill -KILL -- -"$1" "$1" 2>/dev/null
}

# the runner's watchdog: the runner is gone (killed), so stop its test
# and remove the scratch
orphaned() {
	local pid start
	read -r pid start <"$running" 2>/dev/null && stop_test "$pid" "$start"
	rm -f "$running"
	_t_sweep "$O/tmp" "$testtmp"
}

interrupted() {	# exit status
	local pid start
	trap '' INT TERM HUP	# once is enough: let the cleanup finish
	echo
	echo "interrupted: stopping the running test"
	read -r pid start <"$running" 2>/dev/null && stop_test "$pid" "$start"
	rm -f "$running"
	_t_sweep "$O/tmp" "$testtmp"
	_t_wd_done
	echo "$pass passed, $fail failed, $skip skipped (interrupted)"
	exit "$1"
}

run_one() {	# $1: name, rest: command
	local name=$1 log t0 us rc pid saw_fail
	shift
	log=$logdir/$(echo "$name" | tr '/ ' '__').log
	printf '== %s' "$name"
	t0=${EPOCHREALTIME/./}
	# in the background, so that a signal to the runner interrupts the
	# wait at once; signals back to default (a background job starts
	# with SIGINT ignored); the watchdog's pipe is not the test's
	CMOCKA_MESSAGE_OUTPUT=TAP env --default-signal \
	    timeout -k 10 "$TEST_TIMEOUT" "$@" >"$log" 2>&1 </dev/null \
	    {_t_wdfd}>&- &
	pid=$!
	_t_starttime "$pid" && echo "$pid $_t_st" >"$running"
	# (stderr: no "Killed" line from bash for a test killed by a signal;
	# the tally says it)
	{ wait "$pid"; } 2>/dev/null
	rc=$?
	rm -f "$running"
	us=$((${EPOCHREALTIME/./} - t0))
	echo " ($(secs $us))"
	tally "$name" <"$log"
	saw_fail=$?
	# 124: timeout's TERM ended it; 137: its KILL 10 s later (or a KILL)
	if [ $rc -eq 124 ] || { [ $rc -eq 137 ] &&
	    [ $us -ge $((TEST_TIMEOUT * 1000000)) ]; }; then
		fail=$((fail + 1))
		failed+=("$name: killed after ${TEST_TIMEOUT} s")
		echo "  not ok - $name killed after ${TEST_TIMEOUT} s (log: $log)"
		tail -n 20 "$log" | sed 's/^/  | /'
	elif [ $rc -gt 128 ]; then
		fail=$((fail + 1))
		failed+=("$name: killed by signal $((rc - 128))")
		echo "  not ok - $name killed by signal $((rc - 128)) (log: $log)"
		tail -n 20 "$log" | sed 's/^/  | /'
	elif [ $rc -ne 0 ] && [ $saw_fail -eq 0 ]; then
		fail=$((fail + 1)); failed+=("$name: exited with status $rc")
		echo "  not ok - $name exited with status $rc (log: $log)"
		tail -n 20 "$log" | sed 's/^/  | /'
	fi
}

_t_sweep "$O/tmp" "$testtmp"	# what an interrupted run may have left
# 755: the servers tests' unprivileged user must reach mount points in it
mkdir -p "$testtmp" && chmod 755 "$testtmp" && export TMPDIR=$testtmp
_T_WD_VARS="O running testtmp"
_t_watchdog orphaned
trap 'interrupted 130' INT
trap 'interrupted 143' TERM
trap 'interrupted 129' HUP

run_one anykernel bash tests/anykernel.sh $KERN_OBJS
for t in $UNIT_TESTS; do
	run_one "$t" "$O/tests/$t"
done
for t in $SH_TESTS; do
	run_one "$t" env O="$O" bash "$t"
done

_t_sweep "$O/tmp" "$testtmp"
_t_wd_done
if [ ${#failed[@]} -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failed[@]}"
fi
echo "all tests: $(secs $((${EPOCHREALTIME/./} - run_t0)))"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
