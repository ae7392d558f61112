/*
 * Phase 1b: the first claimer of a duplicate block is found (phase 1
 * saw only the later ones); then every file with bad or duplicate
 * blocks is cleared (-y) and the map of used fragments rebuilt from the
 * files that are left.
 */
#include <stdio.h>
#include <string.h>

#include "fsck.h"

/* phase 1b: the first claimer of each duplicate block is bad too */
static void
find_dups(void)
{
	struct ufs_dino d;
	struct walk w;
	uint64_t ino;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 1b - Rescan For More DUPS\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state == I_UNUSED ||
		    fk.ino[ino].state == I_BAD || getino(ino, &d) != 0)
			continue;
		w = walk_inode(ino, &d, W_FINDDUP);
		if (w.ndup > 0) {
			printf("DUP I=%llu (shares blocks)\n",
			    (unsigned long long)ino);
			fk.ino[ino].state = I_BAD;
		}
	}
}

/* fk.used again from the live inodes, after some were cleared */
void
rebuild_used(void)
{
	struct ufs_dino d;
	uint64_t ino;

	memcpy(fk.used, fk.meta, (size_t)(fk.fs.fs_size + 7) / 8);
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state != I_UNUSED && getino(ino, &d) == 0)
			(void)walk_inode(ino, &d, W_CLAIM);
	}
	fk.rewalk = false;
}

void
pass1b(void)
{
	struct ufs_dino d;
	uint64_t ino;

	if (fk.ndups > 0)
		find_dups();
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state != I_BAD || getino(ino, &d) != 0)
			continue;
		if (fix(P_MANUAL, "CLEAR", "BAD/DUP %s I=%llu OWNER=%u "
		    "MODE=%o SIZE=%llu", ino_typename(d.mode),
		    (unsigned long long)ino, d.uid, d.mode,
		    (unsigned long long)d.size)) {
			fk.ino[ino].empty = false;
			clear_ino(ino);
		}
	}
	if (fk.rewalk)
		rebuild_used();
}
