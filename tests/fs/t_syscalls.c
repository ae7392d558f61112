/*
 * The system-call layer itself, on the rumpfs root: descriptor tables,
 * offsets, fcntl, *at calls, umask, cwd and chroot, credentials, process
 * forks, and the RUMP_VOP_* wrappers p2k uses.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpvfs.h>

#define ERRNO_IS(call, err) do {					\
	errno = 0;							\
	assert_int_equal((call), -1);					\
	assert_int_equal(errno, (err));					\
} while (0)

static int
mkfile(const char *path, const char *data)
{
	int fd;

	fd = rump_sys_open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_write(fd, data, strlen(data)),
	    (long)strlen(data));
	return fd;
}

static void
test_fd_lowest(void **state)
{
	int a, b, c, d;

	a = mkfile("/fa", "a");
	b = rump_sys_open("/fa", O_RDONLY);
	c = rump_sys_open("/fa", O_RDONLY);
	assert_true(a >= 0 && b == a + 1 && c == b + 1);
	assert_int_equal(rump_sys_close(b), 0);
	d = rump_sys_open("/fa", O_RDONLY);
	assert_int_equal(d, b);
	assert_int_equal(rump_sys_dup(a), c + 1);
	assert_int_equal(rump_sys_dup2(a, 100), 100);
	assert_int_equal(rump_sys_fcntl(a, F_DUPFD, 50), 50);
	assert_int_equal(rump_sys_fcntl(a, F_DUPFD, 50), 51);
	ERRNO_IS(rump_sys_close(99), EBADF);
	ERRNO_IS(rump_sys_dup2(99, 3), EBADF);
	ERRNO_IS(rump_sys_dup2(a, -1), EBADF);
	ERRNO_IS(rump_sys_read(-1, &d, 1), EBADF);
	assert_int_equal(rump_sys_close(100), 0);
	ERRNO_IS(rump_sys_close(100), EBADF);
	assert_int_equal(rump_sys_close(50), 0);
	assert_int_equal(rump_sys_close(51), 0);
	assert_int_equal(rump_sys_close(c + 1), 0);
	assert_int_equal(rump_sys_close(a), 0);
	assert_int_equal(rump_sys_close(c), 0);
	assert_int_equal(rump_sys_close(d), 0);
	assert_int_equal(rump_sys_unlink("/fa"), 0);
}

static void
test_fd_flags(void **state)
{
	int fd, fd2;

	fd = rump_sys_open("/fb", O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_fcntl(fd, F_GETFD), FD_CLOEXEC);
	assert_int_equal(rump_sys_fcntl(fd, F_SETFD, 0), 0);
	assert_int_equal(rump_sys_fcntl(fd, F_GETFD), 0);
	fd2 = rump_sys_fcntl(fd, F_DUPFD_CLOEXEC, 0);
	assert_int_equal(rump_sys_fcntl(fd2, F_GETFD), FD_CLOEXEC);
	assert_int_equal(rump_sys_fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	assert_int_equal(rump_sys_fcntl(fd, F_SETFL, O_APPEND), 0);
	assert_true(rump_sys_fcntl(fd2, F_GETFL) & O_APPEND);
	ERRNO_IS(rump_sys_fcntl(fd, 12345), EINVAL);
	assert_int_equal(rump_sys_close(fd2), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	ERRNO_IS(rump_sys_open("/fb", O_ACCMODE), EINVAL);
	assert_int_equal(rump_sys_unlink("/fb"), 0);
}

static void
test_offsets(void **state)
{
	struct rump_iovec iov[2];
	char a[4], b[8];
	int fd, fd2;

	fd = mkfile("/fc", "0123456789");
	fd2 = rump_sys_dup(fd);
	/* a dup shares the offset */
	assert_int_equal(rump_sys_lseek(fd, 2, SEEK_SET), 2);
	assert_int_equal(rump_sys_lseek(fd2, 0, SEEK_CUR), 2);
	assert_int_equal(rump_sys_lseek(fd, -1, SEEK_END), 9);
	ERRNO_IS(rump_sys_lseek(fd, -100, SEEK_CUR), EINVAL);
	ERRNO_IS(rump_sys_lseek(fd, 0, 42), EINVAL);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_SET), 0);
	iov[0].iov_base = a;
	iov[0].iov_len = sizeof(a);
	iov[1].iov_base = b;
	iov[1].iov_len = sizeof(b);
	assert_int_equal(rump_sys_readv(fd, iov, 2), 10);
	assert_memory_equal(a, "0123", 4);
	assert_memory_equal(b, "456789", 6);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_CUR), 10);
	assert_int_equal(rump_sys_writev(fd, iov, 1), 4);
	assert_int_equal(rump_sys_pread(fd, b, 4, 10), 4);
	assert_memory_equal(b, "0123", 4);
	ERRNO_IS(rump_sys_pread(fd, b, 4, -1), EINVAL);
	assert_int_equal(rump_sys_close(fd2), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	fd = rump_sys_open("/fc", O_RDONLY);
	ERRNO_IS(rump_sys_write(fd, "x", 1), EBADF);
	ERRNO_IS(rump_sys_ftruncate(fd, 0), EINVAL);
	ERRNO_IS(rump_sys_fallocate(fd, 0, 0, 10), EBADF);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_unlink("/fc"), 0);
}

static void
test_efault(void **state)
{
	struct rump_stat sb;

	ERRNO_IS(rump_sys_open(NULL, O_RDONLY), EFAULT);
	ERRNO_IS(rump_sys_stat(NULL, &sb), EFAULT);
	ERRNO_IS(rump_sys_stat("/", NULL), EFAULT);
	ERRNO_IS(rump_sys_mkdir(NULL, 0755), EFAULT);
	ERRNO_IS(rump_sys_unlink(NULL), EFAULT);
	ERRNO_IS(rump_sys_rename(NULL, "/x"), EFAULT);
	ERRNO_IS(rump_sys_symlink(NULL, "/x"), EFAULT);
	ERRNO_IS(rump_sys_chdir(NULL), EFAULT);
}

static void
test_at_calls(void **state)
{
	struct rump_stat sb;
	int dfd, fd;

	assert_int_equal(rump_sys_mkdir("/atdir", 0755), 0);
	dfd = rump_sys_open("/atdir", O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	fd = rump_sys_openat(dfd, "f", O_RDWR | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_fstatat(AT_FDCWD, "/atdir/f", &sb, 0), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(rump_sys_mkdirat(dfd, "sub", 0700), 0);
	assert_int_equal(rump_sys_fstatat(dfd, "sub", &sb, 0), 0);
	assert_true(S_ISDIR(sb.st_mode));
	ERRNO_IS(rump_sys_openat(fd, "x", O_RDONLY), ENOTDIR);
	ERRNO_IS(rump_sys_openat(77, "x", O_RDONLY), EBADF);
	assert_int_equal(rump_sys_symlinkat("f", dfd, "l"), 0);
	assert_int_equal(rump_sys_renameat2(dfd, "l", dfd, "f",
	    RENAME_NOREPLACE), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rump_sys_unlinkat(dfd, "l", 0), 0);
	assert_int_equal(rump_sys_unlinkat(dfd, "sub", AT_REMOVEDIR), 0);
	assert_int_equal(rump_sys_unlinkat(dfd, "f", 0), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_close(dfd), 0);
	assert_int_equal(rump_sys_rmdir("/atdir"), 0);
}

static void
test_umask(void **state)
{
	struct rump_stat sb;
	uint32_t old;
	int fd;

	old = rump_sys_umask(077);
	assert_int_equal(rump_sys_umask(077), 077);
	fd = rump_sys_open("/um", O_RDWR | O_CREAT, 0666);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_mkdir("/umd", 0777), 0);
	assert_int_equal(rump_sys_stat("/umd", &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	rump_sys_umask(old);
	assert_int_equal(rump_sys_unlink("/um"), 0);
	assert_int_equal(rump_sys_rmdir("/umd"), 0);
}

static void
test_cwd(void **state)
{
	char buf[256];

	assert_int_equal(rump_sys_mkdir("/cw", 0755), 0);
	assert_int_equal(rump_sys_mkdir("/cw/d", 0755), 0);
	assert_int_equal(rump_sys_chdir("/cw/d"), 0);
	assert_non_null(rump_sys_getcwd(buf, sizeof(buf)));
	assert_string_equal(buf, "/cw/d");
	assert_null(rump_sys_getcwd(buf, 3));
	assert_int_equal(errno, ERANGE);
	assert_int_equal(rump_sys_mkdir("rel", 0755), 0);
	assert_int_equal(rump_sys_access("/cw/d/rel", F_OK), 0);
	assert_int_equal(rump_sys_chdir("/"), 0);
	assert_non_null(rump_sys_getcwd(buf, sizeof(buf)));
	assert_string_equal(buf, "/");
	ERRNO_IS(rump_sys_chdir("/cw/d/nope"), ENOENT);
	assert_int_equal(rump_sys_rmdir("/cw/d/rel"), 0);
}

static void
test_procs(void **state)
{
	struct rump_stat sb;
	int32_t pid0;
	int fd;

	pid0 = rump_sys_getpid();
	fd = mkfile("/pf", "x");
	/* RFFDG: the child has the same descriptors */
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFFDG), 0);
	assert_int_not_equal(rump_sys_getpid(), pid0);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(NULL);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	/* RFCFDG: an empty table; chroot stays in the child */
	assert_int_equal(rump_pub_lwproc_rfork(RUMP_RFCFDG), 0);
	ERRNO_IS(rump_sys_fstat(fd, &sb), EBADF);
	assert_int_equal(rump_sys_chroot("/cw"), 0);
	assert_int_equal(rump_sys_stat("/d", &sb), 0);
	assert_int_equal(rump_sys_chdir("/"), 0);
	ERRNO_IS(rump_sys_stat("/pf", &sb), ENOENT);
	assert_int_equal(rump_sys_stat("/..", &sb), 0);
	ERRNO_IS(rump_sys_stat("/../pf", &sb), ENOENT);
	/* ids: root may become anyone, then not back */
	assert_int_equal(rump_sys_setgid(7), 0);
	assert_int_equal(rump_sys_setuid(5), 0);
	assert_int_equal(rump_sys_getuid(), 5);
	assert_int_equal(rump_sys_geteuid(), 5);
	assert_int_equal(rump_sys_getgid(), 7);
	ERRNO_IS(rump_sys_setuid(0), EPERM);
	ERRNO_IS(rump_sys_chroot("/"), EPERM);
	ERRNO_IS(rump_sys_mknod("/dev0", S_IFCHR | 0600, 0), EPERM);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(NULL);
	assert_int_equal(rump_sys_getuid(), 0);
	assert_int_equal(rump_sys_stat("/pf", &sb), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_unlink("/pf"), 0);
}

static void
test_getdents(void **state)
{
	char buf[4096];
	struct rump_dirent *dp;
	long n, off;
	int fd, seen = 0;

	assert_int_equal(rump_sys_mkdir("/gd", 0755), 0);
	assert_int_equal(rump_sys_close(mkfile("/gd/one", "1")), 0);
	fd = rump_sys_open("/gd", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0)
		for (off = 0; off < n; off += dp->d_reclen) {
			dp = (struct rump_dirent *)(buf + off);
			assert_true(dp->d_reclen > 0);
			if (strcmp(dp->d_name, "one") == 0)
				seen++;
		}
	assert_int_equal(n, 0);
	assert_int_equal(seen, 1);
	ERRNO_IS(rump_sys_getdents(fd, buf, 8), EINVAL);
	assert_int_equal(rump_sys_close(fd), 0);
	fd = rump_sys_open("/gd/one", O_RDONLY);
	ERRNO_IS(rump_sys_getdents(fd, buf, sizeof(buf)), ENOTDIR);
	assert_int_equal(rump_sys_close(fd), 0);
}

static void
test_rump_vop(void **state)
{
	struct kauth_cred *cred;
	struct vnode *root, *dir, *file, *vp;
	struct rump_vattr va;
	char buf[16];
	size_t resid;

	cred = rump_pub_cred_create(0, 0, 0, NULL);
	assert_non_null(cred);
	assert_int_equal(rump_pub_namei("/", 0, &root), 0);
	assert_int_equal(rump_pub_vp_gettype(root), RUMP_VDIR);
	rump_pub_vattr_null(&va);
	va.va_mode = 0755;
	assert_int_equal(RUMP_VOP_MKDIR(root, "vd", 2, &va, cred, &dir), 0);
	rump_pub_vattr_null(&va);
	va.va_type = RUMP_VREG;
	va.va_mode = 0644;
	assert_int_equal(RUMP_VOP_CREATE(dir, "f", 1, &va, cred, &file), 0);
	assert_int_equal(RUMP_VOP_CREATE(dir, "f", 1, &va, cred, &vp),
	    EEXIST);
	assert_int_equal(RUMP_VOP_WRITE(file, "hello", 5, 0, &resid, 0, cred),
	    0);
	assert_int_equal(resid, 0);
	assert_int_equal(RUMP_VOP_READ(file, buf, sizeof(buf), 0, &resid, 0,
	    cred), 0);
	assert_int_equal(sizeof(buf) - resid, 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(RUMP_VOP_GETATTR(file, &va, cred), 0);
	assert_int_equal(va.va_size, 5);
	assert_int_equal(RUMP_VOP_LOOKUP(dir, "f", 1, 0, cred, &vp), 0);
	assert_ptr_equal(vp, file);
	rump_pub_vp_rele(vp);
	assert_int_equal(RUMP_VOP_RENAME(dir, "f", 1, dir, "g", 1, 0, cred),
	    0);
	assert_int_equal(RUMP_VOP_LOOKUP(dir, "f", 1, 0, cred, &vp), ENOENT);
	assert_int_equal(RUMP_VOP_RMDIR(root, "vd", 2, cred), ENOTEMPTY);
	assert_int_equal(RUMP_VOP_REMOVE(dir, "g", 1, cred), 0);
	rump_pub_vp_rele(file);
	rump_pub_vp_rele(dir);
	assert_int_equal(RUMP_VOP_RMDIR(root, "vd", 2, cred), 0);
	rump_pub_vp_rele(root);
	rump_pub_cred_put(cred);
}

static int
setup(void **state)
{

	return rump_init();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fd_lowest),
		cmocka_unit_test(test_fd_flags),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_efault),
		cmocka_unit_test(test_at_calls),
		cmocka_unit_test(test_umask),
		cmocka_unit_test(test_cwd),
		cmocka_unit_test(test_procs),
		cmocka_unit_test(test_getdents),
		cmocka_unit_test(test_rump_vop),
	};

	return cmocka_run_group_tests_name("syscalls", tests, setup, NULL);
}
