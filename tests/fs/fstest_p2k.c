/*
 * File systems served over FUSE by a rump_<fs> server (p2k) and used
 * through host system calls: a fresh image per case, the server started
 * in the foreground on a mount point in workdir, stopped with fusermount3.
 * Missing /dev/fuse, server or image tool: ENODEV, so the cases skip.
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fstest.h"
#include "fstest_p2k.h"

#define MOUNT_WAIT_MS	10000

struct p2k_cookie {
	pid_t pid;
	char image[PATH_MAX];
	char mnt[PATH_MAX];
};

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* is path a mount point (listed in /proc/self/mounts)? */
static bool
is_mounted(const char *path)
{
	char line[PATH_MAX * 2], dev[PATH_MAX], mp[PATH_MAX];
	bool found = false;
	FILE *f;

	if ((f = fopen("/proc/self/mounts", "r")) == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "%4095s %4095s", dev, mp) == 2 &&
		    strcmp(mp, path) == 0)
			found = true;
	fclose(f);
	return found;
}

static int
run_quiet(const char *cmd)
{
	char buf[PATH_MAX * 2 + 64];

	snprintf(buf, sizeof(buf), "%s >/dev/null 2>&1", cmd);
	return system(buf);
}

static void
stop_server(struct p2k_cookie *pc)
{
	char cmd[PATH_MAX + 32];
	int i, status;

	if (is_mounted(pc->mnt)) {
		snprintf(cmd, sizeof(cmd), "fusermount3 -u '%s'", pc->mnt);
		if (run_quiet(cmd) != 0) {
			snprintf(cmd, sizeof(cmd), "umount -l '%s'", pc->mnt);
			(void)run_quiet(cmd);
		}
	}
	for (i = 0; pc->pid > 0 && i < 100; i++) {
		if (waitpid(pc->pid, &status, WNOHANG) == pc->pid) {
			pc->pid = 0;
			break;
		}
		sleep_ms(100);
	}
	if (pc->pid > 0) {
		kill(pc->pid, SIGKILL);
		waitpid(pc->pid, &status, 0);
	}
	pc->pid = 0;
}

int
fstest_p2k_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	struct p2k_cookie *pc;
	char server[PATH_MAX], cmd[PATH_MAX * 2];
	const char *o = getenv("O") != NULL ? getenv("O") : "build";
	int i, status;

	snprintf(server, sizeof(server), "%s/bin/%s", o, be->vfsname);
	if (access("/dev/fuse", R_OK | W_OK) != 0 ||
	    access(server, X_OK) != 0) {
		errno = ENODEV;
		return -1;
	}
	if ((pc = calloc(1, sizeof(*pc))) == NULL)
		return -1;
	snprintf(pc->image, sizeof(pc->image), "%s/%s.%d.img", workdir,
	    be->name, (int)getpid());
	snprintf(pc->mnt, sizeof(pc->mnt), "%s/%s.%d.mnt", workdir,
	    be->name, (int)getpid());
	snprintf(cmd, sizeof(cmd), be->mkfs, pc->image);
	if (run_quiet(cmd) != 0 || mkdir(pc->mnt, 0755) != 0) {
		unlink(pc->image);
		free(pc);
		errno = ENODEV;
		return -1;
	}
	/* /proc/self/mounts names mount points by absolute path */
	if (realpath(pc->mnt, cmd) != NULL && strlen(cmd) < sizeof(pc->mnt))
		memcpy(pc->mnt, cmd, strlen(cmd) + 1);
	if ((pc->pid = fork()) == 0) {
		execl(server, server, "-f", pc->image, pc->mnt, (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < MOUNT_WAIT_MS / 50 && !is_mounted(pc->mnt); i++) {
		if (waitpid(pc->pid, &status, WNOHANG) == pc->pid) {
			pc->pid = 0;
			break;
		}
		sleep_ms(50);
	}
	if (!is_mounted(pc->mnt)) {
		stop_server(pc);
		rmdir(pc->mnt);
		unlink(pc->image);
		free(pc);
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
	stop_server(pc);
	rmdir(pc->mnt);
	unlink(pc->image);
	free(pc);
}
