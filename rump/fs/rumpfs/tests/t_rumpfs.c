/*
 * rumpfs through the system calls: /dev at boot, a size-limited mount
 * (ENOSPC and recovery), sparse files and SEEK_DATA/SEEK_HOLE, hole
 * punching, truncation, hard links, the rename rules, readdir cookies
 * that survive changes, unlinked open files, stale file handles,
 * nanosecond times, extended attributes, permission checks and
 * unmount while busy.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "../rumpfs.h"

#define MNT	"/rmnt"

static int
setup(void **state)
{
	struct rumpfs_args args = { NULL, 0 };

	if (rump_init() != 0)
		return -1;
	if (rump_sys_mkdir(MNT, 0755) == -1)
		return -1;
	return rump_sys_mount("rumpfs", MNT, 0, &args, sizeof(args));
}

static int
teardown(void **state)
{

	return rump_sys_unmount(MNT, 0);
}

static int
mkfile(const char *path, size_t len, int c)
{
	char buf[4096];
	size_t n;
	int fd;

	memset(buf, c, sizeof(buf));
	fd = rump_sys_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (; len > 0; len -= n) {
		n = len < sizeof(buf) ? len : sizeof(buf);
		if (rump_sys_write(fd, buf, n) != (rump_ssize_t)n) {
			rump_sys_close(fd);
			return -1;
		}
	}
	return rump_sys_close(fd);
}

static void
test_dev(void **state)
{
	struct rump_stat sb;
	char buf[100];
	int fd;

	assert_int_equal(rump_sys_stat("/dev/null", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	fd = rump_sys_open("/dev/null", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_write(fd, "abc", 3), 3);
	assert_int_equal(rump_sys_read(fd, buf, sizeof(buf)), 0);
	rump_sys_close(fd);
	fd = rump_sys_open("/dev/zero", O_RDONLY);
	assert_true(fd >= 0);
	memset(buf, 1, sizeof(buf));
	assert_int_equal(rump_sys_read(fd, buf, sizeof(buf)), 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(buf[i], 0);
	rump_sys_close(fd);
}

static void
test_enospc(void **state)
{
	struct rumpfs_args args = { NULL, 1 << 20 };
	struct rump_statvfs sv;
	char buf[4096];
	rump_ssize_t n;
	long total = 0;
	int fd;

	assert_int_equal(rump_sys_mkdir("/small", 0755), 0);
	assert_int_equal(rump_sys_mount("rumpfs", "/small", 0, &args,
	    sizeof(args)), 0);
	assert_int_equal(rump_sys_statvfs("/small", &sv), 0);
	assert_int_equal(sv.f_blocks * sv.f_frsize, 1 << 20);
	fd = rump_sys_open("/small/big", O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	memset(buf, 'x', sizeof(buf));
	while ((n = rump_sys_write(fd, buf, sizeof(buf))) > 0)
		total += n;
	assert_int_equal(n, -1);
	assert_int_equal(errno, ENOSPC);
	assert_true(total > 900 * 1024 && total <= 1 << 20);
	assert_int_equal(mkfile("/small/more", 8192, 'y'), -1);
	assert_int_equal(errno, ENOSPC);
	rump_sys_unlink("/small/more");
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_unlink("/small/big"), 0);
	/* the space came back */
	assert_int_equal(mkfile("/small/more", 512 * 1024, 'y'), 0);
	assert_int_equal(rump_sys_unmount("/small", 0), 0);
	assert_int_equal(rump_sys_rmdir("/small"), 0);
}

static void
test_sparse(void **state)
{
	struct rump_stat sb;
	char buf[8192];
	int fd;

	fd = rump_sys_open(MNT "/sparse", O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pwrite(fd, "z", 1, 10 << 20), 1);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(sb.st_size, (10 << 20) + 1);
	assert_true(sb.st_blocks <= 64);
	assert_int_equal(rump_sys_pread(fd, buf, 8192, 5 << 20), 8192);
	for (int i = 0; i < 8192; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_DATA), 10 << 20);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_HOLE), 0);
	assert_int_equal(rump_sys_lseek(fd, 10 << 20, SEEK_HOLE),
	    (10 << 20) + 1);
	assert_int_equal(rump_sys_lseek(fd, (10 << 20) + 1, SEEK_DATA), -1);
	assert_int_equal(errno, ENXIO);
	/* punch a hole into written data */
	memset(buf, 'q', sizeof(buf));
	assert_int_equal(rump_sys_pwrite(fd, buf, 8192, 4096), 8192);
	assert_int_equal(rump_sys_fallocate(fd, FALLOC_FL_PUNCH_HOLE |
	    FALLOC_FL_KEEP_SIZE, 5000, 4000), 0);
	assert_int_equal(rump_sys_pread(fd, buf, 8192, 4096), 8192);
	for (int i = 0; i < 8192; i++)
		assert_int_equal(buf[i], i >= 904 && i < 4904 ? 0 : 'q');
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_unlink(MNT "/sparse"), 0);
}

static void
test_truncate(void **state)
{
	char buf[100];
	int fd;

	assert_int_equal(mkfile(MNT "/tr", 10000, 'a'), 0);
	assert_int_equal(rump_sys_truncate(MNT "/tr", 4097), 0);
	assert_int_equal(rump_sys_truncate(MNT "/tr", 9000), 0);
	fd = rump_sys_open(MNT "/tr", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 100, 4050), 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(buf[i], i < 47 ? 'a' : 0);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_unlink(MNT "/tr"), 0);
}

static void
test_links(void **state)
{
	struct rump_stat sb;
	char buf[10];
	int fd;

	assert_int_equal(mkfile(MNT "/l1", 10, 'l'), 0);
	assert_int_equal(rump_sys_link(MNT "/l1", MNT "/l2"), 0);
	assert_int_equal(rump_sys_stat(MNT "/l2", &sb), 0);
	assert_int_equal(sb.st_nlink, 2);
	assert_int_equal(rump_sys_link(MNT "/l1", MNT "/l2"), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rump_sys_unlink(MNT "/l1"), 0);
	fd = rump_sys_open(MNT "/l2", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_read(fd, buf, 10), 10);
	assert_int_equal(buf[9], 'l');
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(sb.st_nlink, 1);
	/* still readable once unlinked */
	assert_int_equal(rump_sys_unlink(MNT "/l2"), 0);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(sb.st_nlink, 0);
	assert_int_equal(rump_sys_pread(fd, buf, 10, 0), 10);
	assert_int_equal(rump_sys_pwrite(fd, "w", 1, 100), 1);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_symlink("target/x", MNT "/sym"), 0);
	assert_int_equal(rump_sys_readlink(MNT "/sym", buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "target/x", 8);
	assert_int_equal(rump_sys_lstat(MNT "/sym", &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(rump_sys_unlink(MNT "/sym"), 0);
}

static nlink_t
nlinks(const char *path)
{
	struct rump_stat sb;

	assert_int_equal(rump_sys_stat(path, &sb), 0);
	return sb.st_nlink;
}

static void
test_rename(void **state)
{
	assert_int_equal(rump_sys_mkdir(MNT "/a", 0755), 0);
	assert_int_equal(rump_sys_mkdir(MNT "/a/b", 0755), 0);
	assert_int_equal(rump_sys_mkdir(MNT "/c", 0755), 0);
	assert_int_equal(mkfile(MNT "/c/f", 1, 'f'), 0);
	assert_int_equal(mkfile(MNT "/g", 1, 'g'), 0);
	assert_int_equal(nlinks(MNT "/a"), 3);
	/* into its own subtree */
	assert_int_equal(rump_sys_rename(MNT "/a", MNT "/a/b/x"), -1);
	assert_int_equal(errno, EINVAL);
	/* over a non-empty directory */
	assert_int_equal(rump_sys_rename(MNT "/a", MNT "/c"), -1);
	assert_true(errno == ENOTEMPTY || errno == EEXIST);
	/* directory over a file, file over a directory */
	assert_int_equal(rump_sys_rename(MNT "/a", MNT "/g"), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(rump_sys_rename(MNT "/g", MNT "/a"), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(rump_sys_renameat2(AT_FDCWD, MNT "/g", AT_FDCWD,
	    MNT "/c/f", RENAME_NOREPLACE), -1);
	assert_int_equal(errno, EEXIST);
	/* across directories: '..' and link counts follow */
	assert_int_equal(rump_sys_rename(MNT "/a/b", MNT "/c/b"), 0);
	assert_int_equal(nlinks(MNT "/a"), 2);
	assert_int_equal(nlinks(MNT "/c"), 3);
	assert_int_equal(rump_sys_mkdir(MNT "/c/b/d", 0755), 0);
	assert_int_equal(nlinks(MNT "/c/b/d/../.."), 3);
	/* over an empty directory */
	assert_int_equal(rump_sys_rename(MNT "/c/b/d", MNT "/a"), 0);
	assert_int_equal(nlinks(MNT "/c/b"), 2);
	/* over a file, and onto itself */
	assert_int_equal(rump_sys_rename(MNT "/g", MNT "/c/f"), 0);
	assert_int_equal(rump_sys_rename(MNT "/c/f", MNT "/c/f"), 0);
	assert_int_equal(rump_sys_link(MNT "/c/f", MNT "/c/f2"), 0);
	assert_int_equal(rump_sys_rename(MNT "/c/f", MNT "/c/f2"), 0);
	assert_int_equal(nlinks(MNT "/c/f"), 2);
	assert_int_equal(rump_sys_unlink(MNT "/c/f"), 0);
	assert_int_equal(rump_sys_unlink(MNT "/c/f2"), 0);
	assert_int_equal(rump_sys_rmdir(MNT "/c/b"), 0);
	assert_int_equal(rump_sys_rmdir(MNT "/c"), 0);
	assert_int_equal(rump_sys_rmdir(MNT "/a"), 0);
}

/* a readdir resumed after changes sees no entry twice */
static void
test_cookies(void **state)
{
	char buf[1024], name[64];
	unsigned char seen[200];
	struct rump_dirent *d;
	rump_ssize_t n, off;
	int fd, i, round = 0;

	assert_int_equal(rump_sys_mkdir(MNT "/dir", 0755), 0);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), MNT "/dir/f%03d", i);
		assert_int_equal(mkfile(name, 0, 0), 0);
	}
	memset(seen, 0, sizeof(seen));
	fd = rump_sys_open(MNT "/dir", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct rump_dirent *)(void *)(buf + off);
			if (d->d_name[0] != 'f')
				continue;
			i = atoi(d->d_name + 1);
			assert_true(i >= 0 && i < 200);
			assert_int_equal(seen[i], 0);
			seen[i] = 1;
		}
		if (round++ == 0) {
			/* remove an unseen one, add new ones */
			assert_int_equal(rump_sys_unlink(MNT "/dir/f099"), 0);
			for (i = 100; i < 110; i++) {
				snprintf(name, sizeof(name),
				    MNT "/dir/f%03d", i);
				assert_int_equal(mkfile(name, 0, 0), 0);
			}
		}
	}
	assert_int_equal(n, 0);
	assert_true(round > 1);
	for (i = 0; i < 99; i++)
		assert_int_equal(seen[i], 1);
	assert_int_equal(seen[99], 0);
	rump_sys_close(fd);
	for (i = 0; i < 110; i++) {
		snprintf(name, sizeof(name), MNT "/dir/f%03d", i);
		rump_sys_unlink(name);
	}
	assert_int_equal(rump_sys_rmdir(MNT "/dir"), 0);
}

static void
test_fh(void **state)
{
	struct rump_fid fh;
	int fd;

	assert_int_equal(mkfile(MNT "/fh", 5, 'h'), 0);
	assert_int_equal(rump_sys_getfh(MNT "/fh", &fh), 0);
	fd = rump_sys_fhopen(&fh, O_RDONLY);
	assert_true(fd >= 0);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_unlink(MNT "/fh"), 0);
	assert_int_equal(rump_sys_fhopen(&fh, O_RDONLY), -1);
	assert_int_equal(errno, ESTALE);
}

static void
test_times_xattr(void **state)
{
	struct rump_timespec ts[2] = { { 1000, 123456789 },
	    { 2000, 987654321 } };
	struct rump_stat sb;
	char buf[64];

	assert_int_equal(mkfile(MNT "/t", 1, 't'), 0);
	assert_int_equal(rump_sys_utimensat(AT_FDCWD, MNT "/t", ts, 0), 0);
	assert_int_equal(rump_sys_stat(MNT "/t", &sb), 0);
	assert_int_equal(sb.st_atim.tv_sec, 1000);
	assert_int_equal(sb.st_atim.tv_nsec, 123456789);
	assert_int_equal(sb.st_mtim.tv_sec, 2000);
	assert_int_equal(sb.st_mtim.tv_nsec, 987654321);
	assert_int_equal(rump_sys_setxattr(MNT "/t", "user.k", "vv", 2, 0), 0);
	assert_int_equal(rump_sys_setxattr(MNT "/t", "user.k", "ww", 2,
	    1), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rump_sys_getxattr(MNT "/t", "user.k", buf,
	    sizeof(buf)), 2);
	assert_memory_equal(buf, "vv", 2);
	assert_int_equal(rump_sys_listxattr(MNT "/t", buf, sizeof(buf)), 7);
	assert_string_equal(buf, "user.k");
	assert_int_equal(rump_sys_removexattr(MNT "/t", "user.k"), 0);
	assert_int_equal(rump_sys_getxattr(MNT "/t", "user.k", buf,
	    sizeof(buf)), -1);
	assert_int_equal(errno, ENODATA);
	assert_int_equal(rump_sys_unlink(MNT "/t"), 0);
}

static void
test_perms(void **state)
{
	int fd;

	assert_int_equal(rump_sys_mkdir(MNT "/priv", 0755), 0);
	assert_int_equal(rump_sys_mkdir(MNT "/sticky", 01777), 0);
	assert_int_equal(rump_sys_chmod(MNT "/sticky", 01777), 0);
	assert_int_equal(mkfile(MNT "/sticky/rootfile", 1, 'r'), 0);
	assert_int_equal(rump_sys_chmod(MNT "/sticky/rootfile", 0666), 0);
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	assert_int_equal(rump_pub_lwproc_setcred(1000, 1000, 0, NULL), 0);
	assert_int_equal(mkfile(MNT "/priv/x", 1, 'x'), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(rump_sys_chmod(MNT "/priv", 0777), -1);
	assert_int_equal(errno, EPERM);
	/* sticky: may write the file, may not remove it */
	fd = rump_sys_open(MNT "/sticky/rootfile", O_WRONLY);
	assert_true(fd >= 0);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_unlink(MNT "/sticky/rootfile"), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(mkfile(MNT "/sticky/mine", 1, 'm'), 0);
	assert_int_equal(rump_sys_unlink(MNT "/sticky/mine"), 0);
	rump_pub_lwproc_releaselwp();
	assert_int_equal(rump_sys_unlink(MNT "/sticky/rootfile"), 0);
	assert_int_equal(rump_sys_rmdir(MNT "/sticky"), 0);
	assert_int_equal(rump_sys_rmdir(MNT "/priv"), 0);
}

static void
test_busy_unmount(void **state)
{
	struct rumpfs_args args = { NULL, 0 };
	int fd;

	assert_int_equal(rump_sys_mkdir("/m2", 0755), 0);
	assert_int_equal(rump_sys_mount("rumpfs", "/m2", 0, &args,
	    sizeof(args)), 0);
	fd = rump_sys_open("/m2/f", O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_unmount("/m2", 0), -1);
	assert_int_equal(errno, EBUSY);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_unmount("/m2", 0), 0);
	assert_int_equal(rump_sys_rmdir("/m2"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_sparse),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_cookies),
		cmocka_unit_test(test_fh),
		cmocka_unit_test(test_times_xattr),
		cmocka_unit_test(test_perms),
		cmocka_unit_test(test_busy_unmount),
	};

	return cmocka_run_group_tests_name("rumpfs", tests, setup, teardown);
}
