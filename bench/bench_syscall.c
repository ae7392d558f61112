/*
 * The cost of a rump system call next to the host's, in the same run:
 * a null call (getpid), stat of a directory, and an open/close pair.
 * Prints ns/call for both and the ratio rump/host (below 1: rump is
 * cheaper, as NetBSD measured for its rump kernels).
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#define ITERS	200000

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static const char *host_dir, *host_file;
static volatile long sink;

static int
h_null(void)
{

	/* a real system call: glibc does not cache getpid, but be sure */
	return (int)syscall(SYS_getpid);
}

static int
r_null(void)
{

	return rump_sys_getpid();
}

static int
h_stat(void)
{
	struct stat sb;

	return stat(host_dir, &sb);
}

static int
r_stat(void)
{
	struct rump_stat sb;

	return rump_sys_stat("/bench", &sb);
}

static int
h_openclose(void)
{
	int fd = open(host_file, O_RDONLY);

	return fd == -1 ? -1 : close(fd);
}

static int
r_openclose(void)
{
	int fd = rump_sys_open("/bench/file", O_RDONLY);

	return fd == -1 ? -1 : rump_sys_close(fd);
}

/* ns per call of fn, or -1 if it failed */
static double
measure(int (*fn)(void))
{
	double t0;
	long i, acc = 0;

	for (i = 0; i < ITERS / 10; i++)	/* warm up */
		acc += fn();
	t0 = now_ns();
	for (i = 0; i < ITERS; i++)
		acc += fn();
	sink = acc;
	if (fn != h_null && fn != r_null && acc != 0)
		return -1;
	return (now_ns() - t0) / ITERS;
}

static void
row(const char *name, int (*rfn)(void), int (*hfn)(void))
{
	double r = measure(rfn), h = measure(hfn);

	if (r < 0 || h < 0) {
		printf("%-14s failed (%s)\n", name, strerror(errno));
		return;
	}
	printf("%-14s rump %8.1f ns/call   host %8.1f ns/call   "
	    "ratio rump/host %.2f\n", name, r, h, r / h);
}

int
main(void)
{
	char dir[] = "/tmp/bench_syscall.XXXXXX", file[64];
	int fd, error;

	if ((error = rump_init()) != 0) {
		fprintf(stderr, "rump_init: %s\n", strerror(error));
		return 1;
	}
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(file, sizeof(file), "%s/file", dir);
	if ((fd = open(file, O_RDWR | O_CREAT, 0644)) == -1) {
		perror(file);
		return 1;
	}
	close(fd);
	host_dir = dir;
	host_file = file;
	if (rump_sys_mkdir("/bench", 0755) == -1 ||
	    (fd = rump_sys_open("/bench/file", O_RDWR | O_CREAT, 0644)) ==
	    -1) {
		perror("rump setup");
		return 1;
	}
	rump_sys_close(fd);
	printf("bench_syscall: %d calls each\n", ITERS);
	row("null (getpid)", r_null, h_null);
	row("stat", r_stat, h_stat);
	row("open+close", r_openclose, h_openclose);
	unlink(file);
	rmdir(dir);
	return 0;
}
