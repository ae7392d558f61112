/*
 * The two system call tables of fsstress_rump: the rump kernel's
 * rump_sys_* (in-process) and the host's (a FUSE mount point).  Flags,
 * modes and errno values are Linux's in both.
 */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fsstress.h"

/* --- rump ------------------------------------------------------------- */

static int
r_open(const char *path, int flags, unsigned mode)
{

	return rump_sys_open(path, flags, mode);
}

static long
r_pread(int fd, void *buf, size_t n, int64_t off)
{

	return rump_sys_pread(fd, buf, n, off);
}

static long
r_pwrite(int fd, const void *buf, size_t n, int64_t off)
{

	return rump_sys_pwrite(fd, buf, n, off);
}

static int
r_mkdir(const char *path, unsigned mode)
{

	return rump_sys_mkdir(path, mode);
}

static void
r_cvt(const struct rump_stat *rs, struct fss_stat *st)
{

	st->size = rs->st_size;
	st->mode = rs->st_mode;
	st->nlink = rs->st_nlink;
}

static int
r_lstat(const char *path, struct fss_stat *st)
{
	struct rump_stat rs;

	if (rump_sys_lstat(path, &rs) == -1)
		return -1;
	r_cvt(&rs, st);
	return 0;
}

static int
r_fstat(int fd, struct fss_stat *st)
{
	struct rump_stat rs;

	if (rump_sys_fstat(fd, &rs) == -1)
		return -1;
	r_cvt(&rs, st);
	return 0;
}

static int
r_readdir(const char *path)
{
	char buf[4096];
	rump_ssize_t n, off;
	int fd, count = 0, error;

	if ((fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; count++)
			off += ((struct rump_dirent *)(buf + off))->d_reclen;
	}
	error = errno;
	rump_sys_close(fd);
	if (n == -1) {
		errno = error;
		return -1;
	}
	return count;
}

const struct fss_sys fss_rump_sys = {
	.name = "rump",
	.open = r_open,
	.close = rump_sys_close,
	.pread = r_pread,
	.pwrite = r_pwrite,
	.ftruncate = rump_sys_ftruncate,
	.fsync = rump_sys_fsync,
	.fdatasync = rump_sys_fdatasync,
	.fallocate = rump_sys_fallocate,
	.unlink = rump_sys_unlink,
	.rename = rump_sys_rename,
	.link = rump_sys_link,
	.mkdir = r_mkdir,
	.rmdir = rump_sys_rmdir,
	.symlink = rump_sys_symlink,
	.lstat = r_lstat,
	.fstat = r_fstat,
	.readdir = r_readdir,
};

/* --- the host --------------------------------------------------------- */

static int
h_open(const char *path, int flags, unsigned mode)
{

	return open(path, flags, (mode_t)mode);
}

static long
h_pread(int fd, void *buf, size_t n, int64_t off)
{

	return pread(fd, buf, n, off);
}

static long
h_pwrite(int fd, const void *buf, size_t n, int64_t off)
{

	return pwrite(fd, buf, n, off);
}

static int
h_ftruncate(int fd, int64_t len)
{

	return ftruncate(fd, len);
}

static int
h_fallocate(int fd, int mode, int64_t off, int64_t len)
{

	return fallocate(fd, mode, off, len);
}

static int
h_mkdir(const char *path, unsigned mode)
{

	return mkdir(path, (mode_t)mode);
}

static void
h_cvt(const struct stat *hs, struct fss_stat *st)
{

	st->size = hs->st_size;
	st->mode = hs->st_mode;
	st->nlink = (uint32_t)hs->st_nlink;
}

static int
h_lstat(const char *path, struct fss_stat *st)
{
	struct stat hs;

	if (lstat(path, &hs) == -1)
		return -1;
	h_cvt(&hs, st);
	return 0;
}

static int
h_fstat(int fd, struct fss_stat *st)
{
	struct stat hs;

	if (fstat(fd, &hs) == -1)
		return -1;
	h_cvt(&hs, st);
	return 0;
}

static int
h_readdir(const char *path)
{
	DIR *d;
	int count = 0, error;

	if ((d = opendir(path)) == NULL)
		return -1;
	errno = 0;
	while (readdir(d) != NULL)
		count++;
	error = errno;
	closedir(d);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return count;
}

const struct fss_sys fss_host_sys = {
	.name = "host",
	.open = h_open,
	.close = close,
	.pread = h_pread,
	.pwrite = h_pwrite,
	.ftruncate = h_ftruncate,
	.fsync = fsync,
	.fdatasync = fdatasync,
	.fallocate = h_fallocate,
	.unlink = unlink,
	.rename = rename,
	.link = link,
	.mkdir = h_mkdir,
	.rmdir = rmdir,
	.symlink = symlink,
	.lstat = h_lstat,
	.fstat = h_fstat,
	.readdir = h_readdir,
};
