/*
 * The image side of a copy: ukfs calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_side.h"

#define ERR(x)	((x) == 0 ? 0 : errno)

static int
i_lstat(const struct fsu_side *s, const char *p, struct rump_stat *sb)
{
	return ERR(ukfs_lstat(s->fs, p, sb));
}

static int
i_stat(const struct fsu_side *s, const char *p, struct rump_stat *sb)
{
	return ERR(ukfs_stat(s->fs, p, sb));
}

static int
i_mkdir(const struct fsu_side *s, const char *p, uint32_t mode)
{
	return ERR(ukfs_mkdir(s->fs, p, mode));
}

static int
i_symlink(const struct fsu_side *s, const char *t, const char *p)
{
	return ERR(fsu_symlink(s->fs, t, p));
}

static long
i_readlink(const struct fsu_side *s, const char *p, char *b, size_t n)
{
	return ukfs_readlink(s->fs, p, b, n);
}

static int
i_link(const struct fsu_side *s, const char *f, const char *t)
{
	return ERR(ukfs_link(s->fs, f, t));
}

static int
i_mknod(const struct fsu_side *s, const char *p, uint32_t mode, uint64_t dev)
{
	return ERR(ukfs_mknod(s->fs, p, mode, dev));
}

static int
i_open(const struct fsu_side *s, const char *p, int flags, uint32_t mode)
{
	int fd;

	/*
	 * ukfs_open creates with 0666 & ~umask; the copier's cp_attrs sets
	 * the final mode once the data is in (one chmod, not two).
	 */
	fd = ukfs_open(s->fs, p, flags);
	return fd == -1 ? -errno : fd;
}

static long
i_pread(const struct fsu_side *s, int fd, void *b, size_t n, int64_t off)
{
	return ukfs_read_fd(s->fs, fd, off, b, n);
}

static long
i_pwrite(const struct fsu_side *s, int fd, const void *b, size_t n,
    int64_t off)
{
	return ukfs_write_fd(s->fs, fd, off, b, n, 0);
}

/* a node of the image has no driver behind it: the offset serves */
static long
i_write(const struct fsu_side *s, int fd, const void *b, size_t n,
    int64_t off)
{
	return ukfs_write_fd(s->fs, fd, off, b, n, 0);
}

static int
i_close(const struct fsu_side *s, int fd)
{
	return ERR(ukfs_close(s->fs, fd));
}

static int
i_unlink(const struct fsu_side *s, const char *p)
{
	return ERR(ukfs_remove(s->fs, p));
}

static int
i_rename(const struct fsu_side *s, const char *f, const char *t)
{
	return ERR(ukfs_rename(s->fs, f, t));
}

static int
i_chown(const struct fsu_side *s, const char *p, uint32_t u, uint32_t g)
{
	return ERR(ukfs_lchown(s->fs, p, u, g));
}

static int
i_chmod(const struct fsu_side *s, const char *p, uint32_t mode)
{
	return ERR(ukfs_chmod(s->fs, p, mode));
}

static int
i_utimes(const struct fsu_side *s, const char *p,
    const struct rump_timespec ts[2])
{
	return ERR(ukfs_lutimes(s->fs, p, ts));
}

struct i_dirarg {
	int (*fn)(const char *, void *);
	void *arg;
};

static int
i_onedir(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct i_dirarg *a = arg;

	return a->fn(d->d_name, a->arg);
}

static int
i_readdir(const struct fsu_side *s, const char *dir,
    int (*fn)(const char *, void *), void *arg)
{
	struct i_dirarg a = { fn, arg };

	return fsu_readdir(s->fs, dir, i_onedir, &a);
}

void
fsu_side_image(struct fsu_side *s, struct ukfs *fs)
{
	*s = (struct fsu_side){ fsu_image, fs, i_lstat, i_stat, i_mkdir,
	    i_symlink, i_readlink, i_link, i_mknod, i_open, i_pread, i_pwrite,
	    i_write, i_close, i_unlink, i_rename, i_chown, i_chmod, i_utimes,
	    i_readdir };
}
