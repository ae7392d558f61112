/*
 * The file allocation table on the device: entries read from the active
 * copy and written to every mirrored copy, the free count and next-free
 * hint (kept in core, counted at mount, written to the FAT32 FSInfo
 * sector at sync and unmount), the clean-shutdown bit of FAT[1], and
 * allocating and freeing clusters.  Every entry read here is classified
 * before use: a free, bad or out-of-range link inside a chain is damage.
 * pm_fatlock serialises the changes: each read-modify-write of a FAT
 * sector (in every copy, so that the copies never disagree), an
 * allocation's claim (its search for a free cluster reads without the
 * lock, and the one it found is read again under it), and the free count
 * and hint.  A lone read (a chain walk: bmap, lookups, directory scans)
 * takes no lock: the entry is read from the sector's buffer, which bread
 * hands out busy, to one owner at a time, so it never sees a change half
 * made (a FAT12 entry split over two sectors: both buffers are taken in
 * sector order, by readers and writers alike), and a walk never waits on
 * the FAT lock while it, or the thread it waits for, is in a read of the
 * device.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

/* the FAT[1] bit that says "unmounted cleanly" */
static uint32_t
clean_bit(int fatbits)
{
	return fatbits == 16 ? 0x8000 : fatbits == 32 ? 0x08000000 : 0;
}

/*
 * Entry cn of FAT copy `copy`: read it, and write v into it unless
 * v is NULL.  A FAT12 entry may straddle two sectors.
 */
static int
fat_access(struct msdosfsmount *pmp, int copy, uint32_t cn, uint32_t *getp,
    const uint32_t *putp, bool wait)
{
	const struct msdosfs_geom *g = &pmp->pm_g;
	uint64_t off = msdosfs_fat_off(g->g_fatbits, cn);
	uint64_t sec = g->g_fatsec + (uint64_t)copy * g->g_fatsz +
	    off / g->g_bps;
	uint32_t in = (uint32_t)(off % g->g_bps);
	uint32_t nb = g->g_fatbits == 32 ? 4 : 2;
	struct buf *bp[2] = { NULL, NULL };
	uint8_t tmp[4];
	int error, i, n = in + nb > g->g_bps ? 2 : 1;

	for (i = 0; i < n; i++)
		if ((error = msdosfs_bread(pmp, sec + (uint64_t)i,
		    &bp[i])) != 0)
			goto out;
	if (n == 1)
		memcpy(tmp, (uint8_t *)bp[0]->b_data + in, nb);
	else {
		tmp[0] = ((uint8_t *)bp[0]->b_data)[in];
		tmp[1] = ((uint8_t *)bp[1]->b_data)[0];
	}
	if (getp)
		*getp = msdosfs_fat_get(g->g_fatbits, cn, tmp);
	if (putp == NULL)
		goto out;
	msdosfs_fat_put(g->g_fatbits, cn, tmp, *putp);
	if (n == 1)
		memcpy((uint8_t *)bp[0]->b_data + in, tmp, nb);
	else {
		((uint8_t *)bp[0]->b_data)[in] = tmp[0];
		((uint8_t *)bp[1]->b_data)[0] = tmp[1];
	}
	for (i = 0; i < n; i++) {
		error = wait ? bwrite(bp[i]) : msdosfs_bwrite_meta(pmp, bp[i]);
		bp[i] = NULL;
	}
out:
	for (i = 0; i < n; i++)
		if (bp[i] != NULL)
			brelse(bp[i], 0);
	return error;
}

/* Entry cn of the FAT in use (the lock is the caller's business). */
static int
fat_read_locked(struct msdosfsmount *pmp, uint32_t cn, uint32_t *vp)
{
	int copy = pmp->pm_g.g_activefat < 0 ? 0 : pmp->pm_g.g_activefat;

	return fat_access(pmp, copy, cn, vp, NULL, false);
}

/* Entry cn := v in every FAT in use; wait: on the disk before return. */
static int
fat_put_all(struct msdosfsmount *pmp, uint32_t cn, uint32_t v, bool wait)
{
	int copy, error, e;

	if (pmp->pm_g.g_activefat >= 0)
		return fat_access(pmp, pmp->pm_g.g_activefat, cn, NULL, &v,
		    wait);
	for (error = 0, copy = 0; copy < (int)pmp->pm_g.g_nfats; copy++)
		if ((e = fat_access(pmp, copy, cn, NULL, &v, wait)) != 0)
			error = e;
	return error;
}

static int
fat_write_locked(struct msdosfsmount *pmp, uint32_t cn, uint32_t v)
{
	return fat_put_all(pmp, cn, v, false);
}

/* One entry, for a walk along a chain: no lock (see the top). */
int
msdosfs_fat_read(struct msdosfsmount *pmp, uint32_t cn, uint32_t *vp)
{
	return fat_read_locked(pmp, cn, vp);
}

int
msdosfs_fat_write(struct msdosfsmount *pmp, uint32_t cn, uint32_t v)
{
	return msdosfs_fat_set(pmp, cn, v, false);
}

/* Entry cn := v; wait: in every copy on the disk before return. */
int
msdosfs_fat_set(struct msdosfsmount *pmp, uint32_t cn, uint32_t v, bool wait)
{
	int error;

	mutex_enter(&pmp->pm_fatlock);
	error = fat_put_all(pmp, cn, v, wait);
	mutex_exit(&pmp->pm_fatlock);
	return error;
}

/* The link after cn: 0 and *np, ENOENT at the end, EIO if damaged. */
int
msdosfs_chain_next(struct msdosfsmount *pmp, uint32_t cn, uint32_t *np)
{
	uint32_t v;
	int error;

	if ((error = msdosfs_fat_read(pmp, cn, &v)) != 0)
		return error;
	if (msdosfs_fat_iseoc(pmp->pm_g.g_fatbits, v))
		return ENOENT;
	if (!msdosfs_cl_valid(pmp, v))
		return msdosfs_corrupt(pmp, "cluster", cn, v == FAT_FREE ?
		    "chain runs into a free cluster" :
		    msdosfs_fat_isbad(pmp->pm_g.g_fatbits, v) ?
		    "chain runs into a bad cluster" :
		    "chain link out of range");
	*np = v;
	return 0;
}

/* Does entry cn go on into the next FAT sector (FAT12 only)? */
static bool
fat_straddles(const struct msdosfs_geom *g, uint32_t cn)
{
	uint32_t nb = g->g_fatbits == 32 ? 4 : 2;

	return msdosfs_fat_off(g->g_fatbits, cn) % g->g_bps + nb > g->g_bps;
}

/* Free entries among cn .. maxcl held whole by FAT sector rel (p); *cnp
 * moves past them. */
static uint32_t
scan_sector(const struct msdosfs_geom *g, const uint8_t *p, uint64_t rel,
    uint32_t *cnp)
{
	uint32_t cn = *cnp, nfree = 0, nb = g->g_fatbits == 32 ? 4 : 2;
	uint64_t base = rel * g->g_bps, off;

	for (; cn <= MSDOSFS_MAXCL(g); cn++) {
		off = msdosfs_fat_off(g->g_fatbits, cn);
		if (off + nb > base + g->g_bps)
			break;		/* in the next sector, or split */
		if (msdosfs_fat_get(g->g_fatbits, cn, p + (off - base)) ==
		    FAT_FREE)
			nfree++;
	}
	*cnp = cn;
	return nfree;
}

/* Count the free clusters, once at mount: a sector at a time (a FAT12
 * entry split over two is read on its own). */
int
msdosfs_fat_scan(struct msdosfsmount *pmp)
{
	const struct msdosfs_geom *g = &pmp->pm_g;
	int copy = g->g_activefat < 0 ? 0 : g->g_activefat, error = 0;
	uint32_t cn = 2, v, nfree = 0;
	uint64_t rel;
	struct buf *bp;

	mutex_enter(&pmp->pm_fatlock);
	while (cn <= MSDOSFS_MAXCL(g) && error == 0) {
		if (fat_straddles(g, cn)) {
			if ((error = fat_read_locked(pmp, cn++, &v)) == 0 &&
			    v == FAT_FREE)
				nfree++;
			continue;
		}
		rel = msdosfs_fat_off(g->g_fatbits, cn) / g->g_bps;
		error = msdosfs_bread(pmp, g->g_fatsec + (uint64_t)copy *
		    g->g_fatsz + rel, &bp);
		if (error == 0) {
			nfree += scan_sector(g, bp->b_data, rel, &cn);
			brelse(bp, 0);
		}
	}
	if (error == 0)
		pmp->pm_freecount = nfree;
	if (!msdosfs_cl_valid(pmp, pmp->pm_nxtfree))
		pmp->pm_nxtfree = 2;
	mutex_exit(&pmp->pm_fatlock);
	return error;
}

/*
 * Set or clear the clean-shutdown bit (FAT16/32).  At mount, clean
 * false: remember whether it was already clear (the image was not
 * cleanly unmounted: it stays marked so for fsck).
 */
int
msdosfs_fat_setclean(struct msdosfsmount *pmp, bool clean)
{
	uint32_t bit = clean_bit(pmp->pm_g.g_fatbits), v;
	int error;

	if (bit == 0)
		return 0;
	mutex_enter(&pmp->pm_fatlock);
	error = fat_read_locked(pmp, 1, &v);
	if (error == 0 && !clean && (v & bit) == 0)
		pmp->pm_wasdirty = true;
	/* the mark goes to the disk first, before anything it covers */
	if (error == 0 && !(clean && pmp->pm_wasdirty))
		error = fat_put_all(pmp, 1, clean ? v | bit : v & ~bit, true);
	mutex_exit(&pmp->pm_fatlock);
	return error;
}

int
msdosfs_fsinfo_update(struct msdosfsmount *pmp)
{
	struct buf *bp;
	uint8_t *p;
	int error;

	if (!pmp->pm_fsinfo_ok || pmp->pm_ronly || pmp->pm_broken)
		return 0;
	if ((error = msdosfs_bread(pmp, pmp->pm_g.g_fsinfo, &bp)) != 0)
		return error;
	p = bp->b_data;
	mutex_enter(&pmp->pm_fatlock);
	msdosfs_setle32(p + FSI_FREE_COUNT, pmp->pm_freecount);
	msdosfs_setle32(p + FSI_NXT_FREE, msdosfs_cl_valid(pmp,
	    pmp->pm_nxtfree) ? pmp->pm_nxtfree : FSI_UNKNOWN);
	mutex_exit(&pmp->pm_fatlock);
	return bwrite(bp);
}

/* A free cluster from cn on, wrapping once; ENOSPC if none. */
static int
scan_free(struct msdosfsmount *pmp, uint32_t cn, uint32_t *cnp)
{
	uint32_t maxcl = MSDOSFS_MAXCL(&pmp->pm_g), v, n;
	int error;

	for (n = 0; n < pmp->pm_g.g_nclusters; n++) {
		if ((error = fat_read_locked(pmp, cn, &v)) != 0)
			return error;
		if (v == FAT_FREE) {
			*cnp = cn;
			return 0;
		}
		cn = cn == maxcl ? 2 : cn + 1;
	}
	return ENOSPC;
}

/*
 * A free cluster for the caller, who holds the FAT lock.  hint, found
 * free without the lock, is taken if it still is; else (someone took
 * it, or the search found none) the search is made again under the
 * lock, which alone can say there is none.
 */
static int
find_free(struct msdosfsmount *pmp, uint32_t hint, uint32_t *cnp)
{
	uint32_t v;
	int error;

	if (hint != 0 && (error = fat_read_locked(pmp, hint, &v)) == 0 &&
	    v == FAT_FREE) {
		*cnp = hint;
		return 0;
	}
	error = scan_free(pmp, msdosfs_cl_valid(pmp, pmp->pm_nxtfree) ?
	    pmp->pm_nxtfree : 2, cnp);
	if (error == ENOSPC)
		pmp->pm_freecount = 0;	/* the count was wrong */
	return error;
}

/*
 * Allocate one cluster as the end of a chain, linked after prev unless
 * prev is 0.  The new cluster's entry is written before the link to it;
 * wait: both on the disk before return.
 */
int
msdosfs_clalloc(struct msdosfsmount *pmp, uint32_t prev, uint32_t *cnp,
    bool wait)
{
	uint32_t cn, hint = 0;
	int error;

	mutex_enter(&pmp->pm_fatlock);
	if (pmp->pm_freecount == 0) {
		mutex_exit(&pmp->pm_fatlock);
		return ENOSPC;
	}
	cn = msdosfs_cl_valid(pmp, pmp->pm_nxtfree) ? pmp->pm_nxtfree : 2;
	mutex_exit(&pmp->pm_fatlock);
	/* the search reads the FAT: without the lock, for a candidate */
	if (scan_free(pmp, cn, &cn) == 0)
		hint = cn;
	mutex_enter(&pmp->pm_fatlock);
	error = pmp->pm_freecount == 0 ? ENOSPC : find_free(pmp, hint, &cn);
	if (error == 0)
		error = fat_put_all(pmp, cn,
		    msdosfs_fat_eoc(pmp->pm_g.g_fatbits), wait);
	if (error == 0 && prev != 0)
		error = fat_put_all(pmp, prev, cn, wait);
	if (error == 0) {
		pmp->pm_freecount--;
		pmp->pm_nxtfree = cn + 1;
		*cnp = cn;
	}
	mutex_exit(&pmp->pm_fatlock);
	return error;
}

/* Free the chain starting at cn; a damaged link stops it with EIO. */
int
msdosfs_chain_free(struct msdosfsmount *pmp, uint32_t cn)
{
	uint32_t v, n;
	int error = 0;

	mutex_enter(&pmp->pm_fatlock);
	for (n = 0; n < pmp->pm_g.g_nclusters; n++) {
		if (!msdosfs_cl_valid(pmp, cn)) {
			error = msdosfs_corrupt(pmp, "cluster", cn,
			    "freeing a chain link out of range");
			break;
		}
		if ((error = fat_read_locked(pmp, cn, &v)) != 0)
			break;
		if (v == FAT_FREE) {
			error = msdosfs_corrupt(pmp, "cluster", cn,
			    "freeing a chain that runs into a free cluster");
			break;
		}
		if ((error = fat_write_locked(pmp, cn, FAT_FREE)) != 0)
			break;
		pmp->pm_freecount++;
		if (msdosfs_fat_iseoc(pmp->pm_g.g_fatbits, v))
			break;
		cn = v;
	}
	if (n == pmp->pm_g.g_nclusters)
		error = msdosfs_corrupt(pmp, "cluster", cn, "cyclic chain");
	mutex_exit(&pmp->pm_fatlock);
	return error;
}
