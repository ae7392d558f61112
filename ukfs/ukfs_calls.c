/*
 * The path calls: each runs in the ukfs's rump process, which is chrooted
 * at the mount, so paths are absolute inside the image.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "ukfs_impl.h"

/* evaluate expr inside fs's process; keep its errno */
#define UKFS_RUN(fs, type, expr) do {					\
	type rv_;							\
	int errno_;							\
	ukfs_enter(fs);							\
	rv_ = (expr);							\
	errno_ = errno;							\
	ukfs_leave();							\
	errno = errno_;							\
	return rv_;							\
} while (0)

int
ukfs_open(struct ukfs *fs, const char *path, int flags)
{
	UKFS_RUN(fs, int, rump_sys_open(path, flags, 0666));
}

int
ukfs_close(struct ukfs *fs, int fd)
{
	UKFS_RUN(fs, int, rump_sys_close(fd));
}

int
ukfs_fsync(struct ukfs *fs, int fd)
{
	UKFS_RUN(fs, int, rump_sys_fsync(fd));
}

int
ukfs_ftruncate(struct ukfs *fs, int fd, int64_t len)
{
	UKFS_RUN(fs, int, rump_sys_ftruncate(fd, len));
}

long
ukfs_read_fd(struct ukfs *fs, int fd, int64_t off, void *buf, size_t n)
{
	UKFS_RUN(fs, long, rump_sys_pread(fd, buf, n, off));
}

static long
ukfs_write_sync(int fd, int64_t off, const void *buf, size_t n, int dosync)
{
	long rv = rump_sys_pwrite(fd, buf, n, off);

	if (rv >= 0 && dosync && rump_sys_fsync(fd) == -1)
		return -1;
	return rv;
}

long
ukfs_write_fd(struct ukfs *fs, int fd, int64_t off, const void *buf,
    size_t n, int dosync)
{
	UKFS_RUN(fs, long, ukfs_write_sync(fd, off, buf, n, dosync));
}

static long
ukfs_rw_path(const char *path, int64_t off, void *buf, size_t n, int write)
{
	long rv;
	int fd, e;

	fd = rump_sys_open(path, write ? O_WRONLY : O_RDONLY);
	if (fd == -1)
		return -1;
	rv = write ? rump_sys_pwrite(fd, buf, n, off) :
	    rump_sys_pread(fd, buf, n, off);
	e = errno;
	rump_sys_close(fd);
	errno = e;
	return rv;
}

long
ukfs_read(struct ukfs *fs, const char *path, int64_t off, void *buf,
    size_t n)
{
	UKFS_RUN(fs, long, ukfs_rw_path(path, off, buf, n, 0));
}

long
ukfs_write(struct ukfs *fs, const char *path, int64_t off, const void *buf,
    size_t n)
{
	UKFS_RUN(fs, long, ukfs_rw_path(path, off, (void *)(uintptr_t)buf, n,
	    1));
}

static int
ukfs_create1(const char *path, uint32_t mode)
{
	int fd = rump_sys_open(path, O_WRONLY | O_CREAT | O_EXCL, mode);

	return fd == -1 ? -1 : rump_sys_close(fd);
}

int
ukfs_create(struct ukfs *fs, const char *path, uint32_t mode)
{
	UKFS_RUN(fs, int, ukfs_create1(path, mode));
}

int
ukfs_mknod(struct ukfs *fs, const char *path, uint32_t mode, uint64_t dev)
{
	UKFS_RUN(fs, int, rump_sys_mknod(path, mode, dev));
}

int
ukfs_mkfifo(struct ukfs *fs, const char *path, uint32_t mode)
{
	UKFS_RUN(fs, int, rump_sys_mkfifo(path, mode));
}

int
ukfs_mkdir(struct ukfs *fs, const char *path, uint32_t mode)
{
	UKFS_RUN(fs, int, rump_sys_mkdir(path, mode));
}

int
ukfs_remove(struct ukfs *fs, const char *path)
{
	UKFS_RUN(fs, int, rump_sys_unlink(path));
}

int
ukfs_rmdir(struct ukfs *fs, const char *path)
{
	UKFS_RUN(fs, int, rump_sys_rmdir(path));
}

int
ukfs_link(struct ukfs *fs, const char *from, const char *to)
{
	UKFS_RUN(fs, int, rump_sys_link(from, to));
}

int
ukfs_symlink(struct ukfs *fs, const char *target, const char *linkpath)
{
	UKFS_RUN(fs, int, rump_sys_symlink(target, linkpath));
}

long
ukfs_readlink(struct ukfs *fs, const char *path, char *buf, size_t n)
{
	UKFS_RUN(fs, long, rump_sys_readlink(path, buf, n));
}

int
ukfs_rename(struct ukfs *fs, const char *from, const char *to)
{
	UKFS_RUN(fs, int, rump_sys_rename(from, to));
}

int
ukfs_chdir(struct ukfs *fs, const char *path)
{
	UKFS_RUN(fs, int, rump_sys_chdir(path));
}

int
ukfs_stat(struct ukfs *fs, const char *path, struct rump_stat *sb)
{
	UKFS_RUN(fs, int, rump_sys_stat(path, sb));
}

int
ukfs_lstat(struct ukfs *fs, const char *path, struct rump_stat *sb)
{
	UKFS_RUN(fs, int, rump_sys_lstat(path, sb));
}

int
ukfs_chmod(struct ukfs *fs, const char *path, uint32_t mode)
{
	UKFS_RUN(fs, int, rump_sys_chmod(path, mode));
}

int
ukfs_lchmod(struct ukfs *fs, const char *path, uint32_t mode)
{
	UKFS_RUN(fs, int, rump_sys_lchmod(path, mode));
}

int
ukfs_chown(struct ukfs *fs, const char *path, uint32_t uid, uint32_t gid)
{
	UKFS_RUN(fs, int, rump_sys_chown(path, uid, gid));
}

int
ukfs_lchown(struct ukfs *fs, const char *path, uint32_t uid, uint32_t gid)
{
	UKFS_RUN(fs, int, rump_sys_lchown(path, uid, gid));
}

int
ukfs_utimes(struct ukfs *fs, const char *path,
    const struct rump_timespec times[2])
{
	UKFS_RUN(fs, int, rump_sys_utimensat(AT_FDCWD, path, times, 0));
}

int
ukfs_lutimes(struct ukfs *fs, const char *path,
    const struct rump_timespec times[2])
{
	UKFS_RUN(fs, int, rump_sys_utimensat(AT_FDCWD, path, times,
	    AT_SYMLINK_NOFOLLOW));
}

int
ukfs_statvfs(struct ukfs *fs, struct rump_statvfs *sb)
{
	UKFS_RUN(fs, int, rump_sys_statvfs("/", sb));
}

/* rump_pub_lwproc_setcred says 0 or an errno; this, 0 or -1 and errno */
static int
ukfs_setcred1(uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups)
{
	int error = rump_pub_lwproc_setcred(uid, gid, ngroups, groups);

	errno = error;
	return error != 0 ? -1 : 0;
}

int
ukfs_setcred(struct ukfs *fs, uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups)
{
	UKFS_RUN(fs, int, ukfs_setcred1(uid, gid, ngroups, groups));
}
