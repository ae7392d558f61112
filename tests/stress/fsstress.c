/*
 * fsstress_rump: concurrent random file system operations, to find races.
 *
 *	fsstress_rump [opts] -t ffs|ext2fs image   in-process: the image is
 *		mounted in the rump kernel; each worker is a host thread
 *		with a rump process of its own; unmounted at the end
 *	fsstress_rump [opts] -H mountpoint         through a mounted file
 *		system (a FUSE server): each worker a forked process
 *
 *	-p N	workers (16)		-n N	operations per worker (200)
 *	-s N	seed (1)		-x op,op	leave these operations out
 *	-v	print every unexpected error, not only the first 20
 *	-l	list the operations
 *
 * Prints the outcome of every operation kind by errno ("ok" for
 * successes; "!" marks an unexpected errno) and exits 1 if any error was
 * unexpected, any byte read back was one no writer wrote, a worker died,
 * or the unmount failed; 2 on a usage or set-up error.
 */
#include <sys/mman.h>
#include <sys/wait.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>

#include "fsstress.h"

#define DEVKEY	"/dev/fsstress"
#define MNT	"/mnt"

static struct fss_conf conf = {
	.seed = 1,
	.nops = 200,
	.nworkers = 16,
};
static int deaths;	/* workers that did not end normally */

static void
usage(void)
{

	fprintf(stderr, "usage: fsstress_rump [-lv] [-p workers] [-n ops] "
	    "[-s seed] [-x op,...]\n\t{-t ffs|ext2fs image | -H mountpoint}\n");
	exit(2);
}

static void
listops(void)
{
	int op;

	for (op = 0; op < OP_OPEN; op++)
		printf("%s\n", fss_opnames[op]);
	exit(0);
}

static void
disable(char *list)
{
	char *name, *save = NULL;
	int op;

	for (name = strtok_r(list, ",", &save); name != NULL;
	    name = strtok_r(NULL, ",", &save)) {
		for (op = 0; op < OP_OPEN; op++)
			if (strcmp(name, fss_opnames[op]) == 0)
				break;
		if (op == OP_OPEN) {
			fprintf(stderr, "fsstress: no operation %s (-l)\n",
			    name);
			exit(2);
		}
		conf.disabled[op] = true;
	}
	for (op = 0; op < OP_OPEN; op++)
		if (!conf.disabled[op])
			return;
	fprintf(stderr, "fsstress: every operation left out\n");
	exit(2);
}

static unsigned
number(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno != 0 || *s == '\0' || *end != '\0' || v > 100000000)
		usage();
	return (unsigned)v;
}

/* --- the report ------------------------------------------------------- */

static const char *
errname(int e)
{
	const char *s = e == 0 ? "ok" : strerrorname_np(e);

	return s != NULL ? s : "E?";
}

static void
report_op(const struct fss_counts *c, int op)
{
	int e;

	printf("  %-9s", fss_opnames[op]);
	for (e = 0; e < FSS_NERRNO; e++)
		if (c->c[op][e] != 0)
			printf(" %s%s %llu", errname(e),
			    e == 0 || fss_expected(op, e) ? "" : "!",
			    (unsigned long long)c->c[op][e]);
	printf("\n");
}

void
fss_report(const struct fss_conf *cf)
{
	const struct fss_counts *c = cf->counts;
	uint64_t tot[FSS_NERRNO] = { 0 }, any;
	int op, e;

	for (op = 0; op < OP_NUM; op++) {
		for (any = 0, e = 0; e < FSS_NERRNO; e++) {
			tot[e] += c->c[op][e];
			any |= c->c[op][e];
		}
		if (any != 0)
			report_op(c, op);
	}
	printf("  %-9s", "total");
	for (e = 0; e < FSS_NERRNO; e++)
		if (tot[e] != 0)
			printf(" %s %llu", errname(e),
			    (unsigned long long)tot[e]);
	printf("\nfsstress: %llu unexpected errors, %llu bad bytes, "
	    "%d workers died\n", (unsigned long long)c->unexpected,
	    (unsigned long long)c->baddata, deaths);
}

bool
fss_failed(const struct fss_conf *cf)
{

	return cf->counts->unexpected != 0 || cf->counts->baddata != 0 ||
	    deaths != 0;
}

/* --- in-process: threads in the rump kernel ---------------------------- */

static void *
rump_worker(void *arg)
{
	unsigned id = (unsigned)(uintptr_t)arg;
	int error;

	if ((error = rump_pub_lwproc_rfork(RUMP_RFCFDG)) != 0) {
		printf("fsstress: rfork: %s\n", strerror(error));
		__atomic_add_fetch(&deaths, 1, __ATOMIC_RELAXED);
		return NULL;
	}
	fss_worker(&conf, id);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(NULL);
	return NULL;
}

static int
rump_mount_image(const char *type, const char *image)
{
	struct {
		char *fspec;		/* struct ufs_args prefix */
		char pad[248];		/* the drivers' other fields */
	} args = { .fspec = (char *)DEVKEY };
	int error;

	if ((error = rump_init()) != 0 ||
	    (error = rump_pub_etfs_register(DEVKEY, image,
	    RUMP_ETFS_BLK)) != 0) {
		printf("fsstress: boot: %s\n", strerror(error));
		return -1;
	}
	rump_sys_mkdir(MNT, 0755);
	if (rump_sys_mount(type, MNT, 0, &args, sizeof(args)) == -1) {
		printf("fsstress: mount %s %s: %s\n", type, image,
		    strerror(errno));
		return -1;
	}
	return 0;
}

static int
run_rump(const char *type, const char *image)
{
	pthread_t *t;
	unsigned i;

	if (rump_mount_image(type, image) == -1 || fss_prepare(&conf) == -1)
		return 2;
	if ((t = calloc(conf.nworkers, sizeof(*t))) == NULL)
		return 2;
	for (i = 0; i < conf.nworkers; i++)
		if (pthread_create(&t[i], NULL, rump_worker,
		    (void *)(uintptr_t)i) != 0) {
			printf("fsstress: pthread_create failed\n");
			return 2;
		}
	for (i = 0; i < conf.nworkers; i++)
		pthread_join(t[i], NULL);
	free(t);
	if (rump_sys_unmount(MNT, 0) == -1) {
		printf("fsstress: unmount: %s\n", strerror(errno));
		deaths++;
	}
	return 0;
}

/* --- through a mount point: forked processes -------------------------- */

static int
run_host(void)
{
	pid_t pid;
	unsigned i;
	int status;

	if (fss_prepare(&conf) == -1)
		return 2;
	fflush(stdout);
	for (i = 0; i < conf.nworkers; i++) {
		if ((pid = fork()) == -1) {
			perror("fsstress: fork");
			deaths++;
			break;
		}
		if (pid == 0) {
			fss_worker(&conf, i);
			fflush(stdout);
			_exit(0);
		}
	}
	while ((pid = wait(&status)) != -1)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			printf("fsstress: worker %d: wait status %#x\n",
			    (int)pid, status);
			deaths++;
		}
	return 0;
}

int
main(int argc, char **argv)
{
	const char *type = NULL, *hostmnt = NULL;
	struct timespec t0, t1;
	int ch, rv;

	while ((ch = getopt(argc, argv, "H:ln:p:s:t:vx:")) != -1) {
		switch (ch) {
		case 'H': hostmnt = optarg; break;
		case 'l': listops(); break;
		case 'n': conf.nops = number(optarg); break;
		case 'p': conf.nworkers = number(optarg); break;
		case 's': conf.seed = number(optarg); break;
		case 't': type = optarg; break;
		case 'v': conf.verbose++; break;
		case 'x': disable(optarg); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if ((hostmnt == NULL) == (type == NULL) ||
	    argc != (hostmnt == NULL ? 1 : 0) || conf.nworkers == 0)
		usage();
	conf.counts = mmap(NULL, sizeof(*conf.counts), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (conf.counts == MAP_FAILED) {
		perror("fsstress: mmap");
		return 2;
	}
	conf.sys = hostmnt != NULL ? &fss_host_sys : &fss_rump_sys;
	conf.root = hostmnt != NULL ? hostmnt : MNT;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("fsstress: %s %s, %u workers x %u ops, seed %llu\n",
	    conf.sys->name, hostmnt != NULL ? hostmnt : type, conf.nworkers,
	    conf.nops, (unsigned long long)conf.seed);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rv = hostmnt != NULL ? run_host() : run_rump(type, argv[0]);
	if (rv != 0)
		return rv;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fss_report(&conf);
	printf("fsstress: %.1f s\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	return fss_failed(&conf) ? 1 : 0;
}
