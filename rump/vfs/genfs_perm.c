/*
 * Generic permission checks for file systems' VOPs: POSIX owner, group
 * and other bits, the superuser's bypass, and who may change what.
 */
#include <sys/types.h>
#include <sys/stat.h>

#include "vfs_impl.h"

int
genfs_can_access(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, mode_t file_mode, int acc_mode)
{
	mode_t mask = 0;

	if ((acc_mode & VAPPEND) != 0)
		acc_mode |= VWRITE;
	if (kauth_cred_issuser(cred)) {
		/* even root executes only what someone may execute */
		if ((acc_mode & VEXEC) != 0 && vp->v_type != VDIR &&
		    (file_mode & (S_IXUSR | S_IXGRP | S_IXOTH)) == 0)
			return EACCES;
		return 0;
	}
	if (kauth_cred_geteuid(cred) == owner) {
		if (acc_mode & VEXEC)
			mask |= S_IXUSR;
		if (acc_mode & VREAD)
			mask |= S_IRUSR;
		if (acc_mode & VWRITE)
			mask |= S_IWUSR;
	} else {
		if ((acc_mode & VADMIN) != 0)
			return EPERM;
		if (kauth_cred_ismember_gid(cred, group)) {
			if (acc_mode & VEXEC)
				mask |= S_IXGRP;
			if (acc_mode & VREAD)
				mask |= S_IRGRP;
			if (acc_mode & VWRITE)
				mask |= S_IWGRP;
		} else {
			if (acc_mode & VEXEC)
				mask |= S_IXOTH;
			if (acc_mode & VREAD)
				mask |= S_IROTH;
			if (acc_mode & VWRITE)
				mask |= S_IWOTH;
		}
	}
	return (file_mode & mask) == mask ? 0 : EACCES;
}

int
genfs_can_chmod(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, mode_t new_mode)
{

	if (kauth_cred_issuser(cred))
		return 0;
	if (kauth_cred_geteuid(cred) != owner)
		return EPERM;
	/* setgid only to a group the owner is in */
	if ((new_mode & S_ISGID) != 0 && !kauth_cred_ismember_gid(cred, group))
		return EPERM;
	return 0;
}

int
genfs_can_chown(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, uid_t new_uid, gid_t new_gid)
{

	if (kauth_cred_issuser(cred))
		return 0;
	if (kauth_cred_geteuid(cred) != owner)
		return EPERM;
	/* the owner keeps the file and may only pick one of his groups */
	if (new_uid != (uid_t)VNOVAL && new_uid != owner)
		return EPERM;
	if (new_gid != (gid_t)VNOVAL && new_gid != group &&
	    !kauth_cred_ismember_gid(cred, new_gid))
		return EPERM;
	return 0;
}

int
genfs_can_chtimes(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    unsigned int vaflags)
{

	if (kauth_cred_issuser(cred) || kauth_cred_geteuid(cred) == owner)
		return 0;
	/* utimes(NULL): "now" is allowed to whoever may write the file */
	if ((vaflags & VA_UTIMES_NULL) != 0)
		return VOP_ACCESS(vp, VWRITE, cred) == 0 ? 0 : EACCES;
	return EPERM;
}

int
genfs_can_chflags(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    bool changing_sysflags)
{

	if (kauth_cred_issuser(cred))
		return 0;
	if (changing_sysflags || kauth_cred_geteuid(cred) != owner)
		return EPERM;
	return 0;
}

/* call when dvp has S_ISVTX: only root and the owners may remove */
int
genfs_can_sticky(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred,
    uid_t dir_owner, uid_t file_owner)
{
	uid_t uid;

	if (kauth_cred_issuser(cred))
		return 0;
	uid = kauth_cred_geteuid(cred);
	return uid == dir_owner || uid == file_owner ? 0 : EPERM;
}

int
genfs_writable(struct vnode *vp)
{
	struct mount *mp = vp->v_mount;

	if (mp != NULL && (mp->mnt_flag & MNT_RDONLY) != 0)
		return EROFS;
	return 0;
}
