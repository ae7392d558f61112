/*
 * Cluster chains of files and directories (the n-th cluster is
 * msdosfs_clmap.c's): their length and checks, VOP_BMAP for
 * genfs_strategy, directory sectors, growing a chain and cutting it
 * back.  No valid chain has more links than the volume has clusters: a
 * walk that gets that far has met a cycle, and says so instead of going
 * round for ever.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

/* Clusters in dep's chain (directories: their size). */
int
msdosfs_chain_len(struct denode *dep, uint32_t *np)
{
	uint32_t n = 0, cn;
	int error;

	while ((error = msdosfs_clmap(dep, n, &cn)) == 0)
		n++;
	*np = n;
	if (error != ENOENT)
		return error;
	/* as long as the volume: it had better end there */
	if (n == dep->de_pmp->pm_g.g_nclusters &&
	    (error = msdosfs_chain_next(dep->de_pmp, cn, &cn)) != ENOENT)
		return error ? error : msdosfs_corrupt(dep->de_pmp, "inode",
		    dep->de_ino, "cyclic cluster chain");
	return 0;
}

/*
 * A file's chain must hold its size and end: a chain that is shorter,
 * or that never reaches its end mark (a cycle, which a walk bounded by
 * the size alone would go round unnoticed), is damage.  Checked once,
 * when the file is loaded.
 */
int
msdosfs_chain_check(struct denode *dep)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t n, cn, k;
	int error;

	if (dep->de_size == 0)
		return 0;
	n = (uint32_t)(((uint64_t)dep->de_size + pmp->pm_g.g_clsize - 1) >>
	    pmp->pm_g.g_clshift);
	error = msdosfs_clmap(dep, n - 1, &cn);
	if (error == ENOENT)
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "cluster chain shorter than the file");
	for (k = n; error == 0; k++) {
		if (k > pmp->pm_g.g_nclusters)
			return msdosfs_corrupt(pmp, "inode", dep->de_ino,
			    "cyclic cluster chain");
		error = msdosfs_chain_next(pmp, cn, &cn);
	}
	return error == ENOENT ? 0 : error;
}

int
msdosfs_bmap(struct vop_bmap_args *ap)
{
	struct denode *dep = VTODE(ap->a_vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t cn, run;
	int error;

	if (ap->a_vpp)
		*ap->a_vpp = pmp->pm_devvp;
	if (ap->a_bnp == NULL)
		return 0;
	if (ap->a_runp)
		*ap->a_runp = 0;
	if (ap->a_bn < 0 || ap->a_bn >= (daddr_t)pmp->pm_g.g_nclusters)
		return EINVAL;
	error = msdosfs_clmap_run(dep, (uint32_t)ap->a_bn, &cn, &run);
	if (error == ENOENT && !DE_ISDIR(dep) &&
	    ((uint64_t)ap->a_bn << pmp->pm_g.g_clshift) < dep->de_size)
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "cluster chain shorter than the file");
	if (error == ENOENT) {
		*ap->a_bnp = -1;	/* past the chain: reads as zeros */
		return 0;
	}
	if (error)
		return error;
	*ap->a_bnp = (daddr_t)(msdosfs_cl2sec(pmp, cn) << pmp->pm_secshift);
	if (ap->a_runp)
		*ap->a_runp = (int)MIN(run,
		    ((uint32_t)MAXPHYS >> pmp->pm_g.g_clshift) - 1);
	return 0;
}

/* The device sector holding slot idx of directory dep; ENOENT past it. */
int
msdosfs_dirsec(struct denode *dep, uint32_t idx, uint64_t *secp)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	const struct msdosfs_geom *g = &pmp->pm_g;
	uint64_t off = (uint64_t)idx * DIRENT_SIZE;
	uint32_t cn;
	int error;

	if (DE_FIXEDROOT(dep)) {
		if (idx >= g->g_rootents)
			return ENOENT;
		*secp = g->g_rootsec + off / g->g_bps;
		return 0;
	}
	if ((error = msdosfs_clmap(dep, (uint32_t)(off >> g->g_clshift),
	    &cn)) != 0)
		return error;
	*secp = msdosfs_cl2sec(pmp, cn) +
	    (off & (g->g_clsize - 1)) / g->g_bps;
	return 0;
}

/* Zero a new cluster: a file's through its vnode, a directory's on
 * the device, where its entries are read. */
static int
clzero(struct denode *dep, uint32_t lcn, uint32_t cn)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	struct buf *bp;
	uint32_t i;
	int error;

	if (!DE_ISDIR(dep)) {
		bp = getblk(dep->de_vnode, (daddr_t)lcn,
		    (int)pmp->pm_g.g_clsize, 0, 0);
		if (bp == NULL)
			return ENOMEM;
		memset(bp->b_data, 0, pmp->pm_g.g_clsize);
		bdwrite(bp);
		return 0;
	}
	for (i = 0; i < pmp->pm_g.g_spc; i++) {
		bp = msdosfs_getblk(pmp, msdosfs_cl2sec(pmp, cn) + i);
		if (bp == NULL)
			return ENOMEM;
		memset(bp->b_data, 0, pmp->pm_g.g_bps);
		/* before the FAT or an entry names it: on disk now */
		if ((error = bwrite(bp)) != 0)
			return error;
	}
	return 0;
}

/*
 * One more cluster for a directory, after last: zeroed on the disk and
 * marked the end of a chain before the FAT links it in (ordered, see
 * msdosfs.h), so that no crash leaves a directory whose chain runs into
 * a free cluster or into old data read as entries.
 */
static int
dir_grow(struct denode *dep, uint32_t last, uint32_t *cnp)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	bool wait = msdosfs_ordered(pmp);
	uint32_t cn;
	int error;

	if ((error = msdosfs_clalloc(pmp, 0, &cn, wait)) != 0)
		return error;
	if ((error = clzero(dep, 0, cn)) == 0 && last != 0)
		error = msdosfs_fat_set(pmp, last, cn, wait);
	if (error) {
		(void)msdosfs_chain_free(pmp, cn);
		return error;
	}
	*cnp = cn;
	return 0;
}

/*
 * Make dep's chain at least ncl clusters long, the new ones zeroed if
 * zero (a directory's always are).  Clusters a previous writer left
 * past the size are reused.
 */
int
msdosfs_extend(struct denode *dep, uint32_t ncl, bool zero)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t have = 0, last = 0, cn;
	int error;

	if (ncl > 0 && msdosfs_clmap(dep, ncl - 1, &cn) == 0)
		return 0;
	/* the size says how many there are at least: start past them */
	have = (uint32_t)(((uint64_t)dep->de_size + pmp->pm_g.g_clsize - 1) >>
	    pmp->pm_g.g_clshift);
	if (have > 0 && (error = msdosfs_clmap(dep, have - 1, &last)) != 0)
		return error == ENOENT ? msdosfs_corrupt(pmp, "inode",
		    dep->de_ino, "cluster chain shorter than the file") : error;
	while ((error = msdosfs_clmap(dep, have, &cn)) == 0) {
		last = cn;
		have++;
	}
	if (error != ENOENT)
		return error;
	for (; have < ncl; have++) {
		if (DE_ISDIR(dep))
			error = dir_grow(dep, last, &cn);
		else
			error = msdosfs_clalloc(pmp, last, &cn, false);
		if (error)
			return error;
		msdosfs_clcache_grown(dep);
		if (dep->de_startcl == 0) {
			dep->de_startcl = cn;
			dep->de_flag |= DE_MODIFIED;
		}
		last = cn;
		if (zero && !DE_ISDIR(dep) &&
		    (error = clzero(dep, have, cn)) != 0)
			return error;
		if (DE_ISDIR(dep))
			dep->de_size += pmp->pm_g.g_clsize;
	}
	return 0;
}

/* Zero [off, end of its cluster) of a file: bytes past a new size. */
int
msdosfs_zero_tail(struct denode *dep, uint64_t off)
{
	uint32_t clsize = dep->de_pmp->pm_g.g_clsize, in = off & (clsize - 1);
	struct buf *bp;
	int error;

	if (in == 0)
		return 0;
	error = bread(dep->de_vnode,
	    (daddr_t)(off >> dep->de_pmp->pm_g.g_clshift), (int)clsize, 0, &bp);
	if (error)
		return error;
	memset((uint8_t *)bp->b_data + in, 0, clsize - in);
	bdwrite(bp);
	return 0;
}

/* Cut the chain to ncl clusters (the entry is written first if it
 * loses them all, so it never names freed clusters). */
static int
chain_cut(struct denode *dep, uint32_t ncl)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t last, next, start = dep->de_startcl;
	int error;

	if (start == 0)
		return 0;
	if (ncl == 0) {
		dep->de_startcl = 0;
		dep->de_flag |= DE_MODIFIED;
		msdosfs_clcache_reset(dep);
		/* ordered: no entry on the disk names a freed cluster */
		if ((error = msdosfs_deupdate(dep,
		    msdosfs_ordered(pmp))) != 0)
			return error;
		return msdosfs_chain_free(pmp, start);
	}
	if ((error = msdosfs_clmap(dep, ncl - 1, &last)) != 0)
		return error == ENOENT ? 0 : error;
	error = msdosfs_chain_next(pmp, last, &next);
	if (error == ENOENT)
		return 0;
	if (error == 0)
		error = msdosfs_fat_write(pmp, last,
		    msdosfs_fat_eoc(pmp->pm_g.g_fatbits));
	msdosfs_clcache_reset(dep);
	return error ? error : msdosfs_chain_free(pmp, next);
}

/*
 * The file keeps ncl clusters: the buffers of the blocks past them go
 * first, then the clusters.  A buffer left behind (a cluster zeroed for
 * a growth that then failed) would be written back later through bmap,
 * which has no cluster for it: an EIO kept dirty that every later fsync
 * of the file returns.
 */
static int
keep_clusters(struct denode *dep, uint32_t ncl)
{
	(void)vtruncbuf(dep->de_vnode, (daddr_t)ncl, false, 0);
	return chain_cut(dep, ncl);
}

static void
set_size(struct denode *dep, uint64_t size)
{
	dep->de_size = (uint32_t)size;
	dep->de_vnode->v_size = (off_t)size;
	dep->de_flag |= DE_MODIFIED | DE_UPDATE;
}

/*
 * A file's new size: clusters freed or added (zeroed).  The size never
 * says more than the chain holds, not even for a moment: bmap takes a
 * block under the size with no cluster for damage, and a read here
 * (the tail zeroed) maps the blocks after it for read-ahead.  So a
 * shrinking file gets its size before it loses the clusters, a growing
 * one after it has them.
 */
int
msdosfs_truncate(struct denode *dep, uint64_t size)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint64_t ncl = (size + pmp->pm_g.g_clsize - 1) >> pmp->pm_g.g_clshift;
	int error;

	if (size > MSDOSFS_MAXFILESIZE)
		return EFBIG;
	if (size <= dep->de_size) {
		set_size(dep, size);
		error = keep_clusters(dep, (uint32_t)ncl);
		if (error == 0 && ncl > 0)
			error = msdosfs_zero_tail(dep, size);
		return error;
	}
	error = msdosfs_zero_tail(dep, dep->de_size);
	if (error == 0)
		error = msdosfs_extend(dep, (uint32_t)ncl, true);
	if (error) {
		/* ENOSPC part way: back to the clusters the size needs */
		(void)keep_clusters(dep, (uint32_t)((dep->de_size +
		    pmp->pm_g.g_clsize - 1) >> pmp->pm_g.g_clshift));
		return error;
	}
	set_size(dep, size);
	return 0;
}
