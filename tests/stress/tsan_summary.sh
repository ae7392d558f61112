#!/usr/bin/env bash
# tsan_summary.sh LOG...: one line per distinct ThreadSanitizer report in
# the logs (TSAN_OPTIONS=log_path=...): the kind, then the two accesses as
# "access file:line function" (the first stack frame of each), and where
# the memory is; most frequent first, with the count.
awk '
function frame(s,   a) {	# "#0 func file:line (obj)" -> "file:line func"
	split(s, a, " ")
	return a[3] " " a[2]
}
/WARNING: ThreadSanitizer:/ {
	kind = $0; sub(/.*ThreadSanitizer: /, "", kind); sub(/ \(pid.*/, "", kind)
	acc = ""; n = 0; want = 0; loc = ""; next
}
/^  (Write|Read|Atomic|Previous|Mutex M[0-9]+ acquired|Cycle)/ {
	w = $0; sub(/^  /, "", w); sub(/ at 0x.*/, "", w); sub(/ of size [0-9]+/, "", w)
	want = 1; next
}
want && /^    #0 / {
	acc = acc (n++ ? "  vs  " : "") w ": " frame($0); want = 0; next
}
/^  Location is/ { loc = $0; sub(/^  Location is /, "", loc); sub(/ at 0x[0-9a-f]+/, "", loc); sub(/ \(.*/, "", loc); sub(/ allocated by.*/, "", loc) }
/^SUMMARY:/ { seen[kind ": " acc (loc != "" ? "  [" loc "]" : "")]++ }
END { for (k in seen) printf "%5d  %s\n", seen[k], k }
' "$@" | sort -rn
