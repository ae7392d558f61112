/*
 * Name-space operations: create, mknod, mkdir, symlink, remove, rmdir,
 * link.  Locking as vnode_if.h says; the new vnode comes from
 * vcache_new (ffs_newvnode), and a failure after it sets the link count
 * to zero so that inactive gives the inode back.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#include "ffs_int.h"


/* a new file of vap's type named cnp in dvp, referenced, unlocked */
static int
ufs_makeinode(struct vnode *dvp, struct componentname *cnp,
    struct vattr *vap, struct vnode **vpp)
{
	struct inode *dp = VTOI(dvp);
	struct vnode *vp;
	int error;

	*vpp = NULL;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen > UFS_MAXNAMLEN)
		return ENAMETOOLONG;
	if (dp->i_din.nlink <= 0)
		return ENOENT;		/* the directory was removed */
	error = vcache_new(dvp->v_mount, dvp, vap, cnp->cn_cred, NULL, &vp);
	if (error != 0)
		return error;
	*vpp = vp;
	return 0;
}

/* undo a half-made file: inactive frees it */
static void
ufs_unmake(struct vnode *vp)
{
	struct inode *ip = VTOI(vp);

	ip->i_din.nlink = 0;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	vrele(vp);
}

/*
 * The entry of a new file may reach the disk late (its inode is there:
 * a crash leaves it for fsck to reconnect or clear); a new directory's
 * goes at once, so that a tree being copied stays a tree.
 */
static int
ufs_enter_new(struct vnode *dvp, struct componentname *cnp,
    struct vnode *vp)
{
	struct inode *dp = VTOI(dvp), *ip = VTOI(vp);
	int error;

	error = ufs_direnter(dp, cnp->cn_nameptr, cnp->cn_namelen,
	    ip->i_number, ufs_mode2dtype(ip->i_din.mode),
	    vp->v_type == VDIR);
	if (error == 0)
		error = ffs_update(dp, false);
	return error;
}

int
ufs_create(struct vop_create_args *ap)
{
	struct vnode *vp;
	int error;

	error = ufs_makeinode(ap->a_dvp, ap->a_cnp, ap->a_vap, &vp);
	if (error != 0)
		return error;
	if ((error = ufs_enter_new(ap->a_dvp, ap->a_cnp, vp)) != 0) {
		ufs_unmake(vp);
		return error;
	}
	*ap->a_vpp = vp;
	return 0;
}

int
ufs_mknod(struct vop_mknod_args *ap)
{
	struct vop_create_args ca = { ap->a_dvp, ap->a_vpp, ap->a_cnp,
	    ap->a_vap };

	return ufs_create(&ca);
}

static void
ufs_mkdir_undo(struct inode *dp, struct vnode *vp)
{
	dp->i_din.nlink--;
	dp->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(dp, false);
	if (vp != NULL)
		ufs_unmake(vp);
}

int
ufs_mkdir(struct vop_mkdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp;
	struct inode *dp = VTOI(dvp), *ip;
	struct ufsmount *ump = dp->i_ump;
	struct ufs_dent dot = { .type = UFS_DT_DIR, .namlen = 1,
	    .name = ".", .reclen = 12 };
	struct ufs_dent dotdot = { .type = UFS_DT_DIR, .namlen = 2,
	    .name = "..", .reclen = UFS_DIRBLKSIZ - 12 };
	struct buf *bp;
	int error;

	if (dp->i_din.nlink >= UFS_LINK_MAX)
		return EMLINK;
	ap->a_vap->va_type = VDIR;
	/* the parent's count covers the new '..' before it is on disk */
	dp->i_din.nlink++;
	dp->i_flag |= IN_CHANGE | IN_MODIFIED;
	if ((error = ffs_update_dirop(dp)) == 0)
		error = ufs_makeinode(dvp, ap->a_cnp, ap->a_vap, &vp);
	if (error != 0) {
		ufs_mkdir_undo(dp, NULL);
		return error;
	}
	ip = VTOI(vp);
	/* locked: the syncer must not write it before it has its block */
	vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
	error = ffs_balloc(ip, 0, UFS_DIRBLKSIZ, ap->a_cnp->cn_cred, B_CLRBUF,
	    &bp);
	if (error != 0) {
		VOP_UNLOCK(vp);
		ufs_mkdir_undo(dp, vp);
		return error;
	}
	dot.ino = (uint32_t)ip->i_number;
	dotdot.ino = (uint32_t)dp->i_number;
	ufs_dent_store(bp->b_data, 0, &dot, ump->um_oldfmt, ump->um_needswap);
	ufs_dent_store(bp->b_data, 12, &dotdot, ump->um_oldfmt,
	    ump->um_needswap);
	ip->i_din.size = UFS_DIRBLKSIZ;
	vp->v_size = UFS_DIRBLKSIZ;
	/* the block, then the inode naming it, then the entry */
	ffs_metawrite(ump, bp, true);
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	if ((error = ffs_update_dirop(ip)) == 0)
		error = ufs_enter_new(dvp, ap->a_cnp, vp);
	VOP_UNLOCK(vp);
	if (error != 0) {
		ufs_mkdir_undo(dp, vp);
		return error;
	}
	*ap->a_vpp = vp;
	return 0;
}

/* a short target lives in the block pointers, encoded as they are */
static void
ufs_set_shortlink(struct inode *ip, const char *target, size_t len)
{
	struct ufsmount *ump = ip->i_ump;
	uint8_t *p = ip->i_din.shortlink;
	int i;

	memset(p, 0, sizeof(ip->i_din.shortlink));
	memcpy(p, target, len);
	for (i = 0; i < UFS_NDADDR + UFS_NIADDR; i++) {
		int64_t v = ump->um_ufs2 ?
		    (int64_t)ufs_rd64(p + 8 * i, ump->um_needswap) :
		    (int32_t)ufs_rd32(p + 4 * i, ump->um_needswap);

		if (i < UFS_NDADDR)
			ip->i_din.db[i] = v;
		else
			ip->i_din.ib[i - UFS_NDADDR] = v;
	}
	ip->i_din.size = len;
}

int
ufs_symlink(struct vop_symlink_args *ap)
{
	struct vnode *vp;
	struct inode *ip;
	size_t len = strnlen(ap->a_target, MAXPATHLEN);
	struct iovec iov;
	struct uio uio;
	int error;

	if (len >= MAXPATHLEN)
		return ENAMETOOLONG;
	ap->a_vap->va_type = VLNK;
	error = ufs_makeinode(ap->a_dvp, ap->a_cnp, ap->a_vap, &vp);
	if (error != 0)
		return error;
	ip = VTOI(vp);
	if (len < (size_t)ip->i_ump->um_maxsymlinklen)
		ufs_set_shortlink(ip, ap->a_target, len);
	else {
		/* the target on disk before a name can reach it */
		uio_setup_sys(&uio, &iov, (void *)(uintptr_t)ap->a_target,
		    len, 0, UIO_WRITE);
		error = ufs_writedata(ip, &uio,
		    ffs_ordered(ip->i_ump) ? IO_SYNC : 0, ap->a_cnp->cn_cred);
	}
	vp->v_size = (off_t)ip->i_din.size;
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	if (error == 0)
		error = ffs_update_dirop(ip);
	if (error == 0)
		error = ufs_enter_new(ap->a_dvp, ap->a_cnp, vp);
	if (error != 0) {
		ufs_unmake(vp);
		return error;
	}
	*ap->a_vpp = vp;
	return 0;
}

int
ufs_remove(struct vop_remove_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct inode *dp = VTOI(dvp), *ip = VTOI(vp);
	struct componentname *cnp = ap->a_cnp;
	int error;

	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (vp->v_type == VDIR)
		return EPERM;
	if ((ip->i_din.flags & UFS_NOUNLINK) ||
	    (dp->i_din.flags & UFS_APPENDONLY))
		return EPERM;
	error = ufs_dirremove(dp, cnp->cn_nameptr, cnp->cn_namelen,
	    ip->i_number);
	if (error != 0)
		return error;
	cache_purge_name(dvp, cnp->cn_nameptr, cnp->cn_namelen);
	ip->i_din.nlink--;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(ip, false);
	return ffs_update(dp, false);
}

int
ufs_link(struct vop_link_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct inode *dp = VTOI(dvp), *ip;
	struct componentname *cnp = ap->a_cnp;
	int error;

	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (vp->v_mount != dvp->v_mount)
		return EXDEV;
	if (vp->v_type == VDIR)
		return EPERM;
	if (dp->i_din.nlink <= 0)
		return ENOENT;	/* removed since the lookup: no new entries */
	if (vp != dvp && (error = vn_lock(vp, LK_EXCLUSIVE)) != 0)
		return error;
	ip = VTOI(vp);
	if (ip->i_din.nlink >= UFS_LINK_MAX)
		error = EMLINK;
	else if (ip->i_din.flags & UFS_NOUNLINK)
		error = EPERM;
	else if (ip->i_din.nlink <= 0)
		error = ENOENT;
	if (error == 0) {
		/* the count covers the new name before it is on disk */
		ip->i_din.nlink++;
		ip->i_flag |= IN_CHANGE | IN_MODIFIED;
		error = ffs_update_dirop(ip);
	}
	if (error == 0) {
		error = ufs_direnter(dp, cnp->cn_nameptr, cnp->cn_namelen,
		    ip->i_number, ufs_mode2dtype(ip->i_din.mode), false);
		if (error != 0) {
			ip->i_din.nlink--;
			ip->i_flag |= IN_CHANGE | IN_MODIFIED;
			(void)ffs_update(ip, false);
		} else
			error = ffs_update(dp, false);
	}
	if (vp != dvp)
		VOP_UNLOCK(vp);
	return error;
}

int
ufs_rmdir(struct vop_rmdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct inode *dp = VTOI(dvp), *ip = VTOI(vp);
	struct componentname *cnp = ap->a_cnp;
	bool empty;
	int error;

	if ((error = genfs_rmdir_check(dvp, vp)) != 0)
		return error;
	if ((ip->i_din.flags & UFS_NOUNLINK) ||
	    (dp->i_din.flags & UFS_APPENDONLY))
		return EPERM;
	if ((error = ufs_dirempty(ip, dp->i_number, &empty)) != 0)
		return error;
	if (!empty)
		return ENOTEMPTY;
	error = ufs_dirremove(dp, cnp->cn_nameptr, cnp->cn_namelen,
	    ip->i_number);
	if (error != 0)
		return error;
	cache_purge(dvp);
	cache_purge(vp);
	dp->i_din.nlink--;
	dp->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(dp, false);
	/* its own '.' and the name are gone: nothing links to it */
	ip->i_din.nlink = 0;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	error = ffs_truncate(ip, 0, cnp->cn_cred);
	(void)ffs_update(ip, false);
	return error;
}
