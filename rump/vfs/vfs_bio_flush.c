/*
 * Per-vnode buffer operations: vflushbuf (fsync), vinvalbuf (reclaim,
 * revoke) and vtruncbuf (truncation).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/vnode_if.h>

#include "vfs_bio_impl.h"

#define BIO_SAVE_TRIES	100

void
bio_wait_output(struct vnode *vp)
{

	mutex_enter(&bio_lock);
	while (vp->v_numoutput > 0)
		cv_wait(&bio_outputcv, &bio_lock);
	mutex_exit(&bio_lock);
}

static int
bio_count_locked(struct vnode *vp)
{
	struct buf *bp;
	int n = 0;

	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs)
		n++;
	return n;
}

/* an unbusy dirty buffer of vp not yet written (not a failed one) */
static bool
bio_unwritten_locked(struct vnode *vp)
{
	struct buf *bp;

	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs)
		if (!bp->b_busy && (bp->b_flags & B_WERR) == 0)
			return true;
	return false;
}

/* start writing vp's unbusy dirty buffers; *errorp: an earlier failure */
static void
bio_flush_pass(struct vnode *vp, int *errorp)
{
	struct buf *bps[BIO_CHUNK];
	int n, passes;

	mutex_enter(&bio_lock);
	/* a bound: buffers failing at once come back dirty */
	passes = bio_count_locked(vp) / BIO_CHUNK + 1;
	mutex_exit(&bio_lock);
	do {
		mutex_enter(&bio_lock);
		n = bio_collect_locked(vp, bps, BIO_CHUNK, errorp);
		mutex_exit(&bio_lock);
		if (n > 0)
			bio_writeout(vp, bps, n, false);
	} while (n == BIO_CHUNK && --passes > 0);
}

/*
 * Write vp's dirty buffers (those someone is using are theirs to write).
 * Returns the error of an earlier failed delayed write, once; with
 * FSYNC_WAIT also the error of this write-out.
 */
int
vflushbuf(struct vnode *vp, int flags)
{
	struct buf *bp;
	int error = 0, pass;
	bool again;

	for (pass = 0;; pass++) {
		bio_flush_pass(vp, &error);
		if ((flags & FSYNC_WAIT) == 0)
			return error;
		bio_wait_output(vp);
		/* the syncer may have let one go that we passed as busy */
		mutex_enter(&bio_lock);
		again = pass < 2 && bio_unwritten_locked(vp);
		mutex_exit(&bio_lock);
		if (!again)
			break;
	}
	mutex_enter(&bio_lock);
	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs) {
		if (bp->b_busy || (bp->b_flags & B_WERR) == 0)
			continue;
		/* reported now; the data stays dirty for the syncer */
		if (error == 0)
			error = bp->b_error;
		bp->b_flags &= ~B_WERR;
		bp->b_error = 0;
	}
	mutex_exit(&bio_lock);
	return error;
}

static bool
bio_inrange(const struct buf *bp, bool all, daddr_t from)
{

	return all || bp->b_lblkno >= from;
}

/* the first of vp's buffers in range, or NULL */
static struct buf *
bio_first_locked(struct vnode *vp, bool all, daddr_t from)
{
	struct buf *bp;

	TAILQ_FOREACH(bp, &vp->v_cleanblkhd, b_vnbufs)
		if (bio_inrange(bp, all, from))
			return bp;
	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs)
		if (bio_inrange(bp, all, from))
			return bp;
	return NULL;
}

/* drop vp's buffers from block 'from' on (all: every buffer) */
static void
bio_invalidate(struct vnode *vp, bool all, daddr_t from)
{
	struct buf *bp;

	mutex_enter(&bio_lock);
	while ((bp = bio_first_locked(vp, all, from)) != NULL) {
		if (bp->b_busy) {
			/* it may be gone when we wake: look again */
			cv_wait(&bp->b_busycv, &bio_lock);
			continue;
		}
		bio_unqueue_locked(bp);
		bio_destroy_locked(bp);
	}
	mutex_exit(&bio_lock);
}

int
vinvalbuf(struct vnode *vp, int flags, kauth_cred_t cred, bool catch_p,
    int slptimeo)
{
	struct buf *bp;
	int error, tries;

	for (tries = 0; (flags & V_SAVE) != 0; tries++) {
		if ((error = vflushbuf(vp, FSYNC_WAIT)) != 0)
			return error;
		mutex_enter(&bio_lock);
		if (TAILQ_EMPTY(&vp->v_dirtyblkhd)) {
			mutex_exit(&bio_lock);
			break;
		}
		if (tries >= BIO_SAVE_TRIES) {
			mutex_exit(&bio_lock);
			printf("bio: vnode %p: dirty buffers stay\n", vp);
			return EBUSY;
		}
		/* someone is using one: wait for it, then write it */
		TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs)
			if (bp->b_busy) {
				cv_wait(&bp->b_busycv, &bio_lock);
				break;
			}
		mutex_exit(&bio_lock);
	}
	bio_invalidate(vp, true, 0);
	return 0;
}

int
vtruncbuf(struct vnode *vp, daddr_t lbn, bool catch_p, int slptimeo)
{

	bio_invalidate(vp, false, lbn);
	return 0;
}
