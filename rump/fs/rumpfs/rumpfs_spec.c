/*
 * Device and fifo nodes.  A VBLK/VCHR vnode's I/O goes to its driver
 * through the VFS core's spec_* operations; attributes and the vnode's
 * life stay rumpfs's.  Fifos and sockets exist as nodes only.
 */
#include <sys/specdev.h>

#include "rumpfs_int.h"

/* the spec_* operations, counting opens of etfs device keys (EBUSY) */
static int
rumpfs_spec_open(struct vop_open_args *ap)
{
	int error;

	if ((error = spec_open(ap)) == 0)
		rumpfs_open(ap);
	return error;
}

static int
rumpfs_spec_close(struct vop_close_args *ap)
{

	rumpfs_close(ap);
	return spec_close(ap);
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
	.vop_lookup = spec_lookup,
	.vop_open = rumpfs_spec_open,
	.vop_close = rumpfs_spec_close,
	.vop_access = rumpfs_access,
	.vop_getattr = rumpfs_getattr,
	.vop_setattr = rumpfs_setattr,
	.vop_read = spec_read,
	.vop_write = spec_write,
	.vop_ioctl = spec_ioctl,
	.vop_fsync = spec_fsync,
	.vop_seek = genfs_seek,
	.vop_inactive = rumpfs_inactive,
	.vop_reclaim = rumpfs_reclaim,
	.vop_bmap = spec_bmap,
	.vop_strategy = spec_strategy,
	.vop_print = rumpfs_print,
	.vop_pathconf = rumpfs_pathconf,
	.vop_advlock = genfs_advlock,
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
