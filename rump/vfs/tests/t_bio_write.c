/*
 * The buffer cache, writing: delayed writes and vflushbuf, clustering of
 * contiguous blocks (device and file vnodes), the syncer, vinvalbuf with
 * V_SAVE, vtruncbuf, synchronous and delayed write errors.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/time.h>
#include <sys/kthread.h>

#include "bio_fakedev.h"
#include "../vfs_bio_impl.h"

#include <setjmp.h>
#include <cmocka.h>

#define BS	4096
#define SPB	(BS / DEV_BSIZE)

/* a new dirty block: filled with 'byte', released with bdwrite */
static void
dirty(struct vnode *vp, daddr_t blkno, unsigned char byte)
{
	struct buf *bp;

	bp = getblk(vp, blkno, BS, 0, 0);
	assert_non_null(bp);
	memset(bp->b_data, byte, BS);
	bdwrite(bp);
}

static int
ndirty(struct vnode *vp)
{
	struct buf *bp;
	int n = 0;

	mutex_enter(&bio_lock);
	TAILQ_FOREACH(bp, &vp->v_dirtyblkhd, b_vnbufs)
		n++;
	mutex_exit(&bio_lock);
	return n;
}

static void
test_bdwrite_flush_once(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;

	dirty(vp, 0, 0x11);
	dirty(vp, 4 * SPB, 0x22);
	dirty(vp, 9 * SPB, 0x33);
	assert_int_equal(fd->fd_writes, 0);
	assert_int_equal(ndirty(vp), 3);
	/* a cached dirty block reads back without I/O */
	assert_int_equal(bread(vp, 4 * SPB, BS, 0, &bp), 0);
	assert_int_equal(((unsigned char *)bp->b_data)[0], 0x22);
	bdwrite(bp);
	assert_int_equal(fd->fd_reads, 0);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 3);
	assert_int_equal(ndirty(vp), 0);
	assert_int_equal(fd->fd_data[0], 0x11);
	assert_int_equal(fd->fd_data[4 * BS + 100], 0x22);
	assert_int_equal(fd->fd_data[9 * BS + BS - 1], 0x33);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 3);
	assert_int_equal(vp->v_numoutput, 0);
	fd_destroy(fd);
}

static void
test_cluster_device(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	daddr_t b;

	/* 16 contiguous blocks, dirtied out of order, one apart */
	for (b = 15; b >= 0; b--)
		dirty(vp, b * SPB, (unsigned char)(b + 1));
	dirty(vp, 40 * SPB, 0x77);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 2);
	assert_int_equal(fd->fd_wlen[0] + fd->fd_wlen[1], 17 * BS);
	assert_true((fd->fd_wlen[0] == 16 * BS && fd->fd_wblk[0] == 0) ||
	    (fd->fd_wlen[1] == 16 * BS && fd->fd_wblk[1] == 0));
	for (b = 0; b < 16; b++)
		assert_int_equal(fd->fd_data[b * BS + 7], b + 1);
	assert_int_equal(fd->fd_data[40 * BS], 0x77);
	assert_int_equal(ndirty(vp), 0);
	fd_destroy(fd);
}

static void
test_cluster_maxphys(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	int nblk = MAXPHYS / BS + 44, i;
	size_t total = 0;
	daddr_t b;

	for (b = 0; b < nblk; b++)
		dirty(vp, b * SPB, 0xc3);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 2);
	for (i = 0; i < 2; i++) {
		assert_true(fd->fd_wlen[i] <= MAXPHYS);
		total += fd->fd_wlen[i];
	}
	assert_int_equal(total, (size_t)nblk * BS);
	assert_int_equal(fd->fd_data[(nblk - 1) * BS], 0xc3);
	fd_destroy(fd);
}

static void
test_cluster_file(void **state)
{
	struct fakedev *fd = fd_create();
	struct fakefile *ff = ff_create(fd, BS);
	struct vnode *vp = &ff->ff_vnode;
	struct buf *bp;
	daddr_t b;

	/* file blocks 0-3 contiguous on the device, 4 elsewhere */
	for (b = 0; b < 4; b++)
		ff->ff_map[b] = 800 + b * SPB;
	ff->ff_map[4] = 2000;
	for (b = 0; b < 5; b++)
		dirty(vp, b, (unsigned char)(0x40 + b));
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 2);
	assert_true((fd->fd_wlen[0] == 4 * BS && fd->fd_wblk[0] == 800) ||
	    (fd->fd_wlen[1] == 4 * BS && fd->fd_wblk[1] == 800));
	for (b = 0; b < 4; b++)
		assert_int_equal(fd->fd_data[(800 + b * SPB) * DEV_BSIZE],
		    0x40 + b);
	assert_int_equal(fd->fd_data[2000 * DEV_BSIZE + 1], 0x44);
	/* reads of the file go through its strategy to the device */
	assert_int_equal(vinvalbuf(vp, 0, NOCRED, false, 0), 0);
	assert_int_equal(bread(vp, 2, BS, 0, &bp), 0);
	assert_int_equal(((unsigned char *)bp->b_data)[9], 0x42);
	brelse(bp, 0);
	/* a hole reads as zeros */
	assert_int_equal(bread(vp, 30, BS, 0, &bp), 0);
	assert_int_equal(((unsigned char *)bp->b_data)[9], 0);
	brelse(bp, 0);
	ff_destroy(ff);
	fd_destroy(fd);
}

static void
test_syncer(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	int64_t delay = bio_syncdelay_ns, period = bio_syncperiod_ns;

	bio_syncdelay_ns = 200LL * 1000 * 1000;
	bio_syncperiod_ns = 100LL * 1000 * 1000;
	bio_syncer_kick();
	dirty(vp, 12 * SPB, 0x99);
	dirty(vp, 13 * SPB, 0x9a);
	assert_int_equal(fd_waitcount(fd, &fd->fd_writes, 1), 1);
	fd_quiesce(fd);
	bio_wait_output(vp);
	bio_syncdelay_ns = delay;
	bio_syncperiod_ns = period;
	/* both went, as one transfer */
	assert_int_equal(fd->fd_writes, 1);
	assert_int_equal(fd->fd_wlen[0], 2 * BS);
	assert_int_equal(fd->fd_data[12 * BS], 0x99);
	assert_int_equal(fd->fd_data[13 * BS], 0x9a);
	assert_int_equal(ndirty(vp), 0);
	assert_non_null(incore(vp, 12 * SPB));
	fd_destroy(fd);
}

static void
test_vinvalbuf_save(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;
	size_t base;

	base = bufcache_inuse();
	assert_int_equal(bread(vp, 30 * SPB, BS, 0, &bp), 0);
	brelse(bp, 0);
	dirty(vp, 31 * SPB, 0x5e);
	dirty(vp, 50 * SPB, 0x5f);
	assert_int_equal(bufcache_inuse(), base + 3 * BS);
	assert_int_equal(vinvalbuf(vp, V_SAVE, NOCRED, false, 0), 0);
	assert_int_equal(fd->fd_writes, 1 + 1);
	assert_int_equal(fd->fd_data[31 * BS], 0x5e);
	assert_int_equal(fd->fd_data[50 * BS], 0x5f);
	assert_true(TAILQ_EMPTY(&vp->v_cleanblkhd));
	assert_true(TAILQ_EMPTY(&vp->v_dirtyblkhd));
	assert_null(incore(vp, 30 * SPB));
	assert_int_equal(bufcache_inuse(), base);
	/* without V_SAVE dirty data is dropped */
	dirty(vp, 60 * SPB, 0x61);
	assert_int_equal(vinvalbuf(vp, 0, NOCRED, false, 0), 0);
	assert_int_equal(fd->fd_writes, 2);
	assert_int_equal(fd->fd_data[60 * BS], fd_pattern(60 * BS));
	fd_destroy(fd);
}

static void
test_vtruncbuf(void **state)
{
	struct fakedev *fd = fd_create();
	struct fakefile *ff = ff_create(fd, BS);
	struct vnode *vp = &ff->ff_vnode;
	struct buf *bp;
	daddr_t b;

	for (b = 0; b < 8; b++)
		ff->ff_map[b] = 3000 + b * 2 * SPB;
	for (b = 0; b < 4; b++) {
		assert_int_equal(bread(vp, b, BS, 0, &bp), 0);
		brelse(bp, 0);
	}
	for (b = 4; b < 8; b++)
		dirty(vp, b, 0xee);
	assert_int_equal(vtruncbuf(vp, 3, false, 0), 0);
	for (b = 0; b < 3; b++)
		assert_non_null(incore(vp, b));
	for (b = 3; b < 8; b++)
		assert_null(incore(vp, b));
	assert_int_equal(ndirty(vp), 0);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_writes, 0);
	ff_destroy(ff);
	fd_destroy(fd);
}

static void
test_delayed_write_error(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;

	/* an async write fails: kept dirty, reported by the next flush */
	bp = getblk(vp, 70 * SPB, BS, 0, 0);
	memset(bp->b_data, 0xab, BS);
	fd->fd_werr = 1;
	bawrite(bp);
	bio_wait_output(vp);
	assert_int_equal(fd->fd_writes, 1);
	assert_int_equal(ndirty(vp), 1);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), EIO);
	/* the retry went through: the data is on the device */
	assert_int_equal(fd->fd_writes, 2);
	assert_int_equal(fd->fd_data[70 * BS], 0xab);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	/* a failure during a waited flush is that flush's error */
	dirty(vp, 71 * SPB, 0xac);
	fd->fd_werr = 1;
	fd->fd_errno = ENOSPC;
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), ENOSPC);
	assert_int_equal(ndirty(vp), 1);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(fd->fd_data[71 * BS], 0xac);
	/* an unwaited flush hands the error to the next one */
	dirty(vp, 72 * SPB, 0xad);
	fd->fd_werr = 1;
	assert_int_equal(vflushbuf(vp, 0), 0);
	bio_wait_output(vp);
	assert_int_equal(vflushbuf(vp, 0), ENOSPC);
	bio_wait_output(vp);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	assert_int_equal(ndirty(vp), 0);
	fd_destroy(fd);
}

static void
test_bwrite(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;
	struct buf *bp;

	bp = getblk(vp, 80 * SPB, BS, 0, 0);
	memset(bp->b_data, 0x31, BS);
	assert_int_equal(bwrite(bp), 0);
	assert_int_equal(fd->fd_writes, 1);
	assert_int_equal(fd->fd_data[80 * BS], 0x31);
	assert_non_null(incore(vp, 80 * SPB));
	assert_int_equal(ndirty(vp), 0);
	/* a failed bwrite returns the error and keeps the data dirty */
	assert_int_equal(bread(vp, 80 * SPB, BS, 0, &bp), 0);
	memset(bp->b_data, 0x32, BS);
	fd->fd_werr = 1;
	assert_int_equal(bwrite(bp), EIO);
	assert_int_equal(ndirty(vp), 1);
	assert_int_equal(vinvalbuf(vp, V_SAVE, NOCRED, false, 0), 0);
	assert_int_equal(fd->fd_data[80 * BS], 0x32);
	assert_int_equal(vp->v_numoutput, 0);
	fd_destroy(fd);
}

static void
test_vinvalbuf_save_error(void **state)
{
	struct fakedev *fd = fd_create();
	struct vnode *vp = &fd->fd_vnode;

	dirty(vp, 90 * SPB, 0x1);
	fd->fd_werr = 100;
	assert_int_equal(vinvalbuf(vp, V_SAVE, NOCRED, false, 0), EIO);
	assert_int_equal(ndirty(vp), 1);
	fd->fd_werr = 0;
	assert_int_equal(vinvalbuf(vp, 0, NOCRED, false, 0), 0);
	assert_int_equal(ndirty(vp), 0);
	assert_null(incore(vp, 90 * SPB));
	fd_destroy(fd);
}

static void
test_dirty_over_bound(void **state)
{
	struct fakedev *fd = fd_create();
	struct fakefile *ff = ff_create(fd, BS);
	struct vnode *vp = &ff->ff_vnode, *dvp = &fd->fd_vnode;
	size_t base = bufcache_inuse();
	daddr_t b;

	bufcache_setmax(base + 16 * BS);
	/* device buffers can be written by whoever needs room */
	for (b = 0; b < 32; b++)
		dirty(dvp, (500 + b) * SPB, 0x21);
	assert_true(fd->fd_writes > 0);
	assert_true(bufcache_inuse() <= base + 16 * BS);
	assert_int_equal(vflushbuf(dvp, FSYNC_WAIT), 0);
	/*
	 * A writer holding its file locked (one long write) writes that
	 * file's buffers itself: nobody else could lock it to make room.
	 */
	for (b = 0; b < 32; b++)
		ff->ff_map[b] = 6000 + b * SPB;
	fd->fd_writes = 0;
	rw_enter(&vp->v_lock, RW_WRITER);
	for (b = 0; b < 32; b++)
		dirty(vp, b, 0x22);
	assert_true(fd->fd_writes > 0);
	assert_true(bufcache_inuse() <= base + 16 * BS);
	assert_int_equal(vflushbuf(vp, FSYNC_WAIT), 0);
	rw_exit(&vp->v_lock);
	assert_int_equal(ndirty(vp), 0);
	assert_int_equal(fd->fd_data[(6000 + 31 * SPB) * DEV_BSIZE], 0x22);
	bufcache_setmax(0);
	ff_destroy(ff);
	fd_destroy(fd);
}

#define ST_BLKS		64
#define ST_THREADS	4
#define ST_OPS		500

struct stress {
	struct vnode *st_vp;
	uint32_t st_ver[ST_BLKS];	/* changed by the buffer's owner */
	int st_bad;
	uint32_t st_seed;
};

static uint32_t
st_rand(uint32_t *s)
{

	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

static void
stress_thread(void *arg)
{
	struct stress *st = arg;
	struct buf *bp;
	uint32_t seed, v;
	int i, blk;

	seed = __atomic_add_fetch(&st->st_seed, 7919, __ATOMIC_SEQ_CST);

	for (i = 0; i < ST_OPS; i++) {
		blk = (int)(st_rand(&seed) % ST_BLKS);
		if (bread(st->st_vp, (daddr_t)blk * SPB, BS, 0, &bp) != 0) {
			__atomic_add_fetch(&st->st_bad, 1, __ATOMIC_SEQ_CST);
			continue;
		}
		memcpy(&v, bp->b_data, sizeof(v));
		if (v != st->st_ver[blk])
			__atomic_add_fetch(&st->st_bad, 1, __ATOMIC_SEQ_CST);
		switch (st_rand(&seed) % 5) {
		case 0:
			brelse(bp, 0);
			continue;
		case 4:
			(void)vflushbuf(st->st_vp, 0);
			break;
		}
		v = ++st->st_ver[blk];
		memcpy(bp->b_data, &v, sizeof(v));
		switch (st_rand(&seed) % 3) {
		case 0:
			bdwrite(bp);
			break;
		case 1:
			bawrite(bp);
			break;
		default:
			if (bwrite(bp) != 0)
				__atomic_add_fetch(&st->st_bad, 1,
				    __ATOMIC_SEQ_CST);
		}
	}
	kthread_exit(0);
}

static void
test_stress(void **state)
{
	struct fakedev *fd = fd_create();
	struct stress st = { .st_vp = &fd->fd_vnode, .st_seed = 1 };
	struct lwp *l[ST_THREADS];
	size_t base = bufcache_inuse();
	uint32_t v;
	int i;

	for (i = 0; i < ST_BLKS; i++)
		dirty(&fd->fd_vnode, (daddr_t)i * SPB, 0);
	assert_int_equal(vflushbuf(&fd->fd_vnode, FSYNC_WAIT), 0);
	/* half the blocks fit: eviction and write-out race the users */
	bufcache_setmax(base + ST_BLKS / 2 * BS);
	fd->fd_delay_ms = 1;
	for (i = 0; i < ST_THREADS; i++)
		assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN |
		    KTHREAD_MPSAFE, NULL, stress_thread, &st, &l[i],
		    "stress"), 0);
	for (i = 0; i < ST_THREADS; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	assert_int_equal(st.st_bad, 0);
	assert_int_equal(vflushbuf(&fd->fd_vnode, FSYNC_WAIT), 0);
	fd_quiesce(fd);
	for (i = 0; i < ST_BLKS; i++) {
		memcpy(&v, fd->fd_data + (size_t)i * BS, sizeof(v));
		assert_int_equal(v, st.st_ver[i]);
	}
	assert_true(bufcache_inuse() <= base + ST_BLKS / 2 * BS + BS);
	fd->fd_delay_ms = 0;
	bufcache_setmax(0);
	fd_destroy(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bdwrite_flush_once),
		cmocka_unit_test(test_cluster_device),
		cmocka_unit_test(test_cluster_maxphys),
		cmocka_unit_test(test_cluster_file),
		cmocka_unit_test(test_syncer),
		cmocka_unit_test(test_vinvalbuf_save),
		cmocka_unit_test(test_vtruncbuf),
		cmocka_unit_test(test_delayed_write_error),
		cmocka_unit_test(test_bwrite),
		cmocka_unit_test(test_vinvalbuf_save_error),
		cmocka_unit_test(test_dirty_over_bound),
		cmocka_unit_test(test_stress),
	};

	fd_boot();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
