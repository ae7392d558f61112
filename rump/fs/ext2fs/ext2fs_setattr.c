/*
 * VOP_SETATTR: size, owner, mode and times, each checked with the genfs
 * permission helpers; EROFS on a read-only mount, EPERM on immutable or
 * append-only files.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/kauth.h>

#include "ext2fs.h"

static int
set_size(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	bool truncate;
	int error;

	if ((error = genfs_setsize_type(vp, &truncate)) != 0 || !truncate)
		return error;
	if (ip->i_flags & EXT2_APPEND_FL)
		return EPERM;
	return ext2fs_truncate(vp, va->va_size, 0, cred);
}

static int
set_owner(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	uid_t uid = va->va_uid == (uint32_t)VNOVAL ? ip->i_uid : va->va_uid;
	gid_t gid = va->va_gid == (uint32_t)VNOVAL ? ip->i_gid : va->va_gid;
	int error;

	error = genfs_can_chown(vp, cred, ip->i_uid, ip->i_gid, uid, gid);
	if (error)
		return error;
	if ((uid != ip->i_uid || gid != ip->i_gid) &&
	    !kauth_cred_issuser(cred))
		ip->i_mode &= ~(S_ISUID | S_ISGID);
	ip->i_uid = uid;
	ip->i_gid = gid;
	ip->i_flag |= IN_CHANGE;
	return 0;
}

static int
set_times(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	int error;

	error = genfs_can_chtimes(vp, cred, ip->i_uid, va->va_vaflags);
	if (error)
		return error;
	if (va->va_atime.tv_sec != VNOVAL) {
		ip->i_din.ic_atime = va->va_atime;
		ip->i_flag &= ~IN_ACCESS;
	}
	if (va->va_mtime.tv_sec != VNOVAL) {
		ip->i_din.ic_mtime = va->va_mtime;
		ip->i_flag &= ~IN_UPDATE;
	}
	if (va->va_birthtime.tv_sec != VNOVAL)
		ip->i_din.ic_crtime = va->va_birthtime;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	return 0;
}

static int
set_mode(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	mode_t mode = va->va_mode & ALLPERMS;
	int error;

	error = genfs_can_chmod(vp, cred, ip->i_uid, ip->i_gid, mode);
	if (error)
		return error;
	ip->i_mode = (uint16_t)((ip->i_mode & S_IFMT) | mode);
	ip->i_flag |= IN_CHANGE;
	return 0;
}

int
ext2fs_setattr(struct vop_setattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct vattr *va = ap->a_vap;
	struct inode *ip = VTOI(vp);
	kauth_cred_t cred = ap->a_cred;
	bool times = va->va_atime.tv_sec != VNOVAL ||
	    va->va_mtime.tv_sec != VNOVAL || va->va_birthtime.tv_sec != VNOVAL;
	int error;

	if (va->va_type != VNON && va->va_type != VNOVAL)
		return EINVAL;
	if (va->va_flags != (uint32_t)VNOVAL)
		return EOPNOTSUPP;
	if (va->va_size == VNOVAL && va->va_uid == (uint32_t)VNOVAL &&
	    va->va_gid == (uint32_t)VNOVAL && va->va_mode == (uint32_t)VNOVAL &&
	    !times)
		return 0;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if (ip->i_flags & EXT2_IMMUTABLE_FL)
		return EPERM;
	if (va->va_size != VNOVAL &&
	    (error = set_size(vp, va, cred)) != 0)
		return error;
	if ((va->va_uid != (uint32_t)VNOVAL ||
	    va->va_gid != (uint32_t)VNOVAL) &&
	    (error = set_owner(vp, va, cred)) != 0)
		return error;
	if (va->va_mode != (uint32_t)VNOVAL &&
	    (error = set_mode(vp, va, cred)) != 0)
		return error;
	if (times && (error = set_times(vp, va, cred)) != 0)
		return error;
	ip->i_flag |= IN_MODIFIED;
	return ext2fs_iupdate(ip, 0);
}
