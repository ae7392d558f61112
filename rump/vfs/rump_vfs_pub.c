/*
 * rumpvfs.h entry points besides the VOPs: credentials, vnode references,
 * path lookup and mount-level calls for host programs.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

#include <rump/rumpvfs.h>

#define PUB_LKNONE	0	/* vfs_root/fhtovp: return it unlocked */

struct kauth_cred *
rump_pub_cred_create(uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups)
{
	kauth_cred_t cred;

	rump_schedule();
	if (ngroups < 0 || ngroups > NGROUPS || (ngroups > 0 && !groups))
		cred = NULL;
	else
		cred = kauth_cred_create(uid, gid, ngroups, groups);
	rump_unschedule();
	return cred;
}

void
rump_pub_cred_put(struct kauth_cred *cred)
{

	if (cred == NULL || cred == NOCRED || cred == FSCRED)
		return;
	rump_schedule();
	kauth_cred_free(cred);
	rump_unschedule();
}

void
rump_pub_vp_incref(struct vnode *vp)
{

	rump_schedule();
	vref(vp);
	rump_unschedule();
}

void
rump_pub_vp_rele(struct vnode *vp)
{

	rump_schedule();
	vrele(vp);
	rump_unschedule();
}

int
rump_pub_vp_gettype(struct vnode *vp)
{

	return (int)vp->v_type;
}

uint64_t
rump_pub_vp_getgen(struct vnode *vp)
{

	return vp->v_gen;
}

int
rump_pub_namei(const char *path, int nofollow, struct vnode **vpp)
{
	int error;

	rump_schedule();
	if (vpp == NULL)
		error = EFAULT;
	else
		error = sys_lookup_vp(AT_FDCWD, path, !nofollow, vpp);
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_getmp(const char *path, struct mount **mpp)
{
	struct vnode *vp;
	int error;

	rump_schedule();
	if ((error = sys_lookup_vp(AT_FDCWD, path, true, &vp)) == 0) {
		*mpp = vp->v_mount;
		if (*mpp == NULL)
			error = ENOENT;
		vrele(vp);
	}
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_root(struct mount *mp, struct vnode **vpp)
{
	int error;

	rump_schedule();
	error = VFS_ROOT(mp, PUB_LKNONE, vpp);
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_statvfs(struct mount *mp, struct rump_statvfs *sb)
{
	struct vnode *vp;
	int error;

	rump_schedule();
	if ((error = VFS_ROOT(mp, PUB_LKNONE, &vp)) == 0) {
		error = vn_statvfs(vp, sb);
		vrele(vp);
	}
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_sync(struct mount *mp, int wait)
{
	int error;

	rump_schedule();
	if ((error = vfs_busy(mp)) == 0) {
		error = VFS_SYNC(mp, wait ? MNT_WAIT : MNT_NOWAIT, FSCRED);
		vfs_unbusy(mp);
	}
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_vptofh(struct vnode *vp, struct rump_fid *fh)
{
	int error;

	rump_schedule();
	error = vn_vptofh(vp, fh);
	rump_unschedule();
	return error;
}

int
rump_pub_vfs_fhtovp(struct mount *mp, const struct rump_fid *fh,
    struct vnode **vpp)
{
	int error;

	rump_schedule();
	error = vn_fhtovp(mp, fh, vpp);
	rump_unschedule();
	return error;
}

unsigned int
rump_pub_vfs_maxvnodes(void)
{

	return vcache_getmax();
}

int
rump_pub_vfs_getflags(struct mount *mp)
{

	return mp->mnt_flag;
}

void
rump_pub_vattr_null(struct rump_vattr *va)
{

	vattr_null(va);
}
