# Helpers for shell tests (and the demo and benchmarks).  Source this from
# the top of the tree.
#
# TAP:
#   t_ok "name" cmd...      passes if cmd succeeds
#   t_fail "name" cmd...    passes if cmd fails
#   t_eq "name" got want    passes if the strings are equal
#   t_skip "name" "why"
#   t_atexit "shell code"   run at exit (last registered first)
#   t_refused "pat1|pat2..." cmd...   cmd fails (not by timeout) with one
#                 line on stderr holding every pattern, and mounts nothing
#                 under our directories; else says why and fails
#
# A FUSE request that a server has read but never answers puts the caller
# in uninterruptible sleep, and so every later command that stats that
# mount point (make, ls, du, find, git status).  Hence:
#   t_tmpdir      scratch (images, trees) under $O/tmp; removed at exit
#   t_mntdir      a private mount-point directory under ${TMPDIR:-/tmp},
#                 outside the work tree; removed at exit.  Mount nothing
#                 anywhere else.
#   t_serve MNT CMD...   start server CMD (a foreground server, e.g.
#                 rump_ext2fs -f img MNT) in the background, output appended
#                 to $T_SERVE_LOG, pid in SPID; wait (10 s at most) until MNT
#                 is mounted; non-zero (and nothing left) if it is not.
#                 Call it in the script's own shell, not in $(...) or t_ok:
#                 SPID would be lost.
#   t_daemon MNT CMD...  CMD daemonises once MNT is up (a server without -f,
#                 mount(8)); then its server is adopted as below.
#   t_adopt MNT   put the server of an existing mount under the watchdog
#                 (the process naming MNT that holds /dev/fuse); SPID.
#   t_watch PID MNT  put server PID (started by the caller) of MNT under
#                 the watchdog, for callers that time the start themselves.
#   t_unserve MNT [SIGNAL]  stop MNT's server: fusermount3 -u (or send
#                 SIGNAL), wait 10 s (T_UNSERVE_WAIT) at most for it to
#                 exit, else SIGKILL it and detach the mount; the server's
#                 exit status (124 on timeout; 0 for one started elsewhere,
#                 t_daemon, t_adopt or t_watch, whose status is unknown).
#   t_mounted MNT          is MNT a mount point (per /proc/self/mountinfo)?
#   t_wait_mounted MNT, t_wait_unmounted MNT   the same, waiting 10 s at most
#   t_to cmd...   timeout -k 2 30 cmd: every command that touches a mount
#                 point runs under it (or a timeout of its own).
#   t_long SECS cmd...  the same with SECS, for long steps (benchmarks): run
#                 in the background, so that a Ctrl-C stops it at once.
# Every server registered by t_serve/t_daemon/t_adopt is watched by a
# process in a session of its own: when this script ends, however (exit,
# signal, SIGKILL), it aborts the FUSE connection, kills the server by pid,
# detaches the mount lazily and removes the scratch and mount directories.
# Nothing here ever stats a mount point: the mount table says what is
# mounted, and mounts are detached by name (umount -c, no canonicalising).
O=${O:-build}
BIN=$O/bin
TESTS=$O/tests
_t_n=0
_t_cleanups=()
# the watchdog's pipe; children close it ({_t_wdfd}>&-).  Until there is
# one, a number nothing uses, so that closing it is harmless
_t_wdfd=254

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
_t_nmounts() { _t_mounts_under "$_T_PRIV" "$_T_SCRATCH" | wc -l; }
t_refused() {	# "pat1|pat2..." cmd...
	local pats=$1 err rc before p pat
	shift
	before=$(_t_nmounts)
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	[ $rc -ne 0 ] && [ $rc -ne 124 ] || { echo "status $rc: $err"; return 1; }
	[ "$(_t_nmounts)" = "$before" ] || { echo "mounted: $err"; return 1; }
	[ "$(printf '%s\n' "$err" | wc -l)" = 1 ] || { echo "not one line: $err"; return 1; }
	IFS='|' read -ra p <<<"$pats"
	for pat in "${p[@]}"; do
		[[ $err == *"$pat"* ]] || { echo "no '$pat' in: $err"; return 1; }
	done
}
t_have_fuse() { [ -c /dev/fuse ] && command -v fusermount3 >/dev/null; }
t_to() { timeout -k 2 30 "$@"; }
# timeout puts its command in a process group of its own, out of reach of
# a Ctrl-C, and bash defers a trapped signal until its foreground command
# ends; a background command and `wait` let the INT trap run at once.
# Signals back to their defaults (a background job starts with SIGINT
# ignored), stdin kept (it would be /dev/null).
t_long() {	# secs cmd...
	local rc
	env --default-signal timeout -k 5 "$@" 0<&0 {_t_wdfd}>&- &
	_t_long=$!
	{ wait "$_t_long"; } 2>/dev/null	# no "Killed" line from bash
	rc=$?
	_t_long=
	return $rc
}

# --- processes ---------------------------------------------------------
# _t_st := the start time of live process $1 (not a zombie); false if none.
# A pid with its start time names one process even after the pid is reused.
_t_starttime() {
	local s
	{ read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
	s=${s##*) }
	# shellcheck disable=SC2086
	set -- $s
	[ "$1" != Z ] || return 1
	_t_st=${20}
}
_t_alive() { _t_starttime "$1" && [ "$_t_st" = "$2" ]; }	# pid start
# wait (up to $3 seconds) until process $1 (start time $2) has ended
_t_wait_gone() {
	local i
	for ((i = 0; i < $3 * 20; i++)); do
		_t_alive "$1" "$2" || return 0
		sleep 0.05
	done
	! _t_alive "$1" "$2"
}

# --- the mount table ---------------------------------------------------
# _t_c := path $1 made absolute with its parent's symlinks resolved; the
# path itself is never looked up (it may be a wedged mount)
_t_canon() {
	local p=$1 d
	while [[ $p == */ && $p != / ]]; do p=${p%/}; done
	[[ $p == /* ]] || p=$PWD/$p
	d=${p%/*}
	d=$(cd -P -- "${d:-/}" 2>/dev/null && pwd) || d=${p%/*}
	_t_c=${d%/}/${p##*/}
}
# _t_e := $1 escaped as /proc/self/mountinfo writes paths
_t_esc() {
	local e=${1//\\/\\134}
	e=${e// /\\040}
	e=${e//$'\t'/\\011}
	_t_e=${e//$'\n'/\\012}
}
# is the canonical path $1 a mount point?  _t_cn := its FUSE connection
# (the device minor number) if it is a FUSE mount, else empty
_t_mountinfo() {
	local _a _b mm _d mp rest
	_t_esc "$1"
	_t_cn=
	while read -r _a _b mm _d mp rest; do
		[ "$mp" = "$_t_e" ] || continue
		case " $rest" in
		*" - fuse "*|*" - fuse."*|*" - fuseblk "*) _t_cn=${mm#*:} ;;
		esac
		return 0
	done </proc/self/mountinfo
	return 1
}
t_mounted() { _t_canon "$1" && _t_mountinfo "$_t_c"; }
_t_wait_mount() {	# want(0 mounted, 1 not) mnt [seconds]
	local i
	_t_canon "$2"
	for ((i = 0; i < ${3:-10} * 20; i++)); do
		if _t_mountinfo "$_t_c"; then
			[ "$1" = 0 ] && return 0
		else
			[ "$1" = 1 ] && return 0
		fi
		sleep 0.05
	done
	return 1
}
t_wait_mounted() { _t_wait_mount 0 "$@"; }
t_wait_unmounted() { _t_wait_mount 1 "$@"; }
# the mount points at or under the directories $@, deepest first
_t_mounts_under() {
	local _a _b _c _d mp d
	local -a dirs=()
	for d; do _t_canon "$d"; dirs+=("$_t_c"); done
	while read -r _a _b _c _d mp _; do
		printf -v mp '%b' "$mp"
		for d in "${dirs[@]}"; do
			case $mp in "$d"|"$d"/*) printf '%s\n' "$mp"; break ;; esac
		done
	done </proc/self/mountinfo | sort -r
}
# make mount $1 (a canonical path: from the mount table or the registry)
# go away without touching it: abort its FUSE connection (frees every
# process stuck on it), then detach it lazily
_t_detach() {
	if _t_mountinfo "$1" && [ -n "$_t_cn" ] &&
	    [ -w "/sys/fs/fuse/connections/$_t_cn/abort" ]; then
		echo 1 >"/sys/fs/fuse/connections/$_t_cn/abort"
	fi 2>/dev/null
	timeout -k 1 5 umount -l -c -- "$1" 2>/dev/null ||
	    timeout -k 1 5 fusermount3 -u -z -- "$1" 2>/dev/null
}
# detach every mount under the directories $@, then remove them; rm does
# not cross into a mount it might have missed
_t_sweep() {
	local m
	while IFS= read -r -u 3 m; do
		_t_detach "$m"
	done 3< <(_t_mounts_under "$@")
	timeout -k 2 60 rm -rf --one-file-system -- "$@" 2>/dev/null
	return 0
}

# --- the watchdog ------------------------------------------------------
# _t_watchdog CMD...: run CMD (a function of this shell: every function and
# the variables named in _T_WD_VARS are passed on) in a process of its own
# session, so no signal to this script's process group reaches it, once
# this shell ($$) is gone: it reads a pipe whose write end only this shell
# holds, so it sees end-of-file when the shell dies, even by SIGKILL; a
# child that inherited the pipe would delay that, so it also polls the
# shell's pid every second.  A "done" line ends it without running CMD.
_t_watchdog() {
	local code=
	_t_starttime $$ || return 1
	# shellcheck disable=SC2086
	[ -z "${_T_WD_VARS:-}" ] || code=$(declare -p $_T_WD_VARS 2>/dev/null)
	code="$code
$(declare -f)
_t_wd_main \"\$@\""
	exec {_t_wdfd}> >(exec setsid bash -c "$code" t_watchdog "$$" "$_t_st" \
	    "$@" >&2)
	_t_wdpid=$!
}
_t_wd_main() {	# pid start cmd...
	local pid=$1 start=$2 line rc
	shift 2
	trap '' INT QUIT HUP
	while :; do
		IFS= read -r -t 1 line
		rc=$?
		if [ $rc = 0 ]; then
			[ "$line" = "done" ] && exit 0
			continue
		fi
		# a timeout (> 128), not end-of-file: is the shell still there?
		[ $rc -gt 128 ] && _t_alive "$pid" "$start" && continue
		break
	done
	"$@"
}
# tell the watchdog that all is cleaned up
_t_wd_done() {
	(echo "done" >&"$_t_wdfd") 2>/dev/null || true
	exec {_t_wdfd}>&-
}

# --- scratch and mount-point directories -------------------------------
# Both bases are named here, in the script's shell, so that t_tmpdir and
# t_mntdir work in $(...) (a subshell cannot register a cleanup).
# Hostile images: n bytes of the image's first span bytes set to random
# values (bash's RANDOM: seed it, and print the seed, to replay a run)
t_flip_bytes() {	# image n span
	local k off
	for ((k = 0; k < $2; k++)); do
		off=$(( (RANDOM * 32768 + RANDOM) % $3 ))
		printf "\\x$(printf %02x $((RANDOM % 256)))" |
		    dd of="$1" bs=1 seek=$off conv=notrunc status=none
	done
}

t_tmpdir() {
	mkdir -p "$_T_SCRATCH" &&
	    mktemp -d "$_T_SCRATCH/t.XXXXXX"
}
t_mntdir() {
	local d
	d=$(mktemp -d "$_T_PRIV/mnt.XXXXXX") && chmod 755 "$d" && echo "$d"
}

# --- an ordinary user --------------------------------------------------
# t_unpriv_user NAME: as on a stock system (udev makes /dev/fuse 0666), an
# ordinary user NAME who can mount; both undone at exit when made here.
# Needs root; false when there is no such user after all.
t_unpriv_user() {
	local mode
	[ "$(id -u)" = 0 ] && [ -c /dev/fuse ] || return 1
	mode=$(stat -c %a /dev/fuse)
	chmod 0666 /dev/fuse && t_atexit "chmod $mode /dev/fuse"
	if ! id "$1" >/dev/null 2>&1; then
		useradd -M -r -s /usr/sbin/nologin "$1" >/dev/null 2>&1 &&
		    t_atexit "userdel '$1'"
	fi
	id "$1" >/dev/null 2>&1
}

# --- servers -----------------------------------------------------------
# The registry, $_T_PRIV/servers, one line per server: pid, start time,
# status file ("-" for an adopted daemon) and canonical mount point.  A
# file, so that $(...) and t_ok subshells can use it too.
_t_register() {	# pid status-file mnt
	_t_starttime "$1" || _t_st=0
	_t_canon "$3"
	printf '%s %s %s %s\n' "$1" "$_t_st" "$2" "$_t_c" >>"$_T_PRIV/servers"
}
# _t_r := "pid start status-file" of the last server registered for $1
_t_lookup() {
	local pid start st mnt
	_t_canon "$1"
	_t_r=
	[ -f "$_T_PRIV/servers" ] || return 1
	while read -r pid start st mnt; do
		[ "$mnt" = "$_t_c" ] && _t_r="$pid $start $st"
	done <"$_T_PRIV/servers"
	[ -n "$_t_r" ]
}
# a server in the background: a small monitor process waits for it and
# writes its exit status to a file, so that t_unserve can return it from
# any shell.  The monitor ignores the script's signals (it must report);
# the server gets default dispositions back (a background job of a
# non-interactive shell starts with SIGINT ignored, and libfuse then
# installs no handler for it).
t_serve() {	# MNT CMD...
	local mnt=$1 st i rc
	shift
	SPID=
	st=$(mktemp -u "$_T_PRIV/status.XXXXXX")
	bash -c 'trap "" INT TERM HUP QUIT
		env --default-signal "${@:2}" &
		echo $! >"$1.pid"
		wait $!
		echo $? >"$1.tmp" && mv "$1.tmp" "$1"' t_serve "$st" "$@" \
	    >>"$T_SERVE_LOG" 2>&1 </dev/null {_t_wdfd}>&- &
	for ((i = 0; i < 500; i++)); do
		[ -s "$st.pid" ] && break
		sleep 0.01
	done
	read -r SPID <"$st.pid" 2>/dev/null ||
	    { echo "t_serve: $1 did not start" >&2; return 1; }
	_t_register "$SPID" "$st" "$mnt"
	_t_canon "$mnt"
	for ((i = 0; i < 200; i++)); do
		_t_mountinfo "$_t_c" && return 0
		if [ -s "$st" ]; then	# it exited without mounting
			read -r rc <"$st"
			tail -n 5 "$T_SERVE_LOG" | sed 's/^/t_serve: /' >&2
			[ "$rc" != 0 ] || rc=1
			return "$rc"
		fi
		sleep 0.05
	done
	echo "t_serve: $mnt not mounted after 10 s" >&2
	t_unserve "$mnt" KILL >/dev/null 2>&1
	return 124
}
# the process that serves mount $1: names it in its arguments and holds
# /dev/fuse open (wrappers such as su, timeout or mount.fuse3 do not)
_t_server_of() {
	local p a f found re
	_t_canon "$1"
	re=$(printf '%s' "$_t_c" | sed 's/[][\.*^$+?(){}|]/\\&/g')
	for p in $(pgrep -f -- "$re"); do
		found=
		while IFS= read -r -d '' a; do
			[ "$a" = "$1" ] || [ "$a" = "$_t_c" ] && found=1
		done <"/proc/$p/cmdline" 2>/dev/null
		[ -n "$found" ] || continue
		for f in /proc/"$p"/fd/*; do
			if [ "$(readlink "$f" 2>/dev/null)" = /dev/fuse ]; then
				echo "$p"
				return 0
			fi
		done
	done
	return 1
}
t_watch() { _t_register "$1" - "$2"; }	# PID MNT
t_adopt() {	# MNT
	SPID=$(_t_server_of "$1") ||
	    { echo "t_adopt: no server for $1" >&2; return 1; }
	_t_register "$SPID" - "$1"
}
t_daemon() {	# MNT CMD...
	local mnt=$1
	shift
	t_to "$@" {_t_wdfd}>&- || return
	t_wait_mounted "$mnt" || { echo "t_daemon: $mnt not mounted" >&2; return 1; }
	t_adopt "$mnt"
}
# abort, kill and detach: the end of a server that will not go
_t_kill_server() {	# pid start mnt
	if t_mounted "$3"; then _t_detach "$3"; fi
	if _t_alive "$1" "$2"; then kill -KILL "$1" 2>/dev/null; fi
	_t_wait_gone "$1" "$2" 5
	if t_mounted "$3"; then _t_detach "$3"; fi
	return 0
}
t_unserve() {	# MNT [SIGNAL]
	local mnt=$1 sig=${2:-} pid start st rc=0 i
	if ! _t_lookup "$mnt"; then	# not ours: unmount it all the same
		t_to fusermount3 -u "$mnt"
		return
	fi
	read -r pid start st <<<"$_t_r"
	if [ -n "$sig" ]; then
		_t_alive "$pid" "$start" && kill -s "$sig" "$pid"
	elif t_mounted "$mnt" && ! t_to fusermount3 -u "$mnt"; then
		_t_kill_server "$pid" "$start" "$mnt"
	fi
	if ! _t_wait_gone "$pid" "$start" "${T_UNSERVE_WAIT:-10}"; then
		echo "t_unserve: $mnt: server $pid still running after" \
		    "${T_UNSERVE_WAIT:-10} s; killed" >&2
		_t_kill_server "$pid" "$start" "$mnt"
		rc=124
	fi
	[ "$st" = - ] && return $rc
	# the monitor writes the status right after the server ended
	for ((i = 0; i < 100; i++)); do
		[ -s "$st" ] && break
		sleep 0.05
	done
	[ $rc = 124 ] && return 124
	read -r rc <"$st" 2>/dev/null || rc=124
	return "$rc"
}

# --- the end -----------------------------------------------------------
# kill every registered server still running and detach every mount under
# our directories or at a registered mount point (the lists are read on
# fd 3: what runs in the loops must not eat them from stdin)
_t_reap_servers() {
	local pid start st mnt
	if [ -f "$_T_PRIV/servers" ]; then
		while read -r -u 3 pid start st mnt; do
			if _t_alive "$pid" "$start"; then
				echo "t_reap: killing server $pid of $mnt" >&2
				_t_kill_server "$pid" "$start" "$mnt"
			elif t_mounted "$mnt"; then
				_t_detach "$mnt"
			fi
		done 3<"$_T_PRIV/servers"
	fi
	while IFS= read -r -u 3 mnt; do
		echo "t_reap: detaching $mnt" >&2
		_t_detach "$mnt"
	done 3< <(_t_mounts_under "$_T_PRIV" "$_T_SCRATCH")
}
_t_rm_dirs() { _t_sweep "$_T_PRIV" "$_T_SCRATCH"; }
_t_orphaned() { _t_reap_servers; _t_rm_dirs; }	# the watchdog's job
_t_exit() {
	local i
	# a second Ctrl-C (or timeout passing one on) must not cut the
	# cleanup short: it is bounded, and the watchdog is there for SIGKILL
	trap '' INT TERM HUP
	# a t_long command runs in a process group of its own: stop it, and
	# let it end before its files are removed
	if [ -n "${_t_long:-}" ] && _t_starttime "$_t_long"; then
		kill -TERM "$_t_long" 2>/dev/null
		_t_wait_gone "$_t_long" "$_t_st" 10 ||
		    kill -KILL -- -"$_t_long" "$_t_long" 2>/dev/null
	fi
	_t_reap_servers
	for ((i = ${#_t_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_t_cleanups[$i]}" >/dev/null 2>&1 || true
	done
	_t_rm_dirs
	_t_wd_done
}

# T_LIB_NOINIT=1: only the functions (tests/run.sh)
if [ -z "${T_LIB_NOINIT:-}" ]; then
	_T_PRIV=$(mktemp -d "${TMPDIR:-/tmp}/rumpfs-${0##*/}.XXXXXX") &&
	    chmod 755 "$_T_PRIV" && _T_PRIV=$(cd -P "$_T_PRIV" && pwd) ||
	    { echo "lib.sh: cannot make a directory in ${TMPDIR:-/tmp}" >&2; exit 1; }
	_T_SCRATCH=$(realpath -m -- "$O/tmp")/${0##*/}.$$
	T_SERVE_LOG=${T_SERVE_LOG:-$_T_PRIV/server.log}
	_T_WD_VARS="O _T_PRIV _T_SCRATCH"
	trap _t_exit EXIT
	# SIGTERM and SIGHUP end bash at once, running the EXIT trap.  An
	# untrapped SIGINT is dropped if the foreground command survives it,
	# as one under timeout does (a process group of its own): trapped, it
	# ends the script once that command is done.
	trap 'exit 130' INT
	_t_watchdog _t_orphaned
fi
