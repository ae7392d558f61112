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

static bool
ext2fs_sync_dirty(struct vnode *vp)
{

	return (VTOI(vp)->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE |
	    IN_MODIFIED)) != 0;
}

static int
ext2fs_sync_update(struct vnode *vp, int waitfor)
{

	return ext2fs_iupdate(VTOI(vp), 0);
}

static const struct genfs_syncops ext2fs_syncops = {
	.gs_dirty = ext2fs_sync_dirty,
	.gs_update = ext2fs_sync_update,
};

int
ext2fs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	int error, e2;

	if (ump->um_e2fs->e2fs_ronly)
		return 0;
	error = genfs_sync_vnodes(mp, waitfor, &ext2fs_syncops);
	ump->um_e2fs->e2fs_fmod = true;
	(void)ext2fs_cgupdate(ump, MNT_NOWAIT);
	e2 = genfs_sync_dev(ump->um_devvp, waitfor);
	return error != 0 ? error : e2;
}
