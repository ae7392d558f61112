/*
 * The etfs block driver from inside the kernel: the disk ioctls through
 * VOP_IOCTL, and bread/bwrite through the buffer cache on the device
 * vnode, checked against the host file.  (A kernel test: only kernel
 * headers; the host file is made with hypercalls.)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/kauth.h>
#include <sys/namei.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rumpuser.h>

/* the one libc call a kernel test cannot avoid: removing its image */
int unlink(const char *);

#define IMGSIZE	((1 << 20) + 100)

static char img[64];

static unsigned char
pat(size_t i)
{

	return (unsigned char)(i * 13 + 1);
}

static int
setup(void **state)
{
	static unsigned char buf[IMGSIZE];
	struct rumpuser_iovec iov = { buf, IMGSIZE };
	size_t ret, i;
	int fd;

	if (rump_init() != 0)
		return -1;
	snprintf(img, sizeof(img), "/tmp/t_etfs_k.%d.img", rumpuser_getpid());
	for (i = 0; i < IMGSIZE; i++)
		buf[i] = pat(i);
	if (rumpuser_open(img, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE,
	    &fd) != 0)
		return -1;
	if (rumpuser_iovwrite(fd, &iov, 1, 0, &ret) != 0 || ret != IMGSIZE)
		return -1;
	rumpuser_close(fd);
	return 0;
}

static int
teardown(void **state)
{

	return unlink(img);
}

/* the device vnode of key, opened with mode */
static int
devopen(const char *key, int mode, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, key);
	if ((error = namei(&nd)) != 0)
		return error;
	*vpp = nd.ni_vp;
	namei_done(&nd);
	vn_lock(*vpp, LK_EXCLUSIVE | LK_RETRY);
	error = VOP_OPEN(*vpp, mode, NOCRED);
	VOP_UNLOCK(*vpp);
	if (error != 0)
		vrele(*vpp);
	return error;
}

static void
devclose(struct vnode *vp, int mode)
{

	vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
	assert_int_equal(VOP_CLOSE(vp, mode, NOCRED), 0);
	VOP_UNLOCK(vp);
	vrele(vp);
}

static void
test_ioctl(void **state)
{
	struct vnode *vp;
	int64_t msize = 0;
	uint32_t ssize = 0;
	int w = -1, one = 1;

	assert_int_equal(rump_pub_etfs_register("/kdisk", img, RUMP_ETFS_BLK),
	    0);
	rump_schedule();
	assert_int_equal(devopen("/kdisk", FREAD | FWRITE, &vp), 0);
	assert_int_equal(vp->v_type, VBLK);
	assert_int_equal(VOP_IOCTL(vp, DIOCGMEDIASIZE, &msize, FREAD,
	    NOCRED), 0);
	assert_int_equal(msize, IMGSIZE);
	assert_int_equal(VOP_IOCTL(vp, DIOCGSECTORSIZE, &ssize, FREAD,
	    NOCRED), 0);
	assert_int_equal(ssize, 512);
	assert_int_equal(VOP_IOCTL(vp, DIOCGWRITABLE, &w, FREAD, NOCRED), 0);
	assert_int_equal(w, 1);
	assert_int_equal(VOP_IOCTL(vp, DIOCCACHESYNC, &one, FWRITE, NOCRED),
	    0);
	assert_int_equal(VOP_IOCTL(vp, 0x12345678, &one, FREAD, NOCRED),
	    ENOTTY);
	devclose(vp, FREAD | FWRITE);
	rump_unschedule();
	assert_int_equal(rump_pub_etfs_remove("/kdisk"), 0);

	assert_int_equal(rump_pub_etfs_register_opts("/kro", img,
	    RUMP_ETFS_BLK, 512, 4096, RUMP_ETFS_RDONLY), 0);
	rump_schedule();
	assert_int_equal(devopen("/kro", FREAD | FWRITE, &vp), EROFS);
	assert_int_equal(devopen("/kro", FREAD, &vp), 0);
	assert_int_equal(VOP_IOCTL(vp, DIOCGWRITABLE, &w, FREAD, NOCRED), 0);
	assert_int_equal(w, 0);
	assert_int_equal(VOP_IOCTL(vp, DIOCGMEDIASIZE, &msize, FREAD,
	    NOCRED), 0);
	assert_int_equal(msize, 4096);
	devclose(vp, FREAD);
	rump_unschedule();
	assert_int_equal(rump_pub_etfs_remove("/kro"), 0);
}

static void
bufio(int backend)
{
	struct rumpuser_iovec iov;
	unsigned char host[4096];
	struct vnode *vp;
	struct buf *bp;
	size_t ret, i;
	int fd;

	/* what the image holds now (earlier cases wrote block 8) */
	assert_int_equal(rumpuser_open(img, RUMPUSER_OPEN_RDONLY, &fd), 0);
	iov.iov_base = host;
	iov.iov_len = sizeof(host);
	assert_int_equal(rumpuser_iovread(fd, &iov, 1, 8 * 512, &ret), 0);
	rumpuser_close(fd);
	assert_int_equal(rump_pub_etfs_register_opts("/kbuf", img,
	    RUMP_ETFS_BLK, 0, RUMP_ETFS_SIZE_ENDOFF, backend), 0);
	rump_schedule();
	assert_int_equal(devopen("/kbuf", FREAD | FWRITE, &vp), 0);
	assert_int_equal(bread(vp, 8, 4096, 0, &bp), 0);
	assert_memory_equal(bp->b_data, host, 4096);
	memset(bp->b_data, 0x40 + backend, 4096);
	assert_int_equal(bwrite(bp), 0);
	/* the last, partial sector reads what there is */
	assert_int_equal(bread(vp, 2048, 512, 0, &bp), 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(((unsigned char *)bp->b_data)[i],
		    pat(2048 * 512 + i));
	brelse(bp, 0);
	devclose(vp, FREAD | FWRITE);
	rump_unschedule();
	assert_int_equal(rump_pub_etfs_remove("/kbuf"), 0);
	assert_int_equal(rumpuser_open(img, RUMPUSER_OPEN_RDONLY, &fd), 0);
	iov.iov_base = host;
	iov.iov_len = sizeof(host);
	assert_int_equal(rumpuser_iovread(fd, &iov, 1, 8 * 512, &ret), 0);
	rumpuser_close(fd);
	assert_int_equal(ret, 4096);
	for (i = 0; i < 4096; i++)
		assert_int_equal(host[i], 0x40 + backend);
}

static void
test_bufio_buffered(void **state)
{

	bufio(RUMP_ETFS_BACKEND_BUFFERED);
}

static void
test_bufio_direct(void **state)
{

	bufio(RUMP_ETFS_BACKEND_DIRECT);
}

static void
test_bufio_mmap(void **state)
{

	bufio(RUMP_ETFS_BACKEND_MMAP);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioctl),
		cmocka_unit_test(test_bufio_buffered),
		cmocka_unit_test(test_bufio_direct),
		cmocka_unit_test(test_bufio_mmap),
	};

	return cmocka_run_group_tests_name("etfs_kernel", tests, setup,
	    teardown);
}
