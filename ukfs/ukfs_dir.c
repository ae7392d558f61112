/*
 * Directory reading and mkdir -p.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "ukfs_impl.h"

struct ukfs_dircookie {
	int dc_fd;
};

int
ukfs_opendir(struct ukfs *fs, const char *dir, struct ukfs_dircookie **cp)
{
	struct ukfs_dircookie *c;
	int fd, e;

	if ((c = malloc(sizeof(*c))) == NULL)
		return -1;
	ukfs_enter(fs);
	fd = rump_sys_open(dir, O_RDONLY | O_DIRECTORY);
	e = errno;
	ukfs_leave();
	if (fd == -1) {
		free(c);
		errno = e;
		return -1;
	}
	c->dc_fd = fd;
	*cp = c;
	return 0;
}

int
ukfs_getdents(struct ukfs *fs, struct ukfs_dircookie *c, void *buf,
    size_t bufsize)
{
	long rv;
	int e;

	ukfs_enter(fs);
	rv = rump_sys_getdents(c->dc_fd, buf, bufsize);
	e = errno;
	ukfs_leave();
	errno = e;
	return (int)rv;
}

void
ukfs_closedir(struct ukfs *fs, struct ukfs_dircookie *c)
{
	ukfs_enter(fs);
	rump_sys_close(c->dc_fd);
	ukfs_leave();
	free(c);
}

static int
ukfs_builddirs1(const char *path, uint32_t mode)
{
	char buf[4096];
	size_t i, len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		if (buf[i - 1] == '/')
			continue;
		buf[i] = '\0';
		if (rump_sys_mkdir(buf, mode) == -1 && errno != EEXIST)
			return -1;
		buf[i] = path[i];
	}
	return 0;
}

/* fs NULL: in the calling context (used for mount points) */
int
ukfs_util_builddirs(struct ukfs *fs, const char *path, uint32_t mode)
{
	int rv, e;

	if (fs == NULL)
		return ukfs_builddirs1(path, mode);
	ukfs_enter(fs);
	rv = ukfs_builddirs1(path, mode);
	e = errno;
	ukfs_leave();
	errno = e;
	return rv;
}
