/*
 * The buffer cache core: the (vnode, block) hash, getblk/incore/brelse
 * with b_busy ownership, the LRU and dirty queues, allocbuf, anonymous
 * and private I/O buffers, and the size bound.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/atomic.h>
#include <sys/time.h>
#include <sys/rumpcomp.h>

#include "vfs_bio_impl.h"

#define BIO_NHASH	8192		/* power of two */
/* metadata and write-behind: file data is cached by the host above FUSE */
#define BIO_DEFMAX	(16 * 1024 * 1024)
#define BIO_MINMAX	(256 * 1024)

kmutex_t bio_lock;
kcondvar_t bio_outputcv;
struct bio_queue bio_lru, bio_dirtyq, bio_devdirtyq, bio_zombies;
size_t bio_mem;
static struct buf **bio_hash;
static size_t bio_setmax_bytes;	/* 0: from the kmem limit */

static size_t
bio_hashidx(const struct vnode *vp, daddr_t blkno)
{
	uint64_t h;

	h = (uint64_t)(uintptr_t)vp * 0x9e3779b97f4a7c15ULL;
	h ^= (uint64_t)blkno * 0xc2b2ae3d27d4eb4fULL;
	h ^= h >> 29;
	return (size_t)(h & (BIO_NHASH - 1));
}

int64_t
bio_now(void)
{
	struct timespec ts;

	getnanouptime(&ts);
	return ts2ns(&ts);
}

bool
bio_isdev(const struct vnode *vp)
{

	return vp->v_type == VBLK || vp->v_type == VCHR;
}

struct bio_queue *
bio_dirtyq_of(const struct buf *bp)
{

	return bio_isdev(bp->b_vp) ? &bio_devdirtyq : &bio_dirtyq;
}

void
bio_init(void)
{

	mutex_init(&bio_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&bio_outputcv, "biooutput");
	TAILQ_INIT(&bio_lru);
	TAILQ_INIT(&bio_dirtyq);
	TAILQ_INIT(&bio_devdirtyq);
	TAILQ_INIT(&bio_zombies);
	bio_pool_init();
	bio_hash = kmem_zalloc(BIO_NHASH * sizeof(*bio_hash), KM_SLEEP);
	if (bio_hash == NULL)
		panic("bio: no memory for the buffer hash");
	kmem_reclaim_register(bio_reclaim);
	bio_syncer_start();
}

RUMP_COMPONENT(RUMP_COMPONENT_VFS)
{

	bio_init();
}

/* the cache bound: set by bufcache_setmax, else a quarter of the limit */
size_t
bio_max(void)
{
	uint64_t lim;

	if (bio_setmax_bytes != 0)
		return bio_setmax_bytes;
	lim = kmem_limit();
	if (lim == 0)
		return BIO_DEFMAX;
	return MAX((size_t)(lim / 4), (size_t)BIO_MINMAX);
}

void
bufcache_setmax(size_t bytes)
{

	mutex_enter(&bio_lock);
	bio_setmax_bytes = bytes;
	(void)bio_trim_locked(bio_max());
	mutex_exit(&bio_lock);
}

size_t
bufcache_inuse(void)
{

	return atomic_load_relaxed(&bio_mem);
}

static struct buf *
bio_newbuf(size_t size, int kmflags)
{
	struct buf *bp;

	if ((bp = bio_pool_gethdr(kmflags)) == NULL)
		return NULL;
	if (size > 0 &&
	    (bp->b_data = bio_data_alloc(size, kmflags, true)) == NULL) {
		bio_pool_puthdr(bp);
		return NULL;
	}
	bp->b_bcount = bp->b_bufsize = size;
	bp->b_blkno = bp->b_lblkno = -1;
	bp->b_dev = NODEV;
	return bp;
}

static void
bio_freebuf(struct buf *bp)
{

	bio_pool_puthdr(bp);
}

struct buf *
bio_lookup_locked(struct vnode *vp, daddr_t blkno)
{
	struct buf *bp;

	for (bp = bio_hash[bio_hashidx(vp, blkno)]; bp != NULL;
	    bp = bp->b_hashnext)
		if (bp->b_vp == vp && bp->b_lblkno == blkno)
			return bp;
	return NULL;
}

static void
bio_hash_remove(struct buf *bp)
{
	struct buf **bpp;

	for (bpp = &bio_hash[bio_hashidx(bp->b_vp, bp->b_lblkno)];
	    *bpp != NULL; bpp = &(*bpp)->b_hashnext)
		if (*bpp == bp) {
			*bpp = bp->b_hashnext;
			bp->b_hashnext = NULL;
			return;
		}
	panic("bio: buffer %p not in the hash", bp);
}

/* take an unbusy buffer off its queue */
void
bio_unqueue_locked(struct buf *bp)
{

	KASSERT(!bp->b_busy);
	if (bp->b_flags & B_ZOMBIE)
		TAILQ_REMOVE(&bio_zombies, bp, b_freelist);
	else if (bp->b_flags & B_DELWRI)
		TAILQ_REMOVE(bio_dirtyq_of(bp), bp, b_freelist);
	else
		TAILQ_REMOVE(&bio_lru, bp, b_freelist);
}

void
bio_setdirty_locked(struct buf *bp)
{

	if (bp->b_flags & B_DELWRI)
		return;
	bp->b_flags |= B_DELWRI;
	bp->b_dirtytime = bio_now();
	if (bp->b_vp != NULL) {
		TAILQ_REMOVE(&bp->b_vp->v_cleanblkhd, bp, b_vnbufs);
		TAILQ_INSERT_TAIL(&bp->b_vp->v_dirtyblkhd, bp, b_vnbufs);
	}
}

void
bio_setclean_locked(struct buf *bp)
{

	if ((bp->b_flags & B_DELWRI) == 0)
		return;
	bp->b_flags &= ~B_DELWRI;
	if (bp->b_vp != NULL) {
		TAILQ_REMOVE(&bp->b_vp->v_dirtyblkhd, bp, b_vnbufs);
		TAILQ_INSERT_TAIL(&bp->b_vp->v_cleanblkhd, bp, b_vnbufs);
	}
}

/*
 * Forget a buffer that is on no queue: its identity, its data, and the
 * struct itself unless someone sleeps on it (then it waits as a zombie).
 */
void
bio_destroy_locked(struct buf *bp)
{

	if (bp->b_vp != NULL) {
		bio_hash_remove(bp);
		if (bp->b_flags & B_DELWRI)
			TAILQ_REMOVE(&bp->b_vp->v_dirtyblkhd, bp, b_vnbufs);
		else
			TAILQ_REMOVE(&bp->b_vp->v_cleanblkhd, bp, b_vnbufs);
		bp->b_vp = NULL;
	}
	if (bp->b_flags & B_MANAGED)
		bio_mem -= bp->b_bufsize;
	bio_data_free(bp->b_data, bp->b_bufsize);
	bp->b_data = NULL;
	bp->b_bufsize = bp->b_bcount = 0;
	if (cv_has_waiters(&bp->b_busycv)) {
		bp->b_busy = false;
		bp->b_flags = B_INVAL | B_ZOMBIE;
		TAILQ_INSERT_TAIL(&bio_zombies, bp, b_freelist);
		cv_broadcast(&bp->b_busycv);
		return;
	}
	bio_freebuf(bp);
}

/* free the zombies nobody sleeps on any more */
static void
bio_reap_locked(void)
{
	struct buf *bp, *nbp;

	TAILQ_FOREACH_SAFE(bp, &bio_zombies, b_freelist, nbp) {
		if (cv_has_waiters(&bp->b_busycv))
			continue;
		TAILQ_REMOVE(&bio_zombies, bp, b_freelist);
		bio_freebuf(bp);
	}
}

/* drop clean unbusy buffers, oldest first, until at most target bytes */
size_t
bio_trim_locked(size_t target)
{
	struct buf *bp, *nbp;
	size_t freed = 0;

	bio_reap_locked();
	for (bp = TAILQ_FIRST(&bio_lru); bp != NULL && bio_mem > target;
	    bp = nbp) {
		nbp = TAILQ_NEXT(bp, b_freelist);
		if (bp->b_flags & B_LOCKED)
			continue;
		freed += bp->b_bufsize;
		TAILQ_REMOVE(&bio_lru, bp, b_freelist);
		bio_destroy_locked(bp);
	}
	return freed;
}

/* give a busy buffer back: to its queue, or away if it holds nothing */
void
bio_release_locked(struct buf *bp)
{
	int f;

	KASSERT(bp->b_busy);
	bp->b_flags &= ~(B_ASYNC | B_READ | B_CLUSTER);
	f = bp->b_flags;
	if (bp->b_vp == NULL || (f & B_INVAL) ||
	    ((f & B_DELWRI) == 0 &&
	    ((f & (B_ERROR | B_NOCACHE)) || (f & B_DONE) == 0))) {
		bio_destroy_locked(bp);
		return;
	}
	bp->b_flags &= ~(B_ERROR | B_NOCACHE);
	bp->b_busy = false;
	if (f & B_DELWRI)
		TAILQ_INSERT_TAIL(bio_dirtyq_of(bp), bp, b_freelist);
	else if (f & B_AGE)
		TAILQ_INSERT_HEAD(&bio_lru, bp, b_freelist);
	else
		TAILQ_INSERT_TAIL(&bio_lru, bp, b_freelist);
	bp->b_flags &= ~B_AGE;
	cv_broadcast(&bp->b_busycv);
	if (bio_mem > bio_max() || !TAILQ_EMPTY(&bio_zombies))
		(void)bio_trim_locked(bio_max());
}

void
brelse(struct buf *bp, int set)
{

	mutex_enter(&bio_lock);
	bp->b_flags |= set;
	if ((bp->b_flags & B_INVAL) && (bp->b_flags & B_DELWRI))
		bio_setclean_locked(bp);
	bio_release_locked(bp);
	mutex_exit(&bio_lock);
}

/*
 * At the bound, the oldest clean buffer, if it has the size wanted,
 * becomes the new one: no trim, free and allocation per block when a
 * long write turns the cache over.  Its old bytes are zeroed.
 */
static struct buf *
bio_steal_locked(size_t size)
{
	struct buf *bp = TAILQ_FIRST(&bio_lru);
	void *data;

	if (bp == NULL || bp->b_bufsize != size || size == 0 ||
	    bio_mem + size <= bio_max() ||
	    (bp->b_flags & (B_LOCKED | B_MANAGED)) != B_MANAGED ||
	    cv_has_waiters(&bp->b_busycv))
		return NULL;
	TAILQ_REMOVE(&bio_lru, bp, b_freelist);
	bio_hash_remove(bp);
	TAILQ_REMOVE(&bp->b_vp->v_cleanblkhd, bp, b_vnbufs);
	bio_mem -= size;
	data = bp->b_data;
	bio_hdr_reset(bp);
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = size;
	memset(data, 0, size);
	return bp;
}

/* a new buffer for (vp, blkno), busy; the caller rechecks the hash */
static int
bio_newblk(size_t size, int flags, bool devonly, struct buf **bpp)
{

	bio_makeroom(size, (flags & BIO_NOWAIT) == 0, devonly);
	if ((*bpp = bio_newbuf(size, KM_SLEEP)) != NULL)
		return 0;
	/* the reclaim hooks ran; try once more after a full write-out */
	bio_makeroom(bio_max(), (flags & BIO_NOWAIT) == 0, devonly);
	if ((*bpp = bio_newbuf(size, KM_SLEEP)) != NULL)
		return 0;
	return ENOMEM;
}

static int
bio_resize(struct buf *bp, int size)
{
	bool grow = (size_t)size > bp->b_bcount;
	int error;

	if ((error = allocbuf(bp, size, 1)) != 0)
		return error;
	/* the new tail was never read */
	if (grow && (bp->b_flags & B_DELWRI) == 0)
		bp->b_flags &= ~B_DONE;
	return 0;
}

/*
 * Find or make the buffer of (vp, blkno) and make it ours (busy).
 * BIO_NOWAIT: EWOULDBLOCK instead of sleeping on a busy buffer, and no
 * write-out to make room.
 */
int
bio_getblk(struct vnode *vp, daddr_t blkno, int size, int flags,
    struct buf **bpp)
{
	struct buf *bp, *nbp = NULL;
	int error;

	/* sizes come from disk data: refuse, never panic */
	if (size < 0 || size > MAXPHYS) {
		printf("bio: vnode %p block %lld: bad buffer size %d\n", vp,
		    (long long)blkno, size);
		return EINVAL;
	}
	mutex_enter(&bio_lock);
	for (;;) {
		if ((bp = bio_lookup_locked(vp, blkno)) != NULL) {
			if (!bp->b_busy)
				break;
			if (flags & BIO_NOWAIT) {
				mutex_exit(&bio_lock);
				if (nbp != NULL)
					bio_freebuf_data(nbp);
				return EWOULDBLOCK;
			}
			cv_wait(&bp->b_busycv, &bio_lock);
			continue;	/* it may be gone or another block */
		}
		if (nbp != NULL ||
		    (nbp = bio_steal_locked((size_t)size)) != NULL)
			break;
		mutex_exit(&bio_lock);
		if ((error = bio_newblk((size_t)size, flags, bio_isdev(vp),
		    &nbp)) != 0)
			return error;
		mutex_enter(&bio_lock);
	}
	if (bp != NULL) {
		bio_unqueue_locked(bp);
		bp->b_busy = true;
		mutex_exit(&bio_lock);
		if (nbp != NULL)
			bio_freebuf_data(nbp);
		if ((size_t)size != bp->b_bcount &&
		    (error = bio_resize(bp, size)) != 0) {
			brelse(bp, 0);
			return error;
		}
		*bpp = bp;
		return 0;
	}
	bp = nbp;
	bp->b_busy = true;
	bp->b_flags = B_MANAGED;
	bp->b_vp = vp;
	bp->b_lblkno = bp->b_blkno = blkno;
	bp->b_dev = bio_isdev(vp) ? vp->v_rdev : NODEV;
	bp->b_hashnext = bio_hash[bio_hashidx(vp, blkno)];
	bio_hash[bio_hashidx(vp, blkno)] = bp;
	TAILQ_INSERT_TAIL(&vp->v_cleanblkhd, bp, b_vnbufs);
	bio_mem += bp->b_bufsize;
	mutex_exit(&bio_lock);
	*bpp = bp;
	return 0;
}

/* free a buffer that never entered the cache */
void
bio_freebuf_data(struct buf *bp)
{

	bio_data_free(bp->b_data, bp->b_bufsize);
	bio_freebuf(bp);
}

struct buf *
getblk(struct vnode *vp, daddr_t blkno, int size, int slpflag, int slptimeo)
{
	struct buf *bp;

	if (bio_getblk(vp, blkno, size, 0, &bp) != 0)
		return NULL;
	return bp;
}

struct buf *
incore(struct vnode *vp, daddr_t blkno)
{
	struct buf *bp;

	mutex_enter(&bio_lock);
	bp = bio_lookup_locked(vp, blkno);
	mutex_exit(&bio_lock);
	return bp;
}

struct buf *
geteblk(int size)
{
	struct buf *bp;

	if (size < 0 || size > MAXPHYS)
		return NULL;
	bio_makeroom((size_t)size, true, false);
	if ((bp = bio_newbuf((size_t)size, KM_SLEEP)) == NULL)
		return NULL;
	bp->b_busy = true;
	bp->b_flags = B_MANAGED | B_INVAL;
	mutex_enter(&bio_lock);
	bio_mem += bp->b_bufsize;
	mutex_exit(&bio_lock);
	return bp;
}

/* resize a busy buffer's data; preserve: keep the old bytes */
int
allocbuf(struct buf *bp, int size, int preserve)
{
	size_t nsize = (size_t)size, osize = bp->b_bufsize;
	void *ndata;

	if (size < 0 || size > MAXPHYS)
		return EINVAL;
	if (nsize <= osize && nsize >= osize / 2) {
		bp->b_bcount = nsize;
		return 0;
	}
	if (nsize == 0)
		ndata = NULL;
	else if ((ndata = bio_data_alloc(nsize, KM_SLEEP, true)) == NULL)
		return ENOMEM;
	if (preserve && ndata != NULL && bp->b_data != NULL)
		memcpy(ndata, bp->b_data, MIN(nsize, bp->b_bcount));
	bio_data_free(bp->b_data, osize);
	bp->b_data = ndata;
	bp->b_bcount = bp->b_bufsize = nsize;
	if (bp->b_flags & B_MANAGED) {
		mutex_enter(&bio_lock);
		bio_mem = bio_mem + nsize - osize;
		mutex_exit(&bio_lock);
	}
	return 0;
}

struct buf *
getiobuf(struct vnode *vp, bool waitok)
{
	struct buf *bp;

	if ((bp = bio_newbuf(0, waitok ? KM_SLEEP : KM_NOSLEEP)) == NULL)
		return NULL;
	bp->b_busy = true;
	bp->b_flags = 0;
	bp->b_vp = vp;
	if (vp != NULL && bio_isdev(vp))
		bp->b_dev = vp->v_rdev;
	return bp;
}

void
putiobuf(struct buf *bp)
{

	KASSERT((bp->b_flags & B_MANAGED) == 0);
	bio_freebuf(bp);
}
