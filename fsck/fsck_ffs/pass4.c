/*
 * Phase 4: every inode's link count equal to the references phases 2
 * and 3 found.  An unreferenced file is cleared when it is empty or its
 * link count is zero (a removed file whose inode was never freed), else
 * reconnected under lost+found.  Preen lowers link counts but stops on
 * one that would rise (a file that may already have been freed).
 */
#include <stdio.h>

#include "fsck.h"

static void
unref(uint64_t ino)
{
	struct inoinfo *ip = &fk.ino[ino];
	struct ufs_dino d;
	bool zap = ip->empty || ip->nlink <= 0;

	if (getino(ino, &d) != 0)
		return;
	if (!fix(P_PREEN, zap ? "CLEAR" : "RECONNECT", "UNREF %s I=%llu "
	    "OWNER=%u MODE=%o SIZE=%llu LINKS=%d", ino_typename(d.mode),
	    (unsigned long long)ino, d.uid, d.mode,
	    (unsigned long long)d.size, ip->nlink))
		return;
	if (zap)
		clear_ino(ino);
	else if (reconnect(ino) != 0)
		fix_failed("CANNOT RECONNECT I=%llu: NO ROOM IN lost+found",
		    (unsigned long long)ino);
}

static void
adjust(uint64_t ino)
{
	struct inoinfo *ip = &fk.ino[ino];

	if (fix(ip->nref > ip->nlink ? P_MANUAL : P_PREEN, "ADJUST",
	    "LINK COUNT %s I=%llu COUNT %d SHOULD BE %d",
	    ip->dtype == UFS_IFDIR >> 12 ? "DIR" : "FILE",
	    (unsigned long long)ino, ip->nlink, ip->nref) &&
	    set_nlink(ino, ip->nref) != 0)
		fix_failed("CANNOT WRITE INODE %llu",
		    (unsigned long long)ino);
}

void
pass4(void)
{
	struct inoinfo *ip;
	uint64_t ino;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 4 - Check Reference Counts\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		ip = &fk.ino[ino];
		/* a directory without a name was dealt with in phase 3 */
		if (ip->nref == 0 && (ip->state == I_FILE ||
		    ip->state == I_BAD))
			unref(ino);
	}
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		ip = &fk.ino[ino];
		if (ip->state != I_UNUSED && ip->nref != 0 &&
		    ip->nref != ip->nlink)
			adjust(ino);
	}
}
