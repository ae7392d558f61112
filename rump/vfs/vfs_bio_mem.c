/*
 * Buffer memory: data allocation, keeping the cache under its bound, and
 * the kmem reclaim hook that gives memory back under the kernel limit.
 * Clean buffers go first; dirty ones are written (and waited for) only
 * when that is not enough, by one thread at a time.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/vnode_if.h>

#include "vfs_bio_impl.h"

#define BIO_FLUSH_TRIES	8	/* vnodes tried per memory flush */
#define BIO_PAGED_MIN	(64 * 1024)	/* smallest page-aligned buffer */

static struct lwp *bio_flusher;	/* the lwp writing for memory, or NULL */

/*
 * Page-aligned data lets an O_DIRECT image take a buffer without a
 * bounce copy, but the host heap pays for the alignment: a 4 KiB block
 * aligned to 4 KiB cost 8 KiB or more in fragments (a 64 MiB cache grew
 * the server past 200 MiB).  Only large buffers, where that slack is
 * small, are aligned.
 */
static inline bool
bio_data_paged(size_t size)
{

	return (size & PAGE_MASK) == 0 && size >= BIO_PAGED_MIN;
}

/* zero: the caller does not overwrite it all */
void *
bio_data_alloc(size_t size, int kmflags, bool zero)
{
	void *p;

	if (size == 0)
		return NULL;
	if (bio_data_paged(size))
		p = kmem_page_alloc(size, kmflags);
	else
		p = kmem_alloc(size, kmflags);
	/* never hand out another file's old bytes */
	if (p != NULL && zero)
		memset(p, 0, size);
	return p;
}

void
bio_data_free(void *p, size_t size)
{

	if (p == NULL || size == 0)
		return;
	if (bio_data_paged(size))
		kmem_page_free(p, size);
	else
		kmem_free(p, size);
}

/*
 * The tries+1'th oldest dirty buffer that did not fail, or NULL: the
 * two dirty queues merged by age (data before the metadata naming it, as
 * it was dirtied), or the device queue alone.
 */
static struct buf *
bio_flush_pick_locked(int tries, bool devonly)
{
	struct buf *d = TAILQ_FIRST(&bio_devdirtyq), *bp;
	struct buf *f = devonly ? NULL : TAILQ_FIRST(&bio_dirtyq);

	while (d != NULL || f != NULL) {
		if (f == NULL || (d != NULL && d->b_dirtytime <= f->b_dirtytime)) {
			bp = d;
			d = TAILQ_NEXT(d, b_freelist);
		} else {
			bp = f;
			f = TAILQ_NEXT(f, b_freelist);
		}
		if ((bp->b_flags & B_WERR) == 0 && tries-- <= 0)
			return bp;
	}
	return NULL;
}

/*
 * Pick an old dirty buffer, lock its vnode if it is a file (its strategy
 * maps blocks), and write that vnode's dirty buffers, waiting for them.
 * devonly: device buffers only (the caller may hold a driver's lock that
 * mapping a file's blocks takes: a FAT driver reading its FAT).  Returns
 * the bytes written, 0 if nothing could be.
 */
static size_t
bio_flush_one(int tries, bool devonly)
{
	struct buf *bps[BIO_CHUNK], *bp;
	struct vnode *vp;
	size_t bytes = 0;
	bool locked;
	int i, n;

	mutex_enter(&bio_lock);
	if ((bp = bio_flush_pick_locked(tries, devonly)) == NULL) {
		mutex_exit(&bio_lock);
		return 0;
	}
	/* our busy buffer keeps vp from being reclaimed */
	bio_pin_locked(bp);
	vp = bp->b_vp;
	mutex_exit(&bio_lock);
	/*
	 * A device vnode may be gone once its buffers are: decide now.  A
	 * file we hold locked ourselves (a long write filling the cache)
	 * is written as it is; without that, nothing could ever be.
	 */
	locked = !bio_isdev(vp) && VOP_ISLOCKED(vp) != LK_EXCLUSIVE;
	if (locked && VOP_LOCK(vp, LK_SHARED | LK_NOWAIT) != 0) {
		mutex_enter(&bio_lock);
		bio_unpin_locked(bp);
		mutex_exit(&bio_lock);
		return 0;
	}
	mutex_enter(&bio_lock);
	bps[0] = bp;
	n = 1 + bio_collect_locked(vp, bps + 1, BIO_CHUNK - 1, NULL);
	for (i = 0; i < n; i++)
		bytes += bps[i]->b_bufsize;
	mutex_exit(&bio_lock);
	bio_writeout(vp, bps, n, true);
	if (locked)
		(void)VOP_UNLOCK(vp);
	return bytes;
}

/* write dirty buffers until want bytes were written or none can be */
static void
bio_flush_for_memory(size_t want, struct lwp *l, bool devonly)
{
	size_t done = 0, n;
	int tries = 0;

	mutex_enter(&bio_lock);
	if (bio_flusher != NULL) {
		mutex_exit(&bio_lock);
		return;
	}
	bio_flusher = l;
	mutex_exit(&bio_lock);
	while (done < want && tries < BIO_FLUSH_TRIES) {
		if ((n = bio_flush_one(tries, devonly)) == 0)
			tries++;
		done += n;
	}
	mutex_enter(&bio_lock);
	bio_flusher = NULL;
	mutex_exit(&bio_lock);
}

/*
 * Before adding want bytes: stay under the bound if we can.  devonly: the
 * new buffer is a device's (metadata, read under the driver's locks), so
 * only device buffers may be written for it.
 */
void
bio_makeroom(size_t want, bool canflush, bool devonly)
{
	struct lwp *l = curlwp;
	size_t max = bio_max(), target;

	target = max > want ? max - want : 0;
	mutex_enter(&bio_lock);
	if (bio_mem <= target) {
		mutex_exit(&bio_lock);
		return;
	}
	(void)bio_trim_locked(target);
	if (bio_mem <= target || !canflush || bio_flusher == l) {
		mutex_exit(&bio_lock);
		return;
	}
	want = bio_mem - target;
	mutex_exit(&bio_lock);
	bio_flush_for_memory(want, l, devonly);
	mutex_enter(&bio_lock);
	(void)bio_trim_locked(target);
	if (bio_mem > target &&
	    (!TAILQ_EMPTY(&bio_dirtyq) || !TAILQ_EMPTY(&bio_devdirtyq)))
		bio_syncer_urge_locked();
	mutex_exit(&bio_lock);
}

/* the kmem reclaim hook */
size_t
bio_reclaim(size_t want)
{
	struct lwp *l = curlwp;
	size_t freed, target;
	bool self;

	/* an allocation made under the cache lock: nothing safe to do */
	if (mutex_owned(&bio_lock))
		return 0;
	/* kept headers go back first: small, but counted by no bound */
	(void)bio_pool_drain();
	mutex_enter(&bio_lock);
	target = bio_mem > want ? bio_mem - want : 0;
	freed = bio_trim_locked(target);
	self = bio_flusher == l;
	mutex_exit(&bio_lock);
	if (freed >= want || self)
		return freed;
	/* any kmem_alloc may get here, under any driver's lock: only
	 * device buffers, whose writing takes no driver lock */
	bio_flush_for_memory(want - freed, l, true);
	mutex_enter(&bio_lock);
	target = bio_mem > want - freed ? bio_mem - (want - freed) : 0;
	freed += bio_trim_locked(target);
	mutex_exit(&bio_lock);
	return freed;
}
