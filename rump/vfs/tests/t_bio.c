/*
 * The buffer cache, reading: bread caches, getblk/brelse ownership with
 * waiting, read-ahead (explicit and sequential), read errors, one I/O
 * for concurrent readers, the size bound, buffers reused at the bound
 * and the memory reclaim hook.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/kthread.h>
#include <sys/time.h>
#include <sys/atomic.h>

#include "bio_fakedev.h"
#include "../vfs_bio_impl.h"

#include <setjmp.h>
#include <cmocka.h>

#define BS	4096
#define SPB	(BS / DEV_BSIZE)	/* device blocks per buffer */

static void
check_pattern(const struct buf *bp, daddr_t blkno)
{
	const unsigned char *p = bp->b_data;
	size_t i, base = (size_t)blkno << DEV_BSHIFT;

	for (i = 0; i < bp->b_bcount; i++)
		if (p[i] != fd_pattern(base + i))
			fail_msg("byte %zu of block %lld differs", i,
			    (long long)blkno);
}

static void
test_bread_caches(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;

	assert_int_equal(bread(vp, 3 * SPB, BS, 0, &bp), 0);
	assert_non_null(bp);
	assert_int_equal(bp->b_bcount, BS);
	assert_true(bp->b_busy);
	check_pattern(bp, 3 * SPB);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 1);
	assert_non_null(incore(vp, 3 * SPB));
	assert_int_equal(bread(vp, 3 * SPB, BS, 0, &bp), 0);
	check_pattern(bp, 3 * SPB);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 1);
	/* another block is another read */
	assert_int_equal(bread(vp, 40 * SPB, BS, 0, &bp), 0);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 2);
	/* BC_NOCACHE: not kept */
	assert_int_equal(bread(vp, 50 * SPB, BS, BC_NOCACHE, &bp), 0);
	brelse(bp, 0);
	assert_null(incore(vp, 50 * SPB));
	fd_destroy(fd);
}

struct waiter {
	struct vnode *w_vp;
	volatile int w_got;
	unsigned char w_seen;
};

static void
getblk_thread(void *arg)
{
	struct waiter *w = arg;
	struct buf *bp;

	bp = getblk(w->w_vp, 0, BS, 0, 0);
	KASSERT(bp != NULL);
	w->w_seen = ((unsigned char *)bp->b_data)[0];
	atomic_store_relaxed(&w->w_got, 1);
	brelse(bp, 0);
	kthread_exit(0);
}

static void
test_getblk_busy_wait(void **state)
{
	struct fakedev *fd = fd_create();
	struct waiter w = { .w_vp = &fd->fd_vnode };
	struct lwp *l;
	struct buf *bp;

	assert_int_equal(bread(&fd->fd_vnode, 0, BS, 0, &bp), 0);
	assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN |
	    KTHREAD_MPSAFE, NULL, getblk_thread, &w, &l, "waiter"), 0);
	/* we own it: the other thread must not get it meanwhile */
	(void)kpause("own", false, mstohz(100), NULL);
	assert_int_equal(atomic_load_relaxed(&w.w_got), 0);
	((unsigned char *)bp->b_data)[0] = 0xa5;
	bdwrite(bp);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(w.w_got, 1);
	assert_int_equal(w.w_seen, 0xa5);
	/* BC_BUSY_NOWAIT on a busy buffer does not sleep */
	bp = getblk(&fd->fd_vnode, 0, BS, 0, 0);
	assert_non_null(bp);
	{
		struct buf *bp2 = NULL;

		assert_int_equal(bread(&fd->fd_vnode, 0, BS, BC_BUSY_NOWAIT,
		    &bp2), EWOULDBLOCK);
		assert_null(bp2);
	}
	brelse(bp, B_INVAL);
	assert_null(incore(&fd->fd_vnode, 0));
	fd_destroy(fd);
}

static bool
cached_valid(struct vnode *vp, daddr_t blkno)
{
	struct buf *bp;
	bool ok;

	mutex_enter(&bio_lock);
	bp = bio_lookup_locked(vp, blkno);
	ok = bp != NULL && !bp->b_busy && (bp->b_flags & B_DONE);
	mutex_exit(&bio_lock);
	return ok;
}

static void
wait_cached(struct vnode *vp, daddr_t blkno)
{
	int i;

	for (i = 0; i < 1000 && !cached_valid(vp, blkno); i++)
		(void)kpause("ra", false, 1, NULL);
}

static void
test_breadn_readahead(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	daddr_t ra[2] = { 100 * SPB, 200 * SPB };
	int rasz[2] = { BS, BS };
	struct buf *bp;

	assert_int_equal(breadn(vp, 10 * SPB, BS, ra, rasz, 2, 0, &bp), 0);
	check_pattern(bp, 10 * SPB);
	brelse(bp, 0);
	wait_cached(vp, ra[0]);
	wait_cached(vp, ra[1]);
	assert_int_equal(fd->fd_reads, 3);
	assert_int_equal(bread(vp, ra[1], BS, 0, &bp), 0);
	check_pattern(bp, ra[1]);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 3);
	fd_destroy(fd);
}

static void
test_sequential_readahead(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;
	daddr_t b;

	for (b = 0; b < 4; b++) {
		assert_int_equal(bread(vp, b * SPB, BS, 0, &bp), 0);
		check_pattern(bp, b * SPB);
		brelse(bp, 0);
	}
	/* a sequential reader gets the next blocks started for it */
	wait_cached(vp, 4 * SPB);
	wait_cached(vp, 5 * SPB);
	assert_true(cached_valid(vp, 4 * SPB));
	assert_true(cached_valid(vp, 5 * SPB));
	fd_quiesce(fd);
	/* in fewer transfers than blocks: contiguous ones went together */
	assert_true(fd->fd_reads >= 2 && fd->fd_reads < 6);
	for (b = 4; b < 6; b++) {
		wait_cached(vp, b * SPB);
		assert_int_equal(bread(vp, b * SPB, BS, 0, &bp), 0);
		check_pattern(bp, b * SPB);
		brelse(bp, 0);
	}
	fd_destroy(fd);
}

static void
test_file_readahead(void **state)
{
	struct fakedev *fd = fd_create();
	struct fakefile *ff = ff_create(fd, BS);
	struct vnode *vp = &ff->ff_vnode;
	struct buf *bp;
	daddr_t b;

	for (b = 0; b < 16; b++)
		ff->ff_map[b] = 7000 + b * SPB;
	ff->ff_map[6] = -1;		/* a hole */
	for (b = 0; b < 3; b++) {
		assert_int_equal(bread(vp, b, BS, 0, &bp), 0);
		check_pattern(bp, 7000 + b * SPB);
		brelse(bp, 0);
	}
	wait_cached(vp, 5);
	wait_cached(vp, 7);
	fd_quiesce(fd);
	/* 3..5 and 7.. went as transfers of several blocks */
	assert_true(cached_valid(vp, 3) && cached_valid(vp, 7));
	assert_true(fd->fd_reads <= 5);
	for (b = 3; b < 8; b++) {
		assert_int_equal(bread(vp, b, BS, 0, &bp), 0);
		if (b == 6)
			assert_int_equal(((unsigned char *)bp->b_data)[9], 0);
		else
			check_pattern(bp, 7000 + b * SPB);
		brelse(bp, 0);
	}
	ff_destroy(ff);
	fd_destroy(fd);
}

static void
test_read_error(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp = (struct buf *)1;

	fd->fd_rerr = 1;
	assert_int_equal(bread(vp, 7 * SPB, BS, 0, &bp), EIO);
	assert_null(bp);
	assert_null(incore(vp, 7 * SPB));
	/* the driver's own errno comes through */
	fd->fd_rerr = 1;
	fd->fd_errno = ENXIO;
	assert_int_equal(bread(vp, 7 * SPB, BS, 0, &bp), ENXIO);
	/* not cached as valid: the next bread reads again */
	assert_int_equal(bread(vp, 7 * SPB, BS, 0, &bp), 0);
	check_pattern(bp, 7 * SPB);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 3);
	/* past the end of the device */
	assert_int_equal(bread(vp, FD_SIZE / DEV_BSIZE, BS, 0, &bp), EIO);
	/* sizes from a corrupt disk are refused, not a panic */
	assert_int_equal(bread(vp, 0, MAXPHYS + 1, 0, &bp), EINVAL);
	assert_null(getblk(vp, 0, -5, 0, 0));
	assert_int_equal(fd->fd_reads, 4);
	fd_destroy(fd);
}

struct reader {
	struct vnode *r_vp;
	int r_error;
	unsigned char r_byte;
};

static void
reader_thread(void *arg)
{
	struct reader *r = arg;
	struct buf *bp;

	r->r_error = bread(r->r_vp, 9 * SPB, BS, 0, &bp);
	if (r->r_error == 0) {
		r->r_byte = ((unsigned char *)bp->b_data)[5];
		brelse(bp, 0);
	}
	kthread_exit(0);
}

static void
test_concurrent_readers(void **state)
{
	struct fakedev *fd = fd_create();
	struct reader r[4];
	struct lwp *l[4];
	int i;

	fd->fd_delay_ms = 50;	/* complete later, on a kthread */
	for (i = 0; i < 4; i++) {
		r[i].r_vp = &fd->fd_vnode;
		r[i].r_error = -1;
		assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN |
		    KTHREAD_MPSAFE, NULL, reader_thread, &r[i], &l[i],
		    "reader"), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(kthread_join(l[i]), 0);
		assert_int_equal(r[i].r_error, 0);
		assert_int_equal(r[i].r_byte, fd_pattern(9 * BS + 5));
	}
	fd_quiesce(fd);
	assert_int_equal(fd->fd_reads, 1);
	fd->fd_delay_ms = 0;
	fd_destroy(fd);
}

static void
test_size_bound(void **state)
{
	struct fakedev *fd = fd_create();
	struct buf *bp;
	size_t base = bufcache_inuse();
	int i;

	bufcache_setmax(base + 64 * 1024);
	for (i = 0; i < 200; i++) {
		/* every other block: no sequential read-ahead */
		assert_int_equal(bread(&fd->fd_vnode, (daddr_t)i * 2 * SPB,
		    BS, 0, &bp), 0);
		check_pattern(bp, (daddr_t)i * 2 * SPB);
		brelse(bp, 0);
		assert_true(bufcache_inuse() <= base + 64 * 1024);
	}
	assert_int_equal(fd->fd_reads, 200);
	/* the newest stay, the oldest went */
	assert_non_null(incore(&fd->fd_vnode, 199 * 2 * SPB));
	assert_null(incore(&fd->fd_vnode, 0));
	bufcache_setmax(0);
	fd_destroy(fd);
}

/*
 * At the bound a new block takes over the oldest clean buffer of its
 * size: the old identity is gone, the memory is the same, and the new
 * buffer holds zeros, never the old block's bytes.
 */
static void
test_steal_oldest(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp, *old;
	size_t base = bufcache_inuse(), i;
	const unsigned char *p;

	bufcache_setmax(base + 4 * BS);
	for (i = 0; i < 4; i++) {
		assert_int_equal(bread(vp, (daddr_t)i * 2 * SPB, BS, 0, &bp),
		    0);
		brelse(bp, 0);
	}
	old = incore(vp, 0);
	assert_non_null(old);
	bp = getblk(vp, 100 * SPB, BS, 0, 0);
	assert_ptr_equal(bp, old);
	assert_null(incore(vp, 0));
	assert_ptr_equal(incore(vp, 100 * SPB), bp);
	assert_int_equal(bp->b_lblkno, 100 * SPB);
	assert_int_equal(bp->b_bcount, BS);
	assert_int_equal(bp->b_flags & (B_DONE | B_DELWRI), 0);
	for (p = bp->b_data, i = 0; i < BS; i++)
		if (p[i] != 0)
			fail_msg("byte %zu of a new buffer is not zero", i);
	assert_true(bufcache_inuse() <= base + 4 * BS);
	brelse(bp, B_INVAL);
	/* the other three are still cached and read back right */
	assert_int_equal(bread(vp, 2 * SPB, BS, 0, &bp), 0);
	check_pattern(bp, 2 * SPB);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 4);
	bufcache_setmax(0);
	fd_destroy(fd);
}

static void
test_reclaim_hook(void **state)
{
	struct fakedev *fd = fd_create();
	struct buf *bp;
	size_t before, freed;
	int i;

	for (i = 0; i < 32; i++) {
		assert_int_equal(bread(&fd->fd_vnode, (daddr_t)i * 3 * SPB,
		    BS, 0, &bp), 0);
		brelse(bp, 0);
	}
	/* a dirty one is written when clean ones are not enough */
	bp = getblk(&fd->fd_vnode, 1000 * SPB, BS, 0, 0);
	assert_non_null(bp);
	memset(bp->b_data, 0x5a, BS);
	bdwrite(bp);
	before = bufcache_inuse();
	freed = bio_reclaim(8 * BS);
	assert_true(freed >= 8 * BS);
	assert_int_equal(bufcache_inuse(), before - freed);
	freed = bio_reclaim(SIZE_MAX / 2);
	assert_int_equal(fd->fd_writes, 1);
	assert_int_equal(fd->fd_data[1000 * BS], 0x5a);
	assert_null(incore(&fd->fd_vnode, 0));
	assert_true(TAILQ_EMPTY(&fd->fd_vnode.v_dirtyblkhd));
	fd_destroy(fd);
}

static void
test_geteblk_allocbuf(void **state)
{
	struct fakedev *fd = fd_create();
	struct buf *bp;
	size_t base = bufcache_inuse();

	bp = geteblk(1024);
	assert_non_null(bp);
	assert_int_equal(bp->b_bcount, 1024);
	assert_int_equal(bufcache_inuse(), base + 1024);
	memset(bp->b_data, 0x11, 1024);
	assert_int_equal(allocbuf(bp, 8192, 1), 0);
	assert_int_equal(bp->b_bcount, 8192);
	assert_int_equal(((unsigned char *)bp->b_data)[1023], 0x11);
	assert_int_equal(((unsigned char *)bp->b_data)[1024], 0);
	brelse(bp, 0);
	assert_int_equal(bufcache_inuse(), base);
	/* a cached block read again with a larger size is re-read */
	assert_int_equal(bread(&fd->fd_vnode, 0, 2048, 0, &bp), 0);
	brelse(bp, 0);
	assert_int_equal(bread(&fd->fd_vnode, 0, BS, 0, &bp), 0);
	check_pattern(bp, 0);
	brelse(bp, 0);
	assert_int_equal(fd->fd_reads, 2);
	fd_destroy(fd);
}

static void
test_kmem_limit(void **state)
{
	struct fakedev *fd = fd_create();
	uint64_t lim = kmem_limit(), mylim;
	struct buf *bp;
	int i;

	/* the cache bound out of the way: only the kernel limit binds */
	bufcache_setmax(64 * 1024 * 1024);
	mylim = kmem_inuse() + 1024 * 1024;
	kmem_setlimit(mylim);
	for (i = 0; i < 480; i++) {
		assert_int_equal(bread(&fd->fd_vnode, (daddr_t)i * 2 * SPB,
		    BS, 0, &bp), 0);
		check_pattern(bp, (daddr_t)i * 2 * SPB);
		brelse(bp, 0);
		assert_true(kmem_inuse() <= mylim);
	}
	assert_true(bufcache_inuse() < 1024 * 1024);
	kmem_setlimit(lim);
	bufcache_setmax(0);
	fd_destroy(fd);
}

static void
test_default_bound(void **state)
{
	uint64_t lim = kmem_limit();

	bufcache_setmax(0);
	kmem_setlimit(0);
	assert_int_equal(bio_max(), 16 * 1024 * 1024);
	kmem_setlimit(400 * 1024 * 1024);
	assert_int_equal(bio_max(), 100 * 1024 * 1024);
	bufcache_setmax(12345678);
	assert_int_equal(bio_max(), 12345678);
	bufcache_setmax(0);
	kmem_setlimit(lim);
}

static void
test_iobuf(void **state)
{
	struct fakedev *fd = fd_create();
	unsigned char data[1024];
	struct buf *bp;

	bp = getiobuf(&fd->fd_vnode, true);
	assert_non_null(bp);
	bp->b_busy = true;
	bp->b_flags = B_READ;
	bp->b_data = data;
	bp->b_bcount = sizeof(data);
	bp->b_blkno = 5;
	(void)VOP_STRATEGY(&fd->fd_vnode, bp);
	assert_int_equal(biowait(bp), 0);
	assert_int_equal(data[100], fd_pattern(5 * DEV_BSIZE + 100));
	putiobuf(bp);
	assert_null(incore(&fd->fd_vnode, 5));
	fd_destroy(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bread_caches),
		cmocka_unit_test(test_getblk_busy_wait),
		cmocka_unit_test(test_breadn_readahead),
		cmocka_unit_test(test_sequential_readahead),
		cmocka_unit_test(test_file_readahead),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_concurrent_readers),
		cmocka_unit_test(test_size_bound),
		cmocka_unit_test(test_steal_oldest),
		cmocka_unit_test(test_reclaim_hook),
		cmocka_unit_test(test_geteblk_allocbuf),
		cmocka_unit_test(test_kmem_limit),
		cmocka_unit_test(test_default_bound),
		cmocka_unit_test(test_iobuf),
	};

	fd_boot();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
