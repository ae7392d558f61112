/*
 * Phase 3: every directory reachable from the root, its '..' naming its
 * parent.  Phase 4: every inode's link count equal to the references
 * phase 2 found, and no allocated inode without any.
 */
#include <stdio.h>

#include "fsck.h"

static bool
reachable(uint64_t ino)
{
	uint64_t cur = ino, steps;

	for (steps = 0; steps <= (uint64_t)fk.ndirs + 1; steps++) {
		if (cur == UFS_ROOTINO || fk.ino[cur].reached)
			return true;
		cur = fk.ino[cur].parent;
		if (cur == 0 || cur >= fk.ninodes)
			return false;
	}
	return false;	/* a loop of directories */
}

void
pass3(void)
{
	struct inoinfo *ip;
	uint64_t ino;

	if (!fk.quiet)
		printf("** Phase 3 - Check Connectivity\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		ip = &fk.ino[ino];
		if (ip->state != I_DIR)
			continue;
		if (!reachable(ino)) {
			problem("UNREF DIR I=%llu", (unsigned long long)ino);
			continue;
		}
		ip->reached = 1;
		if (ino == UFS_ROOTINO) {
			if (ip->dotdot != UFS_ROOTINO)
				problem("ROOT '..' POINTS TO I=%u", ip->dotdot);
		} else if (ip->dotdot != ip->parent)
			problem("BAD '..' I=%llu POINTS TO I=%u, PARENT IS "
			    "I=%u", (unsigned long long)ino, ip->dotdot,
			    ip->parent);
	}
}

/* rewrite one inode's link count in place */
static int
fix_nlink(uint64_t ino, int32_t n)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	uint8_t raw[256];
	int dsz = ffs_dinode_size(fs);
	int64_t off = ffs_ino_to_fsba(fs, ino) * fs->fs_fsize +
	    (int64_t)ffs_ino_to_fsbo(fs, ino) * dsz;

	if (readat(raw, (size_t)dsz, off) != 0)
		return -1;
	ufs_dino_load(&d, raw, fk.ufs2, fk.needswap);
	d.nlink = (int16_t)n;
	ufs_dino_store(&d, raw, fk.ufs2, fk.needswap);
	return writeat(raw, (size_t)dsz, off);
}

void
pass4(void)
{
	struct inoinfo *ip;
	uint64_t ino;

	if (!fk.quiet)
		printf("** Phase 4 - Check Reference Counts\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		ip = &fk.ino[ino];
		if (ip->state == I_UNUSED)
			continue;
		if (ip->nref == 0)
			problem("UNREF %s I=%llu LINKS=%d",
			    ip->dtype == UFS_IFDIR >> 12 ? "DIR" : "FILE",
			    (unsigned long long)ino, ip->nlink);
		else if (ip->nref != ip->nlink) {
			problem("LINK COUNT %s I=%llu COUNT %d SHOULD BE %d",
			    ip->dtype == UFS_IFDIR >> 12 ? "DIR" : "FILE",
			    (unsigned long long)ino, ip->nlink, ip->nref);
			if (fk.yflag && fix_nlink(ino, ip->nref) == 0)
				repaired(1);
		}
	}
}
