/*
 * Removing and adding names of existing inodes: remove, rmdir, link.
 * An inode whose last link goes is put on the orphan list; VOP_INACTIVE
 * frees it when the last user is gone.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"

#define EXT2_LINK_MAX	32000

/* Find cnp's entry in dvp and check that it still names vp. */
static int
find_slot(struct vnode *dvp, struct vnode *vp, struct componentname *cnp,
    struct ext2fs_slot *sl)
{
	int error;

	error = ext2fs_dirfind(dvp, cnp->cn_nameptr, cnp->cn_namelen, sl);
	if (error)
		return error;
	if (sl->sl_ino != VTOI(vp)->i_number)
		return ENOENT;
	return 0;
}

/* Give back a link dropped for a removal that then failed. */
static void
restorelink(struct inode *ip, uint16_t nlink)
{
	if (ip->i_nlink == 0)
		ext2fs_orphan_remove(ip);
	ip->i_nlink = nlink;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ext2fs_iupdate(ip, 0);
}

/*
 * The inode loses the name's link on disk before the entry goes: a
 * crash between leaves an entry naming an inode with too few (or no)
 * links, which e2fsck -p repairs; the other order would leave an
 * unattached inode, which it does not.
 */
static int
unlink_entry(struct vnode *dvp, struct inode *ip, const struct ext2fs_slot *sl,
    uint16_t newnlink)
{
	uint16_t nlink = ip->i_nlink;
	int error;

	ip->i_nlink = (uint16_t)(newnlink + 1);
	ext2fs_droplink(ip);
	error = ext2fs_update_dirop(ip);
	if (error == 0)
		error = ext2fs_dirremove(dvp, sl);
	if (error)
		restorelink(ip, nlink);
	return error;
}

/* Drop one link of ip; at zero it becomes an orphan. */
void
ext2fs_droplink(struct inode *ip)
{
	if (ip->i_nlink > 0)
		ip->i_nlink--;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	if (ip->i_nlink == 0)
		ext2fs_orphan_add(ip);
}

int
ext2fs_remove(struct vop_remove_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct inode *ip = VTOI(vp), *dp = VTOI(dvp);
	struct ext2fs_slot sl;
	int error;

	if (vp->v_type == VDIR)
		return EISDIR;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if ((ip->i_flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) ||
	    (dp->i_flags & EXT2_APPEND_FL))
		return EPERM;
	if ((error = find_slot(dvp, vp, ap->a_cnp, &sl)) != 0)
		return error;
	return unlink_entry(dvp, ip, &sl,
	    ip->i_nlink > 0 ? (uint16_t)(ip->i_nlink - 1) : 0);
}

int
ext2fs_rmdir(struct vop_rmdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct inode *ip = VTOI(vp), *dp = VTOI(dvp);
	struct ext2fs_slot sl;
	bool empty;
	int error;

	if ((error = genfs_rmdir_check(dvp, vp)) != 0)
		return error;
	if ((ip->i_flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) ||
	    (dp->i_flags & EXT2_APPEND_FL))
		return EPERM;
	if (vp->v_mountedhere != NULL)
		return EBUSY;
	if ((error = ext2fs_dirempty(vp, dp->i_number, &empty)) != 0)
		return error;
	if (!empty)
		return ENOTEMPTY;
	if ((error = find_slot(dvp, vp, ap->a_cnp, &sl)) != 0)
		return error;
	/* its "." goes with the name: no links at all */
	if ((error = unlink_entry(dvp, ip, &sl, 0)) != 0)
		return error;
	if (dp->i_nlink > 0)
		dp->i_nlink--;
	dp->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ext2fs_iupdate(dp, 0);
	return ext2fs_truncate(vp, 0, 0, ap->a_cnp->cn_cred);
}

int
ext2fs_link(struct vop_link_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct componentname *cnp = ap->a_cnp;
	struct inode *ip;
	int error;

	if (vp->v_type == VDIR)
		return EPERM;
	if (dvp->v_mount != vp->v_mount)
		return EXDEV;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen > E2FS_MAXNAMLEN)
		return ENAMETOOLONG;
	if (VTOI(dvp)->i_nlink == 0)
		return ENOENT;	/* removed since the lookup: no new entries */
	if (vp != dvp && (error = vn_lock(vp, LK_EXCLUSIVE)) != 0)
		return error;
	ip = VTOI(vp);
	if (ip->i_nlink >= EXT2_LINK_MAX)
		error = EMLINK;
	else if (ip->i_flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL))
		error = EPERM;
	else if (ip->i_nlink == 0)
		error = ENOENT;
	if (error == 0) {
		/* the count covers the new name before it is on disk */
		ip->i_nlink++;
		ip->i_flag |= IN_CHANGE | IN_MODIFIED;
		error = ext2fs_update_dirop(ip);
		if (error == 0)
			error = ext2fs_direnter(dvp, cnp->cn_nameptr,
			    cnp->cn_namelen, ip->i_number, ip->i_mode,
			    cnp->cn_cred);
		if (error) {
			ip->i_nlink--;
			ip->i_flag |= IN_MODIFIED;
			(void)ext2fs_iupdate(ip, 0);
		}
	}
	if (vp != dvp)
		VOP_UNLOCK(vp);
	return error;
}
