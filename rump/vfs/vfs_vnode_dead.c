/*
 * The operations of a dead vnode (reclaimed by vgone: revoked, or its
 * file system force-unmounted).  Holders keep a valid pointer; every
 * operation fails, except those that let go of the vnode.
 */
#include <sys/types.h>
#include <sys/buf.h>

#include "vfs_impl.h"

#define DEAD_OP(name, err)						\
static int								\
dead_##name(struct vop_##name##_args *ap)				\
{									\
									\
	(void)ap;							\
	return err;							\
}

DEAD_OP(lookup, ENOENT)
DEAD_OP(create, EBADF)
DEAD_OP(mknod, EBADF)
DEAD_OP(mkdir, EBADF)
DEAD_OP(symlink, EBADF)
DEAD_OP(open, ENXIO)
DEAD_OP(close, 0)
DEAD_OP(access, EBADF)
DEAD_OP(getattr, EBADF)
DEAD_OP(setattr, EBADF)
DEAD_OP(read, ENXIO)
DEAD_OP(write, ENXIO)
DEAD_OP(ioctl, EBADF)
DEAD_OP(fsync, 0)
DEAD_OP(remove, EBADF)
DEAD_OP(link, EBADF)
DEAD_OP(rename, EBADF)
DEAD_OP(rmdir, EBADF)
DEAD_OP(readdir, EBADF)
DEAD_OP(readlink, EBADF)
DEAD_OP(inactive, 0)
DEAD_OP(reclaim, 0)
DEAD_OP(bmap, EBADF)
DEAD_OP(pathconf, EBADF)
DEAD_OP(advlock, EBADF)

static int
dead_strategy(struct vop_strategy_args *ap)
{
	struct buf *bp = ap->a_bp;

	bp->b_error = ENXIO;
	bp->b_flags |= B_ERROR;
	bp->b_resid = bp->b_bcount;
	biodone(bp);
	return ENXIO;
}

const struct vnodeops dead_vnodeops = {
	.vop_lookup = dead_lookup,
	.vop_create = dead_create,
	.vop_mknod = dead_mknod,
	.vop_mkdir = dead_mkdir,
	.vop_symlink = dead_symlink,
	.vop_open = dead_open,
	.vop_close = dead_close,
	.vop_access = dead_access,
	.vop_getattr = dead_getattr,
	.vop_setattr = dead_setattr,
	.vop_read = dead_read,
	.vop_write = dead_write,
	.vop_ioctl = dead_ioctl,
	.vop_fsync = dead_fsync,
	.vop_remove = dead_remove,
	.vop_link = dead_link,
	.vop_rename = dead_rename,
	.vop_rmdir = dead_rmdir,
	.vop_readdir = dead_readdir,
	.vop_readlink = dead_readlink,
	.vop_inactive = dead_inactive,
	.vop_reclaim = dead_reclaim,
	.vop_bmap = dead_bmap,
	.vop_strategy = dead_strategy,
	.vop_pathconf = dead_pathconf,
	.vop_advlock = dead_advlock,
	/* lock, unlock, islocked: NULL means the vnode's own lock */
};
