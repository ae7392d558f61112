/*
 * The runner: every case of fstest_cases on every backend of
 * fstest_backends, each in a forked child with a time limit, one TAP line
 * per case.  Arguments (optional) are prefixes selecting cases by their
 * full name, e.g. `fstest rumpfs_rename`.
 *
 * A case passes only if its process exits 0: killed by a signal (a crash,
 * the alarm), a setup that fails for another reason than a missing tool
 * or driver, or a backend that fails in its teardown (a server that
 * crashed) is a failure.  SIGINT, SIGTERM and SIGHUP kill the running
 * case (whose FUSE watchdog then frees its server and mount), clean the
 * scratch directory and end the runner.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fstest.h"

#define CASE_TIMEOUT	120	/* seconds */
#define EXIT_SKIP	77

static int skip_fd = -1;
static const struct fstest_env *cur_env;
static volatile sig_atomic_t got_signal;
static volatile pid_t case_pid;
bool fstest_backend_failed;

/*
 * The end of a case, whatever it was: the second processes are killed
 * (or interrupted) before the teardown, which a process stuck in the
 * file system could otherwise block; reaped after it.
 */
static void
end_case(void)
{
	const struct fstest_env *env = cur_env;
	bool stuck;

	cur_env = NULL;		/* a failure in here must not recurse */
	stuck = fstest_procs_abandon();
	if (env != NULL && env->be->teardown != NULL && !stuck)
		env->be->teardown(env->cookie);
	else if (stuck)
		printf("# a process is stuck in the kernel: no teardown\n");
	fstest_procs_reap();
	fflush(stdout);
}

void
fstest_fail(const char *file, int line, const char *what, int err)
{

	printf("# %s:%d: %s", file, line, what);
	if (err != 0)
		printf(" (errno %d: %s)", err, strerror(err));
	printf("\n");
	fflush(stdout);
	/* in a second process: that process ends, the case goes on */
	(void)fstest_proc_self_fail(NULL, false);
	end_case();
	_exit(1);
}

long
fstest_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

void
fstest_skip(const char *why)
{
	ssize_t n;

	(void)fstest_proc_self_fail(why, true);
	if (skip_fd >= 0) {
		n = write(skip_fd, why, strlen(why));
		(void)n;
	}
	fflush(stdout);
	end_case();
	_exit(EXIT_SKIP);
}

void
fstest_need(const struct fstest_env *env, unsigned int caps)
{
	static const char *const names[] = { "symlinks", "hard links",
	    "persistent modes", "file handles", "fifos", "a size limit",
	    "processes", "remount", "owners", "extended attributes",
	    "BSD VFS", "sparse files", "writing", "case-sensitive names",
	    "times of any date", "link counts", "inode numbers" };
	char why[128];
	unsigned int i, missing = caps & ~env->caps;

	if (missing == 0)
		return;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (missing & (1u << i))
			break;
	snprintf(why, sizeof(why), "no %s on %s",
	    i < sizeof(names) / sizeof(names[0]) ? names[i] : "support",
	    env->be->name);
	fstest_skip(why);
}

const char *
fstest_path(const struct fstest_env *env, const char *fmt, ...)
{
	static _Thread_local char bufs[8][PATH_MAX + 64];
	static _Thread_local int next;
	char *buf = bufs[next++ % 8];
	va_list ap;
	int n;

	n = snprintf(buf, sizeof(bufs[0]), "%s/", env->mnt);
	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(bufs[0]) - n, fmt, ap);
	va_end(ap);
	return buf;
}

void
fstest_mkfile(const struct fstest_env *env, const char *path,
    const void *data, size_t n)
{
	int fd;

	FT_OK(fd = env->sys->open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644));
	if (n > 0)
		FT_REQUIRE(env->sys->write(fd, data, n) == (ssize_t)n);
	FT_OK(env->sys->close(fd));
}

/* the child: set up, run, tear down */
static void
run_child(const struct fstest_backend *be, const struct fstest_case *tc,
    const char *workdir)
{
	static struct fstest_env env;
	char mnt[PATH_MAX], why[128];
	ssize_t n;

	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* a pipe whose reader died (a watchdog that gave up) is EPIPE */
	signal(SIGPIPE, SIG_IGN);
	/* a runner killed outright takes its case along */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	alarm(CASE_TIMEOUT);
	env.be = be;
	env.sys = be->sys;
	env.caps = be->caps;
	/* host system calls change owners and credentials only as root */
	if (be->sys->newproc == NULL && geteuid() != 0)
		env.caps &= ~FSTEST_CAP_OWNERS;
	env.workdir = workdir;
	if (be->setup(be, workdir, mnt, sizeof(mnt), &env.cookie) != 0) {
		if (errno == ENODEV) {
			n = snprintf(why, sizeof(why), "no %s here", be->name);
			n = write(skip_fd, why, n);
			_exit(EXIT_SKIP);
		}
		printf("# setup of %s failed: %s\n", be->name,
		    strerror(errno));
		_exit(1);
	}
	env.mnt = mnt;
	cur_env = &env;
	/* a read-only format runs only the cases of read-only mounts */
	if (tc->prepare == NULL)
		fstest_need(&env, FSTEST_CAP_WRITABLE);
	/*
	 * A read-only format (ISO 9660) cannot be prepared through its
	 * mount: its setup builds the image with what prepare makes
	 * (fstest_ro_prepare's files), and mounts it read-only.
	 */
	if (tc->prepare != NULL && (env.caps & FSTEST_CAP_WRITABLE)) {
		fstest_need(&env, FSTEST_CAP_REMOUNT);
		tc->prepare(&env);
		if (be->remount_ro(env.cookie) != 0) {
			if (errno == EOPNOTSUPP || errno == EINVAL)
				fstest_skip("read-only remount unsupported");
			fstest_fail(__FILE__, __LINE__, "remount_ro", errno);
		}
	}
	tc->fn(&env);
	end_case();
	_exit(fstest_backend_failed ? 1 : 0);
}

static bool
selected(const struct fstest_backend *be, const char *full, int argc,
    char **argv)
{
	int i;

	if (be->enable_env != NULL && getenv(be->enable_env) == NULL)
		return false;
	if (argc <= 1)
		return true;
	for (i = 1; i < argc; i++)	/* case-name prefixes */
		if (strncmp(full, argv[i], strlen(argv[i])) == 0)
			return true;
	return false;
}

static int
run_case(int num, const struct fstest_backend *be,
    const struct fstest_case *tc, const char *full, const char *workdir)
{
	char why[256];
	int pfd[2], status;
	ssize_t n;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) == -1)
		return -1;
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		close(pfd[0]);
		skip_fd = pfd[1];
		run_child(be, tc, workdir);
	}
	case_pid = pid;
	if (got_signal)
		kill(pid, SIGKILL);
	close(pfd[1]);
	while ((n = read(pfd[0], why, sizeof(why) - 1)) == -1 &&
	    errno == EINTR)
		continue;
	why[n > 0 ? n : 0] = '\0';
	close(pfd[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR) {
			status = -1;
			break;
		}
	case_pid = 0;
	if (status == -1)
		printf("not ok %d - %s # waitpid: %s\n", num, full,
		    strerror(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		printf("ok %d - %s\n", num, full);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP)
		printf("ok %d - %s # SKIP %s\n", num, full, why);
	else if (WIFSIGNALED(status))
		printf("not ok %d - %s # killed by signal %d%s\n", num, full,
		    WTERMSIG(status), WTERMSIG(status) == SIGALRM ?
		    " (timeout)" : "");
	else
		printf("not ok %d - %s\n", num, full);
	fflush(stdout);
	return 0;
}

static void
on_signal(int sig)
{

	got_signal = sig;
	if (case_pid > 0)
		kill(case_pid, SIGKILL);
}

/*
 * What killed or crashed cases left in the scratch directory: files
 * only (images), never a walk into anything (no mount lives here).
 */
static void
clean_workdir(const char *workdir)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(workdir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL)
		if (de->d_type != DT_DIR)
			(void)unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
	(void)rmdir(workdir);
}

int
main(int argc, char **argv)
{
	const struct fstest_backend *be;
	const struct fstest_case *tc;
	struct sigaction sa;
	char full[256], workdir[PATH_MAX];
	const char *base;
	int b, num = 0, total = 0;

	base = getenv("O") != NULL ? getenv("O") : "build";
	snprintf(workdir, sizeof(workdir), "%s/tmp", base);
	(void)mkdir(workdir, 0755);
	snprintf(workdir, sizeof(workdir), "%s/tmp/fstest.XXXXXX", base);
	if (mkdtemp(workdir) == NULL) {
		snprintf(workdir, sizeof(workdir), "/tmp/fstest.XXXXXX");
		if (mkdtemp(workdir) == NULL) {
			perror("mkdtemp");
			return 1;
		}
	}
	/* second processes of other uids reach the host backend's files */
	(void)chmod(workdir, 0711);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	for (b = 0; (be = fstest_backends[b]) != NULL; b++)
		for (tc = fstest_cases; tc->name != NULL; tc++) {
			snprintf(full, sizeof(full), "%s_%s", be->name,
			    tc->name);
			total += selected(be, full, argc, argv);
		}
	printf("1..%d\n", total);
	for (b = 0; (be = fstest_backends[b]) != NULL; b++)
		for (tc = fstest_cases; tc->name != NULL; tc++) {
			snprintf(full, sizeof(full), "%s_%s", be->name,
			    tc->name);
			if (!selected(be, full, argc, argv) || got_signal)
				continue;
			if (run_case(++num, be, tc, full, workdir) != 0)
				printf("not ok %d - %s # fork: %s\n", num,
				    full, strerror(errno));
		}
	clean_workdir(workdir);
	if (got_signal) {
		printf("# interrupted by signal %d\n", (int)got_signal);
		fflush(stdout);
		signal(got_signal, SIG_DFL);
		raise(got_signal);
	}
	return 0;
}
