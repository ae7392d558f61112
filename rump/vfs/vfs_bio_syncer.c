/*
 * The syncer: a kernel thread that wakes every second and writes the
 * dirty buffers of each vnode holding a delayed write older than the
 * sync delay (the whole vnode at once, so neighbours cluster).  Buffers
 * whose write failed wait for vflushbuf instead of being retried here.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kthread.h>
#include <sys/vnode_if.h>

#include "vfs_bio_impl.h"

#define BIO_SKIP	16	/* vnodes passed over per round, at most */

int64_t bio_syncdelay_ns = 5LL * 1000 * 1000 * 1000;
int64_t bio_syncperiod_ns = 1LL * 1000 * 1000 * 1000;
static kcondvar_t bio_syncer_cv;
static bool bio_syncer_urgent;	/* the cache is full of dirty buffers */

/* an old unbusy dirty buffer of a vnode not in skip[], or NULL */
static struct buf *
bio_syncer_pick_locked(int64_t now, struct vnode **skip, int nskip)
{
	struct bio_queue *queues[] = { &bio_dirtyq, &bio_devdirtyq };
	struct buf *bp;
	size_t q;
	int i;

	for (q = 0; q < __arraycount(queues); q++)
		TAILQ_FOREACH(bp, queues[q], b_freelist) {
			if ((bp->b_flags & B_WERR) ||
			    now - bp->b_dirtytime < bio_syncdelay_ns)
				continue;
			for (i = 0; i < nskip; i++)
				if (skip[i] == bp->b_vp)
					break;
			if (i == nskip)
				return bp;
		}
	return NULL;
}

static void
bio_syncer_round(void)
{
	struct buf *bps[BIO_CHUNK], *bp;
	struct vnode *skip[BIO_SKIP], *vp;
	int64_t now = bio_now();
	int n, nskip = 0;
	bool locked;

	mutex_enter(&bio_lock);
	/* a writer could not make room itself: every dirty buffer goes */
	if (bio_syncer_urgent)
		now = INT64_MAX / 2;
	bio_syncer_urgent = false;
	while (nskip < BIO_SKIP &&
	    (bp = bio_syncer_pick_locked(now, skip, nskip)) != NULL) {
		/* our busy buffer keeps vp from being reclaimed */
		bio_pin_locked(bp);
		vp = bp->b_vp;
		mutex_exit(&bio_lock);
		/* a device vnode may be gone once its buffers are */
		locked = !bio_isdev(vp);
		if (locked && VOP_LOCK(vp, LK_SHARED | LK_NOWAIT)) {
			mutex_enter(&bio_lock);
			skip[nskip++] = vp;
			bio_unpin_locked(bp);
			continue;
		}
		mutex_enter(&bio_lock);
		bps[0] = bp;
		n = 1 + bio_collect_locked(vp, bps + 1, BIO_CHUNK - 1, NULL);
		mutex_exit(&bio_lock);
		bio_writeout(vp, bps, n, false);
		if (locked)
			(void)VOP_UNLOCK(vp);
		mutex_enter(&bio_lock);
	}
	mutex_exit(&bio_lock);
}

static void
bio_syncer(void *arg)
{

	for (;;) {
		mutex_enter(&bio_lock);
		(void)cv_timedwait_ns(&bio_syncer_cv, &bio_lock,
		    bio_syncperiod_ns);
		mutex_exit(&bio_lock);
		bio_syncer_round();
	}
}

void
bio_syncer_start(void)
{
	int error;

	cv_init(&bio_syncer_cv, "syncer");
	error = kthread_create(PRI_BIO, KTHREAD_MPSAFE, NULL, bio_syncer,
	    NULL, NULL, "ioflush");
	if (error != 0)
		printf("bio: no syncer thread (error %d): delayed writes "
		    "wait for fsync\n", error);
}

/* run a round now (tests) */
void
bio_syncer_kick(void)
{

	mutex_enter(&bio_lock);
	cv_signal(&bio_syncer_cv);
	mutex_exit(&bio_lock);
}

/*
 * The cache is over its bound with dirty buffers the caller could not
 * write (typically its own vnode, which it holds locked): have the
 * syncer write everything it can lock, now.
 */
void
bio_syncer_urge_locked(void)
{

	if (!bio_syncer_urgent) {
		bio_syncer_urgent = true;
		cv_signal(&bio_syncer_cv);
	}
}
