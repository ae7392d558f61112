/*
 * Small pieces every part of the driver uses: the console line for
 * damage (which also stops all writes: an image found inconsistent is
 * never written again by this mount), sector buffers on the device,
 * and the cluster <-> sector arithmetic.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

int
msdosfs_corrupt(struct msdosfsmount *pmp, const char *what,
    unsigned long long where, const char *why)
{
	if (!pmp->pm_broken)
		printf("msdosfs: %s: %s %llu: %s; no more writes to this "
		    "image\n", pmp->pm_mp->mnt_stat.f_mntfromname, what, where,
		    why);
	pmp->pm_broken = true;
	return EIO;
}

/* May this mount change the image? */
int
msdosfs_writable(struct msdosfsmount *pmp)
{
	if (pmp->pm_ronly)
		return EROFS;
	if (pmp->pm_broken)
		return EROFS;
	return 0;
}

int
msdosfs_bread(struct msdosfsmount *pmp, uint64_t sec, struct buf **bpp)
{
	if (sec >= pmp->pm_g.g_totsec) {
		*bpp = NULL;
		return msdosfs_corrupt(pmp, "sector", sec, "past the volume");
	}
	return bread(pmp->pm_devvp, (daddr_t)(sec << pmp->pm_secshift),
	    (int)pmp->pm_g.g_bps, 0, bpp);
}

/* A sector about to be overwritten whole. */
struct buf *
msdosfs_getblk(struct msdosfsmount *pmp, uint64_t sec)
{
	return getblk(pmp->pm_devvp, (daddr_t)(sec << pmp->pm_secshift),
	    (int)pmp->pm_g.g_bps, 0, 0);
}

/* Metadata (entries, FAT): synchronous on a -o sync mount only. */
int
msdosfs_bwrite_meta(struct msdosfsmount *pmp, struct buf *bp)
{
	if (pmp->pm_mp->mnt_flag & MNT_SYNCHRONOUS)
		return bwrite(bp);
	bdwrite(bp);
	return 0;
}

/* Are the writes that name, unname or move entries ordered (msdosfs.h)? */
bool
msdosfs_ordered(const struct msdosfsmount *pmp)
{
	return (pmp->pm_mp->mnt_flag & MNT_ASYNC) == 0;
}

/* A directory sector or a FAT sector a directory depends on: on the
 * disk before the next step unless -o async. */
int
msdosfs_bwrite_ordered(struct msdosfsmount *pmp, struct buf *bp)
{
	if (msdosfs_ordered(pmp))
		return bwrite(bp);
	return msdosfs_bwrite_meta(pmp, bp);
}

bool
msdosfs_cl_valid(const struct msdosfsmount *pmp, uint32_t cn)
{
	return cn >= 2 && cn <= MSDOSFS_MAXCL(&pmp->pm_g);
}

uint64_t
msdosfs_cl2sec(const struct msdosfsmount *pmp, uint32_t cn)
{
	return pmp->pm_g.g_datasec + (uint64_t)(cn - 2) * pmp->pm_g.g_spc;
}

/* The first cluster of an entry: the high half only on FAT32. */
uint32_t
msdosfs_ent_cluster(const struct msdosfsmount *pmp, const uint8_t *e)
{
	uint32_t cn = msdosfs_le16(e + DE_CLLO);

	if (pmp->pm_g.g_fatbits == 32)
		cn |= (uint32_t)msdosfs_le16(e + DE_CLHI) << 16;
	return cn;
}

void
msdosfs_ent_setcluster(const struct msdosfsmount *pmp, uint8_t *e,
    uint32_t cn)
{
	msdosfs_setle16(e + DE_CLLO, (uint16_t)cn);
	msdosfs_setle16(e + DE_CLHI,
	    pmp->pm_g.g_fatbits == 32 ? (uint16_t)(cn >> 16) : 0);
}
