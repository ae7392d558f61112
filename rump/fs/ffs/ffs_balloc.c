/*
 * Block allocation for writes: make sure the logical block holding
 * [off, off+len) exists on disk, with indirect blocks as needed, and
 * return its buffer.  The last block of a file shorter than UFS_NDADDR
 * blocks is a run of fragments: it grows (in place or moved) as the file
 * grows, and becomes a whole block once the file extends past it.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* may cred take more space (the minfree reserve is root's) */
static int
ffs_space_ok(struct inode *ip, kauth_cred_t cred, int size)
{
	struct fs *fs = ip->i_fs;
	int64_t free, resv = fs->fs_dsize * fs->fs_minfree / 100;

	/* the counts change under um_lock (other files allocating) */
	mutex_enter(&ip->i_ump->um_lock);
	free = fs->fs_cstotal.cs_nbfree * fs->fs_frag +
	    fs->fs_cstotal.cs_nffree;
	mutex_exit(&ip->i_ump->um_lock);

	if (free < ffs_numfrags(fs, size))
		return ENOSPC;
	if (free - ffs_numfrags(fs, size) < resv &&
	    cred != NOCRED && cred != FSCRED && !kauth_cred_issuser(cred))
		return ENOSPC;
	return 0;
}

/* a new buffer for logical block lbn of the file, zeroed */
static int
ffs_newbuf(struct inode *ip, int64_t lbn, int size, struct buf **bpp)
{
	struct buf *bp = getblk(ITOV(ip), lbn, size, 0, 0);

	if (bp == NULL)
		return ENOMEM;
	memset(bp->b_data, 0, (size_t)size);
	*bpp = bp;
	return 0;
}

/* grow direct block lbn from osize to nsize bytes; its buffer back */
int
ffs_growblk(struct inode *ip, int64_t lbn, int osize, int nsize,
    kauth_cred_t cred, struct buf **bpp)
{
	struct genfs_freelist fl;
	struct buf *bp = NULL;
	int64_t nb;
	int error, e2;

	if ((error = ffs_space_ok(ip, cred, nsize - osize)) != 0)
		return error;
	error = bread(ITOV(ip), lbn, osize, 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	/* the buffer first: once the run moved, there is no way back */
	if ((error = allocbuf(bp, nsize, 1)) == 0) {
		ffs_freelist_init(&fl, ip);
		error = ffs_realloccg(ip, ip->i_din.db[lbn],
		    ffs_blkpref(ip, lbn), osize, nsize, &nb, &fl);
		if (error != 0)
			(void)allocbuf(bp, osize, 1);
	}
	if (error != 0) {
		brelse(bp, 0);
		return error;
	}
	memset((uint8_t *)bp->b_data + osize, 0, (size_t)(nsize - osize));
	ip->i_din.db[lbn] = nb;
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	if (genfs_freelist_pending(&fl)) {
		/*
		 * Moved: the data (perhaps fsynced) reaches its new place
		 * before the inode names it, and the old run is freed after.
		 */
		error = bwrite(bp);
		bp = NULL;
		e2 = ffs_freelist_commit(ip, &fl);
		if (error == 0 && (error = e2) == 0)
			error = bread(ITOV(ip), lbn, nsize, 0, &bp);
		if (error != 0) {
			if (bp != NULL)
				brelse(bp, 0);
			return error;
		}
	}
	*bpp = bp;
	return 0;
}

static int
ffs_balloc_direct(struct inode *ip, int64_t lbn, uint64_t newsize,
    kauth_cred_t cred, struct buf **bpp)
{
	struct fs *fs = ip->i_fs;
	uint64_t size = ip->i_din.size;
	int need = (int)ffs_blksize(fs, newsize, lbn), have;
	int64_t nb;
	int error;

	if (ip->i_din.db[lbn] != 0) {
		have = (int)ffs_blksize(fs, size, lbn);
		if (size == 0 || (uint64_t)ffs_lblktosize(fs, lbn) >= size)
			have = fs->fs_bsize;	/* beyond EOF: whole */
		if (have >= need) {
			error = bread(ITOV(ip), lbn, have, 0, bpp);
			if (error != 0 && *bpp != NULL) {
				brelse(*bpp, 0);
				*bpp = NULL;
			}
			return error;
		}
		return ffs_growblk(ip, lbn, have, need, cred, bpp);
	}
	if ((error = ffs_space_ok(ip, cred, need)) != 0)
		return error;
	if ((error = ffs_alloc(ip, ffs_blkpref(ip, lbn), need, &nb)) != 0)
		return error;
	ip->i_din.db[lbn] = nb;
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	return ffs_newbuf(ip, lbn, need, bpp);
}

/* a fresh, zeroed indirect block */
static int
ffs_newindir(struct inode *ip, int64_t pref, kauth_cred_t cred,
    int64_t *nbp)
{
	struct fs *fs = ip->i_fs;
	struct buf *bp;
	int error;

	if ((error = ffs_space_ok(ip, cred, fs->fs_bsize)) != 0)
		return error;
	if ((error = ffs_alloc(ip, pref, fs->fs_bsize, nbp)) != 0)
		return error;
	bp = getblk(ip->i_ump->um_devvp, ffs_fsbtodb(fs, *nbp), fs->fs_bsize,
	    0, 0);
	if (bp == NULL)
		return ENOMEM;
	memset(bp->b_data, 0, (size_t)fs->fs_bsize);
	return bwrite(bp);
}

static int
ffs_balloc_indir(struct inode *ip, int64_t lbn, kauth_cred_t cred,
    int flags, struct buf **bpp)
{
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ip->i_fs;
	int64_t rel = lbn - UFS_NDADDR, span = 1, nb, pref;
	int level, i, w = ump->um_ufs2 ? 8 : 4, error;
	struct buf *ibp = NULL;
	uint8_t *p;
	bool isnew = false;

	for (level = 0; level < UFS_NIADDR; level++) {
		span *= fs->fs_nindir;
		if (rel < span)
			break;
		rel -= span;
	}
	if (level == UFS_NIADDR)
		return EFBIG;
	pref = ffs_blkpref(ip, lbn);
	if (ip->i_din.ib[level] == 0) {
		if ((error = ffs_newindir(ip, pref, cred, &nb)) != 0)
			return error;
		ip->i_din.ib[level] = nb;
		ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	}
	nb = ip->i_din.ib[level];
	for (i = level; i >= 0; i--) {
		span /= fs->fs_nindir;
		error = bread(ump->um_devvp, ffs_fsbtodb(fs, nb), fs->fs_bsize,
		    0, &ibp);
		if (error != 0) {
			if (ibp != NULL)
				brelse(ibp, 0);
			return error;
		}
		p = (uint8_t *)ibp->b_data + (rel / span) * w;
		nb = w == 8 ? (int64_t)ufs_rd64(p, ump->um_needswap) :
		    (int32_t)ufs_rd32(p, ump->um_needswap);
		rel %= span;
		if (nb < 0 || nb >= fs->fs_size) {
			brelse(ibp, 0);
			ffs_corrupt(ump, "inode %llu: indirect entry out of "
			    "range", (unsigned long long)ip->i_number);
			return EIO;
		}
		if (nb != 0) {
			brelse(ibp, 0);
			continue;
		}
		if (i > 0)
			error = ffs_newindir(ip, pref, cred, &nb);
		else if ((error = ffs_space_ok(ip, cred, fs->fs_bsize)) == 0)
			error = ffs_alloc(ip, pref, fs->fs_bsize, &nb);
		if (error != 0) {
			brelse(ibp, 0);
			return error;
		}
		if (w == 8)
			ufs_wr64(p, (uint64_t)nb, ump->um_needswap);
		else
			ufs_wr32(p, (uint32_t)nb, ump->um_needswap);
		/* a directory's entries must stay reachable: ordered */
		if (flags & B_SYNC)
			(void)bwrite(ibp);
		else
			ffs_metawrite(ump, ibp, ITOV(ip)->v_type == VDIR);
		isnew = i == 0;
		ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	}
	if (isnew)
		return ffs_newbuf(ip, lbn, fs->fs_bsize, bpp);
	error = bread(ITOV(ip), lbn, fs->fs_bsize, 0, bpp);
	if (error != 0 && *bpp != NULL) {
		brelse(*bpp, 0);
		*bpp = NULL;
	}
	return error;
}

int
ffs_balloc(struct inode *ip, int64_t off, int len, kauth_cred_t cred,
    int flags, struct buf **bpp)
{
	struct fs *fs = ip->i_fs;
	int64_t lbn = ffs_lblkno(fs, off), last;
	uint64_t size = ip->i_din.size, newsize;
	struct buf *bp;
	int osize = 0, error;
	bool grown = false;

	*bpp = NULL;
	if (off < 0 || len <= 0)
		return EINVAL;
	newsize = MAX(size, (uint64_t)off + (uint64_t)len);
	/* the old last fragment run becomes a whole block first */
	last = size > 0 ? ffs_lblkno(fs, size - 1) : 0;
	if (size > 0) {
		osize = (int)ffs_blksize(fs, size, last);
		if (last < UFS_NDADDR && last < lbn && osize < fs->fs_bsize &&
		    ip->i_din.db[last] != 0) {
			error = ffs_growblk(ip, last, osize, fs->fs_bsize, cred,
			    &bp);
			if (error != 0)
				return error;
			bdwrite(bp);
			grown = true;
		}
	}
	if (lbn < UFS_NDADDR)
		error = ffs_balloc_direct(ip, lbn, newsize, cred, bpp);
	else
		error = ffs_balloc_indir(ip, lbn, cred, flags, bpp);
	/* the size stays: so must the old last block's (ENOSPC, say) */
	if (error != 0 && grown)
		(void)ffs_shrinkblk(ip, last, fs->fs_bsize, osize);
	return error;
}
