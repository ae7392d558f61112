#!/usr/bin/env bash
# Crash consistency (issue 21): after kill -9 of the server at any moment,
# the image is repairable by preen alone and nothing fsynced is lost.
#
# For each file system (UFS1 and UFS2 made by makefs, ext2 by mke2fs,
# FAT16 by mkfs.fat) a workload (tests/crash/workload.sh: tree copy,
# renames, removals, large writes, mkdirs, appends, and acknowledged
# points written to a ledger only after `sync FILE` and `sync DIR`
# returned) runs through the FUSE server (foreground, under lib.sh's
# watchdog), and the server is killed:
#   baseline   no kill: counts the block writes (RUMP_CRASH_AFTER_WRITES=0)
#              and times the workload; then a clean unmount
#   knob N     RUMP_CRASH_AFTER_WRITES=N (hypercall/README.md): the server
#              SIGKILLs itself right after its Nth block write, N spread
#              over the baseline's count (a point the run did not reach is
#              said so: the server then unmounted cleanly)
#   timed S    kill -9 from outside S seconds after the workload started
#   sync       an `-o sync` mount: mkdir (no fsync) and a file copied in,
#              then kill -9: both must survive
# After each: the mount is gone, then
#   ffs:  fsck_ffs -p exits 0, then fsck_ffs -n exits 0
#   ext2: e2fsck -p exits 0 or 1, then e2fsck -fn exits 0
#   msdos: fsck.fat -a exits 0 or 1, then fsck.fat -n exits 0
# then a read-write mount without -o force, every ledger entry there (a
# file with the same sha256, a directory), a new file made and one
# removed, a clean unmount (exit 0), and the checker clean again.  Each
# step is a TAP line naming the file system and the kill point; on a
# failure, the image as the kill left it is kept under
# $O/test-logs/crash/ (path printed; emptied at the start) with its
# ledger and the logs of the server and the workload.  A summary per file
# system ends the output: points passed and failed, failures by kind.
#
# Environment: CRASH_POINTS (7) kill points per file system, one in three
# timed; CRASH_FS ("ufs1 ufs2 ext2 msdos", also ext2-4k); CRASH_ROUNDS (2)
# workload rounds; CRASH_MB (48) image size; CRASH_SEED (random, printed);
# CRASH_BUDGET (200) seconds after which the points left are skipped;
# CRASH_OPTS: more server options (blk=direct, blk=mmap).
. tests/lib.sh
t_begin
POINTS=${CRASH_POINTS:-7}
FSLIST=${CRASH_FS:-ufs1 ufs2 ext2 msdos}
ROUNDS=${CRASH_ROUNDS:-2}
MB=${CRASH_MB:-48}
SEED=${CRASH_SEED:-$((${EPOCHREALTIME/./} % 100000))}
BUDGET=${CRASH_BUDGET:-200}
OPTS=${CRASH_OPTS:+,$CRASH_OPTS}
RANDOM=$SEED
WORKLOAD=tests/crash/workload.sh
FSCK_FFS=$BIN/fsck_ffs
tmp=$(t_tmpdir)
img=$tmp/img
ledger=$tmp/ledger
slog=$tmp/server.log
wlog=$tmp/workload.log
keepdir=$(realpath -m -- "$O/test-logs/crash")
rm -rf "$keepdir"
t0=$SECONDS
echo "# seed $SEED (CRASH_SEED=$SEED to repeat), $POINTS points," \
    "$ROUNDS rounds, ${MB} MiB images, -o rw$OPTS"

if ! t_have_fuse; then
	t_skip "crash harness" "no FUSE"
	exit 0
fi

# fs_setup NAME: mkfs (a command making $img), server, preen, check, need
fs_setup() {
	src=$tmp/src
	case $1 in
	ufs1|ufs2)
		mkfs="makefs -t ffs -o version=${1#ufs} -s ${MB}m -f 8000 $img $tmp/empty"
		server=rump_ffs xdir=1
		preen="$FSCK_FFS -p" check="$FSCK_FFS -n"
		need="makefs $FSCK_FFS" ;;
	ext2|ext2-4k)
		mkfs="mke2fs -q -F -t ext2 $img ${MB}M"
		[ "$1" = ext2-4k ] && mkfs="mke2fs -q -F -t ext2 -b 4096 $img ${MB}M"
		# no order of a directory's move to another parent is one
		# e2fsck -p accepts at every point (rump_ffs.8, CRASHES):
		# the ext2 workload moves directories within their parent
		server=rump_ext2fs xdir=0
		preen="e2fsck -p" check="e2fsck -fn"
		need="mke2fs e2fsck" ;;
	msdos)
		# FAT16; no links of either kind: the tree without them.  A
		# directory moved to another parent has two names for one
		# write, which fsck.fat -a repairs in two runs, not one
		# (rump_msdos.8, CRASHES; t_crash_steps.sh checks that
		# window): directories move within their parent
		mkfs="mkfs.fat -C -F 16 $img $((MB * 1024))"
		server=rump_msdos xdir=0 src=$tmp/src-nolinks
		preen="fsck.fat -a" check="fsck.fat -n"
		need="mkfs.fat fsck.fat" ;;
	*)	return 1 ;;
	esac
}
have() {
	local c
	for c; do command -v "$c" >/dev/null || return 1; done
}
# does the preen's exit status $1 mean "repaired or nothing to do"?
preen_ok() {
	case $server:$1 in
	rump_ffs:0|rump_ext2fs:0|rump_ext2fs:1) return 0 ;;
	rump_msdos:0|rump_msdos:1) return 0 ;;
	esac
	return 1
}

# --- the data ------------------------------------------------------------
rnd() { echo $((RANDOM % ($2 - $1 + 1) + $1)); }	# lo hi
mkdata() {	# file bytes
	head -c "$2" /dev/urandom >"$1"
}
# the tree the workload copies: small files in subdirectories, files of a
# few hundred KiB, two of several MiB (indirect blocks), symlinks (to a
# file, a directory, nowhere), hard links
mksrc() {
	local s=$tmp/src d i
	mkdir -p "$s/d3/sub/deeper"
	for d in d0 d1 d2 d3; do
		mkdir -p "$s/$d"
		for ((i = 0; i < 8; i++)); do
			mkdata "$s/$d/f$i" "$(rnd 100 12000)"
		done
	done
	for i in 0 1 2; do
		mkdata "$s/d3/sub/s$i" "$(rnd 1 3000)"
		mkdata "$s/med$i" "$(rnd 200000 400000)"
	done
	mkdata "$s/d3/sub/deeper/x" 5000
	mkdata "$s/d1/large" $((3 * 1024 * 1024 + 4321))
	mkdata "$s/d2/larger" $((5 * 1024 * 1024 + 99))
	ln -s d0/f1 "$s/l.file"
	ln -s d1 "$s/l.dir"
	ln -s ../nowhere "$s/d1/l.dangling"
	ln "$s/d0/f1" "$s/d1/hard"
	ln "$s/med0" "$s/d3/med0.hard"
	# for file systems with no links (FAT)
	cp -a "$s" "$tmp/src-nolinks"
	find "$tmp/src-nolinks" -type l -delete
	rm -f "$tmp/src-nolinks/d1/hard" "$tmp/src-nolinks/d3/med0.hard"
}
# what the workload writes and acknowledges, with its checksums
mkacked() {
	local d=$tmp/data r k
	mkdir -p "$d"
	for ((r = 1; r <= ROUNDS; r++)); do
		mkdata "$d/small.$r" "$(rnd 1 20000)"
		mkdata "$d/mid.$r" "$(rnd 150000 400000)"
		mkdata "$d/big.$r" "$(rnd 2000000 4000000)"
		for ((k = 1; k <= 8; k++)); do
			mkdata "$d/app.$r.$k" "$(rnd 100 5000)"
		done
	done
	for ((r = 1; r <= ROUNDS; r++)); do
		cat "$d/app.$r".* >"$d/app.$r"
	done
	(cd "$d" && for f in small.* mid.* big.* app.*; do
		[[ $f == app.*.* ]] && continue
		echo "$(sha256sum <"$f" | cut -d' ' -f1) $(stat -c %s "$f") $f"
	done) >"$d/sums.tmp" && mv "$d/sums.tmp" "$d/sums"
}

# --- one run ------------------------------------------------------------
# serve [ENV=VALUE...] -- OPTIONS: mount $img on $mnt; SPID
serve() {
	local -a envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	: >"$slog"
	T_SERVE_LOG=$slog t_serve "$mnt" env "${envs[@]}" "$BIN/$server" -f \
	    -o "$1$OPTS" "$img" "$mnt" 2>"$tmp/serve.err"
}
# the server is dead (killing it if not) and the mount gone; its status
gone() {
	local rc
	t_unserve "$mnt" KILL >/dev/null 2>&1
	rc=$?
	if t_mounted "$mnt"; then
		t_to fusermount3 -u -z "$mnt" 2>/dev/null
		t_wait_unmounted "$mnt" 5
	fi
	return $rc
}
# the workload in the background: WPID
workload() {
	: >"$ledger"
	: >"$wlog"
	timeout -k 5 200 bash "$WORKLOAD" "$mnt" "$src" "$tmp/data" \
	    "$ledger" "$ROUNDS" "$xdir" >>"$wlog" 2>&1 </dev/null {_t_wdfd}>&- &
	WPID=$!
}
fired() { grep -q '^rumpuser: killed after' "$slog"; }

# --- the checks ---------------------------------------------------------
trim() {	# checker output: the lines that say something
	grep -v '^\*\* \(Phase\|Last\)\|^Pass [1-5]\|^e2fsck [0-9]\|? no$\|^$' |
	    head -n 25
}
# a failure at this kill point: keep the image as the kill left it (once
# per point), say where
bad() {	# name details kind
	local base=$keepdir/$fs-${what//[^A-Za-z0-9=.-]/_}
	if [ -z "$kept" ]; then
		mkdir -p "$keepdir"
		if [ -f "$tmp/crashed" ]; then
			cp --sparse=always "$tmp/crashed" "$base.img"
		else
			cp --sparse=always "$img" "$base.img"
		fi
		cp "$ledger" "$base.ledger"
		cat "$tmp/crashed.log" "$slog" >"$base.log" 2>/dev/null
		kept=$base.img
	fi
	t_notok "$1" "$2
kill point: $fs $what
crashed image kept: $kept (.ledger; .log: the server and the workload)"
	pt_fail=1
	failkinds+=("$3")
}
# check every ledger entry on the mounted image; print what is wrong
verify_ledger() {
	local kind path sum size name got gsize n=0 miss=0
	while read -r kind path sum size name; do
		n=$((n + 1))
		case $kind in
		D)	t_to test -d "$mnt/$path" ||
			    { echo "missing directory $path (in the ledger)"
			      miss=1; } ;;
		F)	if ! t_to test -f "$mnt/$path"; then
				echo "missing file $path (in the ledger:" \
				    "$size bytes, sha256 $sum)"
				miss=1
				continue
			fi
			got=$(t_to sha256sum -- "$mnt/$path" | cut -d' ' -f1)
			[ "$got" = "$sum" ] && continue
			gsize=$(t_to stat -c %s -- "$mnt/$path")
			echo "wrong content $path: $gsize bytes, sha256 $got;" \
			    "ledger: $size bytes, sha256 $sum;" \
			    "$(t_to cmp -- "$mnt/$path" "$tmp/data/$name" 2>&1 |
				sed "s|$mnt/||; s|$tmp/data/|data/|")"
			miss=1 ;;
		esac
	done <"$ledger"
	if [ $miss = 0 ]; then
		echo "$n entries"
	elif ! t_mounted "$mnt"; then
		echo "(the server died: $(tail -n 3 "$slog"))"
	fi
	return $miss
}
# rw works: a new file, one removed, a clean unmount
exercise() {
	local victim
	t_to dd if=/dev/urandom of="$mnt/after-crash.new" bs=4k count=50 \
	    status=none || { echo "create failed"; return 1; }
	victim=$(awk '$1 == "F" { print $2; exit }' "$ledger")
	[ -n "$victim" ] || victim=after-crash.new
	t_to rm -f -- "$mnt/$victim" || { echo "rm $victim failed"; return 1; }
	t_to test ! -e "$mnt/$victim" || { echo "$victim still there"; return 1; }
	t_unserve "$mnt" || { echo "unmount: exit $?"; return 1; }
}
# after the kill: preen, clean, mount rw, ledger, exercise, clean.  $lost
# names the kind of a ledger failure
after_kill() {
	local out rc lout
	cp --sparse=always "$img" "$tmp/crashed"
	cat "$slog" "$wlog" >"$tmp/crashed.log"
	out=$($preen "$img" 2>&1)
	rc=$?
	if preen_ok $rc; then t_pass "$fs $what: ${preen#"$BIN/"} (exit $rc)"
	else bad "$fs $what: ${preen#"$BIN/"} (exit $rc)" "$(trim <<<"$out")" \
	    "preen exit $rc"; fi
	out=$($check "$img" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then t_pass "$fs $what: ${check#"$BIN/"} clean after preen"
	else bad "$fs $what: ${check#"$BIN/"} clean after preen (exit $rc)" \
	    "$(trim <<<"$out")" "not clean after preen"; fi
	if ! serve -- rw; then
		bad "$fs $what: mount rw (no force) after preen" \
		    "$(cat "$tmp/serve.err")" "no rw mount after preen"
		# the ledger all the same, read-only, for the report
		serve -- ro || {
			bad "$fs $what: ledger" "no read-only mount either" \
			    "no mount"
			return
		}
		lout=$(verify_ledger)
		rc=$?
		gone
		if [ $rc = 0 ]; then t_pass "$fs $what: ledger ($lout, ro)"
		else bad "$fs $what: ledger (ro mount)" "$lout" "$lost"; fi
		return
	fi
	if lout=$(verify_ledger); then t_pass "$fs $what: ledger ($lout)"
	else bad "$fs $what: ledger" "$lout" "$lost"; fi
	if ! out=$(exercise 2>&1); then
		gone
		bad "$fs $what: rw after preen" "$out
server: $(tail -n 3 "$slog")" "$(grep -q 'mounting read-only' "$slog" &&
		    echo "no rw mount after preen" || echo "rw use failed")"
		return
	fi
	out=$($check "$img" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then t_pass "$fs $what: rw, clean unmount, ${check#"$BIN/"} clean"
	else bad "$fs $what: ${check#"$BIN/"} clean after rw use (exit $rc)" \
	    "$(trim <<<"$out")" "not clean after rw use"; fi
}

# --- the kill points ----------------------------------------------------
fresh() {
	rm -f "$tmp/crashed" "$tmp/crashed.log"
	: >"$ledger"
	: >"$wlog"
	cp --sparse=always "$tmp/pristine" "$img"
}
# baseline: no kill; W (block writes) and D (workload seconds, x100)
baseline() {
	local t rc
	fresh
	what="baseline (no kill)"
	if ! serve RUMP_CRASH_AFTER_WRITES=0 -- rw; then
		bad "$fs: mount" "$(cat "$tmp/serve.err")" "mount"
		return 1
	fi
	t=${EPOCHREALTIME/./}
	workload
	wait "$WPID"
	rc=$?
	D=$(((${EPOCHREALTIME/./} - t) / 10000))
	if [ $rc != 0 ] || ! grep -q '^workload: done' "$wlog"; then
		gone
		bad "$fs $what: workload (exit $rc)" "$(tail -n 5 "$wlog")" \
		    "workload failed"
		return 1
	fi
	t_unserve "$mnt"
	rc=$?
	W=$(sed -n 's/^rumpuser: \([0-9]*\) block writes$/\1/p' "$slog")
	t_eq "$fs $what: server exits 0 (${W:-?} block writes, $((D / 100)).$(printf %02d $((D % 100))) s)" "$rc" 0
	[ -n "$W" ] && [ "$W" -gt 0 ] || W=100
	after_kill
}
knob() {	# N
	local mounted=0
	what="knob N=$1/$W"
	fresh
	if serve "RUMP_CRASH_AFTER_WRITES=$1" -- rw; then
		mounted=1
		workload
		wait "$WPID"
		fired || t_unserve "$mnt" >/dev/null 2>&1
	elif ! fired; then
		bad "$fs $what: mount" "$(cat "$tmp/serve.err")" "mount"
		return
	fi
	gone
	if fired; then
		if [ $mounted = 0 ]; then what="$what (during the mount)"
		elif grep -q '^workload: done' "$wlog"; then
			what="$what (at unmount)"
		fi
	else
		what="$what (not reached: clean unmount)"
	fi
	after_kill
}
timed() {	# hundredths of a second
	what="kill -9 at $(($1 / 100)).$(printf %02d $(($1 % 100))) s"
	fresh
	if ! serve -- rw; then
		bad "$fs $what: mount" "$(cat "$tmp/serve.err")" "mount"
		return
	fi
	workload
	sleep "$(($1 / 100)).$(printf %02d $(($1 % 100)))"
	gone
	wait "$WPID"
	grep -q '^workload: done' "$wlog" && what="$what (after the workload)"
	after_kill
}
# -o sync: what returned is on disk without any fsync
synccase() {
	what="-o sync, mkdir and a file, kill -9"
	lost="-o sync: a mkdir or write that returned lost"
	fresh
	if ! serve -- rw,sync; then
		bad "$fs: mount -o sync" "$(cat "$tmp/serve.err")" "mount"
		return
	fi
	if t_to mkdir "$mnt/sd1" && t_to mkdir "$mnt/sd1/sd2" &&
	    t_to cp "$tmp/data/small.1" "$mnt/sd1/file"; then
		printf 'D sd1\nD sd1/sd2\nF sd1/file %s\n' \
		    "$(awk '$3 == "small.1"' "$tmp/data/sums")" >"$ledger"
	else
		bad "$fs $what: mkdir/cp on the sync mount" "" "sync mount I/O"
	fi
	gone
	after_kill
}

over_budget() { [ $((SECONDS - t0)) -ge "$BUDGET" ]; }

lost="fsynced data lost"
mkdir -p "$tmp/empty"
mksrc
mkacked
mnt=$(t_mntdir)
for fs in $FSLIST; do
	fs_setup "$fs" || { t_notok "$fs: no such file system"; continue; }
	# shellcheck disable=SC2086
	if ! have $need; then
		t_skip "$fs crash points" "$need not installed"
		continue
	fi
	failkinds=()
	npass=0 nfail=0
	rm -f "$img"
	if ! $mkfs >/dev/null 2>&1; then
		t_notok "$fs: $mkfs"
		continue
	fi
	mv "$img" "$tmp/pristine"
	pt_fail=0 kept=
	baseline || continue
	if [ $pt_fail = 0 ]; then npass=1; else nfail=1; fi
	for ((p = 1; p <= POINTS + 1; p++)); do
		if over_budget; then
			t_skip "$fs point $p" "over the ${BUDGET} s budget"
			continue
		fi
		pt_fail=0 kept=
		if [ $p = $((POINTS + 1)) ]; then
			synccase
		elif [ $((p % 3)) = 0 ]; then
			# anywhere in the workload, or just after it
			timed "$(rnd 5 $((D + D / 10 + 5)))"
		else
			# N spread over the writes, with jitter
			n=$(((2 * p - 1) * W / (2 * POINTS)))
			n=$((n + $(rnd 0 $((W / POINTS + 1))) - W / (2 * POINTS)))
			[ $n -ge 1 ] || n=1
			knob "$n"
		fi
		if [ $pt_fail = 0 ]; then npass=$((npass + 1))
		else nfail=$((nfail + 1)); fi
	done
	echo "# $fs: $npass points passed, $nfail failed (baseline and" \
	    "-o sync included)"
	[ ${#failkinds[@]} = 0 ] || printf '%s\n' "${failkinds[@]}" |
	    sort | uniq -c | sed "s/^ */# $fs failures: /"
	rm -f "$tmp/pristine" "$img" "$tmp/crashed"
	lost="fsynced data lost"
done
