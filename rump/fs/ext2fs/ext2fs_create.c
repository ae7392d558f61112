/*
 * Making names: create, mknod, mkdir, symlink.  The new inode comes from
 * vcache_new (ext2fs_newvnode); the entry goes into the directory last,
 * and a failure after allocation drops the link count so that
 * VOP_INACTIVE frees the inode again.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"

#define EXT2_LINK_MAX	32000

/* Undo a half-made inode: unlinked, it is freed on the last vrele. */
static void
discard(struct vnode *vp)
{
	struct inode *ip = VTOI(vp);

	ip->i_nlink = 0;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	vrele(vp);
}

static int
makeinode(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap)
{
	struct inode *dp = VTOI(dvp);
	struct vnode *vp;
	int error;

	*vpp = NULL;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen > E2FS_MAXNAMLEN)
		return ENAMETOOLONG;
	if (dp->i_nlink == 0)
		return ENOENT;
	if (vap->va_type == VDIR && dp->i_nlink >= EXT2_LINK_MAX)
		return EMLINK;
	error = vcache_new(dvp->v_mount, dvp, vap, cnp->cn_cred, NULL, &vp);
	if (error)
		return error;
	*vpp = vp;
	return 0;
}

static int
enter(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct inode *ip = VTOI(vp);

	return ext2fs_direnter(dvp, cnp->cn_nameptr, cnp->cn_namelen,
	    ip->i_number, ip->i_mode, cnp->cn_cred);
}

int
ext2fs_create(struct vop_create_args *ap)
{
	struct vnode *vp;
	int error;

	error = makeinode(ap->a_dvp, &vp, ap->a_cnp, ap->a_vap);
	if (error)
		return error;
	if ((error = enter(ap->a_dvp, vp, ap->a_cnp)) != 0) {
		discard(vp);
		return error;
	}
	*ap->a_vpp = vp;
	return 0;
}

int
ext2fs_mknod(struct vop_mknod_args *ap)
{
	struct vop_create_args ca = {
		.a_dvp = ap->a_dvp, .a_vpp = ap->a_vpp, .a_cnp = ap->a_cnp,
		.a_vap = ap->a_vap
	};

	return ext2fs_create(&ca);
}

/*
 * A new directory or symbolic link keeps no links, in core as on disk,
 * until its entry is on disk (ext2fs.h, ext2fs_iupdate_unlinked); vp is
 * locked throughout, so the syncer writes it only after.
 */
static uint16_t
unlinked_begin(struct vnode *vp)
{
	struct inode *ip = VTOI(vp);
	uint16_t nlink = ip->i_nlink;

	if (ext2fs_ordered(ip->i_ump))
		ip->i_nlink = 0;
	return nlink;
}

static void
unlinked_end(struct vnode *vp, uint16_t nlink, int error)
{
	struct inode *ip = VTOI(vp);

	if (ip->i_nlink == nlink)
		return;
	ip->i_nlink = nlink;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	if (error == 0 && ext2fs_iupdate(ip, MNT_WAIT) != 0)
		ip->i_flag |= IN_MODIFIED;	/* the syncer tries again */
}

int
ext2fs_mkdir(struct vop_mkdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp;
	struct inode *dp = VTOI(dvp);
	uint16_t nlink;
	int error;

	error = makeinode(dvp, &vp, ap->a_cnp, ap->a_vap);
	if (error)
		return error;
	vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
	nlink = unlinked_begin(vp);
	error = ext2fs_dirinit(vp, dp->i_number, ap->a_cnp->cn_cred);
	if (error == 0)
		error = ext2fs_update_dirop(VTOI(vp));
	if (error == 0) {
		dp->i_nlink++;
		dp->i_flag |= IN_CHANGE | IN_MODIFIED;
		error = ext2fs_iupdate(dp, 0);
		if (error == 0)
			error = enter(dvp, vp, ap->a_cnp);
		if (error) {
			dp->i_nlink--;
			(void)ext2fs_iupdate(dp, 0);
		}
	}
	unlinked_end(vp, nlink, error);
	VOP_UNLOCK(vp);
	if (error) {
		vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
		(void)ext2fs_truncate(vp, 0, 0, NOCRED);
		VOP_UNLOCK(vp);
		discard(vp);
		return error;
	}
	*ap->a_vpp = vp;
	return 0;
}

/* Short targets live in the block array, longer ones in one block. */
static int
write_target(struct vnode *vp, const char *target, size_t len,
    kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct iovec iov;
	struct uio uio;
	size_t i;

	if (len < E2FS_MAXSYMLINKLEN) {
		memset(ip->i_din.ic_blocks, 0, sizeof(ip->i_din.ic_blocks));
		for (i = 0; i < len; i++)
			ip->i_din.ic_blocks[i / 4] |=
			    (uint32_t)(uint8_t)target[i] << (8 * (i % 4));
		ext2fs_setsize(ip, len);
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		return ext2fs_iupdate(ip, 0);
	}
	uio_setup_sys(&uio, &iov, (void *)(uintptr_t)target, len, 0, UIO_WRITE);
	return ext2fs_writeuio(vp, &uio,
	    ext2fs_ordered(ip->i_ump) ? IO_SYNC : 0, cred);
}

int
ext2fs_symlink(struct vop_symlink_args *ap)
{
	size_t len = strlen(ap->a_target);
	struct vnode *vp;
	uint16_t nlink;
	int error;

	/*
	 * An empty target cannot be stored: e2fsck clears such a link.
	 * Refuse it as Linux does, with ENOENT (the empty path names
	 * nothing), not with the length error of a target too long.
	 */
	if (len == 0)
		return ENOENT;
	if (len >= VTOI(ap->a_dvp)->i_e2fs->e2fs_bsize || len >= MAXPATHLEN)
		return ENAMETOOLONG;
	error = makeinode(ap->a_dvp, &vp, ap->a_cnp, ap->a_vap);
	if (error)
		return error;
	vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
	nlink = unlinked_begin(vp);
	error = write_target(vp, ap->a_target, len, ap->a_cnp->cn_cred);
	if (error == 0)
		error = ext2fs_update_dirop(VTOI(vp));
	if (error == 0)
		error = enter(ap->a_dvp, vp, ap->a_cnp);
	unlinked_end(vp, nlink, error);
	if (error) {
		(void)ext2fs_truncate(vp, 0, 0, NOCRED);
		VOP_UNLOCK(vp);
		discard(vp);
		return error;
	}
	VOP_UNLOCK(vp);
	*ap->a_vpp = vp;
	return 0;
}
