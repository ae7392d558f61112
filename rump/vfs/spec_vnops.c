/*
 * Block and character device vnodes: bdevvp() and the spec_* VOPs that
 * hand the work to the driver in the device switch.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/specdev.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "vfs_impl.h"
#include "vfs_mount_impl.h"

#define SPEC_CHUNK	(64 * 1024)	/* bytes per bounced transfer */
#define SPEC_MAXRAW	(1024 * 1024)	/* bytes per unbounced transfer */

/* the pseudo mount bdevvp vnodes live on: keyed by dev_t, never listed */
static struct mount *spec_mount;

static int
specfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t keylen, const void **new_key)
{
	dev_t *devp;

	if (keylen != sizeof(dev_t))
		return EINVAL;
	if ((devp = kmem_alloc(sizeof(*devp), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((vp->v_specinfo = kmem_zalloc(sizeof(struct specinfo),
	    KM_SLEEP)) == NULL) {
		kmem_free(devp, sizeof(*devp));
		return ENOMEM;
	}
	memcpy(devp, key, sizeof(*devp));
	vp->v_data = devp;
	vp->v_type = VBLK;
	vp->v_rdev = *devp;
	vp->v_op = &spec_vnodeops;
	*new_key = devp;
	return 0;
}

static struct vfsops specfs_vfsops = {
	.vfs_name = "specfs",
	.vfs_loadvnode = specfs_loadvnode,
};

void
spec_init(void)
{

	spec_mount = mount_alloc(&specfs_vfsops, "specfs");
	if (spec_mount == NULL)
		panic("spec_init: no memory");
}

void
spec_node_destroy(struct vnode *vp)
{

	kmem_free(vp->v_specinfo, sizeof(struct specinfo));
	vp->v_specinfo = NULL;
}

int
bdevvp(dev_t dev, struct vnode **vpp)
{

	if (dev == NODEV)
		return ENXIO;
	return vcache_get(spec_mount, &dev, sizeof(dev), vpp);
}

static int
specfs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;

	kmem_free(vp->v_data, sizeof(dev_t));
	vp->v_data = NULL;
	return 0;
}

static int
specfs_inactive(struct vop_inactive_args *ap)
{

	return 0;
}

int
spec_lookup(struct vop_lookup_args *ap)
{

	*ap->a_vpp = NULL;
	return ENOTDIR;
}

int
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
		error = bd->d_open == NULL ? 0 :
		    bd->d_open(vp->v_rdev, ap->a_mode, S_IFBLK, curlwp);
	} else if (vp->v_type == VCHR) {
		if ((cd = cdevsw_lookup(vp->v_rdev)) == NULL)
			return ENXIO;
		error = cd->d_open == NULL ? 0 :
		    cd->d_open(vp->v_rdev, ap->a_mode, S_IFCHR, curlwp);
	} else
		return EOPNOTSUPP;
	if (error == 0 && vp->v_specinfo != NULL)
		atomic_inc_uint(&vp->v_specinfo->si_opencnt);
	return error;
}

/* the driver hears only the last close */
int
spec_close(struct vop_close_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	const struct cdevsw *cd;

	if (vp->v_specinfo != NULL &&
	    atomic_dec_uint_nv(&vp->v_specinfo->si_opencnt) > 0)
		return 0;
	if (vp->v_type == VBLK) {
		/* the device may change under us once closed: drop */
		(void)vinvalbuf(vp, V_SAVE, NOCRED, false, 0);
		if ((bd = bdevsw_lookup(vp->v_rdev)) != NULL &&
		    bd->d_close != NULL)
			return bd->d_close(vp->v_rdev, ap->a_fflag, S_IFBLK,
			    curlwp);
	} else if (vp->v_type == VCHR) {
		if ((cd = cdevsw_lookup(vp->v_rdev)) != NULL &&
		    cd->d_close != NULL)
			return cd->d_close(vp->v_rdev, ap->a_fflag, S_IFCHR,
			    curlwp);
	}
	return 0;
}

int
spec_strategy(struct vop_strategy_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct buf *bp = ap->a_bp;
	const struct bdevsw *bd;

	bp->b_dev = vp->v_rdev;
	if (vp->v_type != VBLK || (bd = bdevsw_lookup(vp->v_rdev)) == NULL ||
	    bd->d_strategy == NULL) {
		bp->b_error = ENXIO;
		bp->b_flags |= B_ERROR;
		bp->b_resid = bp->b_bcount;
		biodone(bp);
		return ENXIO;
	}
	bd->d_strategy(bp);
	return 0;
}

/* one synchronous device transfer; *residp: bytes not moved */
static int
spec_xfer(struct vnode *vp, void *data, size_t len, daddr_t blkno,
    bool rd, size_t *residp)
{
	struct buf *bp;
	int error;

	if ((bp = getiobuf(vp, true)) == NULL)
		return ENOMEM;
	bp->b_busy = true;
	bp->b_flags = rd ? B_READ : B_WRITE;
	bp->b_data = data;
	bp->b_bcount = bp->b_bufsize = len;
	bp->b_resid = 0;
	bp->b_error = 0;
	bp->b_lblkno = bp->b_blkno = blkno;
	(void)VOP_STRATEGY(vp, bp);
	error = biowait(bp);
	*residp = bp->b_resid;
	putiobuf(bp);
	return error;
}

/*
 * A sector-aligned piece of the caller's own memory goes to the driver as
 * it is: all memory is the host process's, so there is nothing to copy,
 * and the O_DIRECT backend can use an aligned user buffer without a
 * bounce of its own.  Returns the bytes moved in *movedp.
 */
static int
spec_rawchunk(struct vnode *vp, struct uio *uio, size_t n, size_t *movedp)
{
	struct iovec *iov = uio->uio_iov;
	size_t resid = 0;
	int error;

	error = spec_xfer(vp, iov->iov_base, n,
	    uio->uio_offset >> DEV_BSHIFT, uio->uio_rw == UIO_READ, &resid);
	*movedp = 0;
	if (error != 0)
		return error;
	*movedp = n - MIN(resid, n);
	iov->iov_base = (char *)iov->iov_base + *movedp;
	iov->iov_len -= *movedp;
	uio->uio_resid -= *movedp;
	uio->uio_offset += (off_t)*movedp;
	if (*movedp < n && uio->uio_rw == UIO_WRITE)
		return ENOSPC;
	return 0;
}

/*
 * Up to SPEC_CHUNK bytes through the bounce buffer: partial sectors, and
 * segments too small or misaligned to go straight.  *movedp as above.
 */
static int
spec_bouncechunk(struct vnode *vp, struct uio *uio, char *buf, size_t n,
    size_t *movedp)
{
	size_t boff, span, resid = 0;
	size_t before = uio->uio_resid;
	off_t start;
	int error = 0;

	boff = (size_t)(uio->uio_offset & (DEV_BSIZE - 1));
	start = uio->uio_offset - (off_t)boff;
	n = MIN(n, SPEC_CHUNK - boff);
	span = roundup(boff + n, DEV_BSIZE);
	*movedp = 0;
	/* reads, and writes of partial sectors, read first */
	if (uio->uio_rw == UIO_READ || boff != 0 || n != span)
		error = spec_xfer(vp, buf, span, start >> DEV_BSHIFT, true,
		    &resid);
	if (error != 0 || span - resid <= boff)
		return error;		/* failed, or the end of the device */
	n = MIN(n, span - resid - boff);
	if (uio->uio_rw == UIO_READ) {
		error = uiomove(buf + boff, n, uio);
		*movedp = before - uio->uio_resid;
		return error;
	}
	span = roundup(boff + n, DEV_BSIZE);
	if ((error = uiomove(buf + boff, n, uio)) != 0)
		return error;
	*movedp = n;
	error = spec_xfer(vp, buf, span, start >> DEV_BSHIFT, false, &resid);
	if (error == 0 && span - resid < boff + n)
		error = ENOSPC;
	return error;
}

/* how much of the current segment may go straight: 0 means bounce it */
static size_t
spec_rawlen(struct uio *uio, size_t n)
{
	struct iovec *iov = uio->uio_iov;

	if ((uio->uio_offset & (DEV_BSIZE - 1)) != 0 ||
	    iov->iov_base == NULL)
		return 0;
	n = MIN(n, iov->iov_len);
	return MIN(n, SPEC_MAXRAW) & ~(size_t)(DEV_BSIZE - 1);
}

/* skip empty segments; false if the iovecs end before uio_resid does */
static bool
spec_nextseg(struct uio *uio)
{

	while (uio->uio_iovcnt > 0 && uio->uio_iov->iov_len == 0) {
		uio->uio_iov++;
		uio->uio_iovcnt--;
	}
	return uio->uio_iovcnt > 0;
}

/*
 * Read or write a block device: aligned runs of sectors straight from and
 * to the caller's memory, the rest through a sector-aligned bounce buffer
 * allocated only when needed.
 */
static int
spec_blkrw(struct vnode *vp, struct uio *uio)
{
	int64_t devsize = -1;
	size_t n, raw, moved;
	char *buf = NULL;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	/* writes stop at the end of the device: a short count, then ENOSPC */
	if (uio->uio_rw == UIO_WRITE &&
	    VOP_IOCTL(vp, DIOCGMEDIASIZE, &devsize, FREAD, NOCRED) == 0 &&
	    uio->uio_offset >= devsize)
		return ENOSPC;
	while (uio->uio_resid > 0 && error == 0) {
		if (!spec_nextseg(uio))
			return EINVAL;	/* resid larger than the iovecs */
		n = uio->uio_resid;
		if (devsize >= 0 && uio->uio_rw == UIO_WRITE) {
			if (uio->uio_offset >= devsize)
				break;
			n = (size_t)MIN((int64_t)n, devsize - uio->uio_offset);
		}
		if ((raw = spec_rawlen(uio, n)) != 0) {
			error = spec_rawchunk(vp, uio, raw, &moved);
			if (moved < raw)
				break;		/* the end of the device */
			continue;
		}
		if (buf == NULL &&
		    (buf = kmem_alloc(SPEC_CHUNK, KM_SLEEP)) == NULL)
			return ENOMEM;
		error = spec_bouncechunk(vp, uio, buf, n, &moved);
		if (moved == 0)
			break;
	}
	if (buf != NULL)
		kmem_free(buf, SPEC_CHUNK);
	return error;
}

int
spec_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct cdevsw *cd;

	if (vp->v_type == VBLK)
		return spec_blkrw(vp, ap->a_uio);
	if (vp->v_type != VCHR || (cd = cdevsw_lookup(vp->v_rdev)) == NULL)
		return ENXIO;
	return cd->d_read == NULL ? EOPNOTSUPP :
	    cd->d_read(vp->v_rdev, ap->a_uio, ap->a_ioflag);
}

int
spec_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct cdevsw *cd;

	if (vp->v_type == VBLK)
		return spec_blkrw(vp, ap->a_uio);
	if (vp->v_type != VCHR || (cd = cdevsw_lookup(vp->v_rdev)) == NULL)
		return ENXIO;
	return cd->d_write == NULL ? EOPNOTSUPP :
	    cd->d_write(vp->v_rdev, ap->a_uio, ap->a_ioflag);
}

int
spec_ioctl(struct vop_ioctl_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	const struct cdevsw *cd;

	if (vp->v_type == VBLK) {
		if ((bd = bdevsw_lookup(vp->v_rdev)) == NULL)
			return ENXIO;
		return bd->d_ioctl == NULL ? ENOTTY : bd->d_ioctl(vp->v_rdev,
		    ap->a_command, ap->a_data, ap->a_fflag, curlwp);
	}
	if (vp->v_type == VCHR) {
		if ((cd = cdevsw_lookup(vp->v_rdev)) == NULL)
			return ENXIO;
		return cd->d_ioctl == NULL ? ENOTTY : cd->d_ioctl(vp->v_rdev,
		    ap->a_command, ap->a_data, ap->a_fflag, curlwp);
	}
	return ENOTTY;
}

/* dirty buffers to the device, then the device's cache to the media */
int
spec_fsync(struct vop_fsync_args *ap)
{
	struct vnode *vp = ap->a_vp;
	const struct bdevsw *bd;
	int error, force = 1;

	if (vp->v_type != VBLK)
		return 0;
	error = vflushbuf(vp, ap->a_flags & FSYNC_WAIT);
	if (error != 0 || (ap->a_flags & FSYNC_WAIT) == 0)
		return error;
	if ((bd = bdevsw_lookup(vp->v_rdev)) != NULL && bd->d_ioctl != NULL) {
		error = bd->d_ioctl(vp->v_rdev, DIOCCACHESYNC, &force, FWRITE,
		    curlwp);
		if (error == ENOTTY || error == EOPNOTSUPP)
			error = 0;
	}
	return error;
}

int
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

int
spec_pathconf(struct vop_pathconf_args *ap)
{

	switch (ap->a_name) {
	case _PC_LINK_MAX:
		*ap->a_retval = 1;
		return 0;
	case _PC_NAME_MAX:
		*ap->a_retval = NAME_MAX;
		return 0;
	case _PC_PATH_MAX:
		*ap->a_retval = MAXPATHLEN;
		return 0;
	default:
		return EINVAL;
	}
}

const struct vnodeops spec_vnodeops = {
	.vop_lookup = spec_lookup,
	.vop_open = spec_open,
	.vop_close = spec_close,
	.vop_read = spec_read,
	.vop_write = spec_write,
	.vop_ioctl = spec_ioctl,
	.vop_fsync = spec_fsync,
	.vop_inactive = specfs_inactive,
	.vop_reclaim = specfs_reclaim,
	.vop_bmap = spec_bmap,
	.vop_strategy = spec_strategy,
	.vop_pathconf = spec_pathconf,
};
