/*
 * File systems served over FUSE by a rump_<fs> server (p2k) and used
 * through host system calls: a fresh image per case (or a special of the
 * backend's mkspecial, host:/path for NFS), the server started
 * in the foreground with -o allow_other (as root: the cases' second
 * processes run as other users; the rump file system checks permissions,
 * so no default_permissions) on a mount point in a private directory
 * made by mkdtemp under ${TMPDIR:-/tmp}, never in the work tree: a
 * wedged mount there would hang every find, du or make that walks it.
 *
 * Speed: the mount is awaited by polling /proc/self/mounts for its change
 * event and a pidfd of the server for its death, never by sleeping; the
 * server is stopped with SIGTERM (it unmounts itself) and awaited the
 * same way.  A case then costs about one mkfs plus a few milliseconds.
 *
 * No stale mounts: a watchdog process per case (in its own process group,
 * so that a kill of the runner's group spares it) kills the server,
 * lazily unmounts and removes the private directory when the case process
 * ends without tearing down (alarm, crash, killed), when the runner dies
 * (killed outright: the case is killed too) or when the case runs too
 * long.  A case blocked in a FUSE request of a hung server sleeps
 * uninterruptibly, so its own alarm cannot help; killing the server
 * aborts the connection and wakes it.
 *
 * The server must exit 0 on SIGTERM: a crash or a server that has to be
 * killed fails the case (fstest_backend_failed).
 * Missing /dev/fuse, server or image tool: ENODEV, so the cases skip.
 */
#include <sys/types.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_p2k.h"

#define MOUNT_WAIT_MS	10000
#define EXIT_WAIT_MS	10000
/* a case with a process stuck in the server: no clean exit to wait for */
#define WEDGED_WAIT_MS	1000
/* below fstest_main's CASE_TIMEOUT (120 s), so the case still reports,
 * and above the bounded waits of the cases (a few seconds) */
#define WATCHDOG_MS	15000
/* a poll bound, in case an event is missed (no pidfd on old kernels) */
#define POLL_SLICE_MS	100
/* p2k_rumpfs's size limit, so that the fill-up tests have an end */
#define P2K_RUMPFS_BYTES	"16777216"

struct p2k_cookie {
	pid_t pid;		/* the server */
	int pidfd;		/* readable once the server has exited */
	int status;		/* its wait status, once reaped (-1: not) */
	pid_t wdpid;		/* the watchdog */
	int wdfd;		/* its pipe: closing it ends the watchdog */
	char dir[PATH_MAX - 16];	/* the private directory */
	char image[PATH_MAX];
	char mnt[PATH_MAX];
	char server[PATH_MAX];
	const char *srvopts;	/* the backend's -o words */
	char xopts[128];	/* and those of its mkspecial */
	/* image is a special of the backend's mkspecial: removed so */
	void (*rmspecial)(const char *);
	bool ro;		/* the server runs with -o ro */
};

static int
open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	errno = ENOSYS;
	return -1;
#endif
}

/* is path a mount point (listed in /proc/self/mounts)? */
static bool
is_mounted(const char *path)
{
	char line[PATH_MAX * 2], dev[PATH_MAX], mp[PATH_MAX];
	bool found = false;
	FILE *f;

	if ((f = fopen("/proc/self/mounts", "re")) == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%4095s %4095s", dev, mp) == 2 &&
		    strcmp(mp, path) == 0)
			found = true;
	fclose(f);
	return found;
}

/* has the server exited?  Reaps it if it is our child. */
static bool
server_gone(struct p2k_cookie *pc, bool child)
{
	int status;

	if (pc->pid <= 0)
		return true;
	if (child) {
		if (waitpid(pc->pid, &status, WNOHANG) != pc->pid)
			return false;
		pc->status = status;
	} else if (kill(pc->pid, 0) == 0) {
		struct pollfd p = { pc->pidfd, POLLIN, 0 };

		/* a sibling: its exit shows on the pidfd, not in waitpid */
		if (pc->pidfd < 0 || poll(&p, 1, 0) != 1)
			return false;
	}
	pc->pid = 0;
	return true;
}

/* wait (bounded) for the server to exit; true if it did */
static bool
wait_exit(struct p2k_cookie *pc, bool child, int ms)
{
	long end = fstest_now_ms() + ms;
	struct pollfd p = { pc->pidfd, POLLIN, 0 };
	long left;

	while (!server_gone(pc, child)) {
		if ((left = end - fstest_now_ms()) <= 0)
			return false;
		(void)poll(&p, pc->pidfd >= 0 ? 1 : 0,
		    left < POLL_SLICE_MS ? (int)left : POLL_SLICE_MS);
	}
	return true;
}

/*
 * Wait until the server has mounted pc->mnt.  mfd is /proc/self/mounts,
 * opened before the server started: it polls POLLPRI on every change of
 * the mount table since, so no mount is missed.
 */
static bool
wait_mounted(struct p2k_cookie *pc, int mfd)
{
	long end = fstest_now_ms() + MOUNT_WAIT_MS, left;
	struct pollfd p[2] = { { mfd, POLLPRI, 0 }, { pc->pidfd, POLLIN, 0 } };

	while (!is_mounted(pc->mnt)) {
		if (server_gone(pc, true) || (left = end - fstest_now_ms()) <= 0)
			return false;
		(void)poll(p, pc->pidfd >= 0 ? 2 : 1,
		    left < POLL_SLICE_MS ? (int)left : POLL_SLICE_MS);
	}
	return true;
}

/* detach the mount whatever holds it: the server may be dead */
static void
lazy_unmount(const char *mnt)
{
	pid_t pid;
	int status;

	if (!is_mounted(mnt))
		return;
	if (umount2(mnt, MNT_DETACH) == 0)
		return;
	if ((pid = fork()) == 0) {
		int fd = open("/dev/null", O_RDWR);

		dup2(fd, 1);
		dup2(fd, 2);
		execlp("fusermount3", "fusermount3", "-u", "-z", "--", mnt,
		    (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		(void)waitpid(pid, &status, 0);
}

/*
 * SIGTERM makes the server unmount and exit; SIGKILL if it will not
 * within ms.  True if it had to be killed.
 */
static bool
stop_server(struct p2k_cookie *pc, bool child, int ms)
{
	bool killed = false;

	if (pc->pid > 0 && kill(pc->pid, SIGTERM) == 0 &&
	    !wait_exit(pc, child, ms)) {
		kill(pc->pid, SIGKILL);
		killed = true;
		(void)wait_exit(pc, child, EXIT_WAIT_MS);
	}
	lazy_unmount(pc->mnt);
	if (pc->pidfd >= 0)
		close(pc->pidfd);
	pc->pidfd = -1;
	return killed;
}

/*
 * The servers' stderr goes to a log in the private directory, shown
 * ("# server: ...") when the case fails because of a server: the log of
 * the case is all a CI run keeps.
 */
static void
server_log_path(const struct p2k_cookie *pc, char *path, size_t len)
{

	snprintf(path, len, "%s/server.log", pc->dir);
}

/* in the server's process, before exec */
static void
server_log_open(const struct p2k_cookie *pc)
{
	char path[PATH_MAX + 16];
	int fd;

	server_log_path(pc, path, sizeof(path));
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600)) >= 0) {
		dup2(fd, 2);
		close(fd);
	}
}

static void
server_log_show(const struct p2k_cookie *pc)
{
	char path[PATH_MAX + 16], line[512];
	FILE *f;

	server_log_path(pc, path, sizeof(path));
	if ((f = fopen(path, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL)
		printf("# server: %s%s", line,
		    strchr(line, '\n') != NULL ? "" : "\n");
	fclose(f);
}

/* the private directory and what is in it; never while mounted */
static void
remove_files(struct p2k_cookie *pc)
{
	char path[PATH_MAX + 16];

	if (is_mounted(pc->mnt))
		return;
	rmdir(pc->mnt);
	if (pc->rmspecial != NULL)
		pc->rmspecial(pc->image);
	else if (pc->image[0] != '\0')
		unlink(pc->image);
	server_log_path(pc, path, sizeof(path));
	unlink(path);
	rmdir(pc->dir);
}

/* keep the descriptors listed (renumbered from 3 in order), close the rest */
static void
keep_fds(int *fds, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			fds[i] = fcntl(fds[i], F_DUPFD, 100 + i);
	for (i = 0; i < n; i++)
		if (fds[i] >= 0 && dup2(fds[i], 3 + i) != -1)
			fds[i] = 3 + i;
	close_range(3 + n, ~0U, 0);
}

/*
 * The watchdog: waits for the case process to end it (a byte on the pipe:
 * the server is stopped, the case takes care of the rest), for the case
 * to die (the pipe closes without it), or for the runner to die; if none
 * of that happens in WATCHDOG_MS, the case is hung, likely in the server.
 * Unless ended, it kills the server, detaches the mount and removes the
 * private directory; a case abandoned by its runner goes too (after the
 * server, whose death frees it from an uninterruptible wait).
 */
static void __attribute__((noreturn))
watchdog(struct p2k_cookie *pc, int rfd, int runnerfd)
{
	struct pollfd p[2] = { { rfd, POLLIN, 0 }, { runnerfd, POLLIN, 0 } };
	pid_t casepid = getppid();
	int fds[3] = { rfd, pc->pidfd, runnerfd };
	bool orphan;
	char c;

	setpgid(0, 0);	/* outlive a kill of the case's process group */
	/* no descriptor of the case: the runner waits for its skip pipe */
	keep_fds(fds, 3);
	p[0].fd = fds[0];
	pc->pidfd = fds[1];
	p[1].fd = fds[2];
	while (poll(p, p[1].fd >= 0 ? 2 : 1, WATCHDOG_MS) == -1 &&
	    errno == EINTR)
		continue;
	if ((p[0].revents & POLLIN) && read(p[0].fd, &c, 1) == 1)
		_exit(0);		/* ended by the case */
	orphan = p[1].fd >= 0 && (p[1].revents & (POLLIN | POLLHUP)) != 0;
	if (!server_gone(pc, false)) {
		kill(pc->pid, SIGKILL);
		(void)wait_exit(pc, false, EXIT_WAIT_MS);
	}
	if (orphan)
		kill(casepid, SIGKILL);
	lazy_unmount(pc->mnt);
	remove_files(pc);
	_exit(0);
}

static int
start_watchdog(struct p2k_cookie *pc)
{
	int fds[2], runnerfd;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	runnerfd = open_pidfd(getppid());
	if ((pc->wdpid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		if (runnerfd >= 0)
			close(runnerfd);
		return -1;
	}
	if (pc->wdpid == 0) {
		close(fds[1]);
		watchdog(pc, fds[0], runnerfd);
	}
	close(fds[0]);
	if (runnerfd >= 0)
		close(runnerfd);
	pc->wdfd = fds[1];
	return 0;
}

static void
end_watchdog(struct p2k_cookie *pc)
{
	int status;

	if (pc->wdfd >= 0) {
		if (write(pc->wdfd, "q", 1) != 1)
			(void)0;	/* it cleans up then: no harm */
		close(pc->wdfd);
	}
	pc->wdfd = -1;
	if (pc->wdpid > 0)
		(void)waitpid(pc->wdpid, &status, 0);
	pc->wdpid = 0;
}

/* -1 and errno: ENODEV if the image tool is missing */
static int
make_image(const struct fstest_backend *be, struct p2k_cookie *pc)
{
	char cmd[PATH_MAX * 2];
	int status;

	if (mkdir(pc->mnt, 0755) != 0)
		return -1;
	if (be->mkspecial != NULL) {	/* a file system elsewhere (NFS) */
		if (be->mkspecial(be, pc->image, sizeof(pc->image), pc->xopts,
		    sizeof(pc->xopts)) != 0)
			return -1;
		pc->rmspecial = be->rmspecial;
		return 0;
	}
	if (be->mkfs == NULL) {		/* an in-memory file system */
		pc->image[0] = '\0';
		return 0;
	}
	snprintf(cmd, sizeof(cmd), be->mkfs, pc->image);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	status = system(cmd);
	if (status == 0)
		return 0;
	/* 127: the shell found no such command */
	if (status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 127) {
		errno = ENODEV;
	} else {
		printf("# %s: %s %d\n", cmd, status != -1 &&
		    WIFSIGNALED(status) ? "killed by signal" : "exit status",
		    status == -1 ? -1 : WIFSIGNALED(status) ?
		    WTERMSIG(status) : WEXITSTATUS(status));
		errno = EIO;
	}
	unlink(pc->image);
	return -1;
}

static int
start_server(struct p2k_cookie *pc)
{
	const char *server = pc->server;
	char opts[512];
	int mfd;

	/* other users' processes reach the mount (only root may) */
	snprintf(opts, sizeof(opts), "%s%s%s%s%s%s", geteuid() == 0 ?
	    "allow_other" : pc->ro ? "ro" : "rw",
	    pc->ro && geteuid() == 0 ? ",ro" : "",
	    pc->srvopts != NULL ? "," : "",
	    pc->srvopts != NULL ? pc->srvopts : "",
	    pc->xopts[0] != '\0' ? "," : "", pc->xopts);
	if ((mfd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	pc->status = -1;
	if ((pc->pid = fork()) == 0) {
		server_log_open(pc);
		if (pc->image[0] == '\0')
			execl(server, server, "-f", "-o", opts, pc->mnt,
			    P2K_RUMPFS_BYTES, (char *)NULL);
		else
			execl(server, server, "-f", "-o", opts, pc->image,
			    pc->mnt, (char *)NULL);
		_exit(127);
	}
	pc->pidfd = pc->pid > 0 ? open_pidfd(pc->pid) : -1;
	if (pc->pid < 0 || start_watchdog(pc) != 0 ||
	    !wait_mounted(pc, mfd)) {
		server_log_show(pc);
		close(mfd);
		return -1;
	}
	close(mfd);
	return 0;
}

/*
 * Does this build's kernel (the server's) have the file system of server
 * bin/rump_<fs>?  A mount of an unknown type fails with ENODEV before
 * anything else is looked at.  Asked of a kernel booted in a child, so
 * that the case process keeps none.
 */
static bool
server_has_fs(const char *server)
{
	const char *fs = strstr(server, "rump_");
	pid_t pid;
	int status;

	if (fs == NULL)
		return true;
	if ((pid = fork()) == 0) {
		errno = 0;
		_exit(rump_init() == 0 && rump_sys_mount(fs + strlen("rump_"),
		    "/", 0, NULL, 0) == -1 && errno == ENODEV ? 1 : 0);
	}
	if (pid == -1 || waitpid(pid, &status, 0) != pid)
		return true;
	return !WIFEXITED(status) || WEXITSTATUS(status) != 1;
}

int
fstest_p2k_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	struct p2k_cookie *pc;
	char server[PATH_MAX];
	const char *o = getenv("O") != NULL ? getenv("O") : "build";
	const char *tmp = getenv("TMPDIR");

	snprintf(server, sizeof(server), "%s/%s", o, be->vfsname);
	if (access("/dev/fuse", R_OK | W_OK) != 0 ||
	    access(server, X_OK) != 0) {
		errno = ENODEV;
		return -1;
	}
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return -1;
	pc->pidfd = pc->wdfd = -1;
	pc->status = -1;
	/*
	 * Absolute paths: /proc/self/mounts names mount points so, and
	 * teardown runs after chdir("/").  0711: other users' processes
	 * pass through to the mount.
	 */
	if (tmp == NULL || tmp[0] != '/' || strlen(tmp) > PATH_MAX - 64)
		tmp = "/tmp";
	snprintf(pc->dir, sizeof(pc->dir), "%s/fstest-p2k.XXXXXX", tmp);
	if (mkdtemp(pc->dir) == NULL) {
		free(pc);
		return -1;
	}
	if (realpath(pc->dir, server) == NULL || chmod(pc->dir, 0711) != 0) {
		rmdir(pc->dir);
		free(pc);
		return -1;
	}
	if (strlen(server) >= sizeof(pc->dir)) {
		rmdir(pc->dir);
		free(pc);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(pc->dir, server, strlen(server) + 1);
	snprintf(server, sizeof(server), "%s/%s", o, be->vfsname);
	snprintf(pc->image, sizeof(pc->image), "%s/image", pc->dir);
	snprintf(pc->mnt, sizeof(pc->mnt), "%s/mnt", pc->dir);
	if (make_image(be, pc) != 0) {
		int error = errno;

		remove_files(pc);
		free(pc);
		errno = error;
		return -1;
	}
	snprintf(pc->server, sizeof(pc->server), "%s", server);
	pc->srvopts = be->srvopts;
	/* a read-only format's server refuses rw (rump_cd9660) */
	pc->ro = !(be->caps & FSTEST_CAP_WRITABLE);
	if (start_server(pc) != 0) {
		fstest_p2k_teardown(pc);
		/* a driver not in this build yet: skipped, as in-process */
		errno = server_has_fs(be->vfsname) ? EIO : ENODEV;
		return -1;
	}
	snprintf(mnt, mntlen, "%s", pc->mnt);
	*cookiep = pc;
	return 0;
}

/* the server must have exited 0 of itself, on SIGTERM */
static void
check_exit(struct p2k_cookie *pc, bool killed)
{
	if (fstest_case_wedged)		/* the case has failed already */
		return;
	if (killed) {
		printf("# the server did not exit on SIGTERM in %d ms\n",
		    EXIT_WAIT_MS);
		fstest_backend_failed = true;
	} else if (pc->status != -1 && WIFSIGNALED(pc->status)) {
		printf("# the server was killed by signal %d\n",
		    WTERMSIG(pc->status));
		fstest_backend_failed = true;
	} else if (pc->status != -1 && WEXITSTATUS(pc->status) != 0) {
		printf("# the server exited with %d\n",
		    WEXITSTATUS(pc->status));
		fstest_backend_failed = true;
	}
	if (fstest_backend_failed)
		server_log_show(pc);
}

void
fstest_p2k_teardown(void *cookie)
{
	struct p2k_cookie *pc = cookie;
	bool killed;

	if (chdir("/") != 0)
		return;
	killed = stop_server(pc, true,
	    fstest_case_wedged ? WEDGED_WAIT_MS : EXIT_WAIT_MS);
	check_exit(pc, killed);
	end_watchdog(pc);
	remove_files(pc);
	free(pc);
}

/*
 * Unmount as a user would (umount(2) as root, else fusermount3 -u):
 * EBUSY while files are open; then the server must exit 0 of itself.
 */
int
fstest_p2k_unmount(void *cookie)
{
	struct p2k_cookie *pc = cookie;
	int status;
	pid_t pid;

	if (geteuid() == 0) {
		if (umount2(pc->mnt, 0) == -1)
			return -1;
	} else {
		if ((pid = fork()) == 0) {
			int fd = open("/dev/null", O_RDWR);

			dup2(fd, 1);
			dup2(fd, 2);
			execlp("fusermount3", "fusermount3", "-u", "--",
			    pc->mnt, (char *)NULL);
			_exit(127);
		}
		if (pid == -1 || waitpid(pid, &status, 0) != pid)
			return -1;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			errno = EBUSY;	/* fusermount3 does not say more */
			return -1;
		}
	}
	if (!wait_exit(pc, true, EXIT_WAIT_MS)) {
		printf("# the server did not exit after its unmount\n");
		server_log_show(pc);
		stop_server(pc, true, 0);
		fstest_backend_failed = true;
		errno = EIO;
		return -1;
	}
	check_exit(pc, false);
	pc->status = -1;	/* judged: not again at the teardown */
	if (pc->pidfd >= 0)
		close(pc->pidfd);
	pc->pidfd = -1;
	end_watchdog(pc);
	return 0;
}

/*
 * Read-only again: unmount and serve the same image with -o ro, which is
 * how a user gets a read-only mount.  Nothing may be open (the unmount
 * would be EBUSY: remounting with open files is unsupported here); an
 * in-memory file system would not survive it.
 */
int
fstest_p2k_remount_ro(void *cookie)
{
	struct p2k_cookie *pc = cookie;

	if (pc->image[0] == '\0') {
		errno = EOPNOTSUPP;
		return -1;
	}
	if (fstest_p2k_unmount(pc) == -1) {
		if (errno == EBUSY)
			errno = EOPNOTSUPP;
		return -1;
	}
	pc->ro = true;
	if (start_server(pc) != 0) {
		printf("# the server did not mount the image read-only\n");
		errno = EIO;
		return -1;
	}
	return 0;
}
