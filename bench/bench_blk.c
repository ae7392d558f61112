/*
 * bench_blk: the block backends of the hypercall layer against plain
 * pread/pwrite on the same host file, in the same run.
 *
 *   sequential 1 MiB and random 4 KiB reads and writes, through
 *   rumpuser_bio() (asynchronous, one request in flight unless noted)
 *   for the buffered, O_DIRECT and windowed-mmap backends; the host
 *   baseline for O_DIRECT is pread/pwrite on an O_DIRECT descriptor.
 *   "qdN" rows keep N requests in flight (as read-ahead and clustered
 *   writes do); the host side of those rows is still one pread/pwrite
 *   at a time.
 *
 * Then the resident set size after random writes across a 1 TiB sparse
 * image through the mmap backend.  Files live under $O/tmp.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <rump/rumpuser.h>

#define MiB		((int64_t)1 << 20)
#define FILESZ		(128 * MiB)
#define SEQ_BS		((size_t)MiB)
#define RND_BS		((size_t)4096)
#define RND_OPS		8192
#define REPS		3
/*
 * Transfers rotate through NBUF MiB of buffers, as a kernel's buffer
 * cache would, so neither side runs from one buffer hot in its L2.
 */
#define NBUF		16
#define SPARSE_SIZE	((int64_t)1 << 40)
#define SPARSE_OPS	20000

static char path[512];

struct inflight {
	pthread_mutex_t	mtx;
	pthread_cond_t	cv;
	int		pending;
	int		error;
};

static struct inflight inf = {
	PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0
};

static void
bdone(void *arg, size_t done, int error)
{

	pthread_mutex_lock(&inf.mtx);
	inf.pending--;
	if (error != 0)
		inf.error = error;
	pthread_cond_signal(&inf.cv);
	pthread_mutex_unlock(&inf.mtx);
}

/* Wait until at most max requests are in flight. */
static void
drain(int max)
{

	pthread_mutex_lock(&inf.mtx);
	while (inf.pending > max)
		pthread_cond_wait(&inf.cv, &inf.mtx);
	pthread_mutex_unlock(&inf.mtx);
	if (inf.error != 0) {
		fprintf(stderr, "bench_blk: bio error %d\n", inf.error);
		exit(1);
	}
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One transfer: through the host directly, or through rumpuser_bio. */
static void
xfer(int fd, int viabio, int qd, int write, char *buf, size_t len,
    int64_t off)
{
	ssize_t n;

	if (viabio) {
		drain(qd - 1);
		pthread_mutex_lock(&inf.mtx);
		inf.pending++;
		pthread_mutex_unlock(&inf.mtx);
		rumpuser_bio(fd, write ? RUMPUSER_BIO_WRITE : RUMPUSER_BIO_READ,
		    buf, len, off, bdone, NULL);
		return;
	}
	n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
	if (n != (ssize_t)len) {
		fprintf(stderr, "bench_blk: host I/O: %s\n", strerror(errno));
		exit(1);
	}
}

/* Random offsets: the same sequence for every run. */
static int64_t
rnd_off(uint64_t *x)
{

	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int64_t)((*x >> 20) % (uint64_t)(FILESZ / (int64_t)RND_BS)) *
	    (int64_t)RND_BS;
}

/* MB/s of one workload run. */
static double
run(int fd, int viabio, int qd, int write, int seq, char *buf)
{
	uint64_t x = 42;
	int64_t off, bytes = 0;
	double t0;
	int i;

	t0 = now();
	if (seq) {
		for (off = 0; off < FILESZ; off += (int64_t)SEQ_BS) {
			xfer(fd, viabio, qd, write, buf +
			    (off / (int64_t)SEQ_BS % NBUF) * (int64_t)SEQ_BS,
			    SEQ_BS, off);
			bytes += (int64_t)SEQ_BS;
		}
	} else {
		for (i = 0; i < RND_OPS; i++) {
			xfer(fd, viabio, qd, write, buf +
			    (i % (NBUF * 256)) * (int64_t)RND_BS, RND_BS,
			    rnd_off(&x));
			bytes += (int64_t)RND_BS;
		}
	}
	if (viabio)
		drain(0);
	return (double)bytes / (now() - t0) / 1e6;
}

struct backend {
	const char *name;
	int mode;	/* RUMPUSER_OPEN_* */
	int hostflags;	/* flags of the baseline descriptor */
};

static void
bench_backend(const struct backend *be, char *buf)
{
	static const struct {
		const char *name;
		int write, seq, qd;
	} wl[] = {
		{ "seq write 1M", 1, 1, 1 },
		{ "seq read 1M", 0, 1, 1 },
		{ "seq write 1M qd4", 1, 1, 4 },
		{ "seq read 1M qd4", 0, 1, 4 },
		{ "rnd write 4K", 1, 0, 1 },
		{ "rnd read 4K", 0, 0, 1 },
		{ "rnd read 4K qd8", 0, 0, 8 },
	};
	double host, ours, h, o;
	int hfd, fd, w, r, error;

	hfd = open(path, O_RDWR | be->hostflags);
	if (hfd == -1 && errno == EINVAL)
		hfd = open(path, O_RDWR);	/* no O_DIRECT here */
	if (hfd == -1) {
		perror(path);
		exit(1);
	}
	error = rumpuser_open(path, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO |
	    be->mode, &fd);
	if (error != 0) {
		fprintf(stderr, "bench_blk: open %s: %s\n", path,
		    strerror(error));
		exit(1);
	}
	for (w = 0; w < (int)(sizeof(wl) / sizeof(wl[0])); w++) {
		host = ours = 0;
		/* Alternate, best of REPS each, to even out host noise. */
		for (r = 0; r < REPS; r++) {
			h = run(hfd, 0, 1, wl[w].write, wl[w].seq, buf);
			o = run(fd, 1, wl[w].qd, wl[w].write, wl[w].seq, buf);
			if (h > host)
				host = h;
			if (o > ours)
				ours = o;
		}
		printf("%-9s %-16s %10.1f %10.1f %7.2f\n", be->name,
		    wl[w].name, host, ours, ours / host);
	}
	fdatasync(hfd);
	close(hfd);
	rumpuser_close(fd);
}

static long
rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f;

	f = fopen("/proc/self/status", "r");
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void
bench_sparse(const char *dir, char *buf)
{
	char sp[600];
	uint64_t x = 7;
	long before, after;
	double t0, t;
	int fd, i, error;

	snprintf(sp, sizeof(sp), "%s/bench_blk_sparse.img", dir);
	fd = open(sp, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd == -1 || ftruncate(fd, SPARSE_SIZE) == -1) {
		printf("mmap 1 TiB sparse: skipped (%s)\n", strerror(errno));
		if (fd != -1)
			close(fd);
		unlink(sp);
		return;
	}
	close(fd);
	error = rumpuser_open(sp, RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO |
	    RUMPUSER_OPEN_MMAP, &fd);
	if (error != 0) {
		fprintf(stderr, "bench_blk: open %s: %s\n", sp,
		    strerror(error));
		exit(1);
	}
	before = rss_kb();
	t0 = now();
	for (i = 0; i < SPARSE_OPS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		xfer(fd, 1, 1, 1, buf, RND_BS, (int64_t)((x >> 16) %
		    (uint64_t)(SPARSE_SIZE / (int64_t)RND_BS)) *
		    (int64_t)RND_BS);
	}
	drain(0);
	t = now() - t0;
	after = rss_kb();
	printf("mmap 1 TiB sparse: %d random 4K writes in %.2f s; "
	    "RSS %.1f MB before, %.1f MB after (target < 64 MB)\n",
	    SPARSE_OPS, t, before / 1024.0, after / 1024.0);
	rumpuser_close(fd);
	unlink(sp);
}

int
main(void)
{
	static const struct backend be[] = {
		{ "buffered", 0, 0 },
		{ "direct", RUMPUSER_OPEN_DIRECT, O_DIRECT },
		{ "mmap", RUMPUSER_OPEN_MMAP, 0 },
	};
	const char *o = getenv("O");
	char dir[400];
	void *buf;
	int fd, i;

	if (rumpuser_init(RUMPUSER_VERSION, NULL) != 0)
		return 1;
	snprintf(dir, sizeof(dir), "%s/tmp", o != NULL ? o : "build");
	mkdir(o != NULL ? o : "build", 0755);
	mkdir(dir, 0755);
	snprintf(path, sizeof(path), "%s/bench_blk.img", dir);
	if (posix_memalign(&buf, 4096, NBUF * SEQ_BS) != 0)
		return 1;
	memset(buf, 0x5a, NBUF * SEQ_BS);

	/* Lay the file down once, allocated, so every run sees the same. */
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd == -1) {
		perror(path);
		return 1;
	}
	for (i = 0; i < (int)(FILESZ / (int64_t)SEQ_BS); i++)
		if (write(fd, buf, SEQ_BS) != (ssize_t)SEQ_BS)
			return 1;
	fsync(fd);
	close(fd);

	printf("bench_blk: %lld MiB file in %s, best of %d; MB/s\n",
	    (long long)(FILESZ / MiB), dir, REPS);
	printf("%-9s %-16s %10s %10s %7s\n", "backend", "workload", "host",
	    "rumpuser", "ratio");
	for (i = 0; i < 3; i++)
		bench_backend(&be[i], buf);
	unlink(path);
	bench_sparse(dir, buf);
	free(buf);
	return 0;
}
