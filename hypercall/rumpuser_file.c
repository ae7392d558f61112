/*
 * Host files: open (choosing a block backend), close, size and type,
 * attributes and truncate.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rumpuser_int.h"

int
rumpuser__fdsize(int fd, uint64_t *sizep)
{
	struct stat st;
	uint64_t size;

	if (fstat(fd, &st) == -1)
		return rumpuser__errtrans(errno);
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size) == -1)
			return rumpuser__errtrans(errno);
		*sizep = size;
	} else {
		*sizep = (uint64_t)st.st_size;
	}
	return 0;
}

static int
open_flags(int mode, int *flagsp)
{
	int flags = O_CLOEXEC;

	switch (mode & RUMPUSER_OPEN_ACCMODE) {
	case RUMPUSER_OPEN_RDONLY:
		flags |= O_RDONLY;
		break;
	case RUMPUSER_OPEN_WRONLY:
		/* mmap needs read access even to write. */
		flags |= (mode & RUMPUSER_OPEN_MMAP) ? O_RDWR : O_WRONLY;
		break;
	case RUMPUSER_OPEN_RDWR:
		flags |= O_RDWR;
		break;
	default:
		return EINVAL;
	}
	if (mode & RUMPUSER_OPEN_CREATE)
		flags |= O_CREAT;
	if (mode & RUMPUSER_OPEN_EXCL)
		flags |= O_EXCL;
	if (mode & RUMPUSER_OPEN_DIR) {
		if ((mode & RUMPUSER_OPEN_ACCMODE) != RUMPUSER_OPEN_RDONLY ||
		    (mode & (RUMPUSER_OPEN_DIRECT | RUMPUSER_OPEN_MMAP)))
			return EINVAL;
		flags |= O_DIRECTORY;
	}
	if ((mode & RUMPUSER_OPEN_DIRECT) && (mode & RUMPUSER_OPEN_MMAP))
		return EINVAL;
	*flagsp = flags;
	return 0;
}

/* Open; O_DIRECT first if asked, plain if the host fs refuses it. */
static int
open_host(const char *name, int flags, int *directp)
{
	int fd;

	if (*directp) {
		fd = open(name, flags | O_DIRECT, 0666);
		if (fd != -1 || errno != EINVAL)
			return fd;
		*directp = 0;
	}
	return open(name, flags, 0666);
}

/* Set up the per-fd state a backend or a directory stream needs. */
static int
open_fdinfo(int fd, int mode, int direct)
{
	struct rumpuser_fdinfo *fi;
	int error = 0;

	fi = calloc(1, sizeof(*fi));
	if (fi == NULL)
		return ENOMEM;
	fi->fi_fd = fd;
	fi->fi_mode = mode;
	pthread_mutex_init(&fi->fi_lock, NULL);
	if (mode & RUMPUSER_OPEN_DIR) {
		fi->fi_dir = fdopendir(fd);
		if (fi->fi_dir == NULL)
			error = rumpuser__errtrans(errno);
	} else if (direct) {
		error = rumpuser__blk_direct_init(fi);
	} else if (mode & RUMPUSER_OPEN_MMAP) {
		error = rumpuser__blk_mmap_init(fi);
	}
	if (error == 0)
		error = rumpuser__fd_insert(fi);
	if (error != 0) {
		if (fi->fi_ops != NULL && fi->fi_ops->bo_fini != NULL)
			fi->fi_ops->bo_fini(fi);
		pthread_mutex_destroy(&fi->fi_lock);
		free(fi);
	}
	return error;
}

int
rumpuser_open(const char *name, int mode, int *fdp)
{
	int flags, fd, direct, error;

	error = open_flags(mode, &flags);
	if (error != 0)
		return error;
	direct = (mode & RUMPUSER_OPEN_DIRECT) != 0;
	rumpuser__unschedule();
	fd = open_host(name, flags, &direct);
	if (fd == -1) {
		error = rumpuser__errtrans(errno);
		goto out;
	}
	if (mode & RUMPUSER_OPEN_BIO) {
		error = rumpuser__rangelock(fd, name,
		    (mode & RUMPUSER_OPEN_ACCMODE) != RUMPUSER_OPEN_RDONLY);
		if (error != 0) {
			close(fd);
			goto out;
		}
	}
	if (direct || (mode & (RUMPUSER_OPEN_MMAP | RUMPUSER_OPEN_DIR))) {
		error = open_fdinfo(fd, mode, direct);
		if (error != 0) {
			rumpuser__rangeunlock(fd);
			close(fd);
			goto out;
		}
	}
	*fdp = fd;
 out:
	rumpuser__schedule();
	return error;
}

int
rumpuser_close(int fd)
{
	struct rumpuser_fdinfo *fi;
	int rv;

	rumpuser__unschedule();
	rumpuser__rangeunlock(fd);
	fi = rumpuser__fd_remove(fd);
	if (fi != NULL) {
		if (fi->fi_ops != NULL && fi->fi_ops->bo_fini != NULL)
			fi->fi_ops->bo_fini(fi);
		pthread_mutex_destroy(&fi->fi_lock);
	}
	if (fi != NULL && fi->fi_dir != NULL)
		rv = closedir(fi->fi_dir);	/* closes fd too */
	else
		rv = close(fd);
	free(fi);
	rumpuser__schedule();
	if (rv == -1 && errno != EINTR)
		return rumpuser__errtrans(errno);
	return 0;
}

static int
mode2ft(mode_t mode)
{

	switch (mode & S_IFMT) {
	case S_IFDIR:
		return RUMPUSER_FT_DIR;
	case S_IFREG:
		return RUMPUSER_FT_REG;
	case S_IFBLK:
		return RUMPUSER_FT_BLK;
	case S_IFCHR:
		return RUMPUSER_FT_CHR;
	case S_IFLNK:
		return RUMPUSER_FT_LNK;
	default:
		return RUMPUSER_FT_OTHER;
	}
}

/* Follows symlinks: an image given through a link is the target. */
int
rumpuser_getfileinfo(const char *name, uint64_t *sizep, int *typep)
{
	struct stat st;
	uint64_t size;
	int fd, error = 0;

	rumpuser__unschedule();
	if (stat(name, &st) == -1) {
		error = rumpuser__errtrans(errno);
		goto out;
	}
	size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	if (S_ISBLK(st.st_mode)) {
		fd = open(name, O_RDONLY | O_CLOEXEC);
		if (fd == -1) {
			error = rumpuser__errtrans(errno);
			goto out;
		}
		error = rumpuser__fdsize(fd, &size);
		close(fd);
		if (error != 0)
			goto out;
	}
	if (sizep != NULL)
		*sizep = size;
	if (typep != NULL)
		*typep = mode2ft(st.st_mode);
 out:
	rumpuser__schedule();
	return error;
}

int
rumpuser_fileattr(const char *name, struct rumpuser_fileattr *fa)
{
	struct stat st;
	int rv;

	rumpuser__unschedule();
	rv = stat(name, &st);
	rumpuser__schedule();
	if (rv == -1)
		return rumpuser__errtrans(errno);
	memset(fa, 0, sizeof(*fa));
	fa->fa_size = (uint64_t)st.st_size;
	fa->fa_ino = (uint64_t)st.st_ino;
	fa->fa_mode = (uint32_t)st.st_mode;
	fa->fa_nlink = (uint32_t)st.st_nlink;
	fa->fa_uid = (uint32_t)st.st_uid;
	fa->fa_gid = (uint32_t)st.st_gid;
	fa->fa_atime_sec = st.st_atim.tv_sec;
	fa->fa_atime_nsec = st.st_atim.tv_nsec;
	fa->fa_mtime_sec = st.st_mtim.tv_sec;
	fa->fa_mtime_nsec = st.st_mtim.tv_nsec;
	fa->fa_ctime_sec = st.st_ctim.tv_sec;
	fa->fa_ctime_nsec = st.st_ctim.tv_nsec;
	return 0;
}

int
rumpuser_truncate(int fd, uint64_t size)
{
	struct rumpuser_fdinfo *fi;
	int rv;

	if (size > (uint64_t)INT64_MAX)
		return EFBIG;
	rumpuser__unschedule();
	rv = ftruncate(fd, (off_t)size);
	if (rv == 0) {
		fi = rumpuser__fd_lookup(fd);
		if (fi != NULL && fi->fi_ops != NULL &&
		    fi->fi_ops->bo_resize != NULL)
			fi->fi_ops->bo_resize(fi, size);
	}
	rumpuser__schedule();
	if (rv == -1)
		return rumpuser__errtrans(errno);
	return 0;
}
