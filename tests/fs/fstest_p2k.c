/*
 * File systems served over FUSE by a rump_<fs> server (p2k) and used
 * through host system calls: a fresh image per case, the server started
 * in the foreground on a mount point in workdir.
 *
 * Speed: the mount is awaited by polling /proc/self/mounts for its change
 * event and a pidfd of the server for its death, never by sleeping; the
 * server is stopped with SIGTERM (it unmounts itself) and awaited the
 * same way.  A case then costs about one mkfs plus a few milliseconds.
 *
 * No stale mounts: a watchdog process per case kills the server and
 * lazily unmounts when the case process ends without tearing down (alarm,
 * crash) or when the case runs too long.  A case blocked in a FUSE request
 * of a hung server sleeps uninterruptibly, so its own alarm cannot help;
 * killing the server aborts the connection and wakes it.
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

#include "fstest.h"
#include "fstest_p2k.h"

#define MOUNT_WAIT_MS	10000
#define EXIT_WAIT_MS	10000
/* below fstest_main's CASE_TIMEOUT (120 s), so the case still reports */
#define WATCHDOG_MS	3000
/* a poll bound, in case an event is missed (no pidfd on old kernels) */
#define POLL_SLICE_MS	100
/* p2k_rumpfs's size limit, so that the fill-up tests have an end */
#define P2K_RUMPFS_BYTES	"16777216"

struct p2k_cookie {
	pid_t pid;		/* the server */
	int pidfd;		/* readable once the server has exited */
	pid_t wdpid;		/* the watchdog */
	int wdfd;		/* its pipe: closing it ends the watchdog */
	char image[PATH_MAX];
	char mnt[PATH_MAX];
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

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
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
	long end = now_ms() + ms;
	struct pollfd p = { pc->pidfd, POLLIN, 0 };
	long left;

	while (!server_gone(pc, child)) {
		if ((left = end - now_ms()) <= 0)
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
	long end = now_ms() + MOUNT_WAIT_MS, left;
	struct pollfd p[2] = { { mfd, POLLPRI, 0 }, { pc->pidfd, POLLIN, 0 } };

	while (!is_mounted(pc->mnt)) {
		if (server_gone(pc, true) || (left = end - now_ms()) <= 0)
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

/* SIGTERM makes the server unmount and exit; SIGKILL if it will not */
static void
stop_server(struct p2k_cookie *pc, bool child)
{
	if (pc->pid > 0 && kill(pc->pid, SIGTERM) == 0 &&
	    !wait_exit(pc, child, EXIT_WAIT_MS)) {
		kill(pc->pid, SIGKILL);
		(void)wait_exit(pc, child, EXIT_WAIT_MS);
	}
	lazy_unmount(pc->mnt);
	if (pc->pidfd >= 0)
		close(pc->pidfd);
	pc->pidfd = -1;
}

static void
remove_files(struct p2k_cookie *pc)
{
	rmdir(pc->mnt);
	if (pc->image[0] != '\0')
		unlink(pc->image);
}

/*
 * The watchdog: waits for the case process to close its end of the pipe
 * (it exits or tears down); if that does not happen in WATCHDOG_MS, the
 * case is hung, likely in the server.  Either way the server must go.
 */
static void __attribute__((noreturn))
watchdog(struct p2k_cookie *pc, int rfd)
{
	struct pollfd p = { rfd, POLLIN, 0 };

	setpgid(0, 0);	/* outlive a kill of the case's process group */
	(void)poll(&p, 1, WATCHDOG_MS);
	if (!server_gone(pc, false)) {
		kill(pc->pid, SIGKILL);
		(void)wait_exit(pc, false, EXIT_WAIT_MS);
	}
	lazy_unmount(pc->mnt);
	_exit(0);
}

static int
start_watchdog(struct p2k_cookie *pc)
{
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) == -1)
		return -1;
	if ((pc->wdpid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pc->wdpid == 0) {
		close(fds[1]);
		watchdog(pc, fds[0]);
	}
	close(fds[0]);
	pc->wdfd = fds[1];
	return 0;
}

static void
end_watchdog(struct p2k_cookie *pc)
{
	int status;

	if (pc->wdfd >= 0)
		close(pc->wdfd);
	pc->wdfd = -1;
	if (pc->wdpid > 0)
		(void)waitpid(pc->wdpid, &status, 0);
	pc->wdpid = 0;
}

static int
make_image(const struct fstest_backend *be, struct p2k_cookie *pc)
{
	char cmd[PATH_MAX * 2];

	if (be->mkfs == NULL) {		/* an in-memory file system */
		pc->image[0] = '\0';
		return mkdir(pc->mnt, 0755);
	}
	snprintf(cmd, sizeof(cmd), be->mkfs, pc->image);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	if (system(cmd) != 0 || mkdir(pc->mnt, 0755) != 0) {
		unlink(pc->image);
		return -1;
	}
	return 0;
}

static int
start_server(const char *server, struct p2k_cookie *pc)
{
	int mfd;

	if ((mfd = open("/proc/self/mounts", O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((pc->pid = fork()) == 0) {
		if (pc->image[0] == '\0')
			execl(server, server, "-f", pc->mnt, P2K_RUMPFS_BYTES,
			    (char *)NULL);
		else
			execl(server, server, "-f", pc->image, pc->mnt,
			    (char *)NULL);
		_exit(127);
	}
	pc->pidfd = pc->pid > 0 ? open_pidfd(pc->pid) : -1;
	if (pc->pid < 0 || start_watchdog(pc) != 0 ||
	    !wait_mounted(pc, mfd)) {
		close(mfd);
		return -1;
	}
	close(mfd);
	return 0;
}

int
fstest_p2k_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	struct p2k_cookie *pc;
	char server[PATH_MAX], dir[PATH_MAX];
	const char *o = getenv("O") != NULL ? getenv("O") : "build";

	snprintf(server, sizeof(server), "%s/%s", o, be->vfsname);
	if (access("/dev/fuse", R_OK | W_OK) != 0 ||
	    access(server, X_OK) != 0) {
		errno = ENODEV;
		return -1;
	}
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return -1;
	pc->pidfd = pc->wdfd = -1;
	/*
	 * Absolute paths: /proc/self/mounts names mount points so, and
	 * teardown runs after chdir("/").
	 */
	if (realpath(workdir, dir) == NULL || strlen(dir) > PATH_MAX - 64) {
		free(pc);
		return -1;
	}
	snprintf(pc->image, sizeof(pc->image), "%s/%s.%d.img", dir,
	    be->name, (int)getpid());
	snprintf(pc->mnt, sizeof(pc->mnt), "%s/%s.%d.mnt", dir, be->name,
	    (int)getpid());
	if (make_image(be, pc) != 0) {
		free(pc);
		errno = ENODEV;
		return -1;
	}
	if (start_server(server, pc) != 0) {
		fstest_p2k_teardown(pc);
		errno = EIO;
		return -1;
	}
	snprintf(mnt, mntlen, "%s", pc->mnt);
	*cookiep = pc;
	return 0;
}

void
fstest_p2k_teardown(void *cookie)
{
	struct p2k_cookie *pc = cookie;

	if (chdir("/") != 0)
		return;
	stop_server(pc, true);
	end_watchdog(pc);
	remove_files(pc);
	free(pc);
}
