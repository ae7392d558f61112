/*
 * RUMP_VOP_* on one vnode: attributes, open/close, I/O, directories,
 * links, locks and extended attributes.  Shared lock for the reading
 * operations, exclusive for the rest, none for advlock.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include "vfs_syscalls.h"

#include <rump/rumpvfs.h>

/* lock vp for one VOP; a dead vnode answers EBADF */
static int
vop_enter(struct vnode *vp, int lk)
{

	rump_schedule();
	if (vn_lock(vp, lk) != 0) {
		rump_unschedule();
		return EBADF;
	}
	return 0;
}

static int
vop_leave(struct vnode *vp, int error)
{

	VOP_UNLOCK(vp);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_GETATTR(struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	vattr_null(va);
	return vop_leave(vp, VOP_GETATTR(vp, va, cred));
}

int
RUMP_VOP_SETATTR(struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_SETATTR(vp, va, cred));
}

int
RUMP_VOP_ACCESS(struct vnode *vp, int mode, struct kauth_cred *cred)
{
	int vmode = 0, error;

	if (mode & ~(R_OK | W_OK | X_OK))
		return EINVAL;
	if (mode & R_OK)
		vmode |= VREAD;
	if (mode & W_OK)
		vmode |= VWRITE;
	if (mode & X_OK)
		vmode |= VEXEC;
	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	if (vmode == 0)
		return vop_leave(vp, 0);
	return vop_leave(vp, VOP_ACCESS(vp, vmode, cred));
}

int
RUMP_VOP_PATHCONF(struct vnode *vp, int name, long *retval)
{
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	return vop_leave(vp, VOP_PATHCONF(vp, name, retval));
}

int
RUMP_VOP_OPEN(struct vnode *vp, int flags, struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_OPEN(vp, FFLAGS(flags), cred));
}

int
RUMP_VOP_CLOSE(struct vnode *vp, int flags, struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_CLOSE(vp, FFLAGS(flags), cred));
}

int
RUMP_VOP_READ(struct vnode *vp, void *buf, size_t len, int64_t off,
    size_t *resid, int ioflag, struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if (off < 0)
		return EINVAL;
	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	uio_setup_sys(&uio, &iov, buf, len, off, UIO_READ);
	error = VOP_READ(vp, &uio, ioflag, cred);
	if (resid != NULL)
		*resid = uio.uio_resid;
	return vop_leave(vp, error);
}

int
RUMP_VOP_WRITE(struct vnode *vp, const void *buf, size_t len, int64_t off,
    size_t *resid, int ioflag, struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if (off < 0)
		return EINVAL;
	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	uio_setup_sys(&uio, &iov, (void *)(uintptr_t)buf, len, off,
	    UIO_WRITE);
	error = VOP_WRITE(vp, &uio, ioflag, cred);
	if (resid != NULL)
		*resid = uio.uio_resid;
	return vop_leave(vp, error);
}

int
RUMP_VOP_FSYNC(struct vnode *vp, int datasync, struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	error = VOP_FSYNC(vp, cred, FSYNC_WAIT |
	    (datasync ? FSYNC_DATAONLY : 0), 0, 0);
	return vop_leave(vp, error == EOPNOTSUPP ? 0 : error);
}

int
RUMP_VOP_FALLOCATE(struct vnode *vp, int64_t off, int64_t len)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_FALLOCATE(vp, off, len));
}

int
RUMP_VOP_FDISCARD(struct vnode *vp, int64_t off, int64_t len)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_FDISCARD(vp, off, len));
}

int
RUMP_VOP_SEEKHOLE(struct vnode *vp, int whence, int64_t *offp)
{
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	return vop_leave(vp, VOP_SEEKHOLE(vp, whence, offp));
}

int
RUMP_VOP_READLINK(struct vnode *vp, char *buf, size_t len, size_t *resid,
    struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	uio_setup_sys(&uio, &iov, buf, len, 0, UIO_READ);
	error = VOP_READLINK(vp, &uio, cred);
	if (resid != NULL)
		*resid = uio.uio_resid;
	return vop_leave(vp, error);
}

int
RUMP_VOP_READDIR(struct vnode *vp, void *buf, size_t len, int64_t *offp,
    size_t *resid, int *eof, struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error, eofflag = 0;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	uio_setup_sys(&uio, &iov, buf, len, *offp, UIO_READ);
	error = VOP_READDIR(vp, &uio, cred, &eofflag);
	*offp = uio.uio_offset;
	if (resid != NULL)
		*resid = uio.uio_resid;
	if (eof != NULL)
		*eof = eofflag;
	return vop_leave(vp, error);
}

int
RUMP_VOP_ADVLOCK(struct vnode *vp, void *id, int op, struct rump_flock *fl,
    int flags)
{
	int error;

	rump_schedule();
	error = VOP_ADVLOCK(vp, id, op, fl, flags);
	rump_unschedule();
	return error;
}

int
RUMP_VOP_GETEXTATTR(struct vnode *vp, const char *name, void *buf,
    size_t len, size_t *sizep, struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	if (buf == NULL)
		return vop_leave(vp, VOP_GETEXTATTR(vp, name, NULL, sizep,
		    cred));
	uio_setup_sys(&uio, &iov, buf, len, 0, UIO_READ);
	error = VOP_GETEXTATTR(vp, name, &uio, NULL, cred);
	if (sizep != NULL)
		*sizep = len - uio.uio_resid;
	return vop_leave(vp, error);
}

int
RUMP_VOP_SETEXTATTR(struct vnode *vp, const char *name, const void *buf,
    size_t len, int flags, struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	uio_setup_sys(&uio, &iov, (void *)(uintptr_t)buf, len, 0, UIO_WRITE);
	return vop_leave(vp, VOP_SETEXTATTR(vp, name, &uio, flags, cred));
}

int
RUMP_VOP_LISTEXTATTR(struct vnode *vp, char *buf, size_t len, size_t *sizep,
    struct kauth_cred *cred)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = vop_enter(vp, LK_SHARED)) != 0)
		return error;
	if (buf == NULL)
		return vop_leave(vp, VOP_LISTEXTATTR(vp, NULL, sizep, cred));
	uio_setup_sys(&uio, &iov, buf, len, 0, UIO_READ);
	error = VOP_LISTEXTATTR(vp, &uio, NULL, cred);
	if (sizep != NULL)
		*sizep = len - uio.uio_resid;
	return vop_leave(vp, error);
}

int
RUMP_VOP_DELETEEXTATTR(struct vnode *vp, const char *name,
    struct kauth_cred *cred)
{
	int error;

	if ((error = vop_enter(vp, LK_EXCLUSIVE)) != 0)
		return error;
	return vop_leave(vp, VOP_DELETEEXTATTR(vp, name, cred));
}
