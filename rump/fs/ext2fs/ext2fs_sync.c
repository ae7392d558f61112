/*
 * Writing the file system out: every vnode's dirty inode and buffers,
 * the group descriptors (primary copy), the superblock, and the
 * device's buffers (bitmaps, inode tables, indirect blocks).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "ext2fs.h"

int
ext2fs_sbupdate(struct ext2fs_mount *ump, int waitfor)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct buf *bp;

	if (fs->e2fs_ronly)
		return 0;
	bp = getblk(ump->um_devvp, E2FS_SBOFF / DEV_BSIZE, E2FS_SBSIZE, 0, 0);
	if (bp == NULL)
		return ENOMEM;
	mutex_enter(&ump->um_lock);
	ext2fs_sb_encode(fs);
	memcpy(bp->b_data, &fs->e2fs_sb, E2FS_SBSIZE);
	mutex_exit(&ump->um_lock);
	if (waitfor == MNT_WAIT)
		return bwrite(bp);
	bdwrite(bp);
	return 0;
}

int
ext2fs_cgupdate(struct ext2fs_mount *ump, int waitfor)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct buf *bp;
	uint32_t i;
	int error = 0, e;

	if (fs->e2fs_ronly)
		return 0;
	mutex_enter(&ump->um_lock);
	if (!fs->e2fs_fmod) {
		mutex_exit(&ump->um_lock);
		return 0;
	}
	fs->e2fs_fmod = false;
	mutex_exit(&ump->um_lock);
	for (i = 0; i < fs->e2fs_ngdb; i++) {
		bp = getblk(ump->um_devvp, EXT2_FSBTODB(fs, fs->e2fs_gdblk[i]),
		    (int)fs->e2fs_bsize, 0, 0);
		if (bp == NULL)
			return ENOMEM;
		mutex_enter(&ump->um_lock);
		memcpy(bp->b_data, fs->e2fs_gdraw + (size_t)i * fs->e2fs_bsize,
		    fs->e2fs_bsize);
		mutex_exit(&ump->um_lock);
		if (waitfor == MNT_WAIT) {
			if ((e = bwrite(bp)) != 0)
				error = e;
		} else
			bdwrite(bp);
	}
	e = ext2fs_sbupdate(ump, waitfor);
	return error ? error : e;
}

struct sync_ctx {
	int waitfor;
	int error;
};

static int
sync_vnode(struct vnode *vp, void *arg)
{
	struct sync_ctx *ctx = arg;
	struct inode *ip;
	int error;

	if (vp->v_type == VNON || vp->v_data == NULL)
		return 0;
	ip = VTOI(vp);
	if ((ip->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE |
	    IN_MODIFIED)) == 0 && TAILQ_EMPTY(&vp->v_dirtyblkhd))
		return 0;
	if (vn_lock(vp, LK_EXCLUSIVE) != 0)
		return 0;
	if (vp->v_data != NULL) {
		error = vflushbuf(vp, ctx->waitfor == MNT_WAIT ?
		    FSYNC_WAIT : 0);
		if (error == 0)
			error = ext2fs_iupdate(VTOI(vp), 0);
		if (error)
			ctx->error = error;
	}
	VOP_UNLOCK(vp);
	return 0;
}

int
ext2fs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	struct sync_ctx ctx = { waitfor, 0 };
	int error, flag = 1;

	if (ump->um_e2fs->e2fs_ronly)
		return 0;
	error = vfs_vnode_iterate(mp, sync_vnode, &ctx);
	if (error == 0)
		error = ctx.error;
	ump->um_e2fs->e2fs_fmod = true;
	(void)ext2fs_cgupdate(ump, MNT_NOWAIT);
	vn_lock(ump->um_devvp, LK_EXCLUSIVE | LK_RETRY);
	if (vflushbuf(ump->um_devvp, waitfor == MNT_WAIT ? FSYNC_WAIT : 0)
	    != 0 && error == 0)
		error = EIO;
	VOP_UNLOCK(ump->um_devvp);
	if (waitfor == MNT_WAIT)
		(void)VOP_IOCTL(ump->um_devvp, DIOCCACHESYNC, &flag, FWRITE,
		    NOCRED);
	return error;
}
