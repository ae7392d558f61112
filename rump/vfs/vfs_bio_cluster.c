/*
 * Writing dirty buffers out, clustered: the buffers of one vnode are
 * mapped to device blocks (VOP_BMAP for files, the vnode's own blocks for
 * devices), sorted, and each run of contiguous blocks up to MAXPHYS goes
 * to the device as one transfer buffer holding a copy of the members.
 * When the transfer ends every member is completed as if written alone.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/vnode_if.h>

#include "vfs_bio_impl.h"

struct bio_ent {
	struct buf *e_bp;
	struct vnode *e_devvp;	/* NULL: not clusterable, write alone */
	daddr_t e_blk;		/* device block, DEV_BSIZE units */
	struct buf *e_tbp;	/* the transfer it went out in, or NULL */
};

struct bio_cluster {
	struct bio_queue c_members;	/* linked through b_freelist */
};

/*
 * Take vp's unbusy dirty buffers (at most max) and pin them.  With
 * errorp, buffers whose last write failed come too, and the first such
 * error is reported there; without, they are left for vflushbuf.
 */
int
bio_collect_locked(struct vnode *vp, struct buf **bps, int max, int *errorp)
{
	struct buf *bp;
	int n = 0;

	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs) {
		if (n >= max)
			break;
		if (bp->b_busy)
			continue;
		if (bp->b_flags & B_WERR) {
			if (errorp == NULL)
				continue;
			if (*errorp == 0)
				*errorp = bp->b_error;
			bp->b_flags &= ~B_WERR;
			bp->b_error = 0;
		}
		bio_pin_locked(bp);
		bps[n++] = bp;
	}
	return n;
}

/*
 * Make an unbusy dirty buffer ours for writing.  It counts as output
 * from now on, so that vflushbuf(FSYNC_WAIT) waits for it too.
 */
void
bio_pin_locked(struct buf *bp)
{

	bio_unqueue_locked(bp);
	bp->b_busy = true;
	bp->b_vp->v_numoutput++;
}

/* changed our mind: give a pinned buffer back unwritten */
void
bio_unpin_locked(struct buf *bp)
{

	if (--bp->b_vp->v_numoutput == 0)
		cv_broadcast(&bio_outputcv);
	bio_release_locked(bp);
}

static bool
bio_ent_less(const struct bio_ent *a, const struct bio_ent *b)
{

	if (a->e_devvp != b->e_devvp)
		return (uintptr_t)a->e_devvp < (uintptr_t)b->e_devvp;
	return a->e_blk < b->e_blk;
}

static void
bio_sift(struct bio_ent *e, int root, int n)
{
	struct bio_ent t;
	int child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && bio_ent_less(&e[child], &e[child + 1]))
			child++;
		if (!bio_ent_less(&e[root], &e[child]))
			return;
		t = e[root];
		e[root] = e[child];
		e[child] = t;
		root = child;
	}
}

/* heapsort: the dirty lists can be long and in any order */
static void
bio_sort(struct bio_ent *e, int n)
{
	struct bio_ent t;
	int i;

	for (i = n / 2 - 1; i >= 0; i--)
		bio_sift(e, i, n);
	for (i = n - 1; i > 0; i--) {
		t = e[0];
		e[0] = e[i];
		e[i] = t;
		bio_sift(e, 0, i);
	}
}

/* the transfer ended: give each member its share of the outcome */
static void
bio_cluster_complete(struct buf *tbp, bool async)
{
	struct bio_cluster *cl = tbp->b_private;
	struct buf *bp;
	size_t off = 0, good;
	bool rd = (tbp->b_flags & B_READ) != 0;
	int error = (tbp->b_flags & B_ERROR) ?
	    (tbp->b_error != 0 ? tbp->b_error : EIO) : 0;

	good = tbp->b_bcount - MIN(tbp->b_resid, tbp->b_bcount);
	while ((bp = TAILQ_FIRST(&cl->c_members)) != NULL) {
		TAILQ_REMOVE(&cl->c_members, bp, b_freelist);
		bp->b_flags &= ~B_CLUSTER;
		bp->b_resid = 0;
		if (error == 0 && off + bp->b_bcount > good) {
			bp->b_error = EIO;	/* cut short */
			bp->b_resid = bp->b_bcount;
		} else
			bp->b_error = error;
		if (rd && bp->b_error == 0)
			memcpy(bp->b_data, (char *)tbp->b_data + off,
			    bp->b_bcount);
		off += bp->b_bcount;
		if (async)
			biodone(bp);
		else {
			if (bp->b_error != 0)
				bp->b_flags |= B_ERROR;
			bio_write_finish(bp);
		}
	}
	kmem_free(cl, sizeof(*cl));
	bio_data_free(tbp->b_data, tbp->b_bufsize);
	putiobuf(tbp);
}

static void
bio_cluster_iodone(struct buf *tbp)
{

	bio_cluster_complete(tbp, true);
}

/* one transfer for e[0..n); NULL if memory is short (do them alone) */
static struct buf *
bio_cluster_start(struct bio_ent *e, int n, size_t len, bool wait)
{
	struct bio_cluster *cl;
	struct buf *tbp;
	size_t off = 0;
	bool rd = (e[0].e_bp->b_flags & B_READ) != 0;
	int i;

	if ((cl = kmem_alloc(sizeof(*cl), KM_NOSLEEP)) == NULL)
		return NULL;
	if ((tbp = getiobuf(e[0].e_devvp, false)) == NULL) {
		kmem_free(cl, sizeof(*cl));
		return NULL;
	}
	if ((tbp->b_data = bio_data_alloc(len, KM_NOSLEEP, false)) == NULL) {
		putiobuf(tbp);
		kmem_free(cl, sizeof(*cl));
		return NULL;
	}
	TAILQ_INIT(&cl->c_members);
	for (i = 0; i < n; i++) {
		if (!rd)
			memcpy((char *)tbp->b_data + off, e[i].e_bp->b_data,
			    e[i].e_bp->b_bcount);
		off += e[i].e_bp->b_bcount;
		e[i].e_bp->b_flags |= B_CLUSTER | (wait ? 0 : B_ASYNC);
		e[i].e_bp->b_blkno = e[i].e_blk;
		TAILQ_INSERT_TAIL(&cl->c_members, e[i].e_bp, b_freelist);
	}
	tbp->b_busy = true;
	tbp->b_flags = B_CLUSTER | (rd ? B_READ : B_WRITE) |
	    (wait ? 0 : B_ASYNC);
	tbp->b_bcount = tbp->b_bufsize = len;
	tbp->b_blkno = tbp->b_lblkno = e[0].e_blk;
	tbp->b_private = cl;
	tbp->b_iodone = wait ? NULL : bio_cluster_iodone;
	return tbp;
}

/* find each buffer's device block */
static void
bio_map(struct vnode *vp, struct bio_ent *e, int n)
{
	struct vnode *devvp;
	daddr_t blk;
	int i;

	for (i = 0; i < n; i++) {
		e[i].e_devvp = NULL;
		e[i].e_tbp = NULL;
		if (e[i].e_bp->b_bcount == 0 ||
		    (e[i].e_bp->b_bcount & (DEV_BSIZE - 1)) != 0)
			continue;
		if (bio_isdev(vp)) {
			e[i].e_devvp = vp;
			e[i].e_blk = e[i].e_bp->b_lblkno;
			continue;
		}
		devvp = NULL;
		if (VOP_BMAP(vp, e[i].e_bp->b_lblkno, &devvp, &blk, NULL) ==
		    0 && devvp != NULL && blk >= 0) {
			e[i].e_devvp = devvp;
			e[i].e_blk = blk;
		}
	}
}

/* issue e[i..j) as one transfer if it can be, else one by one */
static void
bio_issue_run(struct bio_ent *e, int i, int j, size_t len, bool wait)
{
	struct buf *tbp = NULL;
	int k;

	if (j - i > 1 && (tbp = bio_cluster_start(e + i, j - i, len, wait)) !=
	    NULL) {
		for (k = i; k < j; k++)
			e[k].e_tbp = tbp;
		bio_strategy(tbp);
		return;
	}
	for (k = i; k < j; k++) {
		if (!wait)
			e[k].e_bp->b_flags |= B_ASYNC;
		bio_strategy(e[k].e_bp);
	}
}

/* map, sort and issue e[0..n) in runs of contiguous device blocks */
static void
bio_issue_all(struct vnode *vp, struct bio_ent *e, int n, bool wait)
{
	size_t len;
	int i, j;

	bio_map(vp, e, n);
	bio_sort(e, n);
	for (i = 0; i < n; i = j) {
		len = e[i].e_bp->b_bcount;
		for (j = i + 1; j < n && e[i].e_devvp != NULL &&
		    e[j].e_devvp == e[i].e_devvp &&
		    e[j].e_blk == e[j - 1].e_blk +
		    (daddr_t)(e[j - 1].e_bp->b_bcount >> DEV_BSHIFT) &&
		    len + e[j].e_bp->b_bcount <= MAXPHYS; j++)
			len += e[j].e_bp->b_bcount;
		bio_issue_run(e, i, j, len, wait);
	}
}

/*
 * Read ahead blocks from, from + step, ... below to that are not cached,
 * as few transfers as their device blocks allow.  File vnodes: the
 * caller holds vp locked (it is reading it).
 */
void
bio_readahead_range(struct vnode *vp, daddr_t from, daddr_t to,
    daddr_t step, int size)
{
	struct bio_ent e[64];
	struct buf *bp;
	daddr_t b;
	int n = 0;

	for (b = from; b < to && n < (int)__arraycount(e); b += step) {
		/* never past the end of a file: those blocks may be new */
		if (!bio_isdev(vp) && (off_t)b * size >= vp->v_size)
			break;
		if (incore(vp, b) != NULL ||
		    bio_getblk(vp, b, size, BIO_NOWAIT, &bp) != 0)
			continue;
		if (bp->b_flags & (B_DONE | B_DELWRI)) {
			brelse(bp, 0);
			continue;
		}
		bp->b_flags &= ~B_ERROR;
		bp->b_flags |= B_READ | B_ASYNC;
		bp->b_error = 0;
		bp->b_resid = 0;
		bp->b_iodone_called = 0;
		e[n++].e_bp = bp;
	}
	if (n > 0)
		bio_issue_all(vp, e, n, false);
}

static void
bio_writeout_chunk(struct vnode *vp, struct bio_ent *e, int n, bool wait)
{
	int i;

	mutex_enter(&bio_lock);
	for (i = 0; i < n; i++) {
		bio_setclean_locked(e[i].e_bp);
		e[i].e_bp->b_flags &= ~(B_READ | B_ERROR | B_ASYNC);
		e[i].e_bp->b_flags |= B_DONE;
		e[i].e_bp->b_error = 0;
		e[i].e_bp->b_resid = 0;
		e[i].e_bp->b_iodone_called = 0;
	}
	mutex_exit(&bio_lock);
	bio_issue_all(vp, e, n, wait);
	if (!wait)
		return;
	/* everything is in flight; now collect the outcomes in order */
	for (i = 0; i < n; i++) {
		if (e[i].e_tbp != NULL) {
			/* the first member stands for the transfer */
			if (i > 0 && e[i - 1].e_tbp == e[i].e_tbp)
				continue;
			(void)biowait(e[i].e_tbp);
			bio_cluster_complete(e[i].e_tbp, false);
		} else {
			(void)biowait(e[i].e_bp);
			bio_write_finish(e[i].e_bp);
		}
	}
}

/*
 * Write the pinned dirty buffers bps[0..n) of vp; they are consumed.  wait:
 * return when all are written (errors stay with the buffers, B_WERR).
 * File vnodes: the caller holds vp locked (VOP_BMAP needs it).
 */
void
bio_writeout(struct vnode *vp, struct buf **bps, int n, bool wait)
{
	struct bio_ent e[256];
	int i, k;

	for (i = 0; i < n; i += k) {
		for (k = 0; k < (int)__arraycount(e) && i + k < n; k++)
			e[k].e_bp = bps[i + k];
		bio_writeout_chunk(vp, e, k, wait);
	}
}
