/*
 * Host file hypercalls: open, getfileinfo, fileattr, the image range
 * lock, truncate, readdir, iovread/iovwrite and syncfd.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

#include "hyp_testutil.h"

static void
mkfile(const char *path, size_t size)
{
	char *buf;
	int fd;

	buf = malloc(size + 1);
	assert_non_null(buf);
	hyp_fill(buf, size, (unsigned)size);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
	free(buf);
}

static void
t_open_modes(void **state)
{
	const char *f = hyp_path("open.dat");
	int fd, fd2;

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR, &fd), ENOENT);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	assert_int_equal(rumpuser_close(fd), 0);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL, &fd), EEXIST);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_ACCMODE, &fd), EINVAL);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDONLY |
	    RUMPUSER_OPEN_DIR, &fd), ENOTDIR);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_DIRECT | RUMPUSER_OPEN_MMAP, &fd), EINVAL);

	/* Read-only really is: writes fail. */
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDONLY, &fd), 0);
	assert_int_equal(write(fd, "x", 1), -1);
	assert_int_equal(rumpuser_close(fd), 0);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_WRONLY, &fd2), 0);
	assert_int_equal(fcntl(fd2, F_GETFL) & O_ACCMODE, O_WRONLY);
	/* Descriptors aren't inherited by exec'd programs. */
	assert_true(fcntl(fd2, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(rumpuser_close(fd2), 0);
	assert_int_equal(rumpuser_close(-1), EBADF);
}

static void
t_getfileinfo(void **state)
{
	const char *f = hyp_path("info.dat"), *l = hyp_path("info.lnk");
	uint64_t size;
	int type;

	mkfile(f, 12345);
	assert_int_equal(rumpuser_getfileinfo(f, &size, &type), 0);
	assert_int_equal(size, 12345);
	assert_int_equal(type, RUMPUSER_FT_REG);

	assert_int_equal(rumpuser_getfileinfo(hyp_path(""), &size, &type), 0);
	assert_int_equal(type, RUMPUSER_FT_DIR);

	assert_int_equal(rumpuser_getfileinfo("/dev/null", &size, &type), 0);
	assert_int_equal(type, RUMPUSER_FT_CHR);
	assert_int_equal(size, 0);

	/* A link to an image is the image. */
	assert_int_equal(symlink("info.dat", l), 0);
	assert_int_equal(rumpuser_getfileinfo(l, &size, &type), 0);
	assert_int_equal(type, RUMPUSER_FT_REG);
	assert_int_equal(size, 12345);

	assert_int_equal(rumpuser_getfileinfo(hyp_path("nope"), &size, &type),
	    ENOENT);
	/* Either output may be omitted. */
	assert_int_equal(rumpuser_getfileinfo(f, NULL, &type), 0);
	assert_int_equal(rumpuser_getfileinfo(f, &size, NULL), 0);
}

/* Run a command, returning its first output line (or "" on failure). */
static int
run_line(const char *cmd, char *out, size_t outlen)
{
	FILE *p;
	int rv;

	out[0] = '\0';
	p = popen(cmd, "r");
	if (p == NULL)
		return -1;
	if (fgets(out, (int)outlen, p) == NULL)
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	rv = pclose(p);
	return rv;
}

static void
t_blockdev(void **state)
{
	const char *f = hyp_path("loop.img");
	char cmd[700], dev[128];
	char buf[4096], back[4096];
	uint64_t size;
	int type, fd;

	if (geteuid() != 0)
		skip();
	mkfile(f, 2 << 20);
	snprintf(cmd, sizeof(cmd), "losetup -f --show '%s' 2>/dev/null", f);
	if (run_line(cmd, dev, sizeof(dev)) != 0 || dev[0] != '/')
		skip();
	assert_int_equal(rumpuser_getfileinfo(dev, &size, &type), 0);
	assert_int_equal(type, RUMPUSER_FT_BLK);
	assert_int_equal(size, 2 << 20);

	/* Block I/O on a real block device through the plain backend. */
	assert_int_equal(rumpuser_open(dev, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_BIO, &fd), 0);
	hyp_fill(buf, sizeof(buf), 77);
	assert_int_equal(pwrite(fd, buf, sizeof(buf), 8192), 4096);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 0), 0);
	assert_int_equal(pread(fd, back, sizeof(back), 8192), 4096);
	assert_memory_equal(buf, back, sizeof(buf));
	assert_int_equal(rumpuser_close(fd), 0);
	snprintf(cmd, sizeof(cmd), "losetup -d '%s'", dev);
	assert_int_equal(system(cmd), 0);
}

static void
t_fileattr(void **state)
{
	const char *f = hyp_path("attr.dat");
	struct rumpuser_fileattr fa;
	struct stat st;

	mkfile(f, 777);
	assert_int_equal(chmod(f, 0640), 0);
	assert_int_equal(stat(f, &st), 0);
	assert_int_equal(rumpuser_fileattr(f, &fa), 0);
	assert_int_equal(fa.fa_size, 777);
	assert_int_equal(fa.fa_ino, st.st_ino);
	assert_int_equal(fa.fa_mode, S_IFREG | 0640);
	assert_int_equal(fa.fa_nlink, 1);
	assert_int_equal(fa.fa_uid, st.st_uid);
	assert_int_equal(fa.fa_gid, st.st_gid);
	assert_int_equal(fa.fa_mtime_sec, st.st_mtim.tv_sec);
	assert_int_equal(fa.fa_mtime_nsec, st.st_mtim.tv_nsec);
	assert_int_equal(fa.fa_ctime_sec, st.st_ctim.tv_sec);
	assert_int_equal(rumpuser_fileattr(hyp_path(""), &fa), 0);
	assert_true(S_ISDIR(fa.fa_mode));
	assert_int_equal(rumpuser_fileattr(hyp_path("nope"), &fa), ENOENT);
}

/* Open f with mode while capturing what rumpuser prints. */
static int
open_capture(const char *f, int mode, int *fdp, char *msg, size_t msglen)
{
	int p[2], saved, error;
	ssize_t n;

	assert_int_equal(pipe(p), 0);
	saved = dup(2);
	dup2(p[1], 2);
	error = rumpuser_open(f, mode, fdp);
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	n = read(p[0], msg, msglen - 1);
	msg[n > 0 ? n : 0] = '\0';
	close(p[0]);
	return error;
}

static void
t_rangelock(void **state)
{
	const char *f = hyp_path("lock.img");
	int rw = RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO;
	int ro = RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO;
	char msg[1024], want[1024];
	int fd1, fd2, fd3;

	mkfile(f, 65536);
	assert_int_equal(rumpuser_open(f, rw, &fd1), 0);
	/* A second user in the same process is refused, and told who. */
	assert_int_equal(open_capture(f, rw, &fd2, msg, sizeof(msg)), EBUSY);
	snprintf(want, sizeof(want), "%s: in use by pid %d\n", f,
	    (int)getpid());
	assert_string_equal(msg, want);
	assert_int_equal(open_capture(f, ro, &fd2, msg, sizeof(msg)), EBUSY);
	/* Other backends take the same lock. */
	assert_int_equal(rumpuser_open(f, rw | RUMPUSER_OPEN_MMAP, &fd2),
	    EBUSY);
	assert_int_equal(rumpuser_open(f, rw | RUMPUSER_OPEN_DIRECT, &fd2),
	    EBUSY);
	/* Without BIO there is no lock to take. */
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR, &fd2), 0);
	assert_int_equal(rumpuser_close(fd2), 0);
	/* That close must not have dropped fd1's lock. */
	assert_int_equal(rumpuser_open(f, rw, &fd2), EBUSY);
	assert_int_equal(rumpuser_close(fd1), 0);

	/* Readers share. */
	assert_int_equal(rumpuser_open(f, ro, &fd1), 0);
	assert_int_equal(rumpuser_open(f, ro | RUMPUSER_OPEN_MMAP, &fd2), 0);
	assert_int_equal(rumpuser_open(f, rw, &fd3), EBUSY);
	assert_int_equal(rumpuser_close(fd1), 0);
	assert_int_equal(rumpuser_close(fd2), 0);
	assert_int_equal(rumpuser_open(f, rw, &fd3), 0);
	assert_int_equal(rumpuser_close(fd3), 0);
}

static void
t_rangelock_other_process(void **state)
{
	const char *f = hyp_path("lock2.img");
	int rw = RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO;
	char msg[1024], want[1024], c;
	int p[2], fd, status;
	pid_t pid;

	mkfile(f, 4096);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (rumpuser_open(f, rw, &fd) != 0)
			_exit(1);
		(void)write(p[1], "k", 1);
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(open_capture(f, rw, &fd, msg, sizeof(msg)), EBUSY);
	snprintf(want, sizeof(want), "%s: in use by pid %d\n", f, (int)pid);
	assert_string_equal(msg, want);
	kill(pid, SIGTERM);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* The lock died with its holder. */
	assert_int_equal(rumpuser_open(f, rw, &fd), 0);
	assert_int_equal(rumpuser_close(fd), 0);
}

/* A daemonising holder: the child that stays is the one named. */
static void
t_rangelock_daemon(void **state)
{
	const char *f = hyp_path("lock3.img");
	int rw = RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO;
	char msg[1024], want[1024];
	int p[2], fd, status;
	pid_t pid, daemon;

	mkfile(f, 4096);
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		if (rumpuser_open(f, rw, &fd) != 0)
			_exit(1);
		if ((daemon = fork()) != 0)
			_exit(daemon > 0 ? 0 : 1);
		alarm(30);	/* never outlive a broken test */
		daemon = getpid();
		(void)write(p[1], &daemon, sizeof(daemon));
		pause();
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(read(p[0], &daemon, sizeof(daemon)),
	    sizeof(daemon));
	close(p[0]);
	assert_int_equal(open_capture(f, rw, &fd, msg, sizeof(msg)), EBUSY);
	snprintf(want, sizeof(want), "%s: in use by pid %d\n", f,
	    (int)daemon);
	kill(daemon, SIGKILL);
	assert_string_equal(msg, want);
}

static void
t_truncate(void **state)
{
	const char *f = hyp_path("trunc.dat");
	uint64_t size;
	int fd;

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	assert_int_equal(rumpuser_truncate(fd, 1 << 20), 0);
	assert_int_equal(rumpuser_getfileinfo(f, &size, NULL), 0);
	assert_int_equal(size, 1 << 20);
	assert_int_equal(rumpuser_truncate(fd, 100), 0);
	assert_int_equal(rumpuser_getfileinfo(f, &size, NULL), 0);
	assert_int_equal(size, 100);
	assert_int_equal(rumpuser_truncate(fd, UINT64_MAX), EFBIG);
	assert_int_equal(rumpuser_close(fd), 0);
}

struct seen {
	char name[64];
	int type;
};

static int
readdir_all(int fd, size_t bufsize, struct seen *out, int max, int *calls)
{
	char buf[4096];
	int64_t off = 0;
	size_t len, i;
	int n = 0;

	*calls = 0;
	for (;;) {
		assert_int_equal(rumpuser_readdir(fd, &off, buf, bufsize, &len),
		    0);
		if (len == 0)
			break;
		(*calls)++;
		for (i = 0; i < len; i += strlen(buf + i) + 1) {
			assert_true(n < max);
			assert_true(buf[i] >= '0' && buf[i] <= '5');
			assert_int_equal(buf[i + 1], ' ');
			out[n].type = buf[i] - '0';
			snprintf(out[n].name, sizeof(out[n].name), "%s",
			    buf + i + 2);
			n++;
		}
		assert_int_equal(i, len);
	}
	return n;
}

static int
find_type(struct seen *s, int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(s[i].name, name) == 0)
			return s[i].type;
	return -1;
}

static void
t_readdir(void **state)
{
	struct seen s[200];
	char name[64], buf[8];
	int fd, n, i, calls;
	int64_t off;
	size_t len;

	assert_int_equal(mkdir(hyp_path("d"), 0755), 0);
	assert_int_equal(mkdir(hyp_path("d/sub"), 0755), 0);
	assert_int_equal(symlink("sub", hyp_path("d/lnk")), 0);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "d/file%03d", i);
		mkfile(hyp_path(name), 1);
	}
	assert_int_equal(rumpuser_open(hyp_path("d"), RUMPUSER_OPEN_RDONLY |
	    RUMPUSER_OPEN_DIR, &fd), 0);

	/* Big buffer: all in few calls.  "." and ".." are not reported. */
	n = readdir_all(fd, 4096, s, 200, &calls);
	assert_int_equal(n, 102);
	assert_int_equal(find_type(s, n, "sub"), RUMPUSER_FT_DIR);
	assert_int_equal(find_type(s, n, "lnk"), RUMPUSER_FT_LNK);
	assert_int_equal(find_type(s, n, "file042"), RUMPUSER_FT_REG);
	assert_int_equal(find_type(s, n, "."), -1);
	assert_int_equal(find_type(s, n, ".."), -1);

	/* Tiny buffer: one record per call, nothing lost or repeated. */
	n = readdir_all(fd, 11, s, 200, &calls);
	assert_int_equal(n, 102);
	assert_int_equal(calls, 102);
	for (i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "file%03d", i);
		assert_int_equal(find_type(s, n, name), RUMPUSER_FT_REG);
	}

	/* No room for even one record. */
	off = 0;
	assert_int_equal(rumpuser_readdir(fd, &off, buf, 4, &len), EINVAL);
	assert_int_equal(rumpuser_close(fd), 0);

	/* Only RUMPUSER_OPEN_DIR descriptors can be read. */
	assert_int_equal(rumpuser_open(hyp_path("d/file000"),
	    RUMPUSER_OPEN_RDONLY, &fd), 0);
	off = 0;
	assert_int_equal(rumpuser_readdir(fd, &off, buf, sizeof(buf), &len),
	    EBADF);
	assert_int_equal(rumpuser_close(fd), 0);
}

static void
t_iov(void **state)
{
	const char *f = hyp_path("iov.dat");
	char a[100], b[2000], c[3], back[2103], r1[1000], r2[1103];
	struct rumpuser_iovec wv[3] = {
		{ a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
	struct rumpuser_iovec rv[2] = {
		{ r1, sizeof(r1) }, { r2, sizeof(r2) } };
	size_t ret;
	int fd, p[2];

	hyp_fill(a, sizeof(a), 1);
	hyp_fill(b, sizeof(b), 2);
	hyp_fill(c, sizeof(c), 3);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	assert_int_equal(rumpuser_iovwrite(fd, wv, 3, 5000, &ret), 0);
	assert_int_equal(ret, 2103);
	assert_int_equal(pread(fd, back, sizeof(back), 5000), 2103);
	assert_memory_equal(back, a, 100);
	assert_memory_equal(back + 100, b, 2000);
	assert_memory_equal(back + 2100, c, 3);
	/* Split differently on the way back. */
	assert_int_equal(rumpuser_iovread(fd, rv, 2, 5000, &ret), 0);
	assert_int_equal(ret, 2103);
	assert_memory_equal(r1, back, 1000);
	assert_memory_equal(r2, back + 1000, 1103);
	/* At end of file a read is short. */
	assert_int_equal(rumpuser_iovread(fd, rv, 2, 6000, &ret), 0);
	assert_int_equal(ret, 1103);
	assert_int_equal(rumpuser_iovread(fd, rv, 2, 9000, &ret), 0);
	assert_int_equal(ret, 0);
	assert_int_equal(rumpuser_iovread(fd, rv, 2, -5, &ret), EINVAL);
	assert_int_equal(rumpuser_close(fd), 0);

	/* NOSEEK: stream descriptors. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(rumpuser_iovwrite(p[1], wv, 3, RUMPUSER_IOV_NOSEEK,
	    &ret), 0);
	assert_int_equal(ret, 2103);
	assert_int_equal(rumpuser_iovread(p[0], rv, 2, RUMPUSER_IOV_NOSEEK,
	    &ret), 0);
	assert_int_equal(ret, 2103);
	assert_memory_equal(r1, back, 1000);
	assert_memory_equal(r2, back + 1000, 1103);
	/* A positioned read on a pipe is an error, not a crash. */
	assert_int_equal(rumpuser_iovread(p[0], rv, 2, 0, &ret), ESPIPE);
	close(p[0]);
	close(p[1]);
}

static void
t_syncfd(void **state)
{
	const char *f = hyp_path("sync.dat");
	int fd, p[2];

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	assert_int_equal(write(fd, "data", 4), 4);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE, 0, 4), 0);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_BARRIER, 0, 0),
	    0);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_READ, 0, 0), 0);
	assert_int_equal(rumpuser_close(fd), 0);
	assert_int_equal(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_SYNC, 0, 0),
	    EBADF);
	/* Nothing to flush on a pipe. */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(rumpuser_syncfd(p[1], RUMPUSER_SYNCFD_SYNC, 0, 0), 0);
	close(p[0]);
	close(p[1]);
}

static int
setup(void **state)
{

	hyp_tmpdir("t_hyp_file");
	return rumpuser_init(RUMPUSER_VERSION, NULL);
}

static int
teardown(void **state)
{

	hyp_tmpdir_remove();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_open_modes),
		cmocka_unit_test(t_getfileinfo),
		cmocka_unit_test(t_blockdev),
		cmocka_unit_test(t_fileattr),
		cmocka_unit_test(t_rangelock),
		cmocka_unit_test(t_rangelock_other_process),
		cmocka_unit_test(t_rangelock_daemon),
		cmocka_unit_test(t_truncate),
		cmocka_unit_test(t_readdir),
		cmocka_unit_test(t_iov),
		cmocka_unit_test(t_syncfd),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
