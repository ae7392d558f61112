/*
 * stat family, access, readlink, statvfs.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include "vfs_syscalls.h"

#define AT_EMPTY_PATH	0x1000

static int
do_fstatat(int dirfd, const char *path, struct stat *sb, int flags)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if (sb == NULL || path == NULL)
		return EFAULT;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return EINVAL;
	if (path[0] == '\0' && (flags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		if ((error = fd_getvnode(dirfd, &fp)) != 0)
			return error;
		error = vn_stat(fp->f_vnode, sb);
		fd_putfile(fp);
		return error;
	}
	error = sys_lookup_vp(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &vp);
	if (error != 0)
		return error;
	error = vn_stat(vp, sb);
	vrele(vp);
	return error;
}

int
rump_sys_stat(const char *path, struct rump_stat *sb)
{

	sys_enter();
	return sys_exit(do_fstatat(AT_FDCWD, path, sb, 0));
}

int
rump_sys_lstat(const char *path, struct rump_stat *sb)
{

	sys_enter();
	return sys_exit(do_fstatat(AT_FDCWD, path, sb, AT_SYMLINK_NOFOLLOW));
}

int
rump_sys_fstatat(int dirfd, const char *path, struct rump_stat *sb,
    int flags)
{

	sys_enter();
	return sys_exit(do_fstatat(dirfd, path, sb, flags));
}

int
rump_sys_fstat(int fd, struct rump_stat *sb)
{
	struct file *fp;
	int error;

	sys_enter();
	if (sb == NULL)
		error = EFAULT;
	else if ((error = fd_getvnode(fd, &fp)) == 0) {
		error = vn_stat(fp->f_vnode, sb);
		fd_putfile(fp);
	}
	return sys_exit(error);
}

static int
do_access(int dirfd, const char *path, int mode, int flags)
{
	kauth_cred_t cred, ocred;
	struct vnode *vp;
	int vmode = 0, error;

	if (mode & ~(R_OK | W_OK | X_OK))
		return EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
		return EINVAL;
	error = sys_lookup_vp(dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW),
	    &vp);
	if (error != 0)
		return error;
	if (mode == F_OK)
		goto out;
	if (mode & R_OK)
		vmode |= VREAD;
	if (mode & W_OK)
		vmode |= VWRITE;
	if (mode & X_OK)
		vmode |= VEXEC;
	ocred = kauth_cred_get();
	if (flags & AT_EACCESS) {
		cred = ocred;
		kauth_cred_hold(cred);
	} else {
		/* access(2) checks with the real ids */
		if ((cred = kauth_cred_dup(ocred)) == NULL) {
			error = ENOMEM;
			goto out;
		}
		kauth_cred_seteuid(cred, kauth_cred_getuid(ocred));
		kauth_cred_setegid(cred, kauth_cred_getgid(ocred));
	}
	if ((error = vn_lock(vp, LK_SHARED)) == 0) {
		error = VOP_ACCESS(vp, vmode, cred);
		VOP_UNLOCK(vp);
	}
	kauth_cred_free(cred);
out:
	vrele(vp);
	return error;
}

int
rump_sys_access(const char *path, int mode)
{

	sys_enter();
	return sys_exit(do_access(AT_FDCWD, path, mode, 0));
}

int
rump_sys_faccessat(int dirfd, const char *path, int mode, int flags)
{

	sys_enter();
	return sys_exit(do_access(dirfd, path, mode, flags));
}

static int
do_readlinkat(int dirfd, const char *path, char *buf, size_t n,
    rump_ssize_t *retp)
{
	struct vnode *vp;
	struct iovec iov;
	struct uio uio;
	int error;

	if (buf == NULL)
		return EFAULT;
	if (n == 0 || n > SSIZE_MAX)
		return EINVAL;
	if ((error = sys_lookup_vp(dirfd, path, false, &vp)) != 0)
		return error;
	if (vp->v_type != VLNK) {
		vrele(vp);
		return EINVAL;
	}
	if ((error = vn_lock(vp, LK_SHARED)) == 0) {
		uio_setup_sys(&uio, &iov, buf, n, 0, UIO_READ);
		error = VOP_READLINK(vp, &uio, kauth_cred_get());
		VOP_UNLOCK(vp);
		*retp = (rump_ssize_t)(n - uio.uio_resid);
	}
	vrele(vp);
	return error;
}

rump_ssize_t
rump_sys_readlink(const char *path, char *buf, size_t n)
{
	rump_ssize_t ret = 0;
	int error;

	sys_enter();
	error = do_readlinkat(AT_FDCWD, path, buf, n, &ret);
	return sys_exit_ssize(error, ret);
}

rump_ssize_t
rump_sys_readlinkat(int dirfd, const char *path, char *buf, size_t n)
{
	rump_ssize_t ret = 0;
	int error;

	sys_enter();
	error = do_readlinkat(dirfd, path, buf, n, &ret);
	return sys_exit_ssize(error, ret);
}

int
rump_sys_statvfs(const char *path, struct rump_statvfs *sb)
{
	struct vnode *vp;
	int error;

	sys_enter();
	if (sb == NULL)
		error = EFAULT;
	else if ((error = sys_lookup_vp(AT_FDCWD, path, true, &vp)) == 0) {
		error = vn_statvfs(vp, sb);
		vrele(vp);
	}
	return sys_exit(error);
}

int
rump_sys_fstatvfs(int fd, struct rump_statvfs *sb)
{
	struct file *fp;
	int error;

	sys_enter();
	if (sb == NULL)
		error = EFAULT;
	else if ((error = fd_getvnode(fd, &fp)) == 0) {
		error = vn_statvfs(fp->f_vnode, sb);
		fd_putfile(fp);
	}
	return sys_exit(error);
}
