/*
 * The etfs disk driver: one minor per BLK/CHR key.  Asynchronous block
 * I/O (B_ASYNC, or a b_iodone callback) goes to the host through
 * rumpuser_bio and finishes with biodone() from the completion callback;
 * a synchronous request is done in the calling thread instead, since its
 * caller is about to sleep in biowait anyway and a handoff to an I/O
 * thread costs as much as the transfer.  Addresses are DEV_BSIZE sectors
 * relative to the key's window.  A transfer running over the end of the
 * window is cut short (b_resid), one starting past it fails with EIO.
 */
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/rumpcomp.h>

#include <rump/rumpuser.h>

#include "etfs_int.h"

kmutex_t etfs_lock;
int32_t etfs_major = -1;
static struct etfs_dev *etfs_devs[ETFS_MAXDEV];

struct etfs_dev *
etfs_dev_get(int32_t minor)
{
	struct etfs_dev *ed;

	if (minor < 0 || minor >= ETFS_MAXDEV)
		return NULL;
	mutex_enter(&etfs_lock);
	ed = etfs_devs[minor];
	mutex_exit(&etfs_lock);
	return ed;
}

int
etfs_dev_alloc_minor(struct etfs_dev *ed)
{
	int32_t i;

	mutex_enter(&etfs_lock);
	for (i = 0; i < ETFS_MAXDEV; i++) {
		if (etfs_devs[i] == NULL) {
			etfs_devs[i] = ed;
			ed->ed_minor = i;
			mutex_exit(&etfs_lock);
			return 0;
		}
	}
	mutex_exit(&etfs_lock);
	return ENFILE;
}

void
etfs_dev_free_minor(struct etfs_dev *ed)
{

	mutex_enter(&etfs_lock);
	if (ed->ed_minor >= 0 && etfs_devs[ed->ed_minor] == ed)
		etfs_devs[ed->ed_minor] = NULL;
	mutex_exit(&etfs_lock);
}

static int
etfs_open(dev_t dev, int flags, int fmt, struct lwp *l)
{
	struct etfs_dev *ed;
	int error = 0;

	mutex_enter(&etfs_lock);
	ed = minor(dev) >= 0 && minor(dev) < ETFS_MAXDEV ?
	    etfs_devs[minor(dev)] : NULL;
	if (ed == NULL || ed->ed_dying)
		error = ENXIO;
	else if ((flags & FWRITE) && ed->ed_rdonly)
		error = EROFS;
	else
		ed->ed_opens++;
	mutex_exit(&etfs_lock);
	return error;
}

static int
etfs_close(dev_t dev, int flags, int fmt, struct lwp *l)
{
	struct etfs_dev *ed;

	mutex_enter(&etfs_lock);
	ed = minor(dev) >= 0 && minor(dev) < ETFS_MAXDEV ?
	    etfs_devs[minor(dev)] : NULL;
	if (ed != NULL && ed->ed_opens > 0)
		ed->ed_opens--;
	mutex_exit(&etfs_lock);
	return 0;
}

/* completion, on a host I/O thread (or in the caller as a fallback) */
static void
etfs_biodone(void *arg, size_t done, int error)
{
	struct buf *bp = arg;

	/* past the end of the image or window: zeros, reported in b_resid */
	if ((bp->b_flags & B_READ) && done < bp->b_bcount)
		memset((char *)bp->b_data + done, 0, bp->b_bcount - done);
	bp->b_resid = bp->b_bcount - done;
	if (error != 0) {
		bp->b_error = error;
		bp->b_flags |= B_ERROR;
	}
	biodone(bp);
}

static void
etfs_bioerror(struct buf *bp, int error)
{

	if (error != 0) {
		bp->b_error = error;
		bp->b_flags |= B_ERROR;
	}
	bp->b_resid = bp->b_bcount;
	biodone(bp);
}

/*
 * A synchronous transfer in the calling thread, looping over short host
 * transfers: the iov hypercalls use the descriptor's backend (direct,
 * mmap) like rumpuser_bio does, and give up the rump CPU while they block.
 */
static void
etfs_syncio(struct etfs_dev *ed, struct buf *bp, size_t len, uint64_t off)
{
	struct rumpuser_iovec riov;
	size_t done = 0, ret;
	int error = 0;

	while (done < len && error == 0) {
		riov.iov_base = (char *)bp->b_data + done;
		riov.iov_len = len - done;
		ret = 0;
		if (bp->b_flags & B_READ)
			error = rumpuser_iovread(ed->ed_fd, &riov, 1,
			    (int64_t)(ed->ed_begin + off + done), &ret);
		else
			error = rumpuser_iovwrite(ed->ed_fd, &riov, 1,
			    (int64_t)(ed->ed_begin + off + done), &ret);
		if (ret == 0 && error == 0) {
			/* the host file ended: short read, or a full disk */
			if (!(bp->b_flags & B_READ))
				error = ENOSPC;
			break;
		}
		done += ret;
	}
	etfs_biodone(bp, done, error);
}

static void
etfs_strategy(struct buf *bp)
{
	struct etfs_dev *ed = etfs_dev_get(minor(bp->b_dev));
	uint64_t off;
	size_t len;
	int op;

	if (ed == NULL) {
		etfs_bioerror(bp, ENXIO);
		return;
	}
	if (!(bp->b_flags & B_READ) && ed->ed_rdonly) {
		etfs_bioerror(bp, EROFS);
		return;
	}
	if (bp->b_blkno < 0 ||
	    (uint64_t)bp->b_blkno > (UINT64_MAX >> DEV_BSHIFT)) {
		etfs_bioerror(bp, EINVAL);
		return;
	}
	off = (uint64_t)bp->b_blkno << DEV_BSHIFT;
	if (off > ed->ed_size) {
		etfs_bioerror(bp, EIO);
		return;
	}
	len = bp->b_bcount;
	if ((uint64_t)len > ed->ed_size - off)
		len = (size_t)(ed->ed_size - off);
	if (len == 0) {
		etfs_bioerror(bp, 0);	/* exactly at the end: nothing */
		return;
	}
	if (!(bp->b_flags & B_ASYNC) && bp->b_iodone == NULL) {
		etfs_syncio(ed, bp, len, off);
		return;
	}
	op = (bp->b_flags & B_READ) ? RUMPUSER_BIO_READ : RUMPUSER_BIO_WRITE;
	rumpuser_bio(ed->ed_fd, op, bp->b_data, len,
	    (int64_t)(ed->ed_begin + off), etfs_biodone, bp);
}

static int
etfs_ioctl(dev_t dev, u_long cmd, void *data, int flag, struct lwp *l)
{
	struct etfs_dev *ed = etfs_dev_get(minor(dev));

	if (ed == NULL)
		return ENXIO;
	switch (cmd) {
	case DIOCGMEDIASIZE:
		*(int64_t *)data = (int64_t)ed->ed_size;
		return 0;
	case DIOCGSECTORSIZE:
		*(uint32_t *)data = DEV_BSIZE;
		return 0;
	case DIOCGWRITABLE:
		*(int *)data = !ed->ed_rdonly;
		return 0;
	case DIOCCACHESYNC:
		if (ed->ed_rdonly)
			return 0;
		return rumpuser_syncfd(ed->ed_fd, RUMPUSER_SYNCFD_WRITE |
		    RUMPUSER_SYNCFD_BARRIER, ed->ed_begin, ed->ed_size);
	default:
		return ENOTTY;
	}
}

static int
etfs_cread(dev_t dev, struct uio *uio, int flag)
{
	struct etfs_dev *ed = etfs_dev_get(minor(dev));

	return ed != NULL ? etfs_io(ed, uio) : ENXIO;
}

static const struct bdevsw etfs_bdevsw = {
	.d_open = etfs_open,
	.d_close = etfs_close,
	.d_strategy = etfs_strategy,
	.d_ioctl = etfs_ioctl,
};

static const struct cdevsw etfs_cdevsw = {
	.d_open = etfs_open,
	.d_close = etfs_close,
	.d_read = etfs_cread,
	.d_write = etfs_cread,
	.d_ioctl = etfs_ioctl,
};

RUMP_COMPONENT(RUMP_COMPONENT_DEV)
{
	int32_t major = -1;

	mutex_init(&etfs_lock, MUTEX_DEFAULT, IPL_NONE);
	if (devsw_attach("etfs", &etfs_bdevsw, &etfs_cdevsw, &major) == 0)
		etfs_major = major;
	else
		printf("etfs: cannot attach the block driver\n");
}
