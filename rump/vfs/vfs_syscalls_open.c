/*
 * open, openat, close, dup, dup2.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

/*
 * The checks and the VOP_OPEN of an open(2) on vp, locked exclusive.
 * fmode is FFLAGS(): FREAD/FWRITE plus the O_* flags.
 */
int
vn_open_vnode(struct vnode *vp, int fmode, bool created)
{
	kauth_cred_t cred = kauth_cred_get();
	struct vattr va;
	int error;

	if (vp->v_type == VLNK)
		return ELOOP;		/* O_NOFOLLOW met a symlink */
	if (vp->v_type == VSOCK)
		return ENXIO;
	if ((fmode & O_DIRECTORY) && vp->v_type != VDIR)
		return ENOTDIR;
	if (!created) {
		if ((fmode & (FWRITE | O_TRUNC)) && vp->v_type == VDIR)
			return EISDIR;
		if ((fmode & FREAD) &&
		    (error = VOP_ACCESS(vp, VREAD, cred)) != 0)
			return error;
		if ((fmode & (FWRITE | O_TRUNC)) &&
		    (error = VOP_ACCESS(vp, VWRITE, cred)) != 0)
			return error;
		if ((fmode & (FWRITE | O_TRUNC)) && (vp->v_type == VREG ||
		    vp->v_type == VDIR || vp->v_type == VLNK) &&
		    (error = genfs_writable(vp)) != 0)
			return error;
		if ((fmode & O_TRUNC) && vp->v_type == VREG) {
			vattr_null(&va);
			va.va_size = 0;
			if ((error = VOP_SETATTR(vp, &va, cred)) != 0)
				return error;
		}
	}
	if ((error = VOP_OPEN(vp, fmode, cred)) != 0)
		return error;
	if (fmode & FWRITE) {
		mutex_enter(vp->v_interlock);
		vp->v_writecount++;
		mutex_exit(vp->v_interlock);
	}
	return 0;
}

/* create the last component of nd (LOCKPARENT, absent) */
static int
vn_open_create(struct nameidata *nd, int fmode, mode_t cmode,
    struct vnode **vpp)
{
	struct vattr va;
	int error;

	vattr_null(&va);
	va.va_type = VREG;
	va.va_mode = cmode & ~cwdinfo_getumask() & ALLPERMS;
	if (fmode & O_EXCL)
		va.va_vaflags |= VA_EXCLUSIVE;
	error = VOP_CREATE(nd->ni_dvp, vpp, &nd->ni_cnd, &va);
	sys_release_parent(nd);
	return error;
}

int
vn_open_at(int dirfd, const char *path, int fmode, mode_t cmode,
    struct vnode **vpp)
{
	struct nameidata nd;
	struct file *dfp;
	struct vnode *vp;
	uint32_t flags;
	bool created = false;
	int error;

	flags = (fmode & (O_NOFOLLOW | O_EXCL)) ? NOFOLLOW : FOLLOW;
	if (fmode & O_CREAT) {
		error = sys_namei_at(dirfd, path, CREATE, flags | LOCKPARENT,
		    &nd, &dfp);
		if (error != 0)
			return error;
		vp = nd.ni_vp;
		if (vp == NULL && (nd.ni_cnd.cn_flags & REQUIREDIR)) {
			/* "name/" can only be a directory */
			sys_release_parent(&nd);
			error = EISDIR;
		} else if (vp == NULL) {
			error = vn_open_create(&nd, fmode, cmode, &vp);
			created = true;
		} else {
			sys_release_parent(&nd);
			if (fmode & O_EXCL)
				error = EEXIST;
			else if (vp->v_type == VDIR)
				error = EISDIR;
			if (error != 0)
				vrele(vp);
		}
		sys_namei_done(&nd, dfp);
		if (error != 0)
			return error;
	} else {
		error = sys_lookup_vp(dirfd, path, !(fmode & O_NOFOLLOW), &vp);
		if (error != 0)
			return error;
	}
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) != 0) {
		vrele(vp);
		return error;
	}
	error = vn_open_vnode(vp, fmode, created);
	VOP_UNLOCK(vp);
	if (error != 0) {
		vrele(vp);
		return error;
	}
	*vpp = vp;
	return 0;
}

/* wrap an opened vnode (its reference consumed) in a descriptor */
int
sys_open_vnode_fd(struct vnode *vp, int fmode, int *fdp)
{
	struct file *fp;
	int error;

	fp = file_alloc(vp, fmode & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC |
	    O_NOCTTY | O_NOFOLLOW), kauth_cred_get());
	if (fp == NULL) {
		vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
		(void)VOP_CLOSE(vp, fmode, kauth_cred_get());
		if (fmode & FWRITE) {
			mutex_enter(vp->v_interlock);
			vp->v_writecount--;
			mutex_exit(vp->v_interlock);
		}
		vput(vp);
		return ENOMEM;
	}
	if (fmode & FWRITE)
		fp->f_flag |= FWRITECOUNT;
	error = fd_install(fp, 0, (fmode & O_CLOEXEC) != 0, fdp);
	if (error != 0)
		fd_putfile(fp);
	return error;
}

static int
do_open(int dirfd, const char *path, int flags, mode_t cmode, int *fdp)
{
	struct vnode *vp;
	int fmode, error;

	if ((flags & O_ACCMODE) == O_ACCMODE)
		return EINVAL;
	if (path == NULL)
		return EFAULT;
	fmode = FFLAGS(flags);
	if ((error = vn_open_at(dirfd, path, fmode, cmode, &vp)) != 0)
		return error;
	return sys_open_vnode_fd(vp, fmode, fdp);
}

int
rump_sys_openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t cmode = 0;
	int fd = -1, error;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		cmode = va_arg(ap, unsigned int);
		va_end(ap);
	}
	sys_enter();
	error = do_open(dirfd, path, flags, cmode, &fd);
	return sys_exit(error) == 0 ? fd : -1;
}

int
rump_sys_open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t cmode = 0;
	int fd = -1, error;

	if (flags & O_CREAT) {
		va_start(ap, flags);
		cmode = va_arg(ap, unsigned int);
		va_end(ap);
	}
	sys_enter();
	error = do_open(AT_FDCWD, path, flags, cmode, &fd);
	return sys_exit(error) == 0 ? fd : -1;
}

int
rump_sys_close(int fd)
{

	sys_enter();
	return sys_exit(fd_close(fd));
}

int
rump_sys_dup(int fd)
{
	struct file *fp;
	int nfd = -1, error;

	sys_enter();
	if ((fp = fd_getfile(fd)) == NULL)
		error = EBADF;
	else if ((error = fd_install(fp, 0, false, &nfd)) != 0)
		fd_putfile(fp);
	return sys_exit(error) == 0 ? nfd : -1;
}

int
rump_sys_dup2(int fd, int newfd)
{
	int error;

	sys_enter();
	error = fd_dup2(fd, newfd, false);
	return sys_exit(error) == 0 ? newfd : -1;
}
