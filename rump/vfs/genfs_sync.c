/*
 * VFS_SYNC's steps that are the same in every disk file system: each
 * vnode with dirty buffers or a changed inode written (buffers first,
 * then the inode), and the device's buffers written, then the host's
 * cache flushed (DIOCCACHESYNC) when the caller waits: what fsync(2),
 * sync(2) and an unmount promise to keep.
 *
 * The driver supplies: whether a vnode's inode has changes, and how it
 * is written (struct genfs_syncops); its own metadata (superblock, maps)
 * between the two steps.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/genfs.h>
#include <sys/mount.h>
#include <sys/vnode.h>

struct genfs_sync_ctx {
	const struct genfs_syncops *ops;
	int waitfor;
	int error;
};

static int
genfs_sync_vnode(struct vnode *vp, void *arg)
{
	struct genfs_sync_ctx *ctx = arg;
	int error;

	if (vp->v_type == VNON || vp->v_data == NULL ||
	    (!ctx->ops->gs_dirty(vp) && TAILQ_EMPTY(&vp->v_dirtyblkhd)))
		return 0;
	if (vn_lock(vp, LK_EXCLUSIVE) != 0)
		return 0;
	/* reclaimed while we waited for the lock: nothing left to write */
	if (vp->v_data != NULL) {
		error = vflushbuf(vp, ctx->waitfor == MNT_WAIT ?
		    FSYNC_WAIT : 0);
		if (error == 0)
			error = ctx->ops->gs_update(vp, ctx->waitfor);
		if (error != 0 && ctx->error == 0)
			ctx->error = error;
	}
	VOP_UNLOCK(vp);
	return 0;
}

int
genfs_sync_vnodes(struct mount *mp, int waitfor,
    const struct genfs_syncops *ops)
{
	struct genfs_sync_ctx ctx = { ops, waitfor, 0 };
	int error;

	error = vfs_vnode_iterate(mp, genfs_sync_vnode, &ctx);
	return error != 0 ? error : ctx.error;
}

int
genfs_sync_dev(struct vnode *devvp, int waitfor)
{
	int error, flag = 1;

	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	error = vflushbuf(devvp, waitfor == MNT_WAIT ? FSYNC_WAIT : 0);
	VOP_UNLOCK(devvp);
	if (waitfor == MNT_WAIT)
		(void)VOP_IOCTL(devvp, DIOCCACHESYNC, &flag, FWRITE, NOCRED);
	return error != 0 ? EIO : 0;
}
