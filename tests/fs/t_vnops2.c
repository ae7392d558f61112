/*
 * t_vnops, second half: symlinks, attributes, access, reading a
 * directory.  (Advisory locks across processes: t_lock.c.)
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
		/* Linux refuses empty targets, and so may an NFS server
		 * (nfs-ganesha: INVAL); anything else is wrong */
		FT_REQUIRE(errno == ENOENT || (errno == EINVAL &&
		    env->be->fstype != NULL &&
		    strcmp(env->be->fstype, "nfs") == 0));
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
	const time_t base = FSTEST_TIME_BASE(env);
	const bool atimes = (env->caps & FSTEST_CAP_FINETIME) != 0;
	struct timespec ts[2];
	struct stat sb;
	int fd;

	fstest_mkfile(env, FT_PATH("file"), "abc", 3);
	if (env->caps & FSTEST_CAP_OWNERS)
		FT_OK(FT_SYS->chown(FT_PATH("file"), 1, 2));
	FT_OK(FT_SYS->chmod(FT_PATH("file"), 0123));
	ts[0].tv_sec = base + 1000000;
	ts[0].tv_nsec = 123456789;
	ts[1].tv_sec = base + 2000000;
	ts[1].tv_nsec = 987654321;
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	if (env->caps & FSTEST_CAP_OWNERS)
		FT_REQUIRE(sb.st_uid == 1 && sb.st_gid == 2);
	if (env->caps & FSTEST_CAP_MODES)
		FT_REQUIRE((sb.st_mode & 07777) == 0123);
	if (atimes)
		FT_REQUIRE(sb.st_atim.tv_sec == base + 1000000);
	FT_REQUIRE(sb.st_mtim.tv_sec == base + 2000000);
	/* kept to the file system's step, below a second */
	if (env->be->tsgran_ns < FSTEST_TS_SEC) {
		FT_REQUIRE(sb.st_atim.tv_nsec ==
		    123456789 - 123456789 % env->be->tsgran_ns);
		FT_REQUIRE(sb.st_mtim.tv_nsec ==
		    987654321 - 987654321 % env->be->tsgran_ns);
	}
	/* UTIME_OMIT keeps, UTIME_NOW sets the present */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	FT_OK(FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	if (atimes)
		FT_REQUIRE(sb.st_atim.tv_sec == base + 1000000);
	FT_REQUIRE(sb.st_mtim.tv_sec > base + 2000000);
	/* the f-variants */
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(FT_SYS->fchmod(fd, 0640));
	FT_OK(FT_SYS->futimens(fd, NULL));
	FT_OK(FT_SYS->fstat(fd, &sb));
	if (env->caps & FSTEST_CAP_MODES)
		FT_REQUIRE((sb.st_mode & 07777) == 0640);
	FT_REQUIRE(sb.st_atim.tv_sec > base + 1000000);
	FT_OK(FT_SYS->close(fd));
	ts[0].tv_nsec = 1000000000L;
	FT_ERR(EINVAL, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
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
