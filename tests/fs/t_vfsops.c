/*
 * File-system level behaviours (NetBSD's t_vfsops): mount, statvfs, sync,
 * file handles.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

void
fstest_tmount(const struct fstest_env *env)
{
	struct stat sb;

	FT_OK(FT_SYS->stat(env->mnt, &sb));
	FT_REQUIRE(S_ISDIR(sb.st_mode));
	fstest_need(env, FSTEST_CAP_REMOUNT);
	FT_OK(env->be->unmount(env->cookie));
	FT_ERR(ENOENT, FT_SYS->stat(FT_PATH("file"), &sb));
}

void
fstest_tstatvfs(const struct fstest_env *env)
{
	struct fstest_statvfs sv;

	FT_OK(FT_SYS->statvfs(env->mnt, &sv));
	FT_REQUIRE(sv.namemax > 0 && sv.namemax <= env->be->namemax);
	FT_REQUIRE(sv.bsize > 0);
	if (env->be->fstype != NULL)
		FT_REQUIRE(strcmp(sv.fstypename, env->be->fstype) == 0);
	if (sv.mntonname[0] != '\0')
		FT_REQUIRE(strcmp(sv.mntonname, env->mnt) == 0);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_OK(FT_SYS->statvfs(FT_PATH("file"), &sv));
}

void
fstest_tsync(const struct fstest_env *env)
{
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0644));
	FT_REQUIRE(FT_SYS->write(fd, "data", 4) == 4);
	FT_OK(FT_SYS->fsync(fd));
	FT_SYS->sync();
	FT_OK(FT_SYS->close(fd));
	FT_SYS->sync();
	FT_ERR(EBADF, FT_SYS->fsync(fd));
}

void
fstest_tfilehandle(const struct fstest_env *env)
{
	struct fstest_fh fh;
	char buf[32];
	int fd;

	fstest_need(env, FSTEST_CAP_FH);
	fstest_mkfile(env, FT_PATH("file"), "handle data", 11);
	if (FT_SYS->getfh(FT_PATH("file"), &fh) == -1 && errno == EOPNOTSUPP)
		fstest_skip("getfh: EOPNOTSUPP");
	FT_OK(FT_SYS->getfh(FT_PATH("file"), &fh));
	FT_OK(fd = FT_SYS->fhopen(&fh, O_RDONLY));
	memset(buf, 0, sizeof(buf));
	FT_REQUIRE(FT_SYS->read(fd, buf, sizeof(buf)) == 11);
	FT_REQUIRE(memcmp(buf, "handle data", 11) == 0);
	FT_OK(FT_SYS->close(fd));
}

void
fstest_tfhremove(const struct fstest_env *env)
{
	struct fstest_fh fh;

	fstest_need(env, FSTEST_CAP_FH);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	if (FT_SYS->getfh(FT_PATH("file"), &fh) == -1 && errno == EOPNOTSUPP)
		fstest_skip("getfh: EOPNOTSUPP");
	FT_OK(FT_SYS->getfh(FT_PATH("file"), &fh));
	FT_OK(FT_SYS->unlink(FT_PATH("file")));
	FT_ERR(ESTALE, FT_SYS->fhopen(&fh, O_RDONLY));
}

void
fstest_tfhinval(const struct fstest_env *env)
{
	struct fstest_fh fh, good;
	struct stat sb;
	size_t i;
	int j, fd;

	fstest_need(env, FSTEST_CAP_FH);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	if (FT_SYS->getfh(FT_PATH("file"), &good) == -1 &&
	    errno == EOPNOTSUPP)
		fstest_skip("getfh: EOPNOTSUPP");
	FT_OK(FT_SYS->getfh(FT_PATH("file"), &good));
	/* garbage in every byte past the fsid: must fail, not crash */
	for (j = 0; j < 64; j++) {
		fh = good;
		for (i = 8 + 4; i < fh.len; i++)
			fh.data[i] = (unsigned char)(i * 37 + j * 101);
		fd = FT_SYS->fhopen(&fh, O_RDONLY);
		if (fd != -1)
			FT_OK(FT_SYS->close(fd));
	}
	memset(&fh, 0xa5, sizeof(fh));
	fh.len = good.len;
	FT_REQUIRE(FT_SYS->fhopen(&fh, O_RDONLY) == -1);
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
}
