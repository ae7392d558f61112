/*
 * The in-process system calls (rump_sys_*) as an fstest_sys, converting
 * between the rump kernel's fixed-width structures and the host's.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_rump.h"

static void
stat_from_rump(const struct rump_stat *rs, struct stat *sb)
{

	memset(sb, 0, sizeof(*sb));
	sb->st_dev = rs->st_dev;
	sb->st_ino = rs->st_ino;
	sb->st_mode = rs->st_mode;
	sb->st_nlink = rs->st_nlink;
	sb->st_uid = rs->st_uid;
	sb->st_gid = rs->st_gid;
	sb->st_rdev = rs->st_rdev;
	sb->st_size = rs->st_size;
	sb->st_blocks = rs->st_blocks;
	sb->st_blksize = rs->st_blksize;
	sb->st_atim.tv_sec = rs->st_atim.tv_sec;
	sb->st_atim.tv_nsec = rs->st_atim.tv_nsec;
	sb->st_mtim.tv_sec = rs->st_mtim.tv_sec;
	sb->st_mtim.tv_nsec = rs->st_mtim.tv_nsec;
	sb->st_ctim.tv_sec = rs->st_ctim.tv_sec;
	sb->st_ctim.tv_nsec = rs->st_ctim.tv_nsec;
}

static int
r_open(const char *path, int flags, mode_t mode)
{

	return rump_sys_open(path, flags, mode);
}

static ssize_t
r_read(int fd, void *buf, size_t n)
{

	return rump_sys_read(fd, buf, n);
}

static ssize_t
r_write(int fd, const void *buf, size_t n)
{

	return rump_sys_write(fd, buf, n);
}

static ssize_t
r_pread(int fd, void *buf, size_t n, off_t off)
{

	return rump_sys_pread(fd, buf, n, off);
}

static ssize_t
r_pwrite(int fd, const void *buf, size_t n, off_t off)
{

	return rump_sys_pwrite(fd, buf, n, off);
}

static off_t
r_lseek(int fd, off_t off, int whence)
{

	return rump_sys_lseek(fd, off, whence);
}

static int
r_ftruncate(int fd, off_t len)
{

	return rump_sys_ftruncate(fd, len);
}

static int
r_fallocate(int fd, int mode, off_t off, off_t len)
{

	return rump_sys_fallocate(fd, mode, off, len);
}

static int
r_truncate(const char *path, off_t len)
{

	return rump_sys_truncate(path, len);
}

static int
r_stat(const char *path, struct stat *sb)
{
	struct rump_stat rs;

	if (rump_sys_stat(path, &rs) == -1)
		return -1;
	stat_from_rump(&rs, sb);
	return 0;
}

static int
r_lstat(const char *path, struct stat *sb)
{
	struct rump_stat rs;

	if (rump_sys_lstat(path, &rs) == -1)
		return -1;
	stat_from_rump(&rs, sb);
	return 0;
}

static int
r_fstat(int fd, struct stat *sb)
{
	struct rump_stat rs;

	if (rump_sys_fstat(fd, &rs) == -1)
		return -1;
	stat_from_rump(&rs, sb);
	return 0;
}

static int
r_mkdir(const char *path, mode_t mode)
{

	return rump_sys_mkdir(path, mode);
}

static ssize_t
r_readlink(const char *path, char *buf, size_t n)
{

	return rump_sys_readlink(path, buf, n);
}

static int
r_chmod(const char *path, mode_t mode)
{

	return rump_sys_chmod(path, mode);
}

static int
r_chown(const char *path, uid_t uid, gid_t gid)
{

	return rump_sys_chown(path, uid, gid);
}

static int
r_fchmod(int fd, mode_t mode)
{

	return rump_sys_fchmod(fd, mode);
}

static int
r_fchown(int fd, uid_t uid, gid_t gid)
{

	return rump_sys_fchown(fd, uid, gid);
}

static void
ts_to_rump(const struct timespec *ts, struct rump_timespec *rts)
{
	int i;

	for (i = 0; i < 2; i++) {
		rts[i].tv_sec = ts[i].tv_sec;
		rts[i].tv_nsec = ts[i].tv_nsec;
	}
}

static int
r_utimensat(int dirfd, const char *path, const struct timespec *ts,
    int flags)
{
	struct rump_timespec rts[2];

	if (ts == NULL)
		return rump_sys_utimensat(dirfd, path, NULL, flags);
	ts_to_rump(ts, rts);
	return rump_sys_utimensat(dirfd, path, rts, flags);
}

static int
r_futimens(int fd, const struct timespec *ts)
{
	struct rump_timespec rts[2];

	if (ts == NULL)
		return rump_sys_futimens(fd, NULL);
	ts_to_rump(ts, rts);
	return rump_sys_futimens(fd, rts);
}

static int
r_mkfifo(const char *path, mode_t mode)
{

	return rump_sys_mkfifo(path, mode);
}

static int
r_fcntl_lock(int fd, int cmd, struct flock *fl)
{
	struct rump_flock rfl;
	int rv;

	memset(&rfl, 0, sizeof(rfl));
	rfl.l_type = fl->l_type;
	rfl.l_whence = fl->l_whence;
	rfl.l_start = fl->l_start;
	rfl.l_len = fl->l_len;
	rfl.l_pid = fl->l_pid;
	rv = rump_sys_fcntl(fd, cmd, &rfl);
	if (rv != -1) {
		fl->l_type = rfl.l_type;
		fl->l_whence = rfl.l_whence;
		fl->l_start = rfl.l_start;
		fl->l_len = rfl.l_len;
		fl->l_pid = rfl.l_pid;
	}
	return rv;
}

static int
r_statvfs(const char *path, struct fstest_statvfs *sb)
{
	struct rump_statvfs rs;

	if (rump_sys_statvfs(path, &rs) == -1)
		return -1;
	memset(sb, 0, sizeof(*sb));
	sb->namemax = rs.f_namemax;
	sb->bsize = rs.f_bsize;
	sb->blocks = rs.f_blocks;
	sb->bfree = rs.f_bfree;
	sb->flag = rs.f_flag;
	memcpy(sb->fstypename, rs.f_fstypename, sizeof(sb->fstypename));
	sb->fstypename[sizeof(sb->fstypename) - 1] = '\0';
	memcpy(sb->mntonname, rs.f_mntonname, sizeof(sb->mntonname));
	sb->mntonname[sizeof(sb->mntonname) - 1] = '\0';
	return 0;
}

static int
r_listdir(const char *path, fstest_dircb cb, void *arg)
{
	static char buf[8192];
	struct rump_dirent *dp;
	rump_ssize_t n, off;
	int fd, error = 0;

	if ((fd = rump_sys_open(path, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += dp->d_reclen) {
			dp = (struct rump_dirent *)(buf + off);
			if (dp->d_reclen == 0) {
				error = EIO;
				break;
			}
			cb(arg, dp->d_name, dp->d_type);
		}
		if (error != 0)
			break;
	}
	if (n == -1)
		error = errno;
	rump_sys_close(fd);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return 0;
}

static int
r_getfh(const char *path, struct fstest_fh *fh)
{
	struct rump_fid fid;

	if (rump_sys_getfh(path, &fid) == -1)
		return -1;
	fh->len = sizeof(fid);
	memcpy(fh->data, &fid, sizeof(fid));
	return 0;
}

static int
r_fhopen(const struct fstest_fh *fh, int flags)
{
	struct rump_fid fid;

	memcpy(&fid, fh->data, sizeof(fid));
	return rump_sys_fhopen(&fid, flags);
}

static ssize_t
r_getxattr(const char *path, const char *name, void *buf, size_t n)
{

	return rump_sys_getxattr(path, name, buf, n);
}

static ssize_t
r_listxattr(const char *path, char *buf, size_t n)
{

	return rump_sys_listxattr(path, buf, n);
}

static int
r_dup(int fd)
{

	return rump_sys_dup(fd);
}

static mode_t
r_umask(mode_t mask)
{

	return rump_sys_umask(mask);
}

/* a new process (empty descriptor table), bound to the calling thread */
static void *
r_newproc(void)
{

	if (rump_pub_lwproc_rfork(RUMP_RFCFDG) != 0)
		return NULL;
	return rump_pub_lwproc_curlwp();
}

/* in the process's own thread: the process goes with its only lwp */
static void
r_releaseproc(void *l)
{

	rump_pub_lwproc_switch(l);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(NULL);
}

static int
r_setcred(uid_t uid, gid_t gid, int ngroups, const gid_t *groups)
{
	uint32_t g32[16];
	int error, i;

	if (ngroups < 0 || ngroups > 16) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < ngroups; i++)
		g32[i] = groups[i];
	error = rump_pub_lwproc_setcred(uid, gid, ngroups, g32);
	if (error != 0) {
		errno = error;
		return -1;
	}
	return 0;
}

static pid_t
r_getpid(void)
{

	return rump_sys_getpid();
}

/*
 * Interrupting a process's blocked call (what a signal does on the host):
 * weak, so that a kernel without interruptible sleeps builds and the
 * interrupt cases skip there.
 */
#pragma weak rump_pub_lwp_intr_begin
#pragma weak rump_pub_lwp_intr_end
#pragma weak rump_pub_lwp_interrupt
struct lwp *rump_pub_lwp_intr_begin(void);
void rump_pub_lwp_intr_end(void);
void rump_pub_lwp_interrupt(struct lwp *);

static void *
r_intr_begin(void)
{

	return rump_pub_lwp_intr_begin != NULL ? rump_pub_lwp_intr_begin() :
	    NULL;
}

static void
r_intr_end(void)
{

	if (rump_pub_lwp_intr_end != NULL)
		rump_pub_lwp_intr_end();
}

static void
r_interrupt(void *l)
{

	if (rump_pub_lwp_interrupt != NULL)
		rump_pub_lwp_interrupt(l);
}

const struct fstest_sys fstest_rump_sys = {
	.open = r_open,
	.close = rump_sys_close,
	.read = r_read,
	.write = r_write,
	.pread = r_pread,
	.pwrite = r_pwrite,
	.lseek = r_lseek,
	.fsync = rump_sys_fsync,
	.ftruncate = r_ftruncate,
	.fallocate = r_fallocate,
	.truncate = r_truncate,
	.stat = r_stat,
	.lstat = r_lstat,
	.fstat = r_fstat,
	.mkdir = r_mkdir,
	.rmdir = rump_sys_rmdir,
	.unlink = rump_sys_unlink,
	.rename = rump_sys_rename,
	.link = rump_sys_link,
	.symlink = rump_sys_symlink,
	.readlink = r_readlink,
	.chmod = r_chmod,
	.chown = r_chown,
	.fchmod = r_fchmod,
	.fchown = r_fchown,
	.utimensat = r_utimensat,
	.futimens = r_futimens,
	.access = rump_sys_access,
	.chdir = rump_sys_chdir,
	.mkfifo = r_mkfifo,
	.fcntl_lock = r_fcntl_lock,
	.statvfs = r_statvfs,
	.sync = rump_sys_sync,
	.listdir = r_listdir,
	.getxattr = r_getxattr,
	.setxattr = rump_sys_setxattr,
	.listxattr = r_listxattr,
	.removexattr = rump_sys_removexattr,
	.getfh = r_getfh,
	.fhopen = r_fhopen,
	.flock = NULL,		/* no flock(2) in the rump system calls */
	.dup = r_dup,
	.umask = r_umask,
	.newproc = r_newproc,
	.releaseproc = r_releaseproc,
	.setcred = r_setcred,
	.getpid = r_getpid,
	.intr_begin = r_intr_begin,
	.intr_end = r_intr_end,
	.interrupt = r_interrupt,
};

