/*
 * VOP_STRATEGY of a disk file system's files.  A file buffer names a
 * logical block of the file (b_lblkno, in file system blocks); the
 * driver's VOP_BMAP maps it to a device block, or to -1 for a hole, and
 * the I/O goes on to the device vnode VOP_BMAP names.  A hole reads as
 * zeros.  A write always has its block: the driver allocates before it
 * writes (VOP_WRITE, its balloc), so a write to a hole is damage or a
 * driver bug and fails with EIO.  Any failure ends the buffer with
 * B_ERROR, b_error and nothing transferred (b_resid = b_bcount).
 *
 * The driver supplies: VOP_BMAP (setting *vpp to its device vnode and
 * *bnp to DEV_BSIZE units or -1), in the same VOP table.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/genfs.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

static int
genfs_strategy_hole(struct vnode *vp, struct buf *bp)
{
	struct mount *mp = vp->v_mount;

	printf("%s: %s: write to block %lld of a file, which has none\n",
	    mp != NULL ? mp->mnt_stat.f_fstypename : "vfs",
	    mp != NULL ? mp->mnt_stat.f_mntfromname : "?",
	    (long long)bp->b_lblkno);
	return EIO;
}

static int
genfs_strategy_done(struct buf *bp, int error)
{

	if (error != 0) {
		bp->b_error = error;
		bp->b_flags |= B_ERROR;
		bp->b_resid = bp->b_bcount;
	} else {
		bp->b_resid = 0;
	}
	biodone(bp);
	return error;
}

int
genfs_strategy(struct vop_strategy_args *ap)
{
	struct vnode *vp = ap->a_vp, *devvp = NULL;
	struct buf *bp = ap->a_bp;
	daddr_t blkno = -1;
	int error;

	error = VOP_BMAP(vp, bp->b_lblkno, &devvp, &blkno, NULL);
	if (error == 0 && devvp == NULL)
		error = EIO;
	if (error == 0 && blkno == -1 && (bp->b_flags & B_READ) == 0)
		error = genfs_strategy_hole(vp, bp);
	if (error != 0)
		return genfs_strategy_done(bp, error);
	if (blkno == -1) {
		memset(bp->b_data, 0, bp->b_bcount);
		return genfs_strategy_done(bp, 0);
	}
	bp->b_blkno = blkno;
	return VOP_STRATEGY(devvp, bp);
}
