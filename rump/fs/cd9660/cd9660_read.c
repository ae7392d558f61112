/*
 * File data: VOP_READ is genfs_read over the file's buffers, VOP_BMAP
 * maps a file sector to the image (through the extents of a file in
 * several parts and the unit/gap pattern of an interleaved one), and
 * VOP_STRATEGY is genfs_strategy's, but for zisofs files, whose buffers
 * are inflated blocks (cd9660_zread.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/genfs.h>

#include "cd9660.h"

/*
 * Buffers of 1 << in_bshift bytes, but the last one of a file in big
 * buffers holds only the sectors up to the end of its extent: nothing
 * past the extent is read (it may be the image's end).
 */
static long
cd9660_blksize(struct vnode *vp, uint64_t size, daddr_t lbn)
{
	struct cd9660_node *ip = VTOI(vp);
	uint64_t bs = 1ULL << ip->in_bshift;
	uint64_t off = (uint64_t)lbn << ip->in_bshift;

	if (ip->in_zbshift != 0 || ip->in_bshift == ISO_SECSHIFT ||
	    off >= size || size - off >= bs)
		return (long)bs;
	return (long)((size - off + ISO_SECSIZE - 1) &
	    ~(uint64_t)(ISO_SECSIZE - 1));
}

/* nothing is ever written: only the read loop's geometry */
static const struct genfs_rdwr_ops cd9660_rdwr_ops = {
	.ro_blksize = cd9660_blksize,
};

int
cd9660_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cd9660_node *ip = VTOI(vp);
	struct genfs_rdwr gr = {
		.gr_ops = &cd9660_rdwr_ops,
		.gr_size = ip->in_size,
		.gr_maxsize = ip->in_size,
		.gr_bshift = (int)ip->in_bshift,
	};
	int error;

	if ((error = genfs_regular(vp)) != 0)
		return error;
	return genfs_read(vp, ap->a_uio, &gr);
}

int
cd9660_bmap(struct vop_bmap_args *ap)
{
	struct cd9660_node *ip = VTOI(ap->a_vp);
	uint64_t psec;

	if (ap->a_vpp)
		*ap->a_vpp = ip->in_imp->im_devvp;
	if (ap->a_runp)
		*ap->a_runp = 0;
	if (ap->a_bnp == NULL)
		return 0;
	/* zisofs blocks are not sectors of the image */
	if (ap->a_bn < 0 || ip->in_zbshift != 0)
		return EINVAL;
	if (cd9660_node_ext(ip, (uint64_t)ap->a_bn << (ip->in_bshift -
	    ISO_SECSHIFT), &psec) != 0) {
		*ap->a_bnp = -1;	/* past the end: reads as zeros */
		return 0;
	}
	*ap->a_bnp = ISO_SECTODB(psec);
	return 0;
}

int
cd9660_strategy(struct vop_strategy_args *ap)
{
	if (VTOI(ap->a_vp)->in_zbshift != 0)
		return cd9660_zisofs_strategy(ap->a_vp, ap->a_bp);
	return genfs_strategy(ap);
}
