/*
 * rumpuser_readdir: entries of a host directory opened with
 * RUMPUSER_OPEN_DIR, as NUL-terminated "T name" records where T is a
 * RUMPUSER_FT_* digit.  "." and ".." are left out: the kernel side
 * makes its own.  The cookie is the host's telldir() position.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "rumpuser_int.h"

static int
dirent_type(DIR *d, const struct dirent *de)
{
	struct stat st;

	switch (de->d_type) {
	case DT_DIR:
		return RUMPUSER_FT_DIR;
	case DT_REG:
		return RUMPUSER_FT_REG;
	case DT_BLK:
		return RUMPUSER_FT_BLK;
	case DT_CHR:
		return RUMPUSER_FT_CHR;
	case DT_LNK:
		return RUMPUSER_FT_LNK;
	case DT_UNKNOWN:
		break;
	default:
		return RUMPUSER_FT_OTHER;
	}
	/* Some file systems don't fill d_type. */
	if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return RUMPUSER_FT_OTHER;
	if (S_ISDIR(st.st_mode))
		return RUMPUSER_FT_DIR;
	if (S_ISREG(st.st_mode))
		return RUMPUSER_FT_REG;
	if (S_ISBLK(st.st_mode))
		return RUMPUSER_FT_BLK;
	if (S_ISCHR(st.st_mode))
		return RUMPUSER_FT_CHR;
	if (S_ISLNK(st.st_mode))
		return RUMPUSER_FT_LNK;
	return RUMPUSER_FT_OTHER;
}

/* Fill buf from the stream's position; called with fi_lock held. */
static int
dir_fill(DIR *d, char *buf, size_t bufsize, size_t *lenp)
{
	struct dirent *de;
	size_t len = 0, reclen;
	long pos;

	for (;;) {
		pos = telldir(d);
		errno = 0;
		de = readdir(d);
		if (de == NULL) {
			if (errno != 0)
				return rumpuser__errtrans(errno);
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		reclen = 2 + strlen(de->d_name) + 1;
		if (len + reclen > bufsize) {
			seekdir(d, pos);	/* next call starts here */
			if (len == 0)
				return EINVAL;
			break;
		}
		buf[len] = (char)('0' + dirent_type(d, de));
		buf[len + 1] = ' ';
		memcpy(buf + len + 2, de->d_name, reclen - 2);
		len += reclen;
	}
	*lenp = len;
	return 0;
}

int
rumpuser_readdir(int fd, int64_t *offp, char *buf, size_t bufsize,
    size_t *lenp)
{
	struct rumpuser_fdinfo *fi;
	DIR *d;
	int error;

	fi = rumpuser__fd_lookup(fd);
	if (fi == NULL || fi->fi_dir == NULL)
		return EBADF;
	d = fi->fi_dir;
	*lenp = 0;
	rumpuser__unschedule();
	pthread_mutex_lock(&fi->fi_lock);
	if (*offp == 0)
		rewinddir(d);
	else if (*offp != fi->fi_dirpos)
		seekdir(d, (long)*offp);
	error = dir_fill(d, buf, bufsize, lenp);
	fi->fi_dirpos = telldir(d);
	if (error == 0)
		*offp = fi->fi_dirpos;
	pthread_mutex_unlock(&fi->fi_lock);
	rumpuser__schedule();
	return error;
}
