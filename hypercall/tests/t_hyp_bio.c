/*
 * Asynchronous block I/O through the three backends: buffered,
 * O_DIRECT (with unaligned requests) and windowed mmap (window edges,
 * odd file sizes, a 1 TiB sparse image, LRU recycling).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
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

#define MiB		((int64_t)1 << 20)
#define WIN		(4 * MiB)	/* the mmap backend's window */
#define TiB		((int64_t)1 << 40)

struct done {
	pthread_mutex_t	mtx;
	pthread_cond_t	cv;
	int		count;
	size_t		bytes;
	int		error;
	int		ran_on_caller;
	pthread_t	caller;
};

static void
biodone(void *arg, size_t done, int error)
{
	struct done *d = arg;

	pthread_mutex_lock(&d->mtx);
	d->count++;
	d->bytes += done;
	if (error != 0)
		d->error = error;
	if (pthread_equal(pthread_self(), d->caller))
		d->ran_on_caller = 1;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mtx);
}

static void
done_init(struct done *d)
{

	memset(d, 0, sizeof(*d));
	pthread_mutex_init(&d->mtx, NULL);
	pthread_cond_init(&d->cv, NULL);
	d->caller = pthread_self();
}

/* Wait (bounded) for n completions. */
static void
done_wait(struct done *d, int n)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 60;
	pthread_mutex_lock(&d->mtx);
	while (d->count < n)
		if (pthread_cond_timedwait(&d->cv, &d->mtx, &ts) != 0)
			break;
	pthread_mutex_unlock(&d->mtx);
	assert_int_equal(d->count, n);
	assert_int_equal(d->ran_on_caller, 0);
}

/* One bio, waited for: returns the error, *donep the count. */
static int
bio_sync(int fd, int op, void *buf, size_t len, int64_t off, size_t *donep)
{
	struct done d;

	done_init(&d);
	rumpuser_bio(fd, op, buf, len, off, biodone, &d);
	done_wait(&d, 1);
	*donep = d.bytes;
	return d.error;
}

static void
bio_write_ok(int fd, const void *buf, size_t len, int64_t off)
{
	size_t done;

	assert_int_equal(bio_sync(fd, RUMPUSER_BIO_WRITE, (void *)buf, len,
	    off, &done), 0);
	assert_int_equal(done, len);
}

static void
bio_read_ok(int fd, void *buf, size_t len, int64_t off, size_t want)
{
	size_t done;

	assert_int_equal(bio_sync(fd, RUMPUSER_BIO_READ, buf, len, off, &done),
	    0);
	assert_int_equal(done, want);
}

static uint64_t
host_size(const char *f)
{
	struct stat st;

	assert_int_equal(stat(f, &st), 0);
	return (uint64_t)st.st_size;
}

static void *
xalloc(size_t len)
{
	void *p = NULL;

	assert_int_equal(posix_memalign(&p, 4096, len), 0);
	assert_non_null(p);
	return p;
}

/* Write, read back, and check against the host file itself. */
static void
backend_roundtrip(int mode, const char *name)
{
	const char *f = hyp_path(name);
	size_t len = 3 * MiB + 4096;
	char *buf = xalloc(len), *back = xalloc(len);
	struct done d;
	int fd, hfd, i;

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_BIO | mode, &fd), 0);
	hyp_fill(buf, len, 11);
	bio_write_ok(fd, buf, len, 64 * 1024);
	assert_int_equal(host_size(f), len + 64 * 1024);
	memset(back, 0, len);
	bio_read_ok(fd, back, len, 64 * 1024, len);
	assert_memory_equal(buf, back, len);

	/* The bytes are really in the host file. */
	hfd = open(f, O_RDONLY);
	assert_true(hfd >= 0);
	memset(back, 0, len);
	assert_int_equal(pread(hfd, back, len, 64 * 1024), (ssize_t)len);
	assert_memory_equal(buf, back, len);
	close(hfd);

	/* Many requests in flight at once, with a sync one among them. */
	done_init(&d);
	for (i = 0; i < 64; i++)
		rumpuser_bio(fd, RUMPUSER_BIO_WRITE |
		    (i == 10 ? RUMPUSER_BIO_SYNC : 0), buf + i * 4096, 4096,
		    (int64_t)i * 8192, biodone, &d);
	done_wait(&d, 64);
	assert_int_equal(d.error, 0);
	assert_int_equal(d.bytes, 64 * 4096);
	for (i = 0; i < 64; i++) {
		bio_read_ok(fd, back, 4096, (int64_t)i * 8192, 4096);
		assert_memory_equal(back, buf + i * 4096, 4096);
	}
	/* Reading at and past the end: short, not an error. */
	bio_read_ok(fd, back, 8192, (int64_t)(len + 64 * 1024) - 4096, 4096);
	bio_read_ok(fd, back, 4096, (int64_t)(len + 64 * 1024), 0);
	bio_read_ok(fd, back, 4096, 100 * MiB, 0);
	assert_int_equal(rumpuser_close(fd), 0);
	free(buf);
	free(back);
}

static void
t_buffered(void **state)
{

	backend_roundtrip(0, "buf.img");
}

static void
t_direct(void **state)
{

	backend_roundtrip(RUMPUSER_OPEN_DIRECT, "direct.img");
}

static void
t_mmap(void **state)
{

	backend_roundtrip(RUMPUSER_OPEN_MMAP, "mmap.img");
}

/* Every backend sees what the others wrote. */
static void
t_cross_backend(void **state)
{
	static const int modes[] = { 0, RUMPUSER_OPEN_DIRECT,
	    RUMPUSER_OPEN_MMAP };
	const char *f = hyp_path("cross.img");
	char *buf = xalloc(MiB), *back = xalloc(MiB);
	int i, j, fd;

	for (i = 0; i < 3; i++) {
		assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
		    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_BIO | modes[i], &fd),
		    0);
		hyp_fill(buf, MiB, 100 + (unsigned)i);
		bio_write_ok(fd, buf, MiB, i * MiB);
		assert_int_equal(rumpuser_close(fd), 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDONLY |
		    RUMPUSER_OPEN_BIO | modes[i], &fd), 0);
		for (j = 0; j < 3; j++) {
			hyp_fill(buf, MiB, 100 + (unsigned)j);
			bio_read_ok(fd, back, MiB, j * MiB, MiB);
			assert_memory_equal(buf, back, MiB);
		}
		assert_int_equal(rumpuser_close(fd), 0);
	}
	free(buf);
	free(back);
}

/* Unaligned offsets, lengths and buffers through O_DIRECT. */
static void
t_direct_unaligned(void **state)
{
	static const struct { int64_t off; size_t len; } rq[] = {
		{ 1000, 5000 }, { 4095, 2 }, { 8192, 100 }, { 12388, 4000 },
		{ 20000, 70000 }, { 0, 1 }, { 65536, 4096 },
		{ 300001, 500000 },	/* big enough to be split in two */
		{ 409600, 262144 },	/* aligned, split, odd memory */
	};
	const char *f = hyp_path("unal.img");
	char *model, *raw, *buf, *back;
	size_t i, total = 1024 * 1024;
	int fd, hfd, fl;

	model = calloc(1, total);
	raw = xalloc(total + 8192);
	back = xalloc(total + 8192);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_BIO | RUMPUSER_OPEN_DIRECT,
	    &fd), 0);
	/* Either O_DIRECT is on, or this host fs refuses it outright. */
	fl = fcntl(fd, F_GETFL);
	if ((fl & O_DIRECT) == 0) {
		hfd = open(f, O_RDONLY | O_DIRECT);
		assert_int_equal(hfd, -1);
		assert_int_equal(errno, EINVAL);
	}
	bio_write_ok(fd, model, total, 0);
	for (i = 0; i < sizeof(rq) / sizeof(rq[0]); i++) {
		buf = raw + 1 + i;	/* misaligned memory, too */
		hyp_fill(buf, rq[i].len, 500 + (unsigned)i);
		memcpy(model + rq[i].off, buf, rq[i].len);
		bio_write_ok(fd, buf, rq[i].len, rq[i].off);
	}
	/* Whole file, then the same pieces read unaligned. */
	bio_read_ok(fd, back, total, 0, total);
	assert_memory_equal(back, model, total);
	for (i = 0; i < sizeof(rq) / sizeof(rq[0]); i++) {
		bio_read_ok(fd, back + 3, rq[i].len, rq[i].off, rq[i].len);
		assert_memory_equal(back + 3, model + rq[i].off, rq[i].len);
	}
	/* An unaligned write past the end grows the file to exactly it. */
	hyp_fill(raw, 3000, 9);
	bio_write_ok(fd, raw, 3000, (int64_t)total + 500);
	assert_int_equal(host_size(f), total + 3500);
	bio_read_ok(fd, back + 1, 4000, (int64_t)total, 3500);
	memset(model, 0, 500);
	assert_memory_equal(back + 1, model, 500);
	assert_memory_equal(back + 501, raw, 3000);
	/* Unaligned read past the end is short. */
	bio_read_ok(fd, back + 1, 1000, (int64_t)total + 3000, 500);
	assert_int_equal(rumpuser_close(fd), 0);
	free(model);
	free(raw);
	free(back);
}

/* Window edges and a size that isn't a multiple of the window. */
static void
t_mmap_edges(void **state)
{
	const char *f = hyp_path("edges.img");
	int64_t size = 3 * WIN + 12345;
	char *buf = xalloc(2 * WIN), *back = xalloc(2 * WIN);
	int fd, hfd;

	hfd = open(f, O_RDWR | O_CREAT, 0644);
	assert_true(hfd >= 0);
	assert_int_equal(ftruncate(hfd, size), 0);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_BIO | RUMPUSER_OPEN_MMAP, &fd), 0);

	/* Straddling one window edge, and spanning a whole window. */
	hyp_fill(buf, 2 * WIN, 1);
	bio_write_ok(fd, buf, 200, WIN - 100);
	bio_write_ok(fd, buf + 200, WIN + 2, WIN + 100);
	bio_read_ok(fd, back, WIN + 202, WIN - 100, (size_t)WIN + 202);
	assert_memory_equal(back, buf, 200);
	assert_memory_equal(back + 200, buf + 200, WIN + 2);
	/* What the host sees agrees. */
	assert_int_equal(pread(hfd, back, 200, WIN - 100), 200);
	assert_memory_equal(back, buf, 200);

	/* The last bytes of the file, in the partial last window. */
	bio_write_ok(fd, buf, 10, size - 10);
	bio_read_ok(fd, back, 10, size - 10, 10);
	assert_memory_equal(back, buf, 10);
	/* Reads across the end are short; at or past it, empty. */
	bio_read_ok(fd, back, 4096, size - 10, 10);
	bio_read_ok(fd, back, 4096, size, 0);
	bio_read_ok(fd, back, 4096, size + WIN, 0);
	assert_int_equal(host_size(f), (uint64_t)size);

	/* A write past the end grows the file; the gap reads as zeros. */
	bio_write_ok(fd, buf, 50, size + 100);
	assert_int_equal(host_size(f), (uint64_t)size + 150);
	bio_read_ok(fd, back, 4096, size, 150);
	memset(buf + WIN, 0, 100);
	assert_memory_equal(back, buf + WIN, 100);
	assert_memory_equal(back + 100, buf, 50);

	/* Shrinking through truncate: no access past the new end. */
	assert_int_equal(rumpuser_truncate(fd, (uint64_t)WIN + 1), 0);
	bio_read_ok(fd, back, 4096, WIN - 4095, 4096);
	bio_read_ok(fd, back, 4096, WIN, 1);
	bio_read_ok(fd, back, 4096, 2 * WIN, 0);
	assert_int_equal(rumpuser_close(fd), 0);
	close(hfd);
	free(buf);
	free(back);
}

/* More windows than the backend keeps: recycled, data intact. */
static void
t_mmap_lru(void **state)
{
	const char *f = hyp_path("lru.img");
	char buf[512], back[512];
	int fd, i;

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_BIO | RUMPUSER_OPEN_MMAP,
	    &fd), 0);
	for (i = 0; i < 40; i++) {
		hyp_fill(buf, sizeof(buf), (unsigned)i);
		bio_write_ok(fd, buf, sizeof(buf), (int64_t)i * WIN + 77);
	}
	for (i = 39; i >= 0; i--) {
		hyp_fill(buf, sizeof(buf), (unsigned)i);
		bio_read_ok(fd, back, sizeof(back), (int64_t)i * WIN + 77,
		    sizeof(back));
		assert_memory_equal(buf, back, sizeof(buf));
	}
	assert_int_equal(rumpuser_close(fd), 0);
}

/* A 1 TiB sparse image written at far-apart offsets. */
static void
sparse_1tib(int mode, const char *name)
{
	static const int64_t offs[] = { 0, 123 * ((int64_t)1 << 30) + 4096,
	    TiB / 2 + 12345, TiB - 4096 };
	const char *f = hyp_path(name);
	char buf[4096], back[4096];
	struct stat st;
	int fd, hfd;
	size_t i;

	hfd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(hfd >= 0);
	if (ftruncate(hfd, TiB) != 0) {
		close(hfd);
		skip();	/* host fs can't hold a 1 TiB file */
	}
	close(hfd);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_BIO | mode, &fd), 0);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		hyp_fill(buf, sizeof(buf), 1000 + (unsigned)i);
		bio_write_ok(fd, buf, sizeof(buf), offs[i]);
	}
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		hyp_fill(buf, sizeof(buf), 1000 + (unsigned)i);
		bio_read_ok(fd, back, sizeof(back), offs[i], sizeof(back));
		assert_memory_equal(buf, back, sizeof(buf));
	}
	/* Holes read as zeros; the end is the end. */
	memset(buf, 0, sizeof(buf));
	bio_read_ok(fd, back, sizeof(back), TiB / 4, sizeof(back));
	assert_memory_equal(buf, back, sizeof(back));
	bio_read_ok(fd, back, sizeof(back), TiB, 0);
	assert_int_equal(rumpuser_close(fd), 0);
	/* Still sparse: well under a MiB allocated. */
	assert_int_equal(stat(f, &st), 0);
	assert_int_equal(st.st_size, TiB);
	assert_true(st.st_blocks * 512 < MiB);
	unlink(f);
}

static void
t_sparse_mmap(void **state)
{

	sparse_1tib(RUMPUSER_OPEN_MMAP, "sparse_mmap.img");
}

static void
t_sparse_buffered(void **state)
{

	sparse_1tib(0, "sparse_buf.img");
}

static void
t_readonly(void **state)
{
	static const int modes[] = { 0, RUMPUSER_OPEN_DIRECT,
	    RUMPUSER_OPEN_MMAP };
	const char *f = hyp_path("ro.img");
	char *buf = xalloc(8192);
	size_t done;
	int fd, i;

	hyp_fill(buf, 8192, 3);
	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	assert_int_equal(write(fd, buf, 8192), 8192);
	assert_int_equal(rumpuser_close(fd), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDONLY |
		    RUMPUSER_OPEN_BIO | modes[i], &fd), 0);
		assert_int_equal(bio_sync(fd, RUMPUSER_BIO_WRITE, buf, 4096, 0,
		    &done), EBADF);
		assert_int_equal(done, 0);
		bio_read_ok(fd, buf, 8192, 0, 8192);
		assert_int_equal(rumpuser_close(fd), 0);
	}
	free(buf);
}

/* iovread/iovwrite on descriptors with a backend go through it. */
static void
t_iov_backends(void **state)
{
	static const int modes[] = { RUMPUSER_OPEN_DIRECT,
	    RUMPUSER_OPEN_MMAP };
	const char *f = hyp_path("iovb.img");
	char a[3000], b[5000], r[8000];
	struct rumpuser_iovec v[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct rumpuser_iovec rv[1] = { { r, sizeof(r) } };
	size_t ret;
	int fd, i;

	for (i = 0; i < 2; i++) {
		assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
		    RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_BIO | modes[i], &fd),
		    0);
		hyp_fill(a, sizeof(a), 40 + (unsigned)i);
		hyp_fill(b, sizeof(b), 50 + (unsigned)i);
		assert_int_equal(rumpuser_iovwrite(fd, v, 2, 777, &ret), 0);
		assert_int_equal(ret, 8000);
		assert_int_equal(rumpuser_iovread(fd, rv, 1, 777, &ret), 0);
		assert_int_equal(ret, 8000);
		assert_memory_equal(r, a, sizeof(a));
		assert_memory_equal(r + sizeof(a), b, sizeof(b));
		assert_int_equal(rumpuser_close(fd), 0);
	}
}

/* Each backend on a real block device (a loop device; root only). */
static void
t_blockdev_backends(void **state)
{
	static const int modes[] = { 0, RUMPUSER_OPEN_DIRECT,
	    RUMPUSER_OPEN_MMAP };
	const char *f = hyp_path("loopb.img");
	char cmd[700], dev[128];
	char *buf = xalloc(65536), *back = xalloc(65536);
	size_t done;
	FILE *p;
	int fd, hfd, i;

	if (geteuid() != 0)
		skip();
	hfd = open(f, O_RDWR | O_CREAT, 0644);
	assert_true(hfd >= 0);
	assert_int_equal(ftruncate(hfd, 4 * MiB), 0);
	close(hfd);
	snprintf(cmd, sizeof(cmd), "losetup -f --show '%s' 2>/dev/null", f);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fgets(dev, sizeof(dev), p) == NULL)
		dev[0] = '\0';
	dev[strcspn(dev, "\n")] = '\0';
	if (pclose(p) != 0 || dev[0] != '/')
		skip();	/* no loop devices here */
	for (i = 0; i < 3; i++) {
		assert_int_equal(rumpuser_open(dev, RUMPUSER_OPEN_RDWR |
		    RUMPUSER_OPEN_BIO | modes[i], &fd), 0);
		hyp_fill(buf, 65536, 60 + (unsigned)i);
		bio_write_ok(fd, buf, 65536, MiB + 512 * i);
		bio_read_ok(fd, back, 65536, MiB + 512 * i, 65536);
		assert_memory_equal(buf, back, 65536);
		/* The device can't grow: past the end is ENOSPC... */
		assert_int_equal(bio_sync(fd, RUMPUSER_BIO_WRITE, buf, 1024,
		    4 * MiB - 512, &done), ENOSPC);
		/* ...and reads there are short. */
		bio_read_ok(fd, back, 4096, 4 * MiB - 1024, 1024);
		assert_int_equal(rumpuser_close(fd), 0);
	}
	snprintf(cmd, sizeof(cmd), "losetup -d '%s'", dev);
	assert_int_equal(system(cmd), 0);
	free(buf);
	free(back);
}

/* A forked child gets a working I/O pool of its own. */
static void
t_fork(void **state)
{
	const char *f = hyp_path("fork.img");
	char buf[4096], back[4096];
	size_t done;
	int fd, status;
	pid_t pid;

	assert_int_equal(rumpuser_open(f, RUMPUSER_OPEN_RDWR |
	    RUMPUSER_OPEN_CREATE, &fd), 0);
	hyp_fill(buf, sizeof(buf), 5);
	bio_write_ok(fd, buf, sizeof(buf), 0);	/* the pool is running */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		alarm(30);	/* a hang fails instead of blocking */
		hyp_fill(buf, sizeof(buf), 6);
		if (bio_sync(fd, RUMPUSER_BIO_WRITE, buf, sizeof(buf), 4096,
		    &done) != 0 || done != sizeof(buf))
			_exit(1);
		if (bio_sync(fd, RUMPUSER_BIO_READ, back, sizeof(back), 4096,
		    &done) != 0 || memcmp(buf, back, sizeof(buf)) != 0)
			_exit(2);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	hyp_fill(buf, sizeof(buf), 6);
	bio_read_ok(fd, back, sizeof(back), 4096, sizeof(back));
	assert_memory_equal(buf, back, sizeof(buf));
	assert_int_equal(rumpuser_close(fd), 0);
}

static int
setup(void **state)
{

	hyp_tmpdir("t_hyp_bio");
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
		cmocka_unit_test(t_buffered),
		cmocka_unit_test(t_direct),
		cmocka_unit_test(t_mmap),
		cmocka_unit_test(t_cross_backend),
		cmocka_unit_test(t_direct_unaligned),
		cmocka_unit_test(t_mmap_edges),
		cmocka_unit_test(t_mmap_lru),
		cmocka_unit_test(t_sparse_mmap),
		cmocka_unit_test(t_sparse_buffered),
		cmocka_unit_test(t_readonly),
		cmocka_unit_test(t_iov_backends),
		cmocka_unit_test(t_blockdev_backends),
		cmocka_unit_test(t_fork),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
