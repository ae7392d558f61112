/*
 * Races (t_renamerace, t_rmdirrace), timestamps (t_mtime_otrunc,
 * t_mtime_write), read-write to read-only remounts (t_rwtoro), fifos.
 * The races are bounded by iteration counts, never by time.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/xattr.h>

#include "fstest.h"
#include "fstest_tests.h"

#define RACE_THREADS	4
#define RACE_ITERS	1500

struct race {
	const struct fstest_env *env;
	int id;
	int kind;
};

enum { RACE_FILES, RACE_DIRS, RACE_CYCLE, RACE_RMDIR };

static void *
race_thread(void *arg)
{
	struct race *r = arg;
	const struct fstest_env *env = r->env;
	char a[1024], b[1024];
	int i, fd;

	for (i = 0; i < RACE_ITERS; i++) {
		switch (r->kind) {
		case RACE_FILES:
			if (r->id % 2 == 0) {
				fd = FT_SYS->open(FT_PATH("rfile"),
				    O_RDWR | O_CREAT, 0644);
				if (fd != -1)
					FT_SYS->close(fd);
			} else
				FT_SYS->rename(FT_PATH("rfile"),
				    FT_PATH("rfile%d", r->id));
			break;
		case RACE_DIRS:
			if (r->id % 2 == 0)
				FT_SYS->mkdir(FT_PATH("rdir"), 0777);
			else
				FT_SYS->rename(FT_PATH("rdir"),
				    FT_PATH("rdir%d", r->id));
			if (r->id == 1)
				FT_SYS->rmdir(FT_PATH("rdir1"));
			break;
		case RACE_CYCLE:
			/* a/b <-> b/a: some succeed, cycles are refused */
			snprintf(a, sizeof(a), "%s/%s", env->mnt,
			    r->id % 2 ? "a/b" : "b/a");
			snprintf(b, sizeof(b), "%s/%s", env->mnt,
			    r->id % 2 ? "b" : "a");
			FT_SYS->rename(a, b);
			FT_SYS->mkdir(a, 0777);
			break;
		case RACE_RMDIR:
			if (r->id % 2 == 0)
				FT_SYS->mkdir(FT_PATH("rmd"), 0777);
			else
				FT_SYS->rmdir(FT_PATH("rmd"));
			break;
		}
	}
	return NULL;
}

static void
run_race(const struct fstest_env *env, int kind)
{
	pthread_t t[RACE_THREADS];
	struct race r[RACE_THREADS];
	struct stat sb;
	int i;

	for (i = 0; i < RACE_THREADS; i++) {
		r[i].env = env;
		r[i].id = i;
		r[i].kind = kind;
		FT_REQUIRE(pthread_create(&t[i], NULL, race_thread, &r[i]) ==
		    0);
	}
	for (i = 0; i < RACE_THREADS; i++)
		FT_REQUIRE(pthread_join(t[i], NULL) == 0);
	/* the file system still answers, and is consistent enough */
	FT_OK(FT_SYS->stat(env->mnt, &sb));
	FT_REQUIRE(S_ISDIR(sb.st_mode));
	fstest_mkfile(env, FT_PATH("after"), "x", 1);
	FT_OK(FT_SYS->unlink(FT_PATH("after")));
}

void
fstest_renamerace(const struct fstest_env *env)
{

	run_race(env, RACE_FILES);
}

void
fstest_renamerace_dirs(const struct fstest_env *env)
{

	run_race(env, RACE_DIRS);
}

void
fstest_renamerace_cycle(const struct fstest_env *env)
{

	FT_OK(FT_SYS->mkdir(FT_PATH("a"), 0777));
	FT_OK(FT_SYS->mkdir(FT_PATH("b"), 0777));
	run_race(env, RACE_CYCLE);
}

void
fstest_rmdirrace(const struct fstest_env *env)
{

	run_race(env, RACE_RMDIR);
}

/* set mtime far in the past so that any update is visible */
#define AGED(env)	(FSTEST_TIME_BASE(env) + 1000)

static void
age(const struct fstest_env *env, const char *path)
{
	struct timespec ts[2] = { { AGED(env), 0 }, { AGED(env), 0 } };
	struct stat sb;

	FT_OK(FT_SYS->utimensat(AT_FDCWD, path, ts, 0));
	FT_OK(FT_SYS->stat(path, &sb));
	FT_REQUIRE(sb.st_mtim.tv_sec == AGED(env));
}

void
fstest_mtime_otrunc(const struct fstest_env *env)
{
	struct stat sb;
	int fd;

	fstest_mkfile(env, FT_PATH("file"), "contents", 8);
	age(env, FT_PATH("file"));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY | O_TRUNC, 0));
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	FT_REQUIRE(sb.st_size == 0);
	FT_REQUIRE(sb.st_mtim.tv_sec > AGED(env));
	FT_REQUIRE(sb.st_ctim.tv_sec > AGED(env));
}

void
fstest_mtime_write(const struct fstest_env *env)
{
	struct stat sb;
	int fd;

	fstest_mkfile(env, FT_PATH("file"), "contents", 8);
	age(env, FT_PATH("file"));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY, 0));
	FT_REQUIRE(FT_SYS->write(fd, "x", 1) == 1);
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	FT_REQUIRE(sb.st_mtim.tv_sec > AGED(env));
	/* a directory's mtime moves when an entry is added */
	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	age(env, FT_PATH("dir"));
	fstest_mkfile(env, FT_PATH("dir/new"), "x", 1);
	FT_OK(FT_SYS->stat(FT_PATH("dir"), &sb));
	FT_REQUIRE(sb.st_mtim.tv_sec > AGED(env));
}

void
fstest_rwtoro(const struct fstest_env *env)
{
	int fd;

	fstest_need(env, FSTEST_CAP_REMOUNT);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	/* open for writing: the downgrade must be refused */
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	if (env->be->remount_ro(env->cookie) == 0)
		FT_REQUIRE(!"remount ro with a file open for writing");
	if (errno == EOPNOTSUPP)
		fstest_skip("read-only remount unsupported");
	FT_REQUIRE(errno == EBUSY);
	FT_OK(FT_SYS->close(fd));
	/* open for reading is fine */
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_OK(env->be->remount_ro(env->cookie));
	FT_ERR(EROFS, FT_SYS->unlink(FT_PATH("file")));
	FT_OK(FT_SYS->close(fd));
}

void
fstest_mkfifo(const struct fstest_env *env)
{
	struct stat sb;

	fstest_need(env, FSTEST_CAP_FIFO);
	FT_OK(FT_SYS->mkfifo(FT_PATH("fifo"), 0644));
	FT_OK(FT_SYS->stat(FT_PATH("fifo"), &sb));
	FT_REQUIRE(S_ISFIFO(sb.st_mode));
	FT_ERR(EEXIST, FT_SYS->mkfifo(FT_PATH("fifo"), 0644));
	FT_OK(FT_SYS->unlink(FT_PATH("fifo")));
}

void
fstest_xattr_simple(const struct fstest_env *env)
{
	char buf[64];
	ssize_t n;

	fstest_need(env, FSTEST_CAP_XATTR);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->setxattr(FT_PATH("file"), "user.test", "value", 5, 0));
	FT_REQUIRE(FT_SYS->getxattr(FT_PATH("file"), "user.test", NULL, 0) ==
	    5);
	memset(buf, 0, sizeof(buf));
	FT_REQUIRE(FT_SYS->getxattr(FT_PATH("file"), "user.test", buf,
	    sizeof(buf)) == 5);
	FT_REQUIRE(memcmp(buf, "value", 5) == 0);
	FT_ERR(ERANGE, FT_SYS->getxattr(FT_PATH("file"), "user.test", buf, 2));
	FT_ERR(EEXIST, FT_SYS->setxattr(FT_PATH("file"), "user.test", "v", 1,
	    XATTR_CREATE));
	FT_ERR(ENODATA, FT_SYS->setxattr(FT_PATH("file"), "user.none", "v", 1,
	    XATTR_REPLACE));
	FT_OK(n = FT_SYS->listxattr(FT_PATH("file"), buf, sizeof(buf)));
	FT_REQUIRE(n >= 10 && memmem(buf, n, "user.test", 10) != NULL);
	FT_OK(FT_SYS->removexattr(FT_PATH("file"), "user.test"));
	FT_ERR(ENODATA, FT_SYS->getxattr(FT_PATH("file"), "user.test", buf,
	    sizeof(buf)));
	FT_ERR(ENODATA, FT_SYS->removexattr(FT_PATH("file"), "user.test"));
}
