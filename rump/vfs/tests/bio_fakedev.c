/*
 * The buffer cache tests' fake block device and fake file (see
 * bio_fakedev.h).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/kthread.h>
#include <sys/time.h>
#include <rump/rump.h>

#include "bio_fakedev.h"

struct fd_job {
	struct fakedev *j_fd;
	struct buf *j_bp;
	int j_ms;
};

void
fd_boot(void)
{
	static bool booted;

	if (booted)
		return;
	booted = true;
	KASSERT(rump_init() == 0);
	rump_schedule();
}

unsigned char
fd_pattern(size_t off)
{

	return (unsigned char)((off >> DEV_BSHIFT) * 7 + off);
}

static void
fd_later(void *arg)
{
	struct fd_job *j = arg;
	struct fakedev *fd = j->j_fd;

	(void)kpause("fdio", false, MAX(1, mstohz(j->j_ms)), NULL);
	biodone(j->j_bp);
	kmem_free(j, sizeof(*j));
	mutex_enter(&fd->fd_lock);
	fd->fd_inflight--;
	mutex_exit(&fd->fd_lock);
	kthread_exit(0);
}

static int
fd_strategy(struct vop_strategy_args *ap)
{
	struct fakedev *fd = (struct fakedev *)ap->a_vp;
	struct buf *bp = ap->a_bp;
	size_t off = (size_t)bp->b_blkno << DEV_BSHIFT, len = bp->b_bcount;
	struct fd_job *j = NULL;
	unsigned int idx;
	int error = 0, delay;

	mutex_enter(&fd->fd_lock);
	if (bp->b_flags & B_READ) {
		fd->fd_reads++;
		if (fd->fd_rerr > 0) {
			fd->fd_rerr--;
			error = fd->fd_errno;
		}
	} else {
		idx = fd->fd_writes++;
		if (idx < FD_NLOG) {
			fd->fd_wlen[idx] = len;
			fd->fd_wblk[idx] = bp->b_blkno;
		}
		if (fd->fd_werr > 0) {
			fd->fd_werr--;
			error = fd->fd_errno;
		}
	}
	if (error == 0 && (bp->b_blkno < 0 || off + len > FD_SIZE))
		error = EIO;
	if (error == 0 && (bp->b_flags & B_READ))
		memcpy(bp->b_data, fd->fd_data + off, len);
	else if (error == 0)
		memcpy(fd->fd_data + off, bp->b_data, len);
	delay = fd->fd_delay_ms;
	if (delay > 0)
		fd->fd_inflight++;
	mutex_exit(&fd->fd_lock);
	bp->b_error = error;
	bp->b_resid = error ? len : 0;
	if (error)
		bp->b_flags |= B_ERROR;
	if (delay > 0 && (j = kmem_alloc(sizeof(*j), KM_SLEEP)) != NULL) {
		j->j_fd = fd;
		j->j_bp = bp;
		j->j_ms = delay;
		if (kthread_create(PRI_BIO, KTHREAD_MPSAFE, NULL, fd_later, j,
		    NULL, "fdio") == 0)
			return 0;
		kmem_free(j, sizeof(*j));
	}
	biodone(bp);
	if (delay > 0) {
		mutex_enter(&fd->fd_lock);
		fd->fd_inflight--;
		mutex_exit(&fd->fd_lock);
	}
	return 0;
}

struct fakedev *
fd_create(void)
{
	static int unit;
	struct fakedev *fd;
	struct vnode *vp;
	size_t i;

	fd_boot();
	fd = kmem_zalloc(sizeof(*fd), KM_SLEEP);
	KASSERT(fd != NULL);
	fd->fd_data = kmem_alloc(FD_SIZE, KM_SLEEP);
	KASSERT(fd->fd_data != NULL);
	for (i = 0; i < FD_SIZE; i++)
		fd->fd_data[i] = fd_pattern(i);
	mutex_init(&fd->fd_lock, MUTEX_DEFAULT, IPL_NONE);
	fd->fd_errno = EIO;
	fd->fd_ops.vop_strategy = fd_strategy;
	vp = &fd->fd_vnode;
	vp->v_type = VBLK;
	vp->v_op = &fd->fd_ops;
	vp->v_rdev = makedev(250, unit++);
	rw_init(&vp->v_lock);
	TAILQ_INIT(&vp->v_cleanblkhd);
	TAILQ_INIT(&vp->v_dirtyblkhd);
	return fd;
}

void
fd_quiesce(struct fakedev *fd)
{
	int i;

	for (i = 0; i < 1000; i++) {
		mutex_enter(&fd->fd_lock);
		if (fd->fd_inflight == 0) {
			mutex_exit(&fd->fd_lock);
			return;
		}
		mutex_exit(&fd->fd_lock);
		(void)kpause("fdq", false, 1, NULL);
	}
}

unsigned int
fd_waitcount(struct fakedev *fd, unsigned int *p, unsigned int want)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < 1000; i++) {
		mutex_enter(&fd->fd_lock);
		v = *p;
		mutex_exit(&fd->fd_lock);
		if (v >= want)
			break;
		(void)kpause("fdw", false, 1, NULL);
	}
	return v;
}

void
fd_destroy(struct fakedev *fd)
{

	fd_quiesce(fd);
	(void)vinvalbuf(&fd->fd_vnode, 0, NOCRED, false, 0);
	rw_destroy(&fd->fd_vnode.v_lock);
	mutex_destroy(&fd->fd_lock);
	kmem_free(fd->fd_data, FD_SIZE);
	kmem_free(fd, sizeof(*fd));
}

static int
ff_bmap(struct vop_bmap_args *ap)
{
	struct fakefile *ff = (struct fakefile *)ap->a_vp;

	if (ap->a_vpp != NULL)
		*ap->a_vpp = &ff->ff_dev->fd_vnode;
	if (ap->a_runp != NULL)
		*ap->a_runp = 0;
	if (ap->a_bnp != NULL)
		*ap->a_bnp = ap->a_bn >= 0 && ap->a_bn < FF_NBLK ?
		    ff->ff_map[ap->a_bn] : -1;
	return 0;
}

static int
ff_strategy(struct vop_strategy_args *ap)
{
	struct fakefile *ff = (struct fakefile *)ap->a_vp;
	struct buf *bp = ap->a_bp;
	daddr_t blk = -1;

	if (bp->b_lblkno >= 0 && bp->b_lblkno < FF_NBLK)
		blk = ff->ff_map[bp->b_lblkno];
	if (blk < 0) {
		if (bp->b_flags & B_READ)
			memset(bp->b_data, 0, bp->b_bcount);
		else {
			bp->b_error = EIO;
			bp->b_flags |= B_ERROR;
		}
		biodone(bp);
		return 0;
	}
	bp->b_blkno = blk;
	return VOP_STRATEGY(&ff->ff_dev->fd_vnode, bp);
}

struct fakefile *
ff_create(struct fakedev *fd, int bsize)
{
	struct fakefile *ff;
	struct vnode *vp;
	int i;

	ff = kmem_zalloc(sizeof(*ff), KM_SLEEP);
	KASSERT(ff != NULL);
	ff->ff_dev = fd;
	ff->ff_bsize = bsize;
	for (i = 0; i < FF_NBLK; i++)
		ff->ff_map[i] = -1;
	ff->ff_ops.vop_strategy = ff_strategy;
	ff->ff_ops.vop_bmap = ff_bmap;
	vp = &ff->ff_vnode;
	vp->v_type = VREG;
	vp->v_op = &ff->ff_ops;
	vp->v_size = (off_t)FF_NBLK * bsize;
	rw_init(&vp->v_lock);
	TAILQ_INIT(&vp->v_cleanblkhd);
	TAILQ_INIT(&vp->v_dirtyblkhd);
	return ff;
}

void
ff_destroy(struct fakefile *ff)
{

	(void)vinvalbuf(&ff->ff_vnode, 0, NOCRED, false, 0);
	rw_destroy(&ff->ff_vnode.v_lock);
	kmem_free(ff, sizeof(*ff));
}
