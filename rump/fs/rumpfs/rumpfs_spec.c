/*
 * Device and fifo nodes.  A VBLK/VCHR vnode's I/O goes to the driver in
 * the device switch: strategy and ioctl directly, read/write of a block
 * device through private buffers (sector-aligned bounce, read-modify-write
 * at unaligned edges), of a character device through d_read/d_write.
 * Fifos and sockets exist as nodes only.
 */
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/kauth.h>
#include <sys/lwp.h>
#include <sys/stat.h>

#include "rumpfs_int.h"

#define BOUNCE_MAX	MAXPHYS

static int
spec_open(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	const struct cdevsw *cd;
	int error;

	if (vp->v_mount != NULL && (vp->v_mount->mnt_flag & MNT_NODEV))
		return ENXIO;
	if (vp->v_type == VBLK) {
		if ((bd = bdevsw_lookup(vp->v_rdev)) == NULL)
			return ENXIO;
		error = bd->d_open != NULL ? bd->d_open(vp->v_rdev,
		    ap->a_mode, S_IFBLK, curlwp) : 0;
	} else {
		if ((cd = cdevsw_lookup(vp->v_rdev)) == NULL)
			return ENXIO;
		error = cd->d_open != NULL ? cd->d_open(vp->v_rdev,
		    ap->a_mode, S_IFCHR, curlwp) : 0;
	}
	if (error == 0)
		rumpfs_open(ap);
	return error;
}

static int
spec_close(struct vop_close_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	const struct cdevsw *cd;
	int error = 0;

	if (vp->v_type == VBLK) {
		if ((bd = bdevsw_lookup(vp->v_rdev)) != NULL &&
		    bd->d_close != NULL)
			error = bd->d_close(vp->v_rdev, ap->a_fflag, S_IFBLK,
			    curlwp);
	} else {
		if ((cd = cdevsw_lookup(vp->v_rdev)) != NULL &&
		    cd->d_close != NULL)
			error = cd->d_close(vp->v_rdev, ap->a_fflag, S_IFCHR,
			    curlwp);
	}
	rumpfs_close(ap);
	return error;
}

/* one synchronous transfer of len bytes at sector blk; bytes moved */
static int
spec_xfer(struct vnode *vp, const struct bdevsw *bd, void *data,
    size_t len, daddr_t blk, bool rd, size_t *donep)
{
	struct buf *bp;
	int error;

	if ((bp = getiobuf(vp, true)) == NULL)
		return ENOMEM;
	bp->b_flags = rd ? B_READ : B_WRITE;
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = len;
	bp->b_resid = 0;
	bp->b_blkno = bp->b_lblkno = blk;
	bp->b_dev = vp->v_rdev;
	bd->d_strategy(bp);
	error = biowait(bp);
	*donep = error == 0 ? len - bp->b_resid : 0;
	putiobuf(bp);
	return error;
}

static int
spec_blkrw(struct vnode *vp, struct uio *uio)
{
	const struct bdevsw *bd = bdevsw_lookup(vp->v_rdev);
	bool rd = uio->uio_rw == UIO_READ;
	size_t bsz, head, n, len, got;
	char *bounce;
	int error = 0;

	if (bd == NULL || bd->d_strategy == NULL)
		return ENXIO;
	if (uio->uio_offset < 0)
		return EINVAL;
	bsz = MIN(roundup(uio->uio_resid, DEV_BSIZE) + DEV_BSIZE, BOUNCE_MAX);
	if (uio->uio_resid == 0)
		return 0;
	if ((bounce = kmem_alloc(bsz, KM_SLEEP)) == NULL)
		return ENOMEM;
	while (uio->uio_resid > 0) {
		head = (size_t)(uio->uio_offset & (DEV_BSIZE - 1));
		n = MIN(uio->uio_resid, bsz - head);
		len = roundup(head + n, DEV_BSIZE);
		if (rd || head != 0 || len != head + n) {
			/* read, or the partial sectors around a write */
			memset(bounce, 0, len);
			error = spec_xfer(vp, bd, bounce, len,
			    uio->uio_offset >> DEV_BSHIFT, true, &got);
			if (error != 0)
				break;
			if (rd) {
				if (got <= head)
					break;		/* end of the device */
				n = MIN(n, got - head);
				if ((error = uiomove(bounce + head, n,
				    uio)) != 0 || got < len)
					break;
				continue;
			}
		}
		if ((error = uiomove(bounce + head, n, uio)) != 0)
			break;
		error = spec_xfer(vp, bd, bounce, len,
		    (uio->uio_offset - (off_t)n) >> DEV_BSHIFT, false, &got);
		if (error == 0 && got < head + n) {
			/* past the end: give back what did not fit */
			size_t short_by = head + n - MAX(got, head);

			uio->uio_resid += short_by;
			uio->uio_offset -= (off_t)short_by;
			error = got > head ? 0 : ENOSPC;
			break;
		}
		if (error != 0)
			break;
	}
	kmem_free(bounce, bsz);
	return error;
}

static int
spec_rw(struct vnode *vp, struct uio *uio, int ioflag)
{
	const struct cdevsw *cd;

	if (vp->v_type == VBLK)
		return spec_blkrw(vp, uio);
	if ((cd = cdevsw_lookup(vp->v_rdev)) == NULL)
		return ENXIO;
	if (uio->uio_rw == UIO_READ)
		return cd->d_read != NULL ? cd->d_read(vp->v_rdev, uio,
		    ioflag) : EOPNOTSUPP;
	return cd->d_write != NULL ? cd->d_write(vp->v_rdev, uio, ioflag) :
	    EOPNOTSUPP;
}

static int
spec_read(struct vop_read_args *ap)
{

	return spec_rw(ap->a_vp, ap->a_uio, ap->a_ioflag);
}

static int
spec_write(struct vop_write_args *ap)
{

	return spec_rw(ap->a_vp, ap->a_uio, ap->a_ioflag);
}

static int
spec_ioctl(struct vop_ioctl_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	const struct cdevsw *cd;

	if (vp->v_type == VBLK) {
		bd = bdevsw_lookup(vp->v_rdev);
		if (bd == NULL || bd->d_ioctl == NULL)
			return bd == NULL ? ENXIO : ENOTTY;
		return bd->d_ioctl(vp->v_rdev, ap->a_command, ap->a_data,
		    ap->a_fflag, curlwp);
	}
	cd = cdevsw_lookup(vp->v_rdev);
	if (cd == NULL || cd->d_ioctl == NULL)
		return cd == NULL ? ENXIO : ENOTTY;
	return cd->d_ioctl(vp->v_rdev, ap->a_command, ap->a_data,
	    ap->a_fflag, curlwp);
}

static int
spec_strategy(struct vop_strategy_args *ap)
{
	const struct bdevsw *bd = bdevsw_lookup(ap->a_vp->v_rdev);
	struct buf *bp = ap->a_bp;

	if (bd == NULL || bd->d_strategy == NULL) {
		bp->b_error = ENXIO;
		bp->b_flags |= B_ERROR;
		bp->b_resid = bp->b_bcount;
		biodone(bp);
		return ENXIO;
	}
	bp->b_dev = ap->a_vp->v_rdev;
	bd->d_strategy(bp);
	return 0;
}

static int
spec_bmap(struct vop_bmap_args *ap)
{

	if (ap->a_vpp != NULL)
		*ap->a_vpp = ap->a_vp;
	if (ap->a_bnp != NULL)
		*ap->a_bnp = ap->a_bn;
	if (ap->a_runp != NULL)
		*ap->a_runp = 0;
	return 0;
}

/* write the dirty buffers, then ask the device to flush its cache */
static int
spec_fsync(struct vop_fsync_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	int error, one = 1;

	if (vp->v_type != VBLK)
		return 0;
	if ((error = vflushbuf(vp, FSYNC_WAIT)) != 0)
		return error;
	if ((bd = bdevsw_lookup(vp->v_rdev)) == NULL || bd->d_ioctl == NULL)
		return 0;
	error = bd->d_ioctl(vp->v_rdev, DIOCCACHESYNC, &one, FWRITE, curlwp);
	return error == ENOTTY || error == EOPNOTSUPP ? 0 : error;
}

static int
fifo_open(struct vop_open_args *ap)
{

	return ap->a_vp->v_type == VSOCK ? ENXIO : 0;
}

/* nodes only: there is no pipe behind them */
static int
fifo_read(struct vop_read_args *ap)
{

	return EOPNOTSUPP;
}

static int
fifo_write(struct vop_write_args *ap)
{

	return EOPNOTSUPP;
}

const struct vnodeops rumpfs_specops = {
	.vop_open = spec_open,
	.vop_close = spec_close,
	.vop_access = rumpfs_access,
	.vop_getattr = rumpfs_getattr,
	.vop_setattr = rumpfs_setattr,
	.vop_read = spec_read,
	.vop_write = spec_write,
	.vop_ioctl = spec_ioctl,
	.vop_fsync = spec_fsync,
	.vop_seek = rumpfs_seek,
	.vop_inactive = rumpfs_inactive,
	.vop_reclaim = rumpfs_reclaim,
	.vop_bmap = spec_bmap,
	.vop_strategy = spec_strategy,
	.vop_print = rumpfs_print,
	.vop_pathconf = rumpfs_pathconf,
	.vop_advlock = rumpfs_advlock,
};

const struct vnodeops rumpfs_fifoops = {
	.vop_open = fifo_open,
	.vop_close = rumpfs_close,
	.vop_access = rumpfs_access,
	.vop_getattr = rumpfs_getattr,
	.vop_setattr = rumpfs_setattr,
	.vop_read = fifo_read,
	.vop_write = fifo_write,
	.vop_fsync = rumpfs_fsync,
	.vop_inactive = rumpfs_inactive,
	.vop_reclaim = rumpfs_reclaim,
	.vop_print = rumpfs_print,
	.vop_pathconf = rumpfs_pathconf,
};
