#!/usr/bin/env bash
# Concurrent stress, then the real checkers.  For ext2 (1 KiB and 4 KiB
# blocks; e2fsck -fn), FFS (UFS2 and UFS1 made by makefs; fsck_ffs -n)
# and FAT (FAT12 and FAT16 made by mkfs.fat; fsck.fat -n; without the
# symlinks and holes FAT cannot hold):
#   rump SEED    fsstress_rump in-process (threads, each a rump process),
#                unmounted, checked
#   fuse SEED    the same workload through a rump_<fs> FUSE server
#                (forked processes), server stopped, image checked
#   repeat SEEDS several runs on one image (in-process and FUSE in turn)
#                with no check in between, then one check
# Each stress run and each check is a TAP line naming fs, mode and seed.
# The size of the runs comes from the environment (tests/stress/run.sh,
# `make stress`, sets the long version):
#   STRESS_WORKERS (16)  STRESS_OPS per worker (2000)  STRESS_SEEDS ("1")
#   STRESS_REPEAT (3)    STRESS_TIMEOUT seconds per run (100)
#   STRESS_MB: image size in MiB (16: small enough that the runs fill it,
#                so that the ENOSPC paths run too)
#   STRESS_FS ("ext2-1k ext2-4k ufs2 ufs1 fat12 fat16")
#   STRESS_MODES ("rump fuse repeat")
#   STRESS_XOPS: operations to leave out (fsstress_rump -x)
. tests/lib.sh
t_begin
STRESS=$TESTS/fsstress_rump
FSCK_FFS=$BIN/fsck_ffs
WORKERS=${STRESS_WORKERS:-16}
OPS=${STRESS_OPS:-2000}
SEEDS=${STRESS_SEEDS:-1}
REPEAT=${STRESS_REPEAT:-3}
LIMIT=${STRESS_TIMEOUT:-100}
MB=${STRESS_MB:-16}
FSLIST=${STRESS_FS:-ext2-1k ext2-4k ufs2 ufs1 fat12 fat16}
MODES=${STRESS_MODES:-rump fuse repeat}
tmp=$(t_tmpdir)
img=$tmp/img
log=$tmp/log

# fs_setup NAME: sets mkfs (a command making $img), vfs, server, checker,
# and XOPS (STRESS_XOPS and the operations the file system has not got)
fs_setup() {
	local cannot=""
	case $1 in
	ext2-1k|ext2-4k)
		bs=1024
		[ "$1" = ext2-4k ] && bs=4096
		mkfs="mke2fs -q -F -t ext2 -b $bs $img ${MB}M"
		vfs=ext2fs server=rump_ext2fs
		checker="e2fsck -fn"
		need="mke2fs e2fsck" ;;
	ufs1|ufs2)
		# -f: makefs sizes the inode table to the (empty) tree
		mkfs="makefs -t ffs -o version=${1#ufs} -s ${MB}m -f 6000 $img $tmp/empty"
		vfs=ffs server=rump_ffs
		checker="$FSCK_FFS -n"
		need=makefs ;;
	fat12|fat16)
		mkfs="mkfs.fat -C -F ${1#fat} $img $((MB * 1024))"
		vfs=msdos server=rump_msdos
		checker="fsck.fat -n"
		cannot=symlink,punch
		need="mkfs.fat fsck.fat" ;;
	*)	return 1 ;;
	esac
	XOPS=${STRESS_XOPS:-}
	XOPS=$XOPS${XOPS:+${cannot:+,}}$cannot
	XOPS=${XOPS:+-x $XOPS}
}

have() {
	local c
	for c; do command -v "$c" >/dev/null || return 1; done
}

newimg() {
	rm -f "$img"
	$mkfs >/dev/null 2>&1
}

# the last lines of a run's report and its unexpected errors
summary() {
	{ grep -E '^(UNEXPECTED|BAD DATA|fsstress: worker)' "$log" | head -8
	  tail -n 3 "$log"; } 2>/dev/null
}

# stress_rump NAME SEED: one in-process run on $img, a TAP line
stress_rump() {
	local rc
	timeout -k 5 "$LIMIT" "$STRESS" -t "$vfs" -p "$WORKERS" -n "$OPS" \
	    -s "$2" $XOPS "$img" >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then t_pass "$1 rump seed $2: stress"
	else t_notok "$1 rump seed $2: stress (exit $rc)" "$(summary)"; fi
}

# stress_fuse NAME SEED: one run through a FUSE server on $img, TAP lines
# for the run and for the server's clean exit
stress_fuse() {
	local mnt rc
	if ! t_have_fuse; then
		t_skip "$1 fuse seed $2: stress" "no FUSE"
		return
	fi
	mnt=$(t_mntdir)
	if ! t_serve "$mnt" "$BIN/$server" -f "$img" "$mnt"; then
		t_notok "$1 fuse seed $2: mount" "$(tail -n 5 "$T_SERVE_LOG")"
		return
	fi
	timeout -k 5 "$LIMIT" "$STRESS" -H "$mnt" -p "$WORKERS" -n "$OPS" \
	    -s "$2" $XOPS >"$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then t_pass "$1 fuse seed $2: stress"
	else t_notok "$1 fuse seed $2: stress (exit $rc)" "$(summary)"; fi
	t_unserve "$mnt"
	rc=$?
	t_eq "$1 fuse seed $2: server exits 0 on unmount" "$rc" 0
}

# check NAME WHAT: the checker on $img, a TAP line with its first lines
check() {
	local out
	if out=$($checker "$img" 2>&1); then
		t_pass "$1 $2: ${checker#"$BIN/"} clean"
	else
		t_notok "$1 $2: ${checker#"$BIN/"} clean" "$(echo "$out" |
		    grep -v '^\*\* \(Phase\|Last\)\|^Pass [1-5]\|^e2fsck [0-9]\|^$' | head -n 15)"
	fi
}

mkdir -p "$tmp/empty"
for fs in $FSLIST; do
	fs_setup "$fs" || { t_notok "$fs: no such file system"; continue; }
	if ! have $need; then
		t_skip "$fs stress" "$need not installed"
		continue
	fi
	for seed in $SEEDS; do
		for mode in $MODES; do
			case $mode in
			rump|fuse)
				newimg || { t_notok "$fs: $mkfs"; continue; }
				stress_$mode "$fs" "$seed"
				check "$fs" "$mode seed $seed" ;;
			repeat)
				newimg || { t_notok "$fs: $mkfs"; continue; }
				seeds=
				for ((i = 0; i < REPEAT; i++)); do
					m=rump
					[ $((i % 2)) = 1 ] && t_have_fuse && m=fuse
					stress_$m "$fs" $((seed + i))
					seeds="$seeds${seeds:+,}$m:$((seed + i))"
				done
				check "$fs" "repeat $seeds" ;;
			esac
		done
	done
done
