# TAP helpers for shell tests: source this, call t_begin, then
#   t_ok "name" cmd...      passes if cmd succeeds
#   t_fail "name" cmd...    passes if cmd fails
#   t_eq "name" got want    passes if the strings are equal
#   t_skip "name" "why"
# t_tmpdir makes a scratch directory under $O/tmp removed at exit.
O=${O:-build}
BIN=$O/bin
TESTS=$O/tests
_t_n=0
_t_cleanups=()

t_begin() { :; }
t_pass() { _t_n=$((_t_n + 1)); echo "ok $_t_n - $1"; }
t_notok() {
	_t_n=$((_t_n + 1)); echo "not ok $_t_n - $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/# /'
	return 0
}
t_skip() { _t_n=$((_t_n + 1)); echo "ok $_t_n - $1 # SKIP ${2:-}"; }
t_ok() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then t_pass "$name"; else t_notok "$name" "$out"; fi
}
t_fail() {
	local name=$1 out; shift
	if out=$("$@" 2>&1); then t_notok "$name" "unexpectedly succeeded: $out"
	else t_pass "$name"; fi
}
t_eq() {
	if [ "$2" = "$3" ]; then t_pass "$1"
	else t_notok "$1" "got:  $2
want: $3"; fi
}
t_atexit() { _t_cleanups+=("$1"); }
_t_exit() {
	local i
	for ((i = ${#_t_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_t_cleanups[$i]}" >/dev/null 2>&1 || true
	done
}
trap _t_exit EXIT
t_tmpdir() {
	mkdir -p "$O/tmp"
	local d
	d=$(mktemp -d "$(cd "$O/tmp" && pwd)/t.XXXXXX")
	t_atexit "rm -rf '$d'"
	echo "$d"
}
# wait (bounded) until a FUSE mount is up at $1
t_wait_mounted() {
	local i
	for ((i = 0; i < 100; i++)); do
		mountpoint -q "$1" && return 0
		sleep 0.1
	done
	return 1
}
t_have_fuse() { [ -c /dev/fuse ] && command -v fusermount3 >/dev/null; }
