/*
 * File data through the buffer cache on the file vnode: the loops of
 * VOP_READ and VOP_WRITE, which are the same in every disk file system
 * but for the block geometry and the allocator.  Buffers name logical
 * blocks; genfs_strategy maps them through the driver's VOP_BMAP.
 *
 * The driver supplies (struct genfs_rdwr): the block size as a shift,
 * the size of a short last block if it has such (ffs fragments), the
 * file's size and its limit, and four ops: allocate a block and get its
 * buffer, record a grown size, free what a failed write allocated past
 * the size, and mark the inode written (times, set-ID bits).  Types,
 * flags, permissions and the inode update stay in the driver's VOPs.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/genfs.h>
#include <sys/kauth.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

/* bytes of logical block lbn of a file of size bytes */
static long
genfs_rdwr_blksize(struct vnode *vp, const struct genfs_rdwr *gr,
    uint64_t size, daddr_t lbn)
{

	if (gr->gr_ops->ro_blksize != NULL)
		return gr->gr_ops->ro_blksize(vp, size, lbn);
	return 1L << gr->gr_bshift;
}

int
genfs_read(struct vnode *vp, struct uio *uio, const struct genfs_rdwr *gr)
{
	uint64_t size = gr->gr_size, off, mask = (1ULL << gr->gr_bshift) - 1;
	struct buf *bp;
	daddr_t lbn;
	long bsize;
	size_t on, n;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < size) {
		off = (uint64_t)uio->uio_offset;
		lbn = (daddr_t)(off >> gr->gr_bshift);
		on = (size_t)(off & mask);
		bsize = genfs_rdwr_blksize(vp, gr, size, lbn);
		if ((size_t)bsize <= on)
			break;		/* a driver's geometry gone wrong */
		n = MIN((size_t)bsize - on, uio->uio_resid);
		n = (size_t)MIN((uint64_t)n, size - off);
		if ((error = bread(vp, lbn, (int)bsize, 0, &bp)) != 0)
			break;
		error = uiomove((uint8_t *)bp->b_data + on, n, uio);
		brelse(bp, 0);
		if (error != 0)
			break;
	}
	return error;
}

/* one block's part of a write: allocate, copy in, grow, write out */
static int
genfs_write_block(struct vnode *vp, struct uio *uio, int ioflag,
    kauth_cred_t cred, const struct genfs_rdwr *gr, uint64_t *sizep)
{
	const struct genfs_rdwr_ops *ops = gr->gr_ops;
	uint64_t bsize = 1ULL << gr->gr_bshift;
	uint64_t on = (uint64_t)uio->uio_offset & (bsize - 1);
	size_t n = (size_t)MIN(bsize - on, (uint64_t)uio->uio_resid);
	struct buf *bp;
	int error, error2;

	error = ops->ro_balloc(vp, uio->uio_offset, (int)n, cred, ioflag,
	    &bp);
	if (error != 0)
		return error;
	error = uiomove((uint8_t *)bp->b_data + on, n, uio);
	/* what was copied counts, even when the copy stopped short */
	if ((uint64_t)uio->uio_offset > *sizep) {
		*sizep = (uint64_t)uio->uio_offset;
		ops->ro_setsize(vp, *sizep);
	}
	if (ioflag & (IO_SYNC | IO_DSYNC)) {
		error2 = bwrite(bp);
		error = error != 0 ? error : error2;
	} else
		bdwrite(bp);
	return error;
}

int
genfs_write(struct vnode *vp, struct uio *uio, int ioflag, kauth_cred_t cred,
    const struct genfs_rdwr *gr)
{
	uint64_t size = gr->gr_size, end;
	size_t resid;
	int error = 0;

	if (ioflag & IO_APPEND)
		uio->uio_offset = (off_t)size;
	if (uio->uio_offset < 0)
		return EINVAL;
	if ((resid = uio->uio_resid) == 0)
		return 0;
	end = (uint64_t)uio->uio_offset + resid;
	if (end > gr->gr_maxsize || end < (uint64_t)uio->uio_offset)
		return EFBIG;
	while (uio->uio_resid > 0 && error == 0)
		error = genfs_write_block(vp, uio, ioflag, cred, gr, &size);
	/*
	 * A failed block (ENOSPC) may have left blocks allocated past what
	 * was written, indirect ones or the data block itself: they go.
	 */
	if (error != 0)
		(void)gr->gr_ops->ro_trim(vp, size, cred);
	if (uio->uio_resid != resid) {
		gr->gr_ops->ro_written(vp, cred != NOCRED && cred != FSCRED &&
		    !kauth_cred_issuser(cred));
		error = 0;	/* a short write is a success */
	}
	return error;
}
