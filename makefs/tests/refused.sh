# sourced by the makefs tests: refused NAME PATTERN ARGS... passes when
# makefs (run under $RUN, if set) fails with one line holding PATTERN
# and leaves no image at $tmp/bad.
RUN=
refused() {
	local name=$1 pat=$2 out
	shift 2
	rm -f "$tmp/bad"
	if out=$(t_refused "$pat" $RUN $MAKEFS "$@" 2>&1) &&
	    [ ! -e "$tmp/bad" ]; then
		t_pass "$name"
	else
		t_notok "$name" "$out"
	fi
}
