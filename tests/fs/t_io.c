/*
 * File I/O (NetBSD's t_io, and t_full): holes, extending, overwriting,
 * shrinking, I/O on unlinked files, filling the file system.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fstest.h"
#include "fstest_tests.h"

static void
fill(unsigned char *buf, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 7 + seed + (i >> 9));
}

static void
check_contents(const struct fstest_env *env, const char *path,
    const void *want, size_t n)
{
	unsigned char *buf;
	struct stat sb;
	int fd;

	FT_OK(FT_SYS->stat(path, &sb));
	FT_REQUIRE(sb.st_size == (off_t)n);
	FT_REQUIRE((buf = malloc(n + 1)) != NULL);
	FT_OK(fd = FT_SYS->open(path, O_RDONLY, 0));
	FT_REQUIRE(FT_SYS->read(fd, buf, n + 1) == (ssize_t)n);
	FT_REQUIRE(memcmp(buf, want, n) == 0);
	FT_OK(FT_SYS->close(fd));
	free(buf);
}

static bool
all_zero(const unsigned char *p, size_t n)
{

	while (n-- > 0)
		if (*p++ != 0)
			return false;
	return true;
}

/*
 * The hole map SEEK_HOLE and SEEK_DATA give of fd (size bytes, want its
 * contents) must agree with the contents: holes only where the file
 * reads zeros, data runs that start where SEEK_DATA says, ENXIO at and
 * past the end.  A file system without a hole map answers as lseek(2)
 * allows: the whole file is data (SEEK_HOLE gives the size).  Returns
 * the bytes in holes.
 */
static off_t
check_holes(const struct fstest_env *env, int fd, off_t size,
    const unsigned char *want)
{
	off_t off = 0, h, d, holes = 0;

	while (off < size) {
		FT_OK(h = FT_SYS->lseek(fd, off, SEEK_HOLE));
		FT_REQUIRE(h >= off && h <= size);
		/* [off, h) is data */
		if (h > off)
			FT_REQUIRE(FT_SYS->lseek(fd, off, SEEK_DATA) == off);
		if (h == size)
			break;
		errno = 0;
		if ((d = FT_SYS->lseek(fd, h, SEEK_DATA)) == -1) {
			FT_REQUIRE(errno == ENXIO);	/* a hole to the end */
			d = size;
		}
		FT_REQUIRE(d > h && d <= size);
		FT_REQUIRE(FT_SYS->lseek(fd, h, SEEK_HOLE) == h);
		if (!all_zero(want + h, (size_t)(d - h))) {
			printf("# a hole at [%jd, %jd) over data\n",
			    (intmax_t)h, (intmax_t)d);
			FT_REQUIRE(!"holes only where the file reads zeros");
		}
		holes += d - h;
		off = d;
	}
	FT_ERR(ENXIO, FT_SYS->lseek(fd, size, SEEK_DATA));
	FT_ERR(ENXIO, FT_SYS->lseek(fd, size, SEEK_HOLE));
	FT_ERR(ENXIO, FT_SYS->lseek(fd, size + 100000, SEEK_DATA));
	return holes;
}

void
fstest_holywrite(const struct fstest_env *env)
{
	static unsigned char want[100001];
	unsigned char buf[4096];
	off_t off, holes;
	int fd, i;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0644));
	FT_REQUIRE(FT_SYS->pwrite(fd, "x", 1, 100000) == 1);
	for (off = 0; off < 100000; off += sizeof(buf)) {
		FT_REQUIRE(FT_SYS->pread(fd, buf, sizeof(buf), off) > 0);
		for (i = 0; i < (int)sizeof(buf) && off + i < 100000; i++)
			FT_REQUIRE(buf[i] == 0);
	}
	FT_REQUIRE(FT_SYS->pread(fd, buf, 10, 100000) == 1);
	FT_REQUIRE(buf[0] == 'x');
	want[100000] = 'x';
	FT_OK(FT_SYS->fsync(fd));
	holes = check_holes(env, fd, 100001, want);
	/* with a hole map, the unwritten start is a hole */
	FT_REQUIRE(holes == 0 || FT_SYS->lseek(fd, 0, SEEK_HOLE) == 0);
	FT_OK(FT_SYS->close(fd));
}

void
fstest_extendfile(const struct fstest_env *env)
{
	struct stat sb;
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0644));
	FT_OK(FT_SYS->ftruncate(fd, 65536 + 3));
	FT_OK(FT_SYS->fstat(fd, &sb));
	FT_REQUIRE(sb.st_size == 65536 + 3);
	FT_REQUIRE(FT_SYS->lseek(fd, 0, SEEK_END) == 65536 + 3);
	FT_REQUIRE(FT_SYS->write(fd, "abc", 3) == 3);
	FT_OK(FT_SYS->fstat(fd, &sb));
	FT_REQUIRE(sb.st_size == 65536 + 6);
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->truncate(FT_PATH("file"), 1000000));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	FT_REQUIRE(sb.st_size == 1000000);
}

void
fstest_extendfile_append(const struct fstest_env *env)
{
	char buf[64];
	struct stat sb;
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0644));
	FT_OK(FT_SYS->ftruncate(fd, 37));
	FT_OK(FT_SYS->close(fd));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY | O_APPEND, 0));
	FT_REQUIRE(FT_SYS->write(fd, "appended", 8) == 8);
	/* even after a seek, O_APPEND writes at the end */
	FT_REQUIRE(FT_SYS->lseek(fd, 0, SEEK_SET) == 0);
	FT_REQUIRE(FT_SYS->write(fd, "!", 1) == 1);
	FT_REQUIRE(FT_SYS->lseek(fd, 0, SEEK_CUR) == 46);
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->stat(FT_PATH("file"), &sb));
	FT_REQUIRE(sb.st_size == 46);
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	FT_REQUIRE(FT_SYS->pread(fd, buf, sizeof(buf), 37) == 9);
	FT_REQUIRE(memcmp(buf, "appended!", 9) == 0);
	FT_OK(FT_SYS->close(fd));
}

static void
overwrite(const struct fstest_env *env, size_t n)
{
	unsigned char *a, *b;
	int fd;

	FT_REQUIRE((a = malloc(n)) != NULL && (b = malloc(n)) != NULL);
	fill(a, n, 1);
	fill(b, n, 2);
	fstest_mkfile(env, FT_PATH("file"), a, n);
	check_contents(env, FT_PATH("file"), a, n);
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY, 0));
	FT_REQUIRE(FT_SYS->write(fd, b, n) == (ssize_t)n);
	FT_OK(FT_SYS->close(fd));
	check_contents(env, FT_PATH("file"), b, n);
	/* a partial overwrite in the middle */
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY, 0));
	FT_REQUIRE(FT_SYS->pwrite(fd, a, n / 2, n / 4) == (ssize_t)(n / 2));
	FT_OK(FT_SYS->close(fd));
	memcpy(b + n / 4, a, n / 2);
	check_contents(env, FT_PATH("file"), b, n);
	free(a);
	free(b);
}

void
fstest_overwrite512(const struct fstest_env *env)
{

	overwrite(env, 512);
}

void
fstest_overwrite64k(const struct fstest_env *env)
{

	overwrite(env, 65536);
}

void
fstest_overwrite_trunc(const struct fstest_env *env)
{
	unsigned char a[65536], b[512];
	int fd;

	fill(a, sizeof(a), 3);
	fill(b, sizeof(b), 4);
	fstest_mkfile(env, FT_PATH("file"), a, sizeof(a));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_WRONLY | O_TRUNC, 0));
	FT_REQUIRE(FT_SYS->write(fd, b, sizeof(b)) == (ssize_t)sizeof(b));
	FT_OK(FT_SYS->close(fd));
	check_contents(env, FT_PATH("file"), b, sizeof(b));
}

void
fstest_shrinkfile(const struct fstest_env *env)
{
	int fd;

	fstest_mkfile(env, FT_PATH("file"), "abcdef", 6);
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR, 0));
	FT_OK(FT_SYS->ftruncate(fd, 2));
	FT_OK(FT_SYS->close(fd));
	check_contents(env, FT_PATH("file"), "ab", 2);
	FT_OK(FT_SYS->truncate(FT_PATH("file"), 1));
	check_contents(env, FT_PATH("file"), "a", 1);
	/* growing again reads zeros, not the old bytes */
	FT_OK(FT_SYS->truncate(FT_PATH("file"), 4));
	check_contents(env, FT_PATH("file"), "a\0\0\0", 4);
	FT_ERR(EINVAL, FT_SYS->truncate(FT_PATH("file"), -1));
}

void
fstest_read_after_unlink(const struct fstest_env *env)
{
	unsigned char a[8192], b[8192];
	int fd;

	fill(a, sizeof(a), 5);
	fstest_mkfile(env, FT_PATH("file"), a, sizeof(a));
	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDONLY, 0));
	if (env->be->unmount != NULL)
		FT_ERR(EBUSY, env->be->unmount(env->cookie));
	FT_OK(FT_SYS->unlink(FT_PATH("file")));
	FT_REQUIRE(FT_SYS->read(fd, b, sizeof(b)) == (ssize_t)sizeof(b));
	FT_REQUIRE(memcmp(a, b, sizeof(a)) == 0);
	FT_OK(FT_SYS->close(fd));
}

void
fstest_wrrd_after_unlink(const struct fstest_env *env)
{
	char buf[32];
	int fd;

	FT_OK(fd = FT_SYS->open(FT_PATH("file"), O_RDWR | O_CREAT, 0644));
	FT_OK(FT_SYS->unlink(FT_PATH("file")));
	FT_REQUIRE(FT_SYS->pwrite(fd, "still here", 10, 654321) == 10);
	FT_REQUIRE(FT_SYS->pread(fd, buf, sizeof(buf), 654321) == 10);
	FT_REQUIRE(memcmp(buf, "still here", 10) == 0);
	FT_OK(FT_SYS->close(fd));
}

/*
 * Over FUSE, close() returns before the server has seen the release, so
 * an unlinked file can still be open in the server for a moment and
 * its blocks are freed only then.  Wait (bounded) for them to come back.
 */
static void
wait_space_back(const struct fstest_env *env, uint64_t bfree_full)
{
	struct fstest_statvfs sv;
	int i;

	for (i = 0; i < 200; i++) {
		FT_OK(FT_SYS->statvfs(FT_PATH("."), &sv));
		if (sv.bfree > bfree_full)
			return;
		usleep(10 * 1000);
	}
	FT_REQUIRE(sv.bfree > bfree_full);
}

void
fstest_fillfs(const struct fstest_env *env)
{
	unsigned char buf[65536];
	struct fstest_statvfs full;
	struct stat sb;
	ssize_t n;
	long total = 0;
	int fd;

	fstest_need(env, FSTEST_CAP_SIZELIMIT);
	fill(buf, sizeof(buf), 6);
	FT_OK(fd = FT_SYS->open(FT_PATH("big"), O_WRONLY | O_CREAT, 0644));
	for (;;) {
		n = FT_SYS->write(fd, buf, sizeof(buf));
		if (n == -1)
			break;
		total += n;
		FT_REQUIRE(total < 4L * 1024 * 1024 * 1024);
	}
	FT_REQUIRE(errno == ENOSPC || errno == EFBIG);
	FT_REQUIRE(total > 0);
	FT_OK(FT_SYS->close(fd));
	FT_OK(FT_SYS->statvfs(FT_PATH("."), &full));
	/* after freeing space the file system works again */
	FT_OK(FT_SYS->unlink(FT_PATH("big")));
	wait_space_back(env, full.bfree);
	fstest_mkfile(env, FT_PATH("after"), buf, sizeof(buf));
	check_contents(env, FT_PATH("after"), buf, sizeof(buf));
	FT_OK(FT_SYS->stat(FT_PATH("after"), &sb));
}

/*
 * fallocate(PUNCH_HOLE | KEEP_SIZE): the range reads zeros, the rest and
 * the size stay, whole blocks are given back; past the end it is a no-op.
 * Drivers without it say EOPNOTSUPP (never EINVAL), so tools fall back.
 */
void
fstest_punch_hole(const struct fstest_env *env)
{
	static unsigned char buf[200000], got[200000];
	const int mode = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;
	struct stat before, after;
	off_t holes;
	int fd;

	fill(buf, sizeof(buf), 9);
	fstest_mkfile(env, FT_PATH("f"), buf, sizeof(buf));
	FT_OK(fd = FT_SYS->open(FT_PATH("f"), O_RDWR, 0));
	FT_OK(FT_SYS->fsync(fd));
	FT_OK(FT_SYS->fstat(fd, &before));
	errno = 0;
	if (FT_SYS->fallocate(fd, mode, 5000, 140000) == -1) {
		FT_REQUIRE(errno == EOPNOTSUPP);
		FT_OK(FT_SYS->close(fd));
		fstest_skip("no hole punching");
	}
	memset(buf + 5000, 0, 140000);
	FT_OK(FT_SYS->fsync(fd));
	FT_OK(FT_SYS->fstat(fd, &after));
	FT_REQUIRE(after.st_size == (off_t)sizeof(buf));
	FT_REQUIRE(after.st_blocks <= before.st_blocks);
	FT_REQUIRE(FT_SYS->pread(fd, got, sizeof(got), 0) ==
	    (ssize_t)sizeof(got));
	FT_REQUIRE(memcmp(got, buf, sizeof(buf)) == 0);
	/*
	 * Holes where the punch freed blocks (the whole blocks inside the
	 * range, less than a block short at either edge), or none at all
	 * (no hole map); freed blocks show in st_blocks either way.
	 */
	holes = check_holes(env, fd, sizeof(buf), buf);
	printf("# punched: %jd bytes in holes, st_blocks %jd -> %jd, "
	    "st_blksize %jd\n", (intmax_t)holes, (intmax_t)before.st_blocks,
	    (intmax_t)after.st_blocks, (intmax_t)after.st_blksize);
	if (holes > 0) {
		FT_REQUIRE(holes <= 140000);
		FT_REQUIRE(holes >= 140000 - 2 * (off_t)after.st_blksize);
		FT_REQUIRE(after.st_blocks < before.st_blocks);
	}
	/* inside one block, and past the end */
	FT_OK(FT_SYS->fallocate(fd, mode, 150001, 10));
	memset(buf + 150001, 0, 10);
	FT_OK(FT_SYS->fallocate(fd, mode, 300000, 4096));
	FT_OK(FT_SYS->fstat(fd, &after));
	FT_REQUIRE(after.st_size == (off_t)sizeof(buf));
	FT_REQUIRE(FT_SYS->pread(fd, got, sizeof(got), 0) ==
	    (ssize_t)sizeof(got));
	FT_REQUIRE(memcmp(got, buf, sizeof(buf)) == 0);
	FT_OK(FT_SYS->fsync(fd));
	FT_REQUIRE(check_holes(env, fd, sizeof(buf), buf) == holes);
	FT_OK(FT_SYS->close(fd));
}

static void
count_names(void *arg, const char *name, unsigned type)
{
	int *counts = arg;

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		counts[0]++;
	else if (strncmp(name, "e", 1) == 0 && type != 4)
		counts[1 + atoi(name + 1)]++;
	else if (strcmp(name, "sub") == 0 && (type == 4 || type == 0))
		counts[12]++;
}

void
fstest_getdents(const struct fstest_env *env)
{
	int counts[13], i;

	FT_OK(FT_SYS->mkdir(FT_PATH("dir"), 0777));
	for (i = 0; i < 10; i++)
		fstest_mkfile(env, FT_PATH("dir/e%d", i), "x", 1);
	FT_OK(FT_SYS->mkdir(FT_PATH("dir/sub"), 0777));
	memset(counts, 0, sizeof(counts));
	FT_OK(FT_SYS->listdir(FT_PATH("dir"), count_names, counts));
	FT_REQUIRE(counts[0] == 2);
	for (i = 0; i < 10; i++)
		FT_REQUIRE(counts[1 + i] == 1);
	FT_REQUIRE(counts[12] == 1);
}
