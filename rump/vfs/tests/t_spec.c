/*
 * Device switches and device vnodes: devsw_attach/lookup/detach,
 * bdevvp identity, open/close counting, strategy to the driver,
 * unaligned read/write through the bounce buffer, fsync's cache flush.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/specdev.h>
#include <sys/uio.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

#define DISKSIZE	(64 * 1024)

static uint8_t disk[DISKSIZE];
static int nopen, nclose, nstrategy, ncachesync, nioctl;
static dev_t lastdev;
static int32_t bmajor = -1;

static int
fake_open(dev_t dev, int flags, int fmt, struct lwp *l)
{

	nopen++;
	return 0;
}

static int
fake_close(dev_t dev, int flags, int fmt, struct lwp *l)
{

	nclose++;
	return 0;
}

static void
fake_strategy(struct buf *bp)
{
	uint64_t off = (uint64_t)bp->b_blkno * DEV_BSIZE;
	size_t n = bp->b_bcount;

	nstrategy++;
	lastdev = bp->b_dev;
	if (off >= DISKSIZE)
		n = 0;
	else if (off + n > DISKSIZE)
		n = DISKSIZE - off;
	if (bp->b_flags & B_READ)
		memcpy(bp->b_data, disk + off, n);
	else
		memcpy(disk + off, bp->b_data, n);
	bp->b_resid = bp->b_bcount - n;
	biodone(bp);
}

static int
fake_ioctl(dev_t dev, u_long cmd, void *data, int flag, struct lwp *l)
{

	nioctl++;
	if (cmd == DIOCCACHESYNC) {
		ncachesync++;
		return 0;
	}
	if (cmd == DIOCGMEDIASIZE) {
		*(int64_t *)data = DISKSIZE;
		return 0;
	}
	return ENOTTY;
}

static const struct bdevsw fake_bdevsw = {
	.d_open = fake_open,
	.d_close = fake_close,
	.d_strategy = fake_strategy,
	.d_ioctl = fake_ioctl,
};

static int
setup(void **state)
{

	tfs_boot();
	return devsw_attach("fakedisk", &fake_bdevsw, NULL, &bmajor);
}

static void
test_devsw(void **state)
{
	int32_t m = -1;

	assert_true(bmajor > 0);
	assert_ptr_equal(bdevsw_lookup(makedev(bmajor, 3)), &fake_bdevsw);
	assert_null(cdevsw_lookup(makedev(bmajor, 3)));
	assert_null(bdevsw_lookup(NODEV));
	/* the name is taken, and so is the major */
	assert_int_equal(devsw_attach("fakedisk", &fake_bdevsw, NULL, &m),
	    EEXIST);
	m = bmajor;
	assert_int_equal(devsw_attach("other", &fake_bdevsw, NULL, &m),
	    EEXIST);
	assert_int_equal(devsw_attach("x", NULL, NULL, &m), EINVAL);
}

static struct vnode *
devvp(void)
{
	struct vnode *vp;

	assert_int_equal(bdevvp(makedev(bmajor, 0), &vp), 0);
	return vp;
}

static void
test_bdevvp(void **state)
{
	struct vnode *a = devvp(), *b = devvp(), *c;

	assert_ptr_equal(a, b);
	assert_int_equal(a->v_type, VBLK);
	assert_int_equal(a->v_rdev, makedev(bmajor, 0));
	assert_int_equal(bdevvp(makedev(bmajor, 1), &c), 0);
	assert_ptr_not_equal(a, c);
	assert_int_equal(bdevvp(NODEV, &c), ENXIO);
	vrele(a);
	vrele(b);
	assert_int_equal(bdevvp(makedev(bmajor, 1), &c), 0);
	vrele(c);
	vrele(c);
}

static void
test_open_close(void **state)
{
	struct vnode *vp = devvp();
	int o = nopen, c = nclose;

	assert_int_equal(vn_lock(vp, LK_EXCLUSIVE), 0);
	assert_int_equal(VOP_OPEN(vp, FREAD, NOCRED), 0);
	assert_int_equal(VOP_OPEN(vp, FREAD | FWRITE, NOCRED), 0);
	assert_int_equal(nopen, o + 2);
	assert_int_equal(VOP_CLOSE(vp, FREAD, NOCRED), 0);
	assert_int_equal(nclose, c);		/* not the last close */
	assert_int_equal(VOP_CLOSE(vp, FREAD | FWRITE, NOCRED), 0);
	assert_int_equal(nclose, c + 1);
	VOP_UNLOCK(vp);
	vrele(vp);
}

static void
test_strategy_and_ioctl(void **state)
{
	struct vnode *vp = devvp();
	struct buf *bp;
	uint8_t data[DEV_BSIZE];
	int64_t size = 0;
	int n = nstrategy;

	disk[3 * DEV_BSIZE] = 0x5a;
	bp = getiobuf(vp, true);
	assert_non_null(bp);
	bp->b_busy = true;
	bp->b_flags = B_READ;
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = DEV_BSIZE;
	bp->b_blkno = bp->b_lblkno = 3;
	bp->b_error = 0;
	assert_int_equal(VOP_STRATEGY(vp, bp), 0);
	assert_int_equal(biowait(bp), 0);
	putiobuf(bp);
	assert_int_equal(nstrategy, n + 1);
	assert_int_equal(lastdev, makedev(bmajor, 0));
	assert_int_equal(data[0], 0x5a);
	assert_int_equal(VOP_IOCTL(vp, DIOCGMEDIASIZE, &size, FREAD, NOCRED),
	    0);
	assert_int_equal(size, DISKSIZE);
	assert_int_equal(VOP_IOCTL(vp, 12345, NULL, FREAD, NOCRED), ENOTTY);
	vrele(vp);
}

static void
test_unaligned_rw(void **state)
{
	struct vnode *vp = devvp();
	char buf[1500], back[1500];
	size_t resid;
	size_t i;

	memset(disk, 0xee, sizeof(disk));
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (char)i;
	assert_int_equal(vn_rdwr(UIO_WRITE, vp, buf, sizeof(buf), 700, 0,
	    NOCRED, NULL), 0);
	/* the bytes around the write are kept */
	assert_int_equal(disk[699], 0xee);
	assert_int_equal(disk[700], 0);
	assert_int_equal(disk[700 + 1499], (uint8_t)(1499 & 0xff));
	assert_int_equal(disk[700 + 1500], 0xee);
	assert_int_equal(vn_rdwr(UIO_READ, vp, back, sizeof(back), 700, 0,
	    NOCRED, NULL), 0);
	assert_memory_equal(buf, back, sizeof(buf));
	/* a read across the end is short */
	assert_int_equal(vn_rdwr(UIO_READ, vp, back, 1000, DISKSIZE - 100,
	    0, NOCRED, &resid), 0);
	assert_int_equal(resid, 900);
	vrele(vp);
}

static void
test_fsync_cachesync(void **state)
{
	struct vnode *vp = devvp();
	int n = ncachesync;

	assert_int_equal(vn_lock(vp, LK_EXCLUSIVE), 0);
	assert_int_equal(VOP_FSYNC(vp, NOCRED, FSYNC_WAIT, 0, 0), 0);
	assert_int_equal(ncachesync, n + 1);
	VOP_UNLOCK(vp);
	vrele(vp);
}

static void
test_detach(void **state)
{
	struct vnode *vp = devvp();

	assert_int_equal(devsw_detach(&fake_bdevsw, NULL), 0);
	assert_null(bdevsw_lookup(makedev(bmajor, 0)));
	assert_int_equal(vn_lock(vp, LK_EXCLUSIVE), 0);
	assert_int_equal(VOP_OPEN(vp, FREAD, NOCRED), ENXIO);
	VOP_UNLOCK(vp);
	assert_int_equal(devsw_detach(&fake_bdevsw, NULL), ENOENT);
	vrele(vp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_devsw),
		cmocka_unit_test(test_bdevvp),
		cmocka_unit_test(test_open_close),
		cmocka_unit_test(test_strategy_and_ioctl),
		cmocka_unit_test(test_unaligned_rw),
		cmocka_unit_test(test_fsync_cachesync),
		cmocka_unit_test(test_detach),
	};

	return cmocka_run_group_tests_name("spec", tests, setup, NULL);
}
