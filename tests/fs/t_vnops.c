/*
 * Name-space behaviours (NetBSD's tests/fs/vfs/t_vnops, first half):
 * lookups, directories, renames, creation.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "fstest.h"
#include "fstest_tests.h"

static void
same_file(const struct stat *a, const struct stat *b)
{

	FT_REQUIRE(a->st_dev == b->st_dev);
	FT_REQUIRE(a->st_ino == b->st_ino);
}

void
fstest_lookup_simple(const struct fstest_env *env)
{
	struct stat a, b;
	char p1[PATH_MAX], p2[PATH_MAX];
	const char *base;

	base = strrchr(env->mnt, '/') != NULL ? strrchr(env->mnt, '/') + 1 :
	    env->mnt;
	snprintf(p1, sizeof(p1), "%s/../%s", env->mnt, base);
	snprintf(p2, sizeof(p2), "%s/./../%s", env->mnt, base);
	FT_OK(FT_SYS->stat(p1, &a));
	FT_OK(FT_SYS->stat(p2, &b));
	same_file(&a, &b);
	FT_OK(FT_SYS->stat(env->mnt, &b));
	same_file(&a, &b);
}

void
fstest_lookup_complex(const struct fstest_env *env)
{
	struct stat a, b;

	FT_OK(FT_SYS->chdir(env->mnt));
	FT_OK(FT_SYS->mkdir("dir", 0755));
	FT_OK(FT_SYS->stat("dir", &a));
	FT_OK(FT_SYS->stat("./dir/../././dir/.", &b));
	same_file(&a, &b);
	FT_OK(FT_SYS->stat(FT_PATH("dir/.."), &a));
	FT_OK(FT_SYS->stat(env->mnt, &b));
	same_file(&a, &b);
	FT_OK(FT_SYS->chdir("/"));
}

void
fstest_dir_simple(const struct fstest_env *env)
{
	struct stat sb;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->stat(FT_PATH("dir"), &sb));
	FT_REQUIRE(S_ISDIR(sb.st_mode));
	if (env->caps & FSTEST_CAP_NLINK)
		FT_REQUIRE(sb.st_nlink == 2);
	FT_ERR(EEXIST, FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->rmdir(FT_PATH("dir")));
	FT_ERR(ENOENT, FT_SYS->stat(FT_PATH("dir"), &sb));
	FT_ERR(ENOENT, FT_SYS->rmdir(FT_PATH("dir")));
}

void
fstest_dir_notempty(const struct fstest_env *env)
{

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	fstest_mkfile(env, FT_PATH("dir/file"), "x", 1);
	FT_ERR2(ENOTEMPTY, EEXIST, FT_SYS->rmdir(FT_PATH("dir")));
	FT_ERR(ENOTDIR, FT_SYS->rmdir(FT_PATH("dir/file")));
	FT_OK(FT_SYS->unlink(FT_PATH("dir/file")));
	FT_OK(FT_SYS->rmdir(FT_PATH("dir")));
}

static void
dir_slashes(const struct fstest_env *env, const char *slashes)
{
	struct stat sb;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir/"), 0777));
	FT_OK(FT_SYS->stat(FT_PATH("dir%s", slashes), &sb));
	FT_REQUIRE(S_ISDIR(sb.st_mode));
	FT_OK(FT_SYS->rmdir(FT_PATH("dir%s", slashes)));
	FT_ERR(ENOENT, FT_SYS->stat(FT_PATH("dir"), &sb));
}

void
fstest_dir_slash(const struct fstest_env *env)
{

	dir_slashes(env, "/");
}

void
fstest_dir_2slash(const struct fstest_env *env)
{

	dir_slashes(env, "//");
}

void
fstest_dir_3slash(const struct fstest_env *env)
{

	dir_slashes(env, "///");
}

void
fstest_dir_rmdirdotdot(const struct fstest_env *env)
{

	FT_OK(FT_SYS->chdir(env->mnt));
	FT_OK(FT_SYS->mkdir("test", 0777));
	FT_OK(FT_SYS->chdir("test"));
	FT_OK(FT_SYS->mkdir("subtest", 0777));
	FT_OK(FT_SYS->chdir("subtest"));
	FT_OK(FT_SYS->rmdir(FT_PATH("test/subtest")));
	FT_OK(FT_SYS->rmdir(FT_PATH("test")));
	/* BSD: a removed directory has no parent; Linux keeps the dentry */
	if (env->caps & FSTEST_CAP_BSDVFS)
		FT_ERR(ENOENT, FT_SYS->chdir(".."));
	FT_OK(FT_SYS->chdir("/"));
}

/* a directory's link count, where the file system keeps one */
static void
check_nlink(const struct fstest_env *env, const char *path, nlink_t n)
{
	struct stat sb;

	FT_OK(FT_SYS->stat(path, &sb));
	if ((env->caps & FSTEST_CAP_NLINK) && sb.st_nlink != n) {
		printf("# %s: nlink %lu, expected %lu\n", path,
		    (unsigned long)sb.st_nlink, (unsigned long)n);
		FT_REQUIRE(sb.st_nlink == n);
	}
}

void
fstest_rename_dir(const struct fstest_env *env)
{
	struct stat ref, sb;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir1"), 0777));
	FT_OK(FT_SYS->stat(FT_PATH("dir1"), &ref));
	/* the source may not be "." */
	FT_ERR2(EINVAL, EBUSY, FT_SYS->rename(FT_PATH("dir1/."),
	    FT_PATH("foo")));
	/* onto itself: nothing happens */
	FT_OK(FT_SYS->rename(FT_PATH("dir1"), FT_PATH("dir1")));
	/* into its own child and grandchild */
	FT_OK(FT_SYS->mkdir(FT_PATH("dir1/sub"), 0777));
	FT_ERR(EINVAL, FT_SYS->rename(FT_PATH("dir1"), FT_PATH("dir1/sub/x")));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir1/sub/sub2"), 0777));
	FT_ERR(EINVAL, FT_SYS->rename(FT_PATH("dir1"),
	    FT_PATH("dir1/sub/sub2/x")));
	/* over a non-empty directory */
	FT_OK(FT_SYS->mkdir(FT_PATH("full"), 0777));
	fstest_mkfile(env, FT_PATH("full/f"), "x", 1);
	FT_ERR2(ENOTEMPTY, EEXIST, FT_SYS->rename(FT_PATH("dir1"),
	    FT_PATH("full")));
	/* across directories, keeping the inode */
	FT_OK(FT_SYS->rename(FT_PATH("dir1"), FT_PATH("full/moved")));
	FT_OK(FT_SYS->stat(FT_PATH("full/moved"), &sb));
	FT_REQUIRE(sb.st_ino == ref.st_ino);
	FT_OK(FT_SYS->stat(FT_PATH("full/moved/sub/.."), &sb));
	FT_REQUIRE(sb.st_ino == ref.st_ino);
	/* ".." of the moved directory now names its new parent */
	FT_OK(FT_SYS->stat(FT_PATH("full/moved/.."), &sb));
	FT_OK(FT_SYS->stat(FT_PATH("full"), &ref));
	FT_REQUIRE(sb.st_ino == ref.st_ino);
	check_nlink(env, FT_PATH("full"), 3);
	check_nlink(env, FT_PATH("full/moved"), 3);
	/* atomic replace of an empty directory */
	FT_OK(FT_SYS->mkdir(FT_PATH("empty"), 0777));
	FT_OK(FT_SYS->rename(FT_PATH("full/moved/sub/sub2"), FT_PATH("empty")));
	FT_OK(FT_SYS->stat(FT_PATH("empty"), &sb));
	FT_REQUIRE(S_ISDIR(sb.st_mode));
	check_nlink(env, FT_PATH("full/moved/sub"), 2);
	/* a directory over a file and a file over a directory */
	FT_ERR(ENOTDIR, FT_SYS->rename(FT_PATH("empty"), FT_PATH("full/f")));
	FT_ERR(EISDIR, FT_SYS->rename(FT_PATH("full/f"), FT_PATH("empty")));
}

void
fstest_rename_dotdot(const struct fstest_env *env)
{

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir/sub"), 0777));
	FT_ERR2(EINVAL, EBUSY, FT_SYS->rename(FT_PATH("dir/sub/.."),
	    FT_PATH("x")));
	FT_ERR2(EINVAL, EBUSY, FT_SYS->rename(FT_PATH("dir/sub"),
	    FT_PATH("dir/..")));
	FT_ERR2(EINVAL, EBUSY, FT_SYS->rename(FT_PATH("dir/sub/.."),
	    FT_PATH("dir/sub/..")));
	FT_OK(FT_SYS->rmdir(FT_PATH("dir/sub")));
}

void
fstest_rename_reg_nodir(const struct fstest_env *env)
{
	const bool keepino = (env->caps & FSTEST_CAP_FILEINO) != 0;
	struct stat a, b;

	fstest_mkfile(env, FT_PATH("file1"), "hello", 5);
	FT_OK(FT_SYS->stat(FT_PATH("file1"), &a));
	FT_OK(FT_SYS->rename(FT_PATH("file1"), FT_PATH("file2")));
	FT_ERR(ENOENT, FT_SYS->stat(FT_PATH("file1"), &b));
	FT_OK(FT_SYS->stat(FT_PATH("file2"), &b));
	FT_REQUIRE(!keepino || a.st_ino == b.st_ino);
	/* over an existing file: the target is replaced */
	fstest_mkfile(env, FT_PATH("file3"), "x", 1);
	FT_OK(FT_SYS->rename(FT_PATH("file2"), FT_PATH("file3")));
	FT_OK(FT_SYS->stat(FT_PATH("file3"), &b));
	FT_REQUIRE((!keepino || a.st_ino == b.st_ino) && b.st_size == 5);
	FT_ERR(ENOENT, FT_SYS->rename(FT_PATH("nonexist"), FT_PATH("x")));
	FT_ERR(ENOTDIR, FT_SYS->rename(FT_PATH("file3"), FT_PATH("file3/x")));
	FT_ERR(EFAULT, FT_SYS->rename(FT_PATH("file3"), NULL));
	FT_ERR(EFAULT, FT_SYS->rename(NULL, FT_PATH("file3")));
	if (env->caps & FSTEST_CAP_HARDLINK) {
		/* over a hard link to the same file: nothing happens */
		FT_OK(FT_SYS->link(FT_PATH("file3"), FT_PATH("hl")));
		FT_OK(FT_SYS->rename(FT_PATH("file3"), FT_PATH("hl")));
		FT_OK(FT_SYS->stat(FT_PATH("hl"), &b));
		FT_REQUIRE(a.st_ino == b.st_ino);
		FT_OK(FT_SYS->stat(FT_PATH("file3"), &b));
		FT_REQUIRE(b.st_nlink == 2);
	}
}

#define CREATE_MANY	2324

void
fstest_create_many(const struct fstest_env *env)
{
	struct stat sb;
	int i, fd;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	for (i = 0; i < CREATE_MANY; i++) {
		FT_OK(fd = FT_SYS->open(FT_PATH("dir/file%d", i),
		    O_RDWR | O_CREAT | O_EXCL, 0666));
		FT_OK(FT_SYS->close(fd));
	}
	FT_OK(FT_SYS->stat(FT_PATH("dir/file%d", CREATE_MANY / 2), &sb));
	FT_REQUIRE(S_ISREG(sb.st_mode));
	for (i = 0; i < CREATE_MANY; i++)
		FT_OK(FT_SYS->unlink(FT_PATH("dir/file%d", i)));
	FT_OK(FT_SYS->rmdir(FT_PATH("dir")));
}

void
fstest_create_nonalphanum(const struct fstest_env *env)
{
	char name[2];
	int c, fd, made = 0;

	for (c = 1; c < 256; c++) {
		if (c == '/' || c == '.')
			continue;
		name[0] = (char)c;
		name[1] = '\0';
		fd = FT_SYS->open(FT_PATH("%s", name), O_RDWR | O_CREAT, 0666);
		if (fd == -1)
			continue;	/* names the fs refuses are fine */
		made++;
		FT_OK(FT_SYS->close(fd));
		FT_OK(FT_SYS->unlink(FT_PATH("%s", name)));
	}
	FT_REQUIRE(made > 60);
}

static const char *
longname(size_t n)
{
	static char name[NAME_MAX + 16];

	FT_REQUIRE(n < sizeof(name));
	memset(name, 'a', n);
	name[n] = '\0';
	return name;
}

void
fstest_create_nametoolong(const struct fstest_env *env)
{
	unsigned int max = env->be->namemax;
	int fd;

	FT_ERR(ENAMETOOLONG, FT_SYS->open(FT_PATH("%s", longname(max + 1)),
	    O_RDWR | O_CREAT, 0666));
	FT_OK(fd = FT_SYS->open(FT_PATH("%s", longname(max)),
	    O_RDWR | O_CREAT, 0666));
	FT_OK(FT_SYS->close(fd));
	FT_ERR(ENAMETOOLONG, FT_SYS->mkdir(FT_PATH("%s",
	    longname(max + 1)), 0777));
}

void
fstest_create_exist(const struct fstest_env *env)
{
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT | O_EXCL,
	    0666));
	FT_OK(FT_SYS->close(fd));
	FT_ERR(EEXIST, FT_SYS->open(FT_PATH("file"),
	    O_RDWR | O_CREAT | O_EXCL, 0666));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0666));
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	FT_ERR(EEXIST, FT_SYS->open(FT_PATH("dir"),
	    O_RDWR | O_CREAT | O_EXCL, 0666));
	FT_ERR(EISDIR, FT_SYS->open(FT_PATH("dir"), O_RDWR, 0));
	FT_ERR(ENOTDIR, FT_SYS->open(FT_PATH("file"),
	    O_RDONLY | O_DIRECTORY, 0));
	FT_ERR(ENOENT, FT_SYS->open(FT_PATH("nothere"), O_RDONLY, 0));
}

void
fstest_rename_nametoolong(const struct fstest_env *env)
{

	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	FT_ERR(ENAMETOOLONG, FT_SYS->rename(FT_PATH("file"),
	    FT_PATH("%s", longname(env->be->namemax + 1))));
	FT_OK(FT_SYS->rename(FT_PATH("file"), FT_PATH("%s",
	    longname(env->be->namemax))));
}
