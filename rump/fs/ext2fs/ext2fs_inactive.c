/*
 * The end of a vnode's use and life: VOP_INACTIVE frees an unlinked
 * inode (blocks, attribute block, orphan list entry, bitmap bit),
 * VOP_RECLAIM writes the inode and frees the in-core copy; VOP_FSYNC
 * and VOP_ADVLOCK live here too.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "ext2fs.h"

int
ext2fs_inactive(struct vop_inactive_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	int mode = ip->i_mode, error = 0;

	*ap->a_recycle = false;
	if (ip->i_mode == 0) {
		*ap->a_recycle = true;
		return 0;
	}
	if (fs->e2fs_ronly)
		return 0;
	if (ip->i_nlink == 0) {
		error = ext2fs_truncate(vp, 0, 0, NOCRED);
		if (error == 0)
			error = ext2fs_xattr_release(ip);
		if (error) {
			/* leave it on the orphan list for e2fsck */
			printf("ext2fs: %s: inode %llu: cannot free: error %d\n",
			    vp->v_mount->mnt_stat.f_mntfromname,
			    (unsigned long long)ip->i_number, error);
			*ap->a_recycle = true;
			return 0;
		}
		ext2fs_orphan_remove(ip);
		ip->i_din.ic_dtime = (uint32_t)time_second;
		ip->i_flag |= IN_CHANGE | IN_MODIFIED;
		(void)ext2fs_iupdate(ip, 0);
		ext2fs_inofree(ip->i_ump, ip->i_number, mode);
		ip->i_mode = 0;
		*ap->a_recycle = true;
		return 0;
	}
	if (ip->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE | IN_MODIFIED))
		error = ext2fs_iupdate(ip, 0);
	return error;
}

int
ext2fs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct ext2fs_mount *ump = ip->i_ump;

	/*
	 * An orphan's dtime may have changed under um_lock alone (its
	 * successor left the list): write it whatever its flags say.
	 */
	if (ip->i_mode != 0 && !ip->i_e2fs->e2fs_ronly &&
	    (ip->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE | IN_MODIFIED |
	    IN_ORPHAN)))
		(void)ext2fs_iupdate(ip, 0);
	mutex_enter(&ump->um_lock);
	if (ip->i_flag & IN_ORPHAN) {
		/* the disk list keeps it; the next mount frees it */
		TAILQ_REMOVE(&ump->um_orphans, ip, i_orphan);
	}
	LIST_REMOVE(ip, i_all);
	mutex_exit(&ump->um_lock);
	vp->v_data = NULL;
	ext2fs_inode_free(ip);
	return 0;
}

int
ext2fs_fsync(struct vop_fsync_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct ext2fs_mount *ump = ip->i_ump;
	bool wait = (ap->a_flags & FSYNC_WAIT) != 0;
	int error, flag = 1;

	if (ip->i_e2fs->e2fs_ronly)
		return 0;
	error = vflushbuf(vp, wait ? FSYNC_WAIT : 0);
	if (error == 0)
		error = ext2fs_iupdate(ip, wait ? MNT_WAIT : 0);
	if (error == 0 && wait) {
		/* bitmaps, indirect blocks, inode table, descriptors */
		(void)ext2fs_cgupdate(ump, MNT_NOWAIT);
		error = vflushbuf(ump->um_devvp, FSYNC_WAIT);
		if (error == 0)
			error = ext2fs_sbupdate(ump, MNT_WAIT);
		(void)VOP_IOCTL(ump->um_devvp, DIOCCACHESYNC, &flag, FWRITE,
		    NOCRED);
	}
	return error;
}
