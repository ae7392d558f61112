/*
 * RUMP_VOP_* name operations for host callers (p2k): each enters the
 * kernel, builds the componentname, looks the name up under the parent's
 * lock where the VOP relies on a preceding lookup, and takes the locks of
 * vnode_if.h.  Vnodes handed out carry one new reference.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

#include <rump/rumpvfs.h>

static uint32_t
cn_flags(const char *name, size_t namelen)
{
	uint32_t flags = ISLASTCN;

	if (namelen == 2 && name[0] == '.' && name[1] == '.')
		flags |= ISDOTDOT;
	return flags;
}

static int
name_ok(const char *name, size_t namelen)
{

	if (name == NULL)
		return EFAULT;
	if (namelen == 0)
		return ENOENT;
	if (namelen > MAXNAMLEN)
		return ENAMETOOLONG;
	if (memchr(name, '/', namelen) != NULL)
		return EINVAL;
	return 0;
}

int
RUMP_VOP_LOOKUP(struct vnode *dvp, const char *name, size_t namelen,
    int nameiop, struct kauth_cred *cred, struct vnode **vpp)
{
	struct componentname cn;
	int error;

	rump_schedule();
	if ((error = name_ok(name, namelen)) != 0)
		goto out;
	cn_init(&cn, (uint32_t)nameiop, cn_flags(name, namelen) |
	    (nameiop == LOOKUP ? MAKEENTRY : 0), cred, name, namelen);
	*vpp = NULL;
	if ((error = vn_lock(dvp, nameiop == LOOKUP ? LK_SHARED :
	    LK_EXCLUSIVE)) != 0)
		goto out;
	error = VOP_LOOKUP(dvp, vpp, &cn);
	VOP_UNLOCK(dvp);
out:
	rump_unschedule();
	return error;
}

/*
 * The common part of create/mknod/mkdir/symlink: dvp locked exclusive,
 * a CREATE lookup that must find nothing, then the VOP.
 */
static int
vop_make(struct vnode *dvp, const char *name, size_t namelen,
    struct vattr *va, const char *target, kauth_cred_t cred,
    struct vnode **vpp)
{
	struct componentname cn;
	struct vnode *vp = NULL;
	int error;

	if ((error = name_ok(name, namelen)) != 0)
		return error;
	if (va == NULL || vpp == NULL)
		return EFAULT;
	cn_init(&cn, CREATE, cn_flags(name, namelen), cred, name, namelen);
	if ((error = vn_lock(dvp, LK_EXCLUSIVE)) != 0)
		return error;
	error = VOP_LOOKUP(dvp, &vp, &cn);
	if (error == 0) {
		vrele(vp);
		error = EEXIST;
	} else if (error == EJUSTRETURN) {
		if (target != NULL)
			error = VOP_SYMLINK(dvp, vpp, &cn, va, target);
		else if (va->va_type == VDIR)
			error = VOP_MKDIR(dvp, vpp, &cn, va);
		else if (va->va_type == VREG)
			error = VOP_CREATE(dvp, vpp, &cn, va);
		else
			error = VOP_MKNOD(dvp, vpp, &cn, va);
	}
	VOP_UNLOCK(dvp);
	return error;
}

int
RUMP_VOP_CREATE(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp)
{
	int error;

	rump_schedule();
	if (va != NULL && va->va_type == (int32_t)VNON)
		va->va_type = VREG;
	error = vop_make(dvp, name, namelen, va, NULL, cred, vpp);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_MKNOD(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp)
{
	int error;

	rump_schedule();
	error = vop_make(dvp, name, namelen, va, NULL, cred, vpp);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_MKDIR(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp)
{
	int error;

	rump_schedule();
	if (va != NULL)
		va->va_type = VDIR;
	error = vop_make(dvp, name, namelen, va, NULL, cred, vpp);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_SYMLINK(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, const char *target, struct kauth_cred *cred,
    struct vnode **vpp)
{
	int error;

	rump_schedule();
	if (target == NULL)
		error = EFAULT;
	else if (strnlen(target, MAXPATHLEN) >= MAXPATHLEN)
		error = ENAMETOOLONG;
	else {
		if (va != NULL)
			va->va_type = VLNK;
		error = vop_make(dvp, name, namelen, va, target, cred, vpp);
	}
	rump_unschedule();
	return error;
}

/* DELETE lookup, then VOP_REMOVE or VOP_RMDIR with both locked */
static int
vop_unlink(struct vnode *dvp, const char *name, size_t namelen,
    kauth_cred_t cred, bool isdir)
{
	struct componentname cn;
	struct vnode *vp = NULL;
	int error;

	if ((error = name_ok(name, namelen)) != 0)
		return error;
	cn_init(&cn, DELETE, cn_flags(name, namelen), cred, name, namelen);
	if (isdir && (cn.cn_flags & ISDOTDOT))
		return ENOTEMPTY;
	if (namelen == 1 && name[0] == '.')
		return isdir ? EINVAL : EISDIR;
	if ((error = vn_lock(dvp, LK_EXCLUSIVE)) != 0)
		return error;
	if ((error = VOP_LOOKUP(dvp, &vp, &cn)) != 0)
		goto out;
	if (isdir && vp->v_type != VDIR)
		error = ENOTDIR;
	else if (!isdir && vp->v_type == VDIR)
		error = EISDIR;
	else if (isdir && ((vp->v_vflag & VV_ROOT) || vp->v_mountedhere))
		error = EBUSY;
	else {
		vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
		if (isdir)
			error = VOP_RMDIR(dvp, vp, &cn);
		else
			error = VOP_REMOVE(dvp, vp, &cn);
		VOP_UNLOCK(vp);
	}
	vrele(vp);
out:
	VOP_UNLOCK(dvp);
	return error;
}

int
RUMP_VOP_REMOVE(struct vnode *dvp, const char *name, size_t namelen,
    struct kauth_cred *cred)
{
	int error;

	rump_schedule();
	error = vop_unlink(dvp, name, namelen, cred, false);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_RMDIR(struct vnode *dvp, const char *name, size_t namelen,
    struct kauth_cred *cred)
{
	int error;

	rump_schedule();
	error = vop_unlink(dvp, name, namelen, cred, true);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_LINK(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t namelen, struct kauth_cred *cred)
{
	struct componentname cn;
	struct vnode *xvp = NULL;
	int error;

	rump_schedule();
	if ((error = name_ok(name, namelen)) != 0)
		goto out;
	if (vp->v_type == VDIR) {
		error = EPERM;
		goto out;
	}
	if (vp->v_mount != dvp->v_mount) {
		error = EXDEV;
		goto out;
	}
	cn_init(&cn, CREATE, cn_flags(name, namelen), cred, name, namelen);
	if ((error = vn_lock(dvp, LK_EXCLUSIVE)) != 0)
		goto out;
	error = VOP_LOOKUP(dvp, &xvp, &cn);
	if (error == 0) {
		vrele(xvp);
		error = EEXIST;
	} else if (error == EJUSTRETURN)
		error = VOP_LINK(dvp, vp, &cn);
	VOP_UNLOCK(dvp);
out:
	rump_unschedule();
	return error;
}

int
RUMP_VOP_RENAME(struct vnode *fdvp, const char *fname, size_t fnamelen,
    struct vnode *tdvp, const char *tname, size_t tnamelen,
    unsigned int flags, struct kauth_cred *cred)
{
	struct componentname fcn, tcn;
	struct mount *mp;
	int error;

	rump_schedule();
	if ((error = name_ok(fname, fnamelen)) != 0 ||
	    (error = name_ok(tname, tnamelen)) != 0)
		goto out;
	cn_init(&fcn, DELETE, cn_flags(fname, fnamelen), cred, fname,
	    fnamelen);
	cn_init(&tcn, RENAME, cn_flags(tname, tnamelen), cred, tname,
	    tnamelen);
	if (sys_isdotname(&fcn, true) || sys_isdotname(&tcn, true)) {
		error = EINVAL;
		goto out;
	}
	mp = fdvp->v_mount;
	if (mp == NULL || mp != tdvp->v_mount) {
		error = mp == NULL ? ENOENT : EXDEV;
		goto out;
	}
	if ((error = vfs_busy(mp)) != 0)
		goto out;
	mutex_enter(&mp->mnt_renamelock);
	error = VOP_RENAME(fdvp, &fcn, tdvp, &tcn, flags);
	mutex_exit(&mp->mnt_renamelock);
	vfs_unbusy(mp);
out:
	rump_unschedule();
	return error;
}
