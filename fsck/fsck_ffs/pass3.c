/*
 * Phase 3: every directory reachable from the root, its '..' naming its
 * parent.  The top of a disconnected subtree (a directory whose entry
 * never reached the disk, or one caught in a loop) is reconnected under
 * lost+found, which is made if missing.
 */
#include <errno.h>
#include <stdio.h>

#include "fsck.h"

/* the top of ino's chain of parents; 0 when the chain reaches the root */
static uint64_t
top_of(uint64_t ino)
{
	uint64_t cur = ino, p, steps;

	for (steps = 0; steps < fk.ninodes; steps++) {
		if (cur == UFS_ROOTINO || fk.ino[cur].reached)
			return 0;
		p = fk.ino[cur].parent;
		if (p == 0 || p >= fk.ninodes || fk.ino[p].state != I_DIR)
			return cur;
		cur = p;
		if (cur == ino)
			break;
	}
	return ino;	/* a loop of directories */
}

static void
mark_reached(uint64_t ino)
{
	uint64_t steps;

	for (steps = 0; steps < fk.ninodes && ino != 0 && ino < fk.ninodes &&
	    !fk.ino[ino].reached; steps++) {
		fk.ino[ino].reached = 1;
		ino = fk.ino[ino].parent;
	}
}

static void
reattach(uint64_t top)
{
	struct ufs_dino d;
	int error;

	if (getino(top, &d) != 0)
		return;
	if (!fix(P_PREEN, "RECONNECT", "UNREF DIR I=%llu OWNER=%u MODE=%o "
	    "SIZE=%llu", (unsigned long long)top, d.uid, d.mode,
	    (unsigned long long)d.size))
		return;
	if ((error = reconnect(top)) != 0)
		fix_failed("CANNOT RECONNECT DIR I=%llu: %s",
		    (unsigned long long)top, error == ENOSPC ?
		    "NO SPACE IN lost+found" : "NO lost+found");
}

static void
check_dotdot(uint64_t ino)
{
	struct inoinfo *ip = &fk.ino[ino];
	uint64_t want = ino == UFS_ROOTINO ? UFS_ROOTINO : ip->parent;

	if (ip->dotdot == want || ip->dotdot_off <= 0)
		return;
	if (fix(P_PREEN, "FIX", "BAD '..' I=%llu POINTS TO I=%u, PARENT IS "
	    "I=%llu", (unsigned long long)ino, ip->dotdot,
	    (unsigned long long)want) && set_dotdot(ino, want) != 0)
		fix_failed("CANNOT WRITE '..' OF I=%llu",
		    (unsigned long long)ino);
}

void
pass3(void)
{
	uint64_t ino, top;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 3 - Check Connectivity\n");
	fk.ino[UFS_ROOTINO].reached = fk.ino[UFS_ROOTINO].state == I_DIR;
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state != I_DIR)
			continue;
		if ((top = top_of(ino)) != 0) {
			reattach(top);
			if (top_of(ino) != 0)
				continue;
		}
		mark_reached(ino);
		check_dotdot(ino);
	}
}
