/*
 * etfs block devices through the rump kernel next to plain pread/pwrite on
 * the same host file, in the same run: sequential 1 MiB and random 4 KiB
 * reads and writes on the device node (rump_sys_pread/pwrite -> spec
 * vnode -> etfs strategy -> rumpuser_bio) with each backend, and the
 * resident set size after random I/O all over a 1 TiB sparse image on
 * the windowed mmap backend.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>

#define IMGSIZE		(256L << 20)
#define SEQ_IO		(1 << 20)
#define RND_IO		4096
#define RND_OPS		20000
#define TIB		(1LL << 40)

typedef long (*rw_fn)(int, void *, size_t, int64_t, int);

static char dir[] = "bench_etfs.XXXXXX";
static char img[256];
static void *iobuf;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static long
host_rw(int fd, void *buf, size_t n, int64_t off, int wr)
{

	return wr ? pwrite(fd, buf, n, off) : pread(fd, buf, n, off);
}

static long
rump_rw(int fd, void *buf, size_t n, int64_t off, int wr)
{

	return wr ? rump_sys_pwrite(fd, buf, n, off) :
	    rump_sys_pread(fd, buf, n, off);
}

/* MB/s of one workload: 0 seq 1 MiB, 1 random 4 KiB */
static double
run(rw_fn rw, int fd, int rnd, int wr, long span)
{
	unsigned int seed = 12345;
	long i, ops, bytes = 0;
	size_t n = rnd ? RND_IO : SEQ_IO;
	double t0 = now();
	int64_t off;

	ops = rnd ? RND_OPS : span / SEQ_IO;
	for (i = 0; i < ops; i++) {
		off = rnd ? (int64_t)(rand_r(&seed) % (span / RND_IO)) *
		    RND_IO : i * SEQ_IO;
		if (rw(fd, iobuf, n, off, wr) != (long)n) {
			fprintf(stderr, "bench_etfs: I/O failed at %lld\n",
			    (long long)off);
			exit(1);
		}
		bytes += (long)n;
	}
	return bytes / (now() - t0) / 1e6;
}

static void
row(const char *name, rw_fn rw, int fd, double *base)
{
	static const char *what[] = { "seq read 1M", "seq write 1M",
	    "rand read 4k", "rand write 4k" };
	double v;
	int w;

	for (w = 0; w < 4; w++) {
		v = run(rw, fd, w >= 2, w & 1, IMGSIZE);
		if (base != NULL && base[w] == 0)
			base[w] = v;
		printf("  %-10s %-14s %9.1f MB/s", name, what[w], v);
		if (base != NULL && base[w] != v)
			printf("   x%.2f of host", v / base[w]);
		printf("\n");
	}
}

static void
backend(const char *name, int flags, double *base)
{
	int fd, error;

	error = rump_pub_etfs_register_opts("/bench", img, RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, flags);
	if (error != 0) {
		printf("  %-10s register: %s\n", name, strerror(error));
		return;
	}
	if ((fd = rump_sys_open("/bench", O_RDWR)) == -1) {
		printf("  %-10s open: %s\n", name, strerror(errno));
	} else {
		row(name, rump_rw, fd, base);
		rump_sys_fsync(fd);
		rump_sys_close(fd);
	}
	rump_pub_etfs_remove("/bench");
}

static long
rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* random 4 KiB I/O over a 1 TiB sparse image, mmap backend */
static void
sparse_rss(void)
{
	char path[300];
	unsigned int seed = 777;
	long before, after;
	int hfd, fd, i;
	int64_t off;

	snprintf(path, sizeof(path), "%s/sparse.img", dir);
	if ((hfd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644)) == -1 ||
	    ftruncate(hfd, TIB) == -1) {
		printf("  1 TiB sparse image: %s\n", strerror(errno));
		return;
	}
	close(hfd);
	before = rss_kb();
	if (rump_pub_etfs_register_opts("/sparse", path, RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, RUMP_ETFS_BACKEND_MMAP) != 0 ||
	    (fd = rump_sys_open("/sparse", O_RDWR)) == -1) {
		printf("  1 TiB sparse image: cannot open\n");
		unlink(path);
		return;
	}
	for (i = 0; i < RND_OPS; i++) {
		off = ((int64_t)rand_r(&seed) << 20 ^ rand_r(&seed)) %
		    (TIB / RND_IO) * RND_IO;
		rump_rw(fd, iobuf, RND_IO, off, i & 1);
	}
	after = rss_kb();
	rump_sys_close(fd);
	rump_pub_etfs_remove("/sparse");
	unlink(path);
	printf("  mmap backend, 1 TiB sparse image, %d random 4k ops: "
	    "RSS %ld MB (before %ld MB; target < 64 MB)\n", RND_OPS,
	    after / 1024, before / 1024);
}

int
main(void)
{
	double base[4] = { 0 };
	int hfd;

	if (rump_init() != 0 || mkdtemp(dir) == NULL ||
	    posix_memalign(&iobuf, 4096, SEQ_IO) != 0)
		return 1;
	memset(iobuf, 0x5a, SEQ_IO);
	snprintf(img, sizeof(img), "%s/img", dir);
	if ((hfd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0644)) == -1)
		return 1;
	if (run(host_rw, hfd, 0, 1, IMGSIZE) <= 0)	/* fill it */
		return 1;
	printf("etfs block device vs host pread/pwrite, %ld MiB image\n",
	    IMGSIZE >> 20);
	row("host", host_rw, hfd, base);
	fsync(hfd);
	close(hfd);
	backend("buffered", RUMP_ETFS_BACKEND_BUFFERED, base);
	backend("direct", RUMP_ETFS_BACKEND_DIRECT, base);
	backend("mmap", RUMP_ETFS_BACKEND_MMAP, base);
	if ((hfd = open(img, O_RDWR | O_DIRECT)) != -1) {
		double dbase[4] = { 0 };

		row("host-odir", host_rw, hfd, dbase);
		close(hfd);
	}
	sparse_rss();
	unlink(img);
	rmdir(dir);
	return 0;
}
