/*
 * Recycling buffer headers.  Every header used to cost a zeroed
 * allocation and two condition variables made in the host, destroyed
 * again a moment later: I/O headers (getiobuf) come and go per
 * transfer, and cache buffers per block when the cache turns over.
 * Freed headers keep their condition variables on a short stack,
 * bounded and emptied by the reclaim hook (at most some 50 KiB the
 * cache bound does not count).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>

#include "vfs_bio_impl.h"

#define BIO_POOL_HDRS	256	/* headers kept */

static kmutex_t bio_pool_lock;	/* a leaf: taken under bio_lock too */
static struct buf *bio_pool_hdr;	/* linked through b_hashnext */
static int bio_pool_nhdr;

void
bio_pool_init(void)
{

	mutex_init(&bio_pool_lock, MUTEX_DEFAULT, IPL_NONE);
}

/* zero every field of a header nobody waits on but its condvars */
void
bio_hdr_reset(struct buf *bp)
{
	kcondvar_t busycv = bp->b_busycv, donecv = bp->b_donecv;

	memset(bp, 0, sizeof(*bp));
	bp->b_busycv = busycv;
	bp->b_donecv = donecv;
}

/* a zeroed header with its condition variables made, or NULL */
struct buf *
bio_pool_gethdr(int kmflags)
{
	struct buf *bp;

	mutex_enter(&bio_pool_lock);
	if ((bp = bio_pool_hdr) != NULL) {
		bio_pool_hdr = bp->b_hashnext;
		bio_pool_nhdr--;
	}
	mutex_exit(&bio_pool_lock);
	if (bp != NULL) {
		bio_hdr_reset(bp);
		return bp;
	}
	if ((bp = kmem_zalloc(sizeof(*bp), kmflags)) == NULL)
		return NULL;
	cv_init(&bp->b_busycv, "biobusy");
	cv_init(&bp->b_donecv, "biodone");
	return bp;
}

static void
bio_pool_freehdr(struct buf *bp)
{

	cv_destroy(&bp->b_busycv);
	cv_destroy(&bp->b_donecv);
	kmem_free(bp, sizeof(*bp));
}

/* a header nobody sleeps on */
void
bio_pool_puthdr(struct buf *bp)
{

	mutex_enter(&bio_pool_lock);
	if (bio_pool_nhdr < BIO_POOL_HDRS) {
		bp->b_hashnext = bio_pool_hdr;
		bio_pool_hdr = bp;
		bio_pool_nhdr++;
		bp = NULL;
	}
	mutex_exit(&bio_pool_lock);
	if (bp != NULL)
		bio_pool_freehdr(bp);
}

/* give everything kept back to the kernel: the bytes freed */
size_t
bio_pool_drain(void)
{
	struct buf *bp;
	size_t freed = 0;

	mutex_enter(&bio_pool_lock);
	bp = bio_pool_hdr;
	bio_pool_hdr = NULL;
	bio_pool_nhdr = 0;
	mutex_exit(&bio_pool_lock);
	while (bp != NULL) {
		struct buf *next = bp->b_hashnext;
		bio_pool_freehdr(bp);
		freed += sizeof(*bp);
		bp = next;
	}
	return freed;
}
