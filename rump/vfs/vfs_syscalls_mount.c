/*
 * mount, unmount and file handles.
 *
 * A handle given out by getfh is the mount's fsid (8 bytes) followed by
 * the file system's own fid, so that fhopen can find the mount again.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

#define FH_FSIDLEN	8
#define FH_LKNONE	0	/* vfs_fhtovp: return the vnode unlocked */

int
rump_sys_mount(const char *type, const char *path, int flags, void *data,
    size_t datalen)
{
	int error;

	sys_enter();
	if (type == NULL || path == NULL)
		error = EFAULT;
	else
		error = do_sys_mount(curlwp, type, path, flags, data, datalen);
	return sys_exit(error);
}

int
rump_sys_unmount(const char *path, int flags)
{
	int error;

	sys_enter();
	if (path == NULL)
		error = EFAULT;
	else
		error = do_sys_unmount(curlwp, path, flags);
	return sys_exit(error);
}

/* the file system's handle of vp (referenced) */
int
vn_vptofh(struct vnode *vp, struct fid *fh)
{
	struct mount *mp = vp->v_mount;
	size_t size = sizeof(fh->fid_data);
	int error;

	if (mp == NULL)
		return EBADF;
	if (mp->mnt_op->vfs_vptofh == NULL)
		return EOPNOTSUPP;
	memset(fh, 0, sizeof(*fh));
	error = mp->mnt_op->vfs_vptofh(vp, fh, &size);
	if (error == 0 && fh->fid_len == 0)
		fh->fid_len = (uint16_t)size;
	if (error == 0 && fh->fid_len > sizeof(fh->fid_data))
		error = E2BIG;
	return error;
}

/* the vnode of the file system's handle fh on mp: referenced, unlocked */
int
vn_fhtovp(struct mount *mp, const struct fid *fh, struct vnode **vpp)
{
	struct fid fid;
	int error;

	if (mp->mnt_op->vfs_fhtovp == NULL)
		return EOPNOTSUPP;
	if (fh->fid_len > sizeof(fh->fid_data))
		return EINVAL;
	fid = *fh;
	if ((error = vfs_busy(mp)) != 0)
		return ESTALE;
	error = mp->mnt_op->vfs_fhtovp(mp, &fid, FH_LKNONE, vpp);
	vfs_unbusy(mp);
	return error;
}

static int
do_getfh(const char *path, struct fid *ufh)
{
	struct vnode *vp;
	struct fid fh;
	uint64_t fsid;
	int error;

	if (ufh == NULL)
		return EFAULT;
	if (!kauth_cred_issuser(kauth_cred_get()))
		return EPERM;
	if ((error = sys_lookup_vp(AT_FDCWD, path, true, &vp)) != 0)
		return error;
	error = vn_vptofh(vp, &fh);
	if (error == 0 && fh.fid_len > sizeof(fh.fid_data) - FH_FSIDLEN)
		error = E2BIG;
	if (error == 0) {
		fsid = vp->v_mount->mnt_stat.f_fsid;
		memset(ufh, 0, sizeof(*ufh));
		memcpy(ufh->fid_data, &fsid, FH_FSIDLEN);
		memcpy(ufh->fid_data + FH_FSIDLEN, fh.fid_data, fh.fid_len);
		ufh->fid_len = fh.fid_len + FH_FSIDLEN;
	}
	vrele(vp);
	return error;
}

static int
fh_getvp(const struct fid *ufh, struct vnode **vpp)
{
	struct mount *mp;
	struct fid fh;
	uint64_t fsid;

	if (ufh == NULL)
		return EFAULT;
	if (!kauth_cred_issuser(kauth_cred_get()))
		return EPERM;
	if (ufh->fid_len < FH_FSIDLEN || ufh->fid_len > sizeof(ufh->fid_data))
		return EINVAL;
	memcpy(&fsid, ufh->fid_data, FH_FSIDLEN);
	if ((mp = vfs_getvfs(fsid)) == NULL)
		return ESTALE;
	memset(&fh, 0, sizeof(fh));
	fh.fid_len = ufh->fid_len - FH_FSIDLEN;
	memcpy(fh.fid_data, ufh->fid_data + FH_FSIDLEN, fh.fid_len);
	return vn_fhtovp(mp, &fh, vpp);
}

int
rump_sys_getfh(const char *path, struct rump_fid *fh)
{

	sys_enter();
	return sys_exit(do_getfh(path, fh));
}

static int
do_fhopen(const struct fid *fh, int flags, int *fdp)
{
	struct vnode *vp;
	int fmode, error;

	if ((flags & O_ACCMODE) == O_ACCMODE || (flags & O_CREAT))
		return EINVAL;
	if ((error = fh_getvp(fh, &vp)) != 0)
		return error;
	fmode = FFLAGS(flags);
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) != 0) {
		vrele(vp);
		return ESTALE;
	}
	error = vn_open_vnode(vp, fmode, false);
	VOP_UNLOCK(vp);
	if (error != 0) {
		vrele(vp);
		return error;
	}
	return sys_open_vnode_fd(vp, fmode, fdp);
}

int
rump_sys_fhopen(const struct rump_fid *fh, int flags)
{
	int fd = -1, error;

	sys_enter();
	error = do_fhopen(fh, flags, &fd);
	return sys_exit(error) == 0 ? fd : -1;
}

int
rump_sys_fhstat(const struct rump_fid *fh, struct rump_stat *sb)
{
	struct vnode *vp;
	int error;

	sys_enter();
	if (sb == NULL)
		error = EFAULT;
	else if ((error = fh_getvp(fh, &vp)) == 0) {
		error = vn_stat(vp, sb);
		vrele(vp);
	}
	return sys_exit(error);
}
