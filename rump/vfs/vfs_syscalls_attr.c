/*
 * Attribute changes: chmod, chown, utimensat, truncate, fallocate; and
 * fsync, fdatasync, sync.  The file system checks the permissions in its
 * VOP_SETATTR (genfs_can_*); here only argument checks.
 */
#include <sys/types.h>
#include <sys/time.h>

#include "vfs_syscalls.h"

static int
setattr_vp(struct vnode *vp, struct vattr *va)
{
	int error;

	if ((error = vn_lock(vp, LK_EXCLUSIVE)) != 0)
		return error == ENOENT ? EBADF : error;
	error = VOP_SETATTR(vp, va, kauth_cred_get());
	VOP_UNLOCK(vp);
	return error;
}

static int
setattr_path(int dirfd, const char *path, bool follow, struct vattr *va)
{
	struct vnode *vp;
	int error;

	if ((error = sys_lookup_vp(dirfd, path, follow, &vp)) != 0)
		return error;
	error = setattr_vp(vp, va);
	vrele(vp);
	return error;
}

static int
setattr_fd(int fd, struct vattr *va)
{
	struct file *fp;
	int error;

	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	error = setattr_vp(fp->f_vnode, va);
	fd_putfile(fp);
	return error;
}

static void
va_mode(struct vattr *va, uint32_t mode)
{

	vattr_null(va);
	va->va_mode = mode & ALLPERMS;
}

int
rump_sys_chmod(const char *path, uint32_t mode)
{
	struct vattr va;

	va_mode(&va, mode);
	sys_enter();
	return sys_exit(setattr_path(AT_FDCWD, path, true, &va));
}

int
rump_sys_lchmod(const char *path, uint32_t mode)
{
	struct vattr va;

	va_mode(&va, mode);
	sys_enter();
	return sys_exit(setattr_path(AT_FDCWD, path, false, &va));
}

int
rump_sys_fchmod(int fd, uint32_t mode)
{
	struct vattr va;

	va_mode(&va, mode);
	sys_enter();
	return sys_exit(setattr_fd(fd, &va));
}

int
rump_sys_fchmodat(int dirfd, const char *path, uint32_t mode, int flags)
{
	struct vattr va;

	if (flags & ~AT_SYMLINK_NOFOLLOW) {
		sys_enter();
		return sys_exit(EINVAL);
	}
	va_mode(&va, mode);
	sys_enter();
	return sys_exit(setattr_path(dirfd, path,
	    !(flags & AT_SYMLINK_NOFOLLOW), &va));
}

static void
va_owner(struct vattr *va, uint32_t uid, uint32_t gid)
{

	vattr_null(va);
	va->va_uid = uid;	/* (uint32_t)-1 is VNOVAL: unchanged */
	va->va_gid = gid;
}

int
rump_sys_chown(const char *path, uint32_t uid, uint32_t gid)
{
	struct vattr va;

	va_owner(&va, uid, gid);
	sys_enter();
	return sys_exit(setattr_path(AT_FDCWD, path, true, &va));
}

int
rump_sys_lchown(const char *path, uint32_t uid, uint32_t gid)
{
	struct vattr va;

	va_owner(&va, uid, gid);
	sys_enter();
	return sys_exit(setattr_path(AT_FDCWD, path, false, &va));
}

int
rump_sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
	struct vattr va;

	va_owner(&va, uid, gid);
	sys_enter();
	return sys_exit(setattr_fd(fd, &va));
}

int
rump_sys_fchownat(int dirfd, const char *path, uint32_t uid, uint32_t gid,
    int flags)
{
	struct vattr va;

	va_owner(&va, uid, gid);
	sys_enter();
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return sys_exit(EINVAL);
	return sys_exit(setattr_path(dirfd, path,
	    !(flags & AT_SYMLINK_NOFOLLOW), &va));
}

/*
 * Fill va's times from utimensat's argument.  Returns EINVAL for a bad
 * nanosecond field, or -1 if there is nothing to change.
 */
static int
va_times(struct vattr *va, const struct timespec *ts)
{
	struct timespec now;
	int i, nnow = 0, nomit = 0;

	vattr_null(va);
	getnanotime(&now);
	if (ts == NULL) {
		va->va_atime = va->va_mtime = now;
		va->va_vaflags |= VA_UTIMES_NULL;
		return 0;
	}
	for (i = 0; i < 2; i++) {
		if (ts[i].tv_nsec == UTIME_NOW)
			nnow++;
		else if (ts[i].tv_nsec == UTIME_OMIT)
			nomit++;
		else if (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000L)
			return EINVAL;
	}
	if (nomit == 2)
		return -1;
	if (ts[0].tv_nsec != UTIME_OMIT)
		va->va_atime = ts[0].tv_nsec == UTIME_NOW ? now : ts[0];
	if (ts[1].tv_nsec != UTIME_OMIT)
		va->va_mtime = ts[1].tv_nsec == UTIME_NOW ? now : ts[1];
	/* "now" for every time set needs only write access, as NULL */
	if (nnow + nomit == 2)
		va->va_vaflags |= VA_UTIMES_NULL;
	return 0;
}

int
rump_sys_utimensat(int dirfd, const char *path,
    const struct rump_timespec ts[2], int flags)
{
	struct vattr va;
	struct vnode *vp;
	int error;

	sys_enter();
	if (flags & ~AT_SYMLINK_NOFOLLOW)
		return sys_exit(EINVAL);
	error = va_times(&va, ts);
	if (error > 0)
		return sys_exit(error);
	if (path == NULL)	/* Linux: the file dirfd is open on */
		return sys_exit(error < 0 ? 0 : setattr_fd(dirfd, &va));
	if (error < 0) {
		/* nothing to set, but the path must exist */
		error = sys_lookup_vp(dirfd, path,
		    !(flags & AT_SYMLINK_NOFOLLOW), &vp);
		if (error == 0)
			vrele(vp);
		return sys_exit(error);
	}
	return sys_exit(setattr_path(dirfd, path,
	    !(flags & AT_SYMLINK_NOFOLLOW), &va));
}

int
rump_sys_futimens(int fd, const struct rump_timespec ts[2])
{
	struct vattr va;
	struct file *fp;
	int error;

	sys_enter();
	error = va_times(&va, ts);
	if (error < 0) {
		if ((error = fd_getvnode(fd, &fp)) == 0)
			fd_putfile(fp);
		return sys_exit(error);
	}
	if (error > 0)
		return sys_exit(error);
	return sys_exit(setattr_fd(fd, &va));
}

static int
truncate_vp(struct vnode *vp, off_t len, bool check_access)
{
	struct vattr va;
	int error;

	if (len < 0)
		return EINVAL;
	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EINVAL;
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) != 0)
		return EBADF;
	if (check_access)
		error = VOP_ACCESS(vp, VWRITE, kauth_cred_get());
	if (error == 0)
		error = genfs_writable(vp);
	if (error == 0) {
		vattr_null(&va);
		va.va_size = len;
		error = VOP_SETATTR(vp, &va, kauth_cred_get());
	}
	VOP_UNLOCK(vp);
	return error;
}

int
rump_sys_truncate(const char *path, int64_t len)
{
	struct vnode *vp;
	int error;

	sys_enter();
	if ((error = sys_lookup_vp(AT_FDCWD, path, true, &vp)) == 0) {
		error = truncate_vp(vp, len, true);
		vrele(vp);
	}
	return sys_exit(error);
}

int
rump_sys_ftruncate(int fd, int64_t len)
{
	struct file *fp;
	int error;

	sys_enter();
	if ((error = fd_getvnode(fd, &fp)) == 0) {
		if ((fp->f_flag & FWRITE) == 0)
			error = EINVAL;
		else
			error = truncate_vp(fp->f_vnode, len, false);
		fd_putfile(fp);
	}
	return sys_exit(error);
}

static int
do_fallocate(int fd, int mode, off_t off, off_t len)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if (off < 0 || len <= 0 || off > OFF_MAX - len)
		return off > OFF_MAX - len && len > 0 ? EFBIG : EINVAL;
	if (mode != 0 && mode != (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		return EOPNOTSUPP;
	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	vp = fp->f_vnode;
	if ((fp->f_flag & FWRITE) == 0)
		error = EBADF;
	else if (vp->v_type == VDIR)
		error = EISDIR;
	else if (vp->v_type != VREG)
		error = ENODEV;
	else if ((error = vn_lock(vp, LK_EXCLUSIVE)) == 0) {
		if (mode == 0)
			error = VOP_FALLOCATE(vp, off, len);
		else
			error = VOP_FDISCARD(vp, off, len);
		VOP_UNLOCK(vp);
	} else
		error = EBADF;
	fd_putfile(fp);
	return error;
}

int
rump_sys_fallocate(int fd, int mode, int64_t off, int64_t len)
{

	sys_enter();
	return sys_exit(do_fallocate(fd, mode, off, len));
}

static int
do_fsync(int fd, int flags)
{
	struct file *fp;
	struct vnode *vp;
	int error;

	if ((error = fd_getvnode(fd, &fp)) != 0)
		return error;
	vp = fp->f_vnode;
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) == 0) {
		error = VOP_FSYNC(vp, fp->f_cred, flags, 0, 0);
		VOP_UNLOCK(vp);
		/* nothing to write back is no error */
		if (error == EOPNOTSUPP)
			error = 0;
	} else
		error = EBADF;
	fd_putfile(fp);
	return error;
}

int
rump_sys_fsync(int fd)
{

	sys_enter();
	return sys_exit(do_fsync(fd, FSYNC_WAIT));
}

int
rump_sys_fdatasync(int fd)
{

	sys_enter();
	return sys_exit(do_fsync(fd, FSYNC_WAIT | FSYNC_DATAONLY));
}

void
rump_sys_sync(void)
{

	sys_enter();
	(void)vfs_syncall();
	rump_unschedule();
}
