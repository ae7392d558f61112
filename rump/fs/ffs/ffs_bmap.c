/*
 * Block mapping: a file's logical block to its fragment address on the
 * device, through up to three levels of indirect blocks.  Every pointer
 * read from an indirect block is range-checked: a bad one is EIO.
 * genfs_strategy maps file buffers through it (VOP_BMAP) to the device.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* indirect block blk, read (busy); a pointer off the device is EIO */
int
ffs_indir_read(struct ufsmount *ump, int64_t blk, struct buf **bpp)
{
	struct fs *fs = ump->um_fs;
	int error;

	*bpp = NULL;
	if (blk <= 0 || blk >= fs->fs_size) {
		ffs_corrupt(ump, "indirect block %lld out of range",
		    (long long)blk);
		return EIO;
	}
	error = bread(ump->um_devvp, ffs_fsbtodb(fs, blk), fs->fs_bsize, 0,
	    bpp);
	if (error != 0 && *bpp != NULL) {
		brelse(*bpp, 0);
		*bpp = NULL;
	}
	return error;
}

/* entry idx of an indirect block's data */
int64_t
ffs_indir_entry(const struct ufsmount *ump, const void *data, int64_t idx)
{
	const uint8_t *p = data;

	if (ump->um_ufs2)
		return (int64_t)ufs_rd64(p + idx * 8, ump->um_needswap);
	return (int32_t)ufs_rd32(p + idx * 4, ump->um_needswap);
}

/* entry idx of indirect block blk */
static int
ufs_indir_get(struct inode *ip, int64_t blk, int64_t idx, int64_t *valp)
{
	struct buf *bp;
	int error;

	if ((error = ffs_indir_read(ip->i_ump, blk, &bp)) != 0)
		return error;
	*valp = ffs_indir_entry(ip->i_ump, bp->b_data, idx);
	brelse(bp, 0);
	return 0;
}

int
ufs_bmap_frag(struct inode *ip, int64_t lbn, int64_t *fragp)
{
	struct fs *fs = ip->i_fs;
	int64_t nindir = fs->fs_nindir, span = 1, blk, sub;
	int level, i, error;

	*fragp = 0;
	if (lbn < 0)
		return EFBIG;
	if (lbn < UFS_NDADDR) {
		*fragp = ip->i_din.db[lbn];
		return 0;
	}
	lbn -= UFS_NDADDR;
	for (level = 0; level < UFS_NIADDR; level++) {
		span *= nindir;
		if (lbn < span)
			break;
		lbn -= span;
	}
	if (level == UFS_NIADDR)
		return EFBIG;
	blk = ip->i_din.ib[level];
	for (i = level; i >= 0 && blk != 0; i--) {
		sub = span / nindir;
		error = ufs_indir_get(ip, blk, lbn / sub, &blk);
		if (error != 0)
			return error;
		if (blk < 0 || blk >= fs->fs_size) {
			ffs_corrupt(ip->i_ump, "inode %llu: indirect entry "
			    "%lld out of range", (unsigned long long)
			    ip->i_number, (long long)blk);
			return EIO;
		}
		lbn %= sub;
		span = sub;
	}
	*fragp = blk;
	return 0;
}

int
ufs_bmap(struct vop_bmap_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	int64_t frag;
	int error;

	if (ap->a_vpp != NULL)
		*ap->a_vpp = ip->i_ump->um_devvp;
	if (ap->a_runp != NULL)
		*ap->a_runp = 0;
	if ((error = ufs_bmap_frag(ip, ap->a_bn, &frag)) != 0)
		return error;
	if (ap->a_bnp != NULL)
		*ap->a_bnp = frag == 0 ? -1 : ffs_fsbtodb(ip->i_fs, frag);
	return 0;
}
