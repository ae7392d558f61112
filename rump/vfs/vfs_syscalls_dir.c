/*
 * Name space calls: mkdir, mknod, mkfifo, symlink, link, unlink, rmdir,
 * getdents.  (rename has its own file.)
 */
#include <sys/types.h>
#include <sys/uio.h>

#include "vfs_syscalls.h"

/* make the last component of path: a directory, node or symlink */
static int
do_create(int dirfd, const char *path, struct vattr *va, const char *target)
{
	struct nameidata nd;
	struct file *dfp;
	struct vnode *vp = NULL;
	int error;

	error = sys_namei_at(dirfd, path, CREATE, LOCKPARENT | NOFOLLOW, &nd,
	    &dfp);
	if (error != 0)
		return error;
	if (nd.ni_vp != NULL) {
		sys_release_parent(&nd);
		vrele(nd.ni_vp);
		sys_namei_done(&nd, dfp);
		return EEXIST;
	}
	if (va->va_type != VDIR && (nd.ni_cnd.cn_flags & REQUIREDIR)) {
		/* "name/" can only be a directory */
		sys_release_parent(&nd);
		sys_namei_done(&nd, dfp);
		return ENOTDIR;
	}
	va->va_mode &= ~cwdinfo_getumask() & ALLPERMS;
	switch (va->va_type) {
	case VDIR:
		error = VOP_MKDIR(nd.ni_dvp, &vp, &nd.ni_cnd, va);
		break;
	case VLNK:
		error = VOP_SYMLINK(nd.ni_dvp, &vp, &nd.ni_cnd, va, target);
		break;
	case VREG:
		error = VOP_CREATE(nd.ni_dvp, &vp, &nd.ni_cnd, va);
		break;
	default:
		error = VOP_MKNOD(nd.ni_dvp, &vp, &nd.ni_cnd, va);
		break;
	}
	sys_release_parent(&nd);
	if (error == 0 && vp != NULL)
		vrele(vp);
	sys_namei_done(&nd, dfp);
	return error;
}

static int
do_mkdirat(int dirfd, const char *path, mode_t mode)
{
	struct vattr va;

	vattr_null(&va);
	va.va_type = VDIR;
	va.va_mode = mode & ALLPERMS;
	return do_create(dirfd, path, &va, NULL);
}

int
rump_sys_mkdir(const char *path, uint32_t mode)
{

	sys_enter();
	return sys_exit(do_mkdirat(AT_FDCWD, path, mode));
}

int
rump_sys_mkdirat(int dirfd, const char *path, uint32_t mode)
{

	sys_enter();
	return sys_exit(do_mkdirat(dirfd, path, mode));
}

static int
do_mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	struct vattr va;

	vattr_null(&va);
	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
		va.va_type = VREG;
		break;
	case S_IFIFO:
		va.va_type = VFIFO;
		break;
	case S_IFSOCK:
		va.va_type = VSOCK;
		break;
	case S_IFCHR:
	case S_IFBLK:
		if (!kauth_cred_issuser(kauth_cred_get()))
			return EPERM;
		va.va_type = S_ISCHR(mode) ? VCHR : VBLK;
		va.va_rdev = dev;
		break;
	case S_IFDIR:
		return EPERM;
	default:
		return EINVAL;
	}
	va.va_mode = mode & ALLPERMS;
	return do_create(dirfd, path, &va, NULL);
}

int
rump_sys_mknod(const char *path, uint32_t mode, uint64_t dev)
{

	sys_enter();
	return sys_exit(do_mknodat(AT_FDCWD, path, mode, dev));
}

int
rump_sys_mknodat(int dirfd, const char *path, uint32_t mode, uint64_t dev)
{

	sys_enter();
	return sys_exit(do_mknodat(dirfd, path, mode, dev));
}

int
rump_sys_mkfifo(const char *path, uint32_t mode)
{

	sys_enter();
	return sys_exit(do_mknodat(AT_FDCWD, path,
	    S_IFIFO | (mode & ALLPERMS), 0));
}

static int
do_symlinkat(const char *target, int dirfd, const char *path)
{
	struct vattr va;

	if (target == NULL)
		return EFAULT;
	if (strnlen(target, MAXPATHLEN) >= MAXPATHLEN)
		return ENAMETOOLONG;
	vattr_null(&va);
	va.va_type = VLNK;
	va.va_mode = ACCESSPERMS;
	return do_create(dirfd, path, &va, target);
}

int
rump_sys_symlink(const char *target, const char *path)
{

	sys_enter();
	return sys_exit(do_symlinkat(target, AT_FDCWD, path));
}

int
rump_sys_symlinkat(const char *target, int dirfd, const char *path)
{

	sys_enter();
	return sys_exit(do_symlinkat(target, dirfd, path));
}

static int
do_linkat(int fromfd, const char *from, int tofd, const char *to, int flags)
{
	struct nameidata nd;
	struct file *dfp;
	struct vnode *vp;
	int error;

	if (flags & ~AT_SYMLINK_FOLLOW)
		return EINVAL;
	error = sys_lookup_vp(fromfd, from, (flags & AT_SYMLINK_FOLLOW) != 0,
	    &vp);
	if (error != 0)
		return error;
	if (vp->v_type == VDIR) {
		vrele(vp);
		return EPERM;
	}
	error = sys_namei_at(tofd, to, CREATE, LOCKPARENT | NOFOLLOW, &nd,
	    &dfp);
	if (error != 0) {
		vrele(vp);
		return error;
	}
	if (nd.ni_vp != NULL) {
		sys_release_parent(&nd);
		vrele(nd.ni_vp);
		error = EEXIST;
	} else if (nd.ni_dvp->v_mount != vp->v_mount) {
		sys_release_parent(&nd);
		error = EXDEV;
	} else {
		error = VOP_LINK(nd.ni_dvp, vp, &nd.ni_cnd);
		sys_release_parent(&nd);
	}
	sys_namei_done(&nd, dfp);
	vrele(vp);
	return error;
}

int
rump_sys_link(const char *from, const char *to)
{

	sys_enter();
	return sys_exit(do_linkat(AT_FDCWD, from, AT_FDCWD, to, 0));
}

int
rump_sys_linkat(int fromfd, const char *from, int tofd, const char *to,
    int flags)
{

	sys_enter();
	return sys_exit(do_linkat(fromfd, from, tofd, to, flags));
}

/* checks before removing vp (referenced) from nd's directory */
static int
remove_check(struct nameidata *nd, struct vnode *vp, bool isdir)
{

	if (!isdir)
		return vp->v_type == VDIR ? EISDIR : 0;
	if (sys_isdotname(&nd->ni_cnd, false))
		return EINVAL;
	if (sys_isdotname(&nd->ni_cnd, true))
		return ENOTEMPTY;
	if (vp->v_type != VDIR)
		return ENOTDIR;
	if ((vp->v_vflag & VV_ROOT) || vp->v_mountedhere != NULL)
		return EBUSY;
	return 0;
}

static int
do_remove(int dirfd, const char *path, bool isdir)
{
	struct nameidata nd;
	struct file *dfp;
	struct vnode *vp, *dvp;
	int error;

	error = sys_namei_at(dirfd, path, DELETE, LOCKPARENT | NOFOLLOW, &nd,
	    &dfp);
	if (error != 0)
		return error;
	vp = nd.ni_vp;
	dvp = nd.ni_dvp;
	if (vp == NULL)
		error = ENOENT;
	else if ((error = remove_check(&nd, vp, isdir)) == 0 && vp != dvp) {
		vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
		if (isdir)
			error = VOP_RMDIR(dvp, vp, &nd.ni_cnd);
		else
			error = VOP_REMOVE(dvp, vp, &nd.ni_cnd);
		VOP_UNLOCK(vp);
	} else if (error == 0)
		error = EINVAL;
	sys_release_parent(&nd);
	if (vp != NULL)
		vrele(vp);
	sys_namei_done(&nd, dfp);
	return error;
}

int
rump_sys_rmdir(const char *path)
{

	sys_enter();
	return sys_exit(do_remove(AT_FDCWD, path, true));
}

int
rump_sys_unlink(const char *path)
{

	sys_enter();
	return sys_exit(do_remove(AT_FDCWD, path, false));
}

int
rump_sys_unlinkat(int dirfd, const char *path, int flags)
{
	int error;

	sys_enter();
	if (flags & ~AT_REMOVEDIR)
		error = EINVAL;
	else
		error = do_remove(dirfd, path, (flags & AT_REMOVEDIR) != 0);
	return sys_exit(error);
}

static int
do_getdents(int fd, void *buf, size_t n, rump_ssize_t *retp)
{
	struct file *fp;
	struct vnode *vp;
	struct iovec iov;
	struct uio uio;
	int error, eof = 0;

	if (buf == NULL)
		return EFAULT;
	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	vp = fp->f_vnode;
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if ((fp->f_flag & FREAD) == 0)
		error = EBADF;
	else if (n < RUMP_DIRENT_RECLEN(RUMP_MAXNAMLEN))
		error = EINVAL;
	else if ((error = vn_lock(vp, LK_SHARED)) == 0) {
		mutex_enter(&fp->f_lock);
		uio_setup_sys(&uio, &iov, buf, n, fp->f_offset, UIO_READ);
		mutex_exit(&fp->f_lock);
		error = VOP_READDIR(vp, &uio, fp->f_cred, &eof);
		VOP_UNLOCK(vp);
		if (error == 0) {
			mutex_enter(&fp->f_lock);
			fp->f_offset = uio.uio_offset;
			mutex_exit(&fp->f_lock);
			*retp = (rump_ssize_t)(n - uio.uio_resid);
		}
	} else
		error = EBADF;
	fd_putfile(fp);
	return error;
}

rump_ssize_t
rump_sys_getdents(int fd, void *buf, size_t n)
{
	rump_ssize_t ret = 0;
	int error;

	sys_enter();
	error = do_getdents(fd, buf, n, &ret);
	return sys_exit_ssize(error, ret);
}
