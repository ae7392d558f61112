/*
 * Buffer I/O: starting transfers through VOP_STRATEGY, biodone/biowait,
 * bread/breadn and bwrite/bawrite/bdwrite.
 *
 * A transfer ends in biodone(): b_iodone, if set, takes over the buffer;
 * an async buffer is finished there (reads released, writes checked and
 * released); otherwise the owner sleeping in biowait() wakes up.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/vnode_if.h>

#include "vfs_bio_impl.h"

/* hand a prepared, busy buffer to its vnode's strategy */
void
bio_strategy(struct buf *bp)
{
	struct vnode *vp = bp->b_vp;

	if (vp == NULL || vp->v_op == NULL || vp->v_op->vop_strategy == NULL) {
		bp->b_error = ENXIO;
		bp->b_flags |= B_ERROR;
		bp->b_resid = bp->b_bcount;
		biodone(bp);
		return;
	}
	(void)VOP_STRATEGY(vp, bp);
}

/* reset the completion state before a transfer */
static void
bio_prepare(struct buf *bp, int rwflag)
{

	bp->b_flags &= ~(B_READ | B_ERROR);
	bp->b_flags |= rwflag;
	bp->b_error = 0;
	bp->b_resid = 0;
	bp->b_iodone_called = 0;
}

void
biodone(struct buf *bp)
{
	void (*fn)(struct buf *);
	int f;

	mutex_enter(&bio_lock);
	if (bp->b_error != 0)
		bp->b_flags |= B_ERROR;
	else if (bp->b_flags & B_ERROR)
		bp->b_error = EIO;
	if (bp->b_flags & B_ERROR) {
		if (bp->b_flags & B_READ)
			bp->b_flags &= ~B_DONE;
	} else
		bp->b_flags |= B_DONE;
	bp->b_iodone_called = 1;
	fn = bp->b_iodone;
	f = bp->b_flags;
	if (fn == NULL && (f & B_ASYNC) == 0)
		cv_broadcast(&bp->b_donecv);
	mutex_exit(&bio_lock);
	/* unless async, the owner may free bp as soon as we unlock */
	if (fn != NULL)
		(*fn)(bp);
	else if ((f & B_ASYNC) && (f & B_READ))
		brelse(bp, 0);
	else if (f & B_ASYNC)
		bio_write_finish(bp);
}

int
biowait(struct buf *bp)
{
	int error = 0;

	mutex_enter(&bio_lock);
	while (!bp->b_iodone_called)
		cv_wait(&bp->b_donecv, &bio_lock);
	if (bp->b_flags & B_ERROR)
		error = bp->b_error != 0 ? bp->b_error : EIO;
	mutex_exit(&bio_lock);
	return error;
}

/*
 * An asynchronous write of a cached buffer ended.  A failure keeps the
 * data dirty and the error (B_WERR) for the next vflushbuf to return.
 */
void
bio_write_finish(struct buf *bp)
{
	struct vnode *vp = bp->b_vp;
	daddr_t lbn = bp->b_lblkno;
	int error = (bp->b_flags & B_ERROR) ? bp->b_error : 0;

	mutex_enter(&bio_lock);
	if (error != 0) {
		bp->b_flags &= ~B_ERROR;
		bp->b_flags |= B_WERR;
		bp->b_error = error;
		bio_setdirty_locked(bp);
	}
	if (vp != NULL && --vp->v_numoutput == 0)
		cv_broadcast(&bio_outputcv);
	bio_release_locked(bp);
	mutex_exit(&bio_lock);
	if (error != 0)
		printf("bio: write error %d on vnode %p block %lld; "
		    "kept dirty\n", error, vp, (long long)lbn);
}

/* start an async read of (vp, blkno) unless it is cached or busy */
void
bio_readahead(struct vnode *vp, daddr_t blkno, int size)
{
	struct buf *bp;

	if (incore(vp, blkno) != NULL)
		return;
	if (bio_getblk(vp, blkno, size, BIO_NOWAIT, &bp) != 0)
		return;
	if (bp->b_flags & (B_DONE | B_DELWRI)) {
		brelse(bp, 0);
		return;
	}
	bio_prepare(bp, B_READ);
	bp->b_flags |= B_ASYNC;
	bio_strategy(bp);
}

int
breadn(struct vnode *vp, daddr_t blkno, int size, const daddr_t *rablks,
    const int *rasizes, int nrablks, int flags, struct buf **bpp)
{
	struct buf *bp;
	bool doread;
	int error, i;

	*bpp = NULL;
	error = bio_getblk(vp, blkno, size,
	    (flags & BC_BUSY_NOWAIT) ? BIO_NOWAIT : 0, &bp);
	if (error != 0)
		return error;
	if (flags & BC_NOCACHE)
		bp->b_flags |= B_NOCACHE;
	doread = (bp->b_flags & (B_DONE | B_DELWRI)) == 0;
	if (doread) {
		bio_prepare(bp, B_READ);
		bio_strategy(bp);
	}
	/* while ours is in flight */
	for (i = 0; i < nrablks; i++)
		bio_readahead(vp, rablks[i], rasizes[i]);
	bio_seqra(vp, blkno, size);
	if (doread && (error = biowait(bp)) != 0) {
		brelse(bp, 0);		/* B_ERROR: not kept as valid */
		return error;
	}
	*bpp = bp;
	return 0;
}

int
bread(struct vnode *vp, daddr_t blkno, int size, int flags, struct buf **bpp)
{

	return breadn(vp, blkno, size, NULL, NULL, 0, flags, bpp);
}

int
bwrite(struct buf *bp)
{
	struct vnode *vp = bp->b_vp;
	bool async = (bp->b_flags & B_ASYNC) != 0;
	bool managed = (bp->b_flags & B_MANAGED) && vp != NULL;
	int error;

	mutex_enter(&bio_lock);
	bio_prepare(bp, B_WRITE);
	bp->b_flags &= ~B_WERR;
	if (managed) {
		bio_setclean_locked(bp);
		bp->b_flags |= B_DONE;
		vp->v_numoutput++;
	}
	mutex_exit(&bio_lock);
	if (!managed)
		bp->b_flags &= ~B_ASYNC;	/* nobody would finish it */
	bio_strategy(bp);
	if (async && managed)
		return 0;
	error = biowait(bp);
	if (!managed)
		return error;
	mutex_enter(&bio_lock);
	/* the caller hears of the error; the data stays for a retry */
	if (error != 0) {
		bp->b_flags &= ~B_ERROR;
		bio_setdirty_locked(bp);
	}
	if (--vp->v_numoutput == 0)
		cv_broadcast(&bio_outputcv);
	bio_release_locked(bp);
	mutex_exit(&bio_lock);
	return error;
}

void
bawrite(struct buf *bp)
{

	bp->b_flags |= B_ASYNC;
	(void)bwrite(bp);
}

void
bdwrite(struct buf *bp)
{

	mutex_enter(&bio_lock);
	bp->b_flags |= B_DONE;
	if (bp->b_vp != NULL)
		bio_setdirty_locked(bp);
	bio_release_locked(bp);
	mutex_exit(&bio_lock);
}
