/*
 * The read-only variant (NetBSD's t_ro): fstest_ro_prepare fills the file
 * system, the runner remounts it read-only, then every writing call must
 * give EROFS while reads work.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

#define RO_DATA	"read-only contents"

void
fstest_ro_prepare(const struct fstest_env *env)
{

	fstest_mkfile(env, FT_PATH("file"), RO_DATA, strlen(RO_DATA));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	fstest_mkfile(env, FT_PATH("dir/inner"), "x", 1);
}

void
fstest_ro_create(const struct fstest_env *env)
{

	FT_ERR(EROFS, FT_SYS->open(FT_PATH("new"), O_RDWR | O_CREAT, 0644));
	FT_ERR(EROFS, FT_SYS->open(FT_PATH("file"), O_RDONLY | O_TRUNC, 0));
}

void
fstest_ro_rmfile(const struct fstest_env *env)
{
	struct stat sb;

	FT_ERR(EROFS, FT_SYS->unlink(FT_PATH("file")));
	FT_ERR(EROFS, FT_SYS->rmdir(FT_PATH("dir")));
	FT_ERR(EROFS, FT_SYS->rename(FT_PATH("file"), FT_PATH("file2")));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
}

void
fstest_ro_fileio(const struct fstest_env *env)
{
	char buf[64];
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	memset(buf, 0, sizeof(buf));
	FT_REQUIRE(FT_SYS->read(fd, buf, sizeof(buf)) ==
	    (ssize_t)strlen(RO_DATA));
	FT_REQUIRE(strcmp(buf, RO_DATA) == 0);
	FT_ERR(EBADF, FT_SYS->write(fd, "x", 1));
	FT_OK(FT_SYS->close(fd));
	FT_ERR(EROFS, FT_SYS->open(FT_PATH("file"), O_WRONLY, 0));
	FT_ERR(EROFS, FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	FT_ERR(EROFS, FT_SYS->truncate(FT_PATH("file"), 0));
}

void
fstest_ro_attrs(const struct fstest_env *env)
{
	struct timespec ts[2] = { { 1000, 0 }, { 2000, 0 } };
	int fd;

	FT_ERR(EROFS, FT_SYS->chmod(FT_PATH("file"), 0600));
	FT_ERR(EROFS, FT_SYS->chown(FT_PATH("file"), 1, 1));
	FT_ERR(EROFS, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), ts, 0));
	FT_ERR(EROFS, FT_SYS->utimensat(AT_FDCWD, FT_PATH("file"), NULL, 0));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_ERR(EROFS, FT_SYS->fchmod(fd, 0600));
	FT_ERR(EROFS, FT_SYS->fchown(fd, 1, 1));
	FT_ERR(EROFS, FT_SYS->futimens(fd, ts));
	FT_OK(FT_SYS->close(fd));
}

void
fstest_ro_createdir(const struct fstest_env *env)
{

	FT_ERR(EROFS, FT_SYS->mkdir(FT_PATH("newdir"), 0777));
}

void
fstest_ro_createfifo(const struct fstest_env *env)
{

	fstest_need(env, FSTEST_CAP_FIFO);
	FT_ERR(EROFS, FT_SYS->mkfifo(FT_PATH("fifo"), 0666));
}

void
fstest_ro_createsymlink(const struct fstest_env *env)
{

	fstest_need(env, FSTEST_CAP_SYMLINK);
	FT_ERR(EROFS, FT_SYS->symlink("target", FT_PATH("link")));
}

void
fstest_ro_createlink(const struct fstest_env *env)
{

	fstest_need(env, FSTEST_CAP_HARDLINK);
	FT_ERR(EROFS, FT_SYS->link(FT_PATH("file"), FT_PATH("hardlink")));
}
