#!/usr/bin/env bash
# ext2fs under concurrent use: e2fs_race runs mkdir/rmdir of one name
# against lookups of ".." inside it, files unlinked while open (several
# orphans leaving the list in any order) and renames, from eight threads.
# It must finish (a lock-order deadlock hangs it: bounded by timeout) and
# leave an image that e2fsck -fn finds clean.
. tests/lib.sh
t_begin
RACE=$TESTS/e2fs_race
if ! command -v mke2fs >/dev/null || ! command -v e2fsck >/dev/null; then
	t_skip "ext2fs races" "e2fsprogs not installed"
	exit 0
fi
tmp=$(t_tmpdir)
img=$tmp/img
for bs in 1024 4096; do
	rm -f "$img"
	mke2fs -q -F -t ext2 -b $bs -N 4096 "$img" 8M >/dev/null 2>&1
	t_ok "races finish (block size $bs)" timeout 120 "$RACE" "$img" 3000
	t_ok "e2fsck -fn clean after races (block size $bs)" \
	    e2fsck -fn "$img"
done
