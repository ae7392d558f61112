/*
 * fcntl: descriptor flags, file status flags, duplication, and POSIX
 * advisory record locks (owned by the calling rump process).
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

/* the file status flags F_SETFL may change */
#define FCNTLFLAGS	(O_APPEND | O_NONBLOCK | O_DSYNC | O_DIRECT | O_NOATIME)

/* make fl's range absolute (SEEK_SET) */
static int
flock_normalize(struct file *fp, struct flock *fl)
{
	struct vnode *vp = fp->f_vnode;
	struct vattr va;
	off_t base;
	int error;

	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		mutex_enter(&fp->f_lock);
		base = fp->f_offset;
		mutex_exit(&fp->f_lock);
		break;
	case SEEK_END:
		if ((error = vn_lock(vp, LK_SHARED)) != 0)
			return EBADF;
		vattr_null(&va);
		error = VOP_GETATTR(vp, &va, fp->f_cred);
		VOP_UNLOCK(vp);
		if (error != 0)
			return error;
		base = va.va_size;
		break;
	default:
		return EINVAL;
	}
	if (fl->l_start > 0 && base > OFF_MAX - fl->l_start)
		return EOVERFLOW;
	fl->l_start += base;
	fl->l_whence = SEEK_SET;
	if (fl->l_len < 0) {
		/* a negative length covers the bytes before l_start */
		if (fl->l_start + fl->l_len < 0)
			return EINVAL;
		fl->l_start += fl->l_len;
		fl->l_len = -fl->l_len;
	}
	if (fl->l_start < 0)
		return EINVAL;
	return 0;
}

static int
do_advlock(int fd, int cmd, struct flock *ufl)
{
	struct file *fp;
	struct flock fl;
	int error, op, flags = F_POSIX;

	if (ufl == NULL)
		return EFAULT;
	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	fl = *ufl;
	if ((error = flock_normalize(fp, &fl)) != 0)
		goto out;
	if (cmd == F_GETLK) {
		if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK) {
			error = EINVAL;
			goto out;
		}
		op = F_GETLK;
	} else {
		switch (fl.l_type) {
		case F_RDLCK:
			if ((fp->f_flag & FREAD) == 0)
				error = EBADF;
			op = F_SETLK;
			break;
		case F_WRLCK:
			if ((fp->f_flag & FWRITE) == 0)
				error = EBADF;
			op = F_SETLK;
			break;
		case F_UNLCK:
			op = F_UNLCK;
			break;
		default:
			error = EINVAL;
		}
		if (error != 0)
			goto out;
		if (cmd == F_SETLKW)
			flags |= F_WAIT;
	}
	error = VOP_ADVLOCK(fp->f_vnode, curproc, op, &fl, flags);
	if (error == 0 && cmd == F_GETLK)
		*ufl = fl;
out:
	fd_putfile(fp);
	return error;
}

static int
do_fcntl(int fd, int cmd, long arg, int *retp)
{
	struct file *fp;
	int error = 0;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		if (arg < 0 || arg >= FD_MAXFILES)
			error = EINVAL;
		else
			error = fd_install(fp, (int)arg,
			    cmd == F_DUPFD_CLOEXEC, retp);
		if (error != 0)
			fd_putfile(fp);
		return error;
	case F_GETFD:
		return fd_getflags(fd, retp);
	case F_SETFD:
		return fd_setflags(fd, (int)arg);
	case F_GETFL:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		*retp = OFLAGS(fp->f_flag & ~FWRITECOUNT);
		fd_putfile(fp);
		return 0;
	case F_SETFL:
		if ((fp = fd_getfile(fd)) == NULL)
			return EBADF;
		mutex_enter(&fp->f_lock);
		fp->f_flag = (fp->f_flag & ~FCNTLFLAGS) | (arg & FCNTLFLAGS);
		mutex_exit(&fp->f_lock);
		fd_putfile(fp);
		return 0;
	default:
		return EINVAL;
	}
}

int
rump_sys_fcntl(int fd, int cmd, ...)
{
	struct flock *fl = NULL;
	va_list ap;
	long arg = 0;
	int ret = 0, error;

	va_start(ap, cmd);
	switch (cmd) {
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
		fl = va_arg(ap, struct flock *);
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
	case F_SETFD:
	case F_SETFL:
		arg = va_arg(ap, int);
		break;
	default:
		break;
	}
	va_end(ap);
	sys_enter();
	if (cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW)
		error = do_advlock(fd, cmd, fl);
	else
		error = do_fcntl(fd, cmd, arg, &ret);
	return sys_exit(error) == 0 ? ret : -1;
}
