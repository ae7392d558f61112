/*
 * The host side of a copy: plain system calls.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "fsu_side.h"

#define ERR(x)	((x) == 0 ? 0 : errno)

static void
h_conv(const struct stat *stp, struct rump_stat *sb)
{
	const struct stat st = *stp;

	memset(sb, 0, sizeof(*sb));
	sb->st_dev = st.st_dev;
	sb->st_ino = st.st_ino;
	sb->st_mode = st.st_mode;
	sb->st_nlink = st.st_nlink;
	sb->st_uid = st.st_uid;
	sb->st_gid = st.st_gid;
	sb->st_rdev = ((uint64_t)major(st.st_rdev) << 32) | minor(st.st_rdev);
	sb->st_size = st.st_size;
	sb->st_blocks = st.st_blocks;
	sb->st_atim.tv_sec = st.st_atim.tv_sec;
	sb->st_atim.tv_nsec = st.st_atim.tv_nsec;
	sb->st_mtim.tv_sec = st.st_mtim.tv_sec;
	sb->st_mtim.tv_nsec = st.st_mtim.tv_nsec;
	sb->st_ctim.tv_sec = st.st_ctim.tv_sec;
	sb->st_ctim.tv_nsec = st.st_ctim.tv_nsec;
}

static int
h_lstat(const struct fsu_side *s, const char *p, struct rump_stat *sb)
{
	struct stat st;

	if (lstat(p, &st) == -1)
		return errno;
	h_conv(&st, sb);
	return 0;
}

static int
h_stat(const struct fsu_side *s, const char *p, struct rump_stat *sb)
{
	struct stat st;

	if (stat(p, &st) == -1)
		return errno;
	h_conv(&st, sb);
	return 0;
}

static int
h_mkdir(const struct fsu_side *s, const char *p, uint32_t mode)
{
	return ERR(mkdir(p, mode));
}

static int
h_symlink(const struct fsu_side *s, const char *t, const char *p)
{
	return ERR(symlink(t, p));
}

static long
h_readlink(const struct fsu_side *s, const char *p, char *b, size_t n)
{
	return readlink(p, b, n);
}

static int
h_link(const struct fsu_side *s, const char *f, const char *t)
{
	return ERR(link(f, t));
}

static int
h_mknod(const struct fsu_side *s, const char *p, uint32_t mode, uint64_t dev)
{
	return ERR(mknod(p, mode, makedev((unsigned)(dev >> 32),
	    (unsigned)dev)));
}

static int
h_open(const struct fsu_side *s, const char *p, int flags, uint32_t mode)
{
	int fd = open(p, flags, mode);

	return fd == -1 ? -errno : fd;
}

static long
h_pread(const struct fsu_side *s, int fd, void *b, size_t n, int64_t off)
{
	return pread(fd, b, n, off);
}

static long
h_pwrite(const struct fsu_side *s, int fd, const void *b, size_t n,
    int64_t off)
{
	return pwrite(fd, b, n, off);
}

/* a pipe or a device: all of it, in order */
static long
h_write(const struct fsu_side *s, int fd, const void *b, size_t n,
    int64_t off)
{
	size_t done = 0;
	ssize_t w;

	while (done < n) {
		w = write(fd, (const char *)b + done, n - done);
		if (w < 0 && errno == EINTR && !fsu_interrupted)
			continue;
		if (w <= 0)
			return done > 0 ? (long)done : -1;
		done += (size_t)w;
	}
	return (long)done;
}

static int
h_close(const struct fsu_side *s, int fd)
{
	return ERR(close(fd));
}

static int
h_unlink(const struct fsu_side *s, const char *p)
{
	return ERR(unlink(p));
}

static int
h_rename(const struct fsu_side *s, const char *f, const char *t)
{
	return ERR(rename(f, t));
}

static int
h_chown(const struct fsu_side *s, const char *p, uint32_t u, uint32_t g)
{
	return ERR(lchown(p, u, g));
}

static int
h_chmod(const struct fsu_side *s, const char *p, uint32_t mode)
{
	return ERR(chmod(p, mode));
}

static int
h_utimes(const struct fsu_side *s, const char *p,
    const struct rump_timespec ts[2])
{
	struct timespec t[2];

	t[0].tv_sec = ts[0].tv_sec;
	t[0].tv_nsec = ts[0].tv_nsec;
	t[1].tv_sec = ts[1].tv_sec;
	t[1].tv_nsec = ts[1].tv_nsec;
	return ERR(utimensat(AT_FDCWD, p, t, AT_SYMLINK_NOFOLLOW));
}

static int
h_readdir(const struct fsu_side *s, const char *dir,
    int (*fn)(const char *, void *), void *arg)
{
	struct dirent *d;
	DIR *dp;
	int rv = 0;

	if ((dp = opendir(dir)) == NULL)
		return errno;
	while (rv == 0 && (d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0)
			rv = fn(d->d_name, arg);
	}
	closedir(dp);
	return rv;
}

void
fsu_side_host(struct fsu_side *s)
{
	*s = (struct fsu_side){ "host", NULL, h_lstat, h_stat, h_mkdir,
	    h_symlink, h_readlink, h_link, h_mknod, h_open, h_pread, h_pwrite,
	    h_write, h_close, h_unlink, h_rename, h_chown, h_chmod, h_utimes,
	    h_readdir };
}
