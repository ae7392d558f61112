/*
 * Automatic sequential read-ahead.  A small table remembers, per vnode
 * (hashed, so entries may be shared or stale: it is only a hint), the
 * block a sequential reader would read next.  Each sequential hit doubles
 * the window and starts async reads of the blocks beyond what was already
 * read ahead; anything else resets it.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>

#include "vfs_bio_impl.h"

#define BIO_RA_SLOTS	64
#define BIO_RA_FIRST	4		/* blocks, first sequential hit */
#define BIO_RA_BYTES	(256 * 1024)	/* the largest window */

struct bio_ra {
	const struct vnode *ra_vp;
	daddr_t ra_next;		/* expected next block */
	daddr_t ra_end;			/* read ahead up to here */
	int ra_window;			/* blocks */
};

static struct bio_ra bio_ratab[BIO_RA_SLOTS];

static struct bio_ra *
bio_ra_slot(const struct vnode *vp)
{

	return &bio_ratab[((uintptr_t)vp >> 7) % BIO_RA_SLOTS];
}

void
bio_seqra(struct vnode *vp, daddr_t blkno, int size)
{
	struct bio_ra *ra = bio_ra_slot(vp);
	daddr_t step, from, to;
	int maxwin;

	if (size <= 0)
		return;
	step = bio_isdev(vp) ? size / DEV_BSIZE : 1;
	if (step == 0)
		return;
	maxwin = (int)(MIN((size_t)BIO_RA_BYTES, bio_max() / 8) /
	    (size_t)size);
	mutex_enter(&bio_lock);
	if (ra->ra_vp != vp || ra->ra_next != blkno || maxwin < 1) {
		ra->ra_vp = vp;
		ra->ra_next = ra->ra_end = blkno + step;
		ra->ra_window = 0;
		mutex_exit(&bio_lock);
		return;
	}
	ra->ra_window = ra->ra_window == 0 ? BIO_RA_FIRST :
	    MIN(ra->ra_window * 2, maxwin);
	ra->ra_window = MIN(ra->ra_window, maxwin);
	ra->ra_next = blkno + step;
	from = MAX(ra->ra_end, blkno + step);
	to = blkno + step * (ra->ra_window + 1);
	/* refill only when half the window was consumed */
	if (ra->ra_end - blkno > step * (ra->ra_window / 2 + 1)) {
		mutex_exit(&bio_lock);
		return;
	}
	ra->ra_end = MAX(ra->ra_end, to);
	mutex_exit(&bio_lock);
	bio_readahead_range(vp, from, to, step, size);
}
