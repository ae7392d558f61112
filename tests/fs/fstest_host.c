/*
 * Host system calls as an fstest_sys: what the p2k backends use on their
 * FUSE mounts.  The "host" backend runs the suite on a plain host
 * directory (FSTEST_HOST=1) to check the tests themselves against Linux.
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/xattr.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fstest.h"
#include "fstest_host.h"

static int
h_open(const char *path, int flags, mode_t mode)
{

	return open(path, flags, mode);
}

static int
h_mkdir(const char *path, mode_t mode)
{

	return mkdir(path, mode);
}

static int
h_fcntl_lock(int fd, int cmd, struct flock *fl)
{

	return fcntl(fd, cmd, fl);
}

static int
h_statvfs(const char *path, struct fstest_statvfs *sb)
{
	struct statvfs hs;

	if (statvfs(path, &hs) == -1)
		return -1;
	memset(sb, 0, sizeof(*sb));
	sb->namemax = hs.f_namemax;
	sb->bsize = hs.f_bsize;
	sb->blocks = hs.f_blocks;
	sb->bfree = hs.f_bfree;
	sb->flag = hs.f_flag;
	return 0;
}

static int
h_listdir(const char *path, fstest_dircb cb, void *arg)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return -1;
	errno = 0;
	while ((de = readdir(d)) != NULL)
		cb(arg, de->d_name, de->d_type);
	closedir(d);
	return errno != 0 ? -1 : 0;
}

static int
h_chmod(const char *path, mode_t mode)
{

	return chmod(path, mode);
}

static int
h_mkfifo(const char *path, mode_t mode)
{

	return mkfifo(path, mode);
}

static mode_t
h_umask(mode_t mask)
{

	return umask(mask);
}

/* in a forked process: groups, then gid, then uid (root's last act) */
static int
h_setcred(uid_t uid, gid_t gid, int ngroups, const gid_t *groups)
{

	if (setgroups(ngroups, groups) == -1 ||
	    setresgid(gid, gid, gid) == -1 || setresuid(uid, uid, uid) == -1)
		return -1;
	return 0;
}

static pid_t
h_getpid(void)
{

	return getpid();
}

const struct fstest_sys fstest_host_sys = {
	.open = h_open,
	.close = close,
	.read = read,
	.write = write,
	.pread = pread,
	.pwrite = pwrite,
	.lseek = lseek,
	.fsync = fsync,
	.ftruncate = ftruncate,
	.fallocate = fallocate,
	.truncate = truncate,
	.stat = stat,
	.lstat = lstat,
	.fstat = fstat,
	.mkdir = h_mkdir,
	.rmdir = rmdir,
	.unlink = unlink,
	.rename = rename,
	.link = link,
	.symlink = symlink,
	.readlink = readlink,
	.chmod = h_chmod,
	.chown = chown,
	.fchmod = fchmod,
	.fchown = fchown,
	.utimensat = utimensat,
	.futimens = futimens,
	.access = access,
	.chdir = chdir,
	.mkfifo = h_mkfifo,
	.fcntl_lock = h_fcntl_lock,
	.statvfs = h_statvfs,
	.sync = sync,
	.listdir = h_listdir,
	.getxattr = getxattr,
	.setxattr = setxattr,
	.listxattr = listxattr,
	.removexattr = removexattr,
	.flock = flock,
	.dup = dup,
	.umask = h_umask,
	.newproc = NULL,	/* processes are forked */
	.setcred = h_setcred,
	.getpid = h_getpid,
};

static int
host_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	char dir[PATH_MAX], *copy;

	/* absolute: the cases chdir */
	if (realpath(workdir, dir) == NULL)
		return -1;
	snprintf(mnt, mntlen, "%.*s/host.XXXXXX", (int)(mntlen - 16), dir);
	if (mkdtemp(mnt) == NULL || chmod(mnt, 0755) == -1)
		return -1;
	if ((copy = strdup(mnt)) == NULL)
		return -1;
	*cookiep = copy;
	return 0;
}

static void
host_teardown(void *cookie)
{
	char cmd[4200];
	int rv;

	if (cookie == NULL)
		return;
	if (chdir("/") != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)cookie);
	rv = system(cmd);
	(void)rv;
	free(cookie);
}

const struct fstest_backend fstest_backend_host = {
	.name = "host",
	.fstype = NULL,
	.caps = FSTEST_CAP_UNIX | FSTEST_CAP_FIFO | FSTEST_CAP_PROCS,
	.tsgran_ns = FSTEST_TS_NSEC, .namemax = 255,
	.sys = &fstest_host_sys,
	.enable_env = "FSTEST_HOST",
	.setup = host_setup,
	.teardown = host_teardown,
};
