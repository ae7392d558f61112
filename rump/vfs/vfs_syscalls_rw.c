/*
 * read, write, pread, pwrite, readv, writev, lseek.
 */
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/kmem.h>

#include "vfs_syscalls.h"

#define FOF_UPDATE_OFFSET	0x01
#define UIO_SMALLIOV		8

static int
rw_ioflag(const struct file *fp, bool positional, enum uio_rw rw)
{
	int ioflag = 0;

	if (fp->f_flag & O_NONBLOCK)
		ioflag |= IO_NDELAY;
	if (rw == UIO_WRITE) {
		if ((fp->f_flag & O_APPEND) && !positional)
			ioflag |= IO_APPEND;
		if ((fp->f_flag & O_SYNC) == O_SYNC)
			ioflag |= IO_SYNC;
		else if (fp->f_flag & O_DSYNC)
			ioflag |= IO_DSYNC;
	}
	return ioflag;
}

/* sum the iovec lengths; EINVAL if it does not fit an ssize_t */
static int
iov_total(const struct iovec *iov, int cnt, size_t *totp)
{
	size_t tot = 0;
	int i;

	if (cnt < 0 || cnt > UIO_MAXIOV)
		return EINVAL;
	if (cnt > 0 && iov == NULL)
		return EFAULT;
	for (i = 0; i < cnt; i++) {
		if (iov[i].iov_len > (size_t)SSIZE_MAX - tot)
			return EINVAL;
		if (iov[i].iov_len > 0 && iov[i].iov_base == NULL)
			return EFAULT;
		tot += iov[i].iov_len;
	}
	*totp = tot;
	return 0;
}

/*
 * The common body: off < 0 with FOF_UPDATE_OFFSET uses and moves the file
 * offset; otherwise off is the position (pread/pwrite).
 */
static int
dofilerw(int fd, enum uio_rw rw, const struct iovec *iov, int cnt,
    off_t off, int flags, rump_ssize_t *retp)
{
	struct iovec aiov[UIO_SMALLIOV], *kiov = aiov;
	struct file *fp;
	struct vnode *vp;
	struct uio uio;
	size_t tot;
	bool positional = (flags & FOF_UPDATE_OFFSET) == 0;
	int error;

	if ((error = iov_total(iov, cnt, &tot)) != 0)
		return error;
	/* uiomove advances the iovecs: work on a copy of the caller's */
	if (cnt > UIO_SMALLIOV &&
	    (kiov = kmem_alloc(cnt * sizeof(*kiov), KM_SLEEP)) == NULL)
		return ENOMEM;
	if (cnt > 0)
		memcpy(kiov, iov, cnt * sizeof(*kiov));
	if ((error = fd_getvnode(fd, &fp)) != 0)
		goto freeiov;
	vp = fp->f_vnode;
	if ((fp->f_flag & (rw == UIO_READ ? FREAD : FWRITE)) == 0) {
		error = EBADF;
		goto out;
	}
	if (vp->v_type == VDIR) {
		error = EISDIR;
		goto out;
	}
	if (positional && (vp->v_type == VFIFO || vp->v_type == VSOCK)) {
		error = ESPIPE;
		goto out;
	}
	if (positional && off < 0) {
		error = EINVAL;
		goto out;
	}
	error = vn_lock(vp, rw == UIO_READ ? LK_SHARED : LK_EXCLUSIVE);
	if (error != 0) {
		error = EBADF;
		goto out;
	}
	uio.uio_iov = kiov;
	uio.uio_iovcnt = cnt;
	uio.uio_resid = tot;
	uio.uio_rw = rw;
	uio.uio_seg = UIO_SYSSPACE;
	if (!positional) {
		mutex_enter(&fp->f_lock);
		uio.uio_offset = fp->f_offset;
		mutex_exit(&fp->f_lock);
	} else
		uio.uio_offset = off;
	if (rw == UIO_READ)
		error = VOP_READ(vp, &uio, rw_ioflag(fp, positional, rw),
		    fp->f_cred);
	else
		error = VOP_WRITE(vp, &uio, rw_ioflag(fp, positional, rw),
		    fp->f_cred);
	if (!positional) {
		mutex_enter(&fp->f_lock);
		fp->f_offset = uio.uio_offset;
		mutex_exit(&fp->f_lock);
	}
	VOP_UNLOCK(vp);
	/*
	 * A partial transfer is a short count, not an error (as POSIX
	 * write(2) at ENOSPC or the end of a device); the next call reports
	 * the error.
	 */
	if (error != 0 && uio.uio_resid != tot)
		error = 0;
	if (error == 0)
		*retp = (rump_ssize_t)(tot - uio.uio_resid);
out:
	fd_putfile(fp);
freeiov:
	if (kiov != aiov)
		kmem_free(kiov, cnt * sizeof(*kiov));
	return error;
}

static rump_ssize_t
sys_rw(int fd, enum uio_rw rw, void *buf, size_t n, off_t off, int flags)
{
	struct iovec iov;
	rump_ssize_t ret = 0;
	int error;

	iov.iov_base = buf;
	iov.iov_len = n;
	sys_enter();
	if (buf == NULL && n > 0)
		error = EFAULT;
	else
		error = dofilerw(fd, rw, &iov, 1, off, flags, &ret);
	return sys_exit_ssize(error, ret);
}

rump_ssize_t
rump_sys_read(int fd, void *buf, size_t n)
{

	return sys_rw(fd, UIO_READ, buf, n, -1, FOF_UPDATE_OFFSET);
}

rump_ssize_t
rump_sys_write(int fd, const void *buf, size_t n)
{

	return sys_rw(fd, UIO_WRITE, (void *)(uintptr_t)buf, n, -1,
	    FOF_UPDATE_OFFSET);
}

rump_ssize_t
rump_sys_pread(int fd, void *buf, size_t n, int64_t off)
{

	return sys_rw(fd, UIO_READ, buf, n, off, 0);
}

rump_ssize_t
rump_sys_pwrite(int fd, const void *buf, size_t n, int64_t off)
{

	return sys_rw(fd, UIO_WRITE, (void *)(uintptr_t)buf, n, off, 0);
}

rump_ssize_t
rump_sys_readv(int fd, const struct rump_iovec *iov, int cnt)
{
	rump_ssize_t ret = 0;
	int error;

	sys_enter();
	error = dofilerw(fd, UIO_READ, iov, cnt, -1, FOF_UPDATE_OFFSET, &ret);
	return sys_exit_ssize(error, ret);
}

rump_ssize_t
rump_sys_writev(int fd, const struct rump_iovec *iov, int cnt)
{
	rump_ssize_t ret = 0;
	int error;

	sys_enter();
	error = dofilerw(fd, UIO_WRITE, iov, cnt, -1, FOF_UPDATE_OFFSET,
	    &ret);
	return sys_exit_ssize(error, ret);
}

/* SEEK_DATA/SEEK_HOLE, with a fallback of "all data" for simple fs */
static int
seek_hole(struct vnode *vp, int whence, off_t *offp)
{
	struct vattr va;
	off_t off = *offp;
	int error;

	if (off < 0)
		return ENXIO;
	if ((error = vn_lock(vp, LK_SHARED)) != 0)
		return EBADF;
	error = VOP_SEEKHOLE(vp, whence, offp);
	if (error == EOPNOTSUPP) {
		vattr_null(&va);
		error = VOP_GETATTR(vp, &va, kauth_cred_get());
		if (error == 0 && off >= va.va_size)
			error = ENXIO;
		if (error == 0)
			*offp = whence == SEEK_DATA ? off : va.va_size;
	}
	VOP_UNLOCK(vp);
	return error;
}

static int
do_lseek(int fd, off_t off, int whence, off_t *newp)
{
	struct file *fp;
	struct vnode *vp;
	struct vattr va;
	off_t base = 0, newoff;
	int error;

	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	vp = fp->f_vnode;
	if (vp->v_type == VFIFO || vp->v_type == VSOCK) {
		error = ESPIPE;
		goto out;
	}
	switch (whence) {
	case SEEK_SET:
		break;
	case SEEK_CUR:
		mutex_enter(&fp->f_lock);
		base = fp->f_offset;
		mutex_exit(&fp->f_lock);
		break;
	case SEEK_END:
		if ((error = vn_lock(vp, LK_SHARED)) != 0) {
			error = EBADF;
			goto out;
		}
		vattr_null(&va);
		error = VOP_GETATTR(vp, &va, fp->f_cred);
		VOP_UNLOCK(vp);
		base = va.va_size;
		break;
	case SEEK_DATA:
	case SEEK_HOLE:
		newoff = off;
		error = seek_hole(vp, whence, &newoff);
		goto set;
	default:
		error = EINVAL;
	}
	if (error != 0)
		goto out;
	if ((off > 0 && base > OFF_MAX - off) ||
	    (off < 0 && base < INT64_MIN - off)) {
		error = EOVERFLOW;
		goto out;
	}
	newoff = base + off;
set:
	if (error == 0 && newoff < 0 && vp->v_type != VCHR)
		error = EINVAL;
	if (error == 0) {
		error = VOP_SEEK(vp, fp->f_offset, newoff, fp->f_cred);
		if (error == EOPNOTSUPP)
			error = 0;
	}
	if (error == 0) {
		mutex_enter(&fp->f_lock);
		fp->f_offset = newoff;
		mutex_exit(&fp->f_lock);
		*newp = newoff;
	}
out:
	fd_putfile(fp);
	return error;
}

int64_t
rump_sys_lseek(int fd, int64_t off, int whence)
{
	off_t newoff = 0;
	int error;

	sys_enter();
	error = do_lseek(fd, off, whence, &newoff);
	return sys_exit(error) == 0 ? newoff : -1;
}
