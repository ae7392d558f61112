/*
 * Boot time and footprint of the rump kernel.  The parent reads
 * CLOCK_MONOTONIC, then fork()s and exec()s this program again; the child
 * boots (rump_init) and reports the time since the parent's stamp (so
 * "process start" includes fork, exec and dynamic linking), the time
 * rump_init itself took, and VmRSS right after boot.  Averaged over
 * several fresh processes, next to the same program exiting without
 * booting (the host process's own cost).
 */
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>

#define RUNS	20

struct sample {
	double start_ms;	/* parent's stamp to rump_init() return */
	double init_ms;		/* inside rump_init() */
	long rss_kb;
};

static int64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long
vmrss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* the child: boot (unless baseline), print "start_ns init_ns rss_kb" */
static int
child(const char *stamp, int boot)
{
	int64_t t0 = strtoll(stamp, NULL, 10), t1, ti = 0;
	int error;

	if (boot) {
		ti = mono_ns();
		if ((error = rump_init()) != 0) {
			fprintf(stderr, "rump_init: %s\n", strerror(error));
			return 1;
		}
		ti = mono_ns() - ti;
	}
	t1 = mono_ns();
	printf("%" PRId64 " %" PRId64 " %ld\n", t1 - t0, ti, vmrss_kb());
	return 0;
}

static int
run_one(const char *self, int boot, struct sample *s)
{
	char stamp[32], out[128];
	int fd[2], status;
	int64_t a, b;
	ssize_t n;
	pid_t pid;

	if (pipe(fd) == -1)
		return -1;
	snprintf(stamp, sizeof(stamp), "%" PRId64, mono_ns());
	if ((pid = fork()) == 0) {
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execl(self, self, boot ? "--child" : "--baseline", stamp,
		    (char *)NULL);
		_exit(127);
	}
	close(fd[1]);
	n = pid > 0 ? read(fd[0], out, sizeof(out) - 1) : -1;
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) == -1 || n <= 0 ||
	    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return -1;
	out[n] = '\0';
	if (sscanf(out, "%" SCNd64 " %" SCNd64 " %ld", &a, &b,
	    &s->rss_kb) != 3)
		return -1;
	s->start_ms = a / 1e6;
	s->init_ms = b / 1e6;
	return 0;
}

static int
average(const char *self, int boot, int runs, struct sample *avg)
{
	struct sample s;

	memset(avg, 0, sizeof(*avg));
	for (int i = 0; i < runs; i++) {
		if (run_one(self, boot, &s) != 0)
			return -1;
		avg->start_ms += s.start_ms / runs;
		avg->init_ms += s.init_ms / runs;
		avg->rss_kb += s.rss_kb;
	}
	avg->rss_kb /= runs;
	return 0;
}

int
main(int argc, char **argv)
{
	struct sample base, boot;
	int runs = RUNS;

	if (argc == 3 && strcmp(argv[1], "--child") == 0)
		return child(argv[2], 1);
	if (argc == 3 && strcmp(argv[1], "--baseline") == 0)
		return child(argv[2], 0);
	if (argc == 2)
		runs = atoi(argv[1]) > 0 ? atoi(argv[1]) : RUNS;
	/* warm the page cache so the first run is not an outlier */
	(void)average("/proc/self/exe", 1, 1, &boot);
	if (average("/proc/self/exe", 0, runs, &base) != 0 ||
	    average("/proc/self/exe", 1, runs, &boot) != 0) {
		fprintf(stderr, "bench_boot: a child failed\n");
		return 1;
	}
	printf("boot: %.2f ms, rss after boot: %ld KiB  (NetBSD rump "
	    "reference: ~10 ms, ~1 MB)\n", boot.start_ms, boot.rss_kb);
	printf("  process start = parent's clock before fork+exec; "
	    "rump_init() itself: %.2f ms; %d runs\n", boot.init_ms, runs);
	printf("  same program without rump_init: %.2f ms, %ld KiB; "
	    "the kernel adds %.2f ms, %ld KiB\n", base.start_ms,
	    base.rss_kb, boot.start_ms - base.start_ms,
	    boot.rss_kb - base.rss_kb);
	return 0;
}
