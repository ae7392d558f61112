/*
 * t_vnops, second half: symlinks, attributes, advisory locks across
 * processes, access, reading a directory.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fstest.h"
#include "fstest_tests.h"

void
fstest_symlink_zerolen(const struct fstest_env *env)
{
	struct stat sb;

	fstest_need(env, FSTEST_CAP_SYMLINK);
	errno = 0;
	if (FT_SYS->symlink("", FT_PATH("link")) == -1) {
		/* Linux refuses empty targets; anything else is wrong */
		FT_REQUIRE(errno == ENOENT);
		return;
	}
	FT_OK(FT_SYS->lstat(FT_PATH("link"), &sb));
	FT_REQUIRE(S_ISLNK(sb.st_mode) && sb.st_size == 0);
	FT_OK(FT_SYS->unlink(FT_PATH("link")));
}

static void
try_symlink(const struct fstest_env *env, char *target, size_t len)
{
	static char back[65536 + 2];
	ssize_t n;

	memset(target, 'a', len);
	target[len] = '\0';
	errno = 0;
	if (FT_SYS->symlink(target, FT_PATH("link")) == -1) {
		if (errno != ENAMETOOLONG) {
			printf("# length %zu\n", len);
			FT_REQUIRE(errno == ENAMETOOLONG);
		}
		return;
	}
	FT_OK(n = FT_SYS->readlink(FT_PATH("link"), back, sizeof(back)));
	FT_REQUIRE((size_t)n == len && memcmp(back, target, len) == 0);
	FT_OK(FT_SYS->unlink(FT_PATH("link")));
}

void
fstest_symlink_long(const struct fstest_env *env)
{
	static char target[65536 + 2];
	size_t len;
	int i;

	fstest_need(env, FSTEST_CAP_SYMLINK);
	for (i = 0; i <= 16; i++) {
		len = (size_t)1 << i;
		try_symlink(env, target, len - 1 > 0 ? len - 1 : 1);
		try_symlink(env, target, len);
		if (len < 65536)
			try_symlink(env, target, len + 1);
	}
	/* PATH_MAX - 1 must work wherever paths do */
	try_symlink(env, target, PATH_MAX - 1);
}

void
fstest_symlink_root(const struct fstest_env *env)
{
	struct stat a, b;

	fstest_need(env, FSTEST_CAP_SYMLINK);
	FT_OK(FT_SYS->symlink("/", FT_PATH("rootlink")));
	FT_OK(FT_SYS->chdir(FT_PATH("rootlink")));
	FT_OK(FT_SYS->stat(".", &a));
	FT_OK(FT_SYS->stat("/", &b));
	FT_REQUIRE(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
	FT_OK(FT_SYS->chdir("/"));
}

void
fstest_lstat_symlink(const struct fstest_env *env)
{
	static const char target[] = "some/where/else";
	struct stat sb;

	fstest_need(env, FSTEST_CAP_SYMLINK);
	FT_OK(FT_SYS->symlink(target, FT_PATH("link")));
	FT_OK(FT_SYS->lstat(FT_PATH("link"), &sb));
	FT_REQUIRE(S_ISLNK(sb.st_mode));
	FT_REQUIRE(sb.st_size == (off_t)strlen(target));
	FT_ERR(ENOENT, FT_SYS->stat(FT_PATH("link"), &sb));
	FT_ERR(EEXIST, FT_SYS->symlink(target, FT_PATH("link")));
}

void
fstest_attrs(const struct fstest_env *env)
{
	struct timespec ts[2];
	struct stat sb;
	int fd;

	fstest_mkfile(env, FT_PATH("file"), "abc", 3);
	if (env->caps & FSTEST_CAP_OWNERS)
		FT_OK(FT_SYS->chown(FT_PATH("file"), 1, 2));
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0123));
	ts[0].tv_sec = 1000000;
	ts[0].tv_nsec = 123456789;
	ts[1].tv_sec = 2000000;
	ts[1].tv_nsec = 987654321;
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	if (env->caps & FSTEST_CAP_OWNERS)
		FT_REQUIRE(sb.st_uid == 1 && sb.st_gid == 2);
	FT_REQUIRE((sb.st_mode & 07777) == 0123);
	FT_REQUIRE(sb.st_atim.tv_sec == 1000000);
	FT_REQUIRE(sb.st_mtim.tv_sec == 2000000);
	if (env->caps & FSTEST_CAP_NSTIME) {
		FT_REQUIRE(sb.st_atim.tv_nsec == 123456789);
		FT_REQUIRE(sb.st_mtim.tv_nsec == 987654321);
	}
	/* UTIME_OMIT keeps, UTIME_NOW sets the present */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	FT_REQUIRE(sb.st_atim.tv_sec == 1000000);
	FT_REQUIRE(sb.st_mtim.tv_sec > 2000000);
	/* the f-variants */
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(FT_SYS->fchmod(fd, 0640));
	FT_OK(FT_SYS->futimens(fd, NULL));
	FT_OK(FT_SYS->fstat(fd, &sb));
	FT_REQUIRE((sb.st_mode & 07777) == 0640);
	FT_REQUIRE(sb.st_atim.tv_sec > 1000000);
	FT_OK(FT_SYS->close(fd));
	ts[0].tv_nsec = 1000000000L;
	FT_ERR(EINVAL, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
}

/* a lock request on fd; returns 0 or errno */
static int
lockop(const struct fstest_env *env, int fd, int cmd, short type, off_t start,
    off_t len, struct flock *out)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	if (FT_SYS->fcntl_lock(fd, cmd, &fl) == -1)
		return errno;
	if (out != NULL)
		*out = fl;
	return 0;
}

void
fstest_fcntl_lock(const struct fstest_env *env)
{
	struct flock fl;
	void *pa, *pb;
	pid_t pida;
	int fda, fdb, error;

	fstest_need(env, FSTEST_CAP_PROCS);
	fstest_mkfile(env, FT_PATH("file"), "0123456789abcdef", 16);
	FT_REQUIRE((pa = FT_SYS->newproc()) != NULL);
	pida = FT_SYS->getpid();
	FT_OK(fda = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	FT_REQUIRE(lockop(env, fda, F_SETLK, F_WRLCK, 0, 8, NULL) == 0);
	FT_REQUIRE((pb = FT_SYS->newproc()) != NULL);
	FT_REQUIRE(FT_SYS->getpid() != pida);
	FT_OK(fdb = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	error = lockop(env, fdb, F_SETLK, F_WRLCK, 4, 8, NULL);
	FT_REQUIRE(error == EAGAIN || error == EACCES);
	error = lockop(env, fdb, F_SETLK, F_RDLCK, 0, 1, NULL);
	FT_REQUIRE(error == EAGAIN || error == EACCES);
	/* a range that does not overlap is free */
	FT_REQUIRE(lockop(env, fdb, F_SETLK, F_WRLCK, 8, 8, NULL) == 0);
	FT_REQUIRE(lockop(env, fdb, F_GETLK, F_WRLCK, 0, 4, &fl) == 0);
	FT_REQUIRE(fl.l_type == F_WRLCK && fl.l_pid == pida);
	/* A unlocks; now B gets it */
	FT_SYS->switchproc(pa);
	FT_REQUIRE(lockop(env, fda, F_SETLK, F_UNLCK, 0, 8, NULL) == 0);
	FT_SYS->switchproc(pb);
	FT_REQUIRE(lockop(env, fdb, F_SETLK, F_WRLCK, 0, 8, NULL) == 0);
	/* closing any descriptor drops the process's locks */
	FT_OK(FT_SYS->close(fdb));
	FT_SYS->switchproc(pa);
	FT_REQUIRE(lockop(env, fda, F_SETLK, F_WRLCK, 0, 16, NULL) == 0);
	FT_OK(FT_SYS->close(fda));
	FT_SYS->releaseproc(pb);
	FT_SYS->releaseproc(pa);
}

#define NLOCKPROCS	5

void
fstest_fcntl_getlock_pids(const struct fstest_env *env)
{
	struct flock fl;
	void *procs[NLOCKPROCS], *q;
	pid_t pids[NLOCKPROCS];
	int fds[NLOCKPROCS], i, fd;

	fstest_need(env, FSTEST_CAP_PROCS);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	for (i = 0; i < NLOCKPROCS; i++) {
		FT_REQUIRE((procs[i] = FT_SYS->newproc()) != NULL);
		pids[i] = FT_SYS->getpid();
		FT_OK(fds[i] = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
		FT_REQUIRE(lockop(env, fds[i], F_SETLK, F_WRLCK, i * 10, 5,
		    NULL) == 0);
	}
	FT_REQUIRE((q = FT_SYS->newproc()) != NULL);
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	for (i = 0; i < NLOCKPROCS; i++) {
		FT_REQUIRE(lockop(env, fd, F_GETLK, F_RDLCK, i * 10 + 2, 1,
		    &fl) == 0);
		FT_REQUIRE(fl.l_type == F_WRLCK);
		FT_REQUIRE(fl.l_pid == pids[i]);
		FT_REQUIRE(fl.l_start == i * 10 && fl.l_len == 5);
	}
	/* between the ranges nothing is locked */
	FT_REQUIRE(lockop(env, fd, F_GETLK, F_WRLCK, 6, 3, &fl) == 0);
	FT_REQUIRE(fl.l_type == F_UNLCK);
	FT_OK(FT_SYS->close(fd));
	FT_SYS->releaseproc(q);
	for (i = 0; i < NLOCKPROCS; i++)
		FT_SYS->releaseproc(procs[i]);
}

void
fstest_access_simple(const struct fstest_env *env)
{

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0644));
	FT_OK(FT_SYS->access(FT_PATH("file"), F_OK));
	FT_OK(FT_SYS->access(FT_PATH("file"), R_OK | W_OK));
	FT_ERR(EACCES, FT_SYS->access(FT_PATH("file"), X_OK));
	FT_ERR(EINVAL, FT_SYS->access(FT_PATH("file"), 0x40));
	FT_ERR(ENOENT, FT_SYS->access(FT_PATH("nothere"), F_OK));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0755));
	FT_OK(FT_SYS->access(FT_PATH("dir"), R_OK | W_OK | X_OK));
}

void
fstest_read_directory(const struct fstest_env *env)
{
	char buf[1024];
	ssize_t n;
	int fd;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_OK(fd = FT_SYS->open(FT_PATH("dir"), O_RDONLY, 0));
	n = FT_SYS->read(fd, buf, sizeof(buf));
	FT_REQUIRE(n >= 0 || errno == EISDIR);
	n = FT_SYS->pread(fd, buf, sizeof(buf), 0);
	FT_REQUIRE(n >= 0 || errno == EISDIR);
	FT_OK(FT_SYS->close(fd));
}
