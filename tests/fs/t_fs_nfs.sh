#!/usr/bin/env bash
# The cross-file-system suite (fstest) on NFS: nfs-ganesha started on
# 127.0.0.1 (rump/fs/nfs/tests/ganesha.sh) exporting a scratch directory,
# and fstest run for its two NFS backends only, nfs (the driver in
# process, rump_sys_*) and p2k_nfs (rump_nfs over FUSE), which run only
# with FSTEST_NFS naming the export (and FSTEST_NFS_PORTS its ports).
# Each case mounts a fresh directory of the export; the cases NFS cannot
# do skip, as fstest_backends.c says why.  fstest's TAP lines are ours.
# Arguments (optional): fstest's case prefixes, e.g. nfs_times.
set -u
. tests/lib.sh
. rump/fs/nfs/tests/ganesha.sh
t_begin
if ! why=$(gan_usable); then
	t_skip "fs_nfs" "$why"
	exit 0
fi
if [ ! -x "$TESTS/fstest" ]; then
	t_notok "fs_nfs" "no $TESTS/fstest"
	exit 0
fi
T=$(t_tmpdir)
T=$(cd "$T" && pwd)
gan_t_start "$T" 28000 || exit 0
EXP=$GAN_EXP
PORT=$GAN_PORT
[ $# -gt 0 ] || set -- nfs_ p2k_nfs_
# fstest's lines, numbered on from ours; all of its plan must be there
plan=0 ran=0
while IFS= read -r line; do
	case $line in
	1..*)	plan=${line#1..} ;;
	"ok "*|"not ok "*)
		ran=$((ran + 1))
		_t_n=$((_t_n + 1))
		[[ $line =~ ^((not )?ok)\ [0-9]+\ (.*)$ ]] &&
		    line="${BASH_REMATCH[1]} $_t_n ${BASH_REMATCH[3]}"
		echo "$line" ;;
	*)	echo "$line" ;;
	esac
done < <(FSTEST_NFS="127.0.0.1:$EXP" FSTEST_NFS_PORTS="$PORT,$((PORT + 1))" \
    O="$O" t_long 1800 "$TESTS/fstest" "$@")
t_ok fstest_complete test "$plan" -gt 0 -a "$ran" = "$plan"
# every case removed its directory of the export
t_eq export_empty "$(ls -A "$EXP")" ""
