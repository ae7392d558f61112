#!/usr/bin/env bash
# `make stress-tsan`: the in-process stress under ThreadSanitizer, one run
# per file system (ext2 with 1 KiB and 4 KiB blocks, UFS1, UFS2; 16 MiB
# images, so the ENOSPC paths run too).  TAP lines; a race report fails
# its run and is summarised by tsan_summary.sh.
set -u
. tests/lib.sh
STRESS=$TESTS/fsstress_rump
OPS=${STRESS_OPS:-1500}
SEED=${STRESS_SEEDS:-1}
T=$(t_tmpdir)
mkdir -p "$T/empty"
if [ ! -x "$STRESS" ]; then
	t_skip "tsan" "no $STRESS"
	exit 0
fi

mkimg() {	# name img
	case $1 in
	ext2-1k) mke2fs -q -F -t ext2 -b 1024 "$2" 16M ;;
	ext2-4k) mke2fs -q -F -t ext2 -b 4096 "$2" 16M ;;
	ufs1|ufs2) makefs -t ffs -o version=${1#ufs} -s 16m -f 6000 "$2" \
	    "$T/empty" ;;
	esac >/dev/null 2>&1
}

run() {	# name vfs
	local img=$T/img out rc
	rm -f "$img" "$T"/tsan.*
	if ! mkimg "$1" "$img"; then
		t_skip "$1: no data race" "cannot make the image"
		return
	fi
	out=$(TSAN_OPTIONS="log_path=$T/tsan halt_on_error=0" \
	    timeout -k 5 600 "$STRESS" -t "$2" -p 16 -n "$OPS" -s "$SEED" \
	    "$img" 2>&1)
	rc=$?
	if ls "$T"/tsan.* >/dev/null 2>&1; then
		t_notok "$1: no data race" \
		    "$(bash tests/stress/tsan_summary.sh "$T"/tsan.* | head -20)"
	elif [ $rc != 0 ]; then
		t_notok "$1: no data race" "exit $rc: $(tail -3 <<<"$out")"
	else
		t_pass "$1: no data race"
	fi
}

run ext2-1k ext2fs
run ext2-4k ext2fs
run ufs1 ffs
run ufs2 ffs
