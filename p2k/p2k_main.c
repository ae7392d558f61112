/*
 * p2k_init / setup / mainloop: boot the rump kernel, mount the file system
 * inside it, then serve it over a FUSE session until the host unmounts it
 * (fusermount3 -u, umount) or a SIGTERM/SIGINT arrives; then unmount the
 * rump file system cleanly.
 *
 * Daemon mode forks before the rump kernel starts any thread; the parent
 * waits until the child has mounted (or failed) and exits with its status,
 * so `rump_ffs bad.img /mnt` fails visibly.
 */
#include <sys/param.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "p2k_impl.h"

/* Wait for the child's verdict on setup; exit with it. */
static void __attribute__((noreturn))
p2k_parent(int fd, pid_t child)
{
	unsigned char status = 1;
	int wstatus;

	if (read(fd, &status, 1) != 1) {
		/* the child died before telling */
		if (waitpid(child, &wstatus, 0) == child && WIFEXITED(wstatus))
			status = WEXITSTATUS(wstatus) ? WEXITSTATUS(wstatus) : 1;
	}
	_exit(status);
}

/* a /dev/fd/N mount point (mount.fuse3 -o drop_privileges): N, else -1 */
static int
p2k_fdarg(const char *path)
{
	char *end;
	long n;

	if (strncmp(path, "/dev/fd/", 8) != 0)
		return -1;
	n = strtol(path + 8, &end, 10);
	return *end == '\0' && n >= 0 && n < INT_MAX ? (int)n : -1;
}

/* A daemon keeps none of its caller's descriptors but 0-2 and keep*. */
static void
p2k_close_inherited(int keep1, int keep2)
{
	int keep[2] = { MIN(keep1, keep2), MAX(keep1, keep2) };
	unsigned int lo = 3;
	int i;

	for (i = 0; i < 2; i++) {
		if (keep[i] < (int)lo)
			continue;
		if ((unsigned int)keep[i] > lo)
			(void)close_range(lo, (unsigned int)keep[i] - 1, 0);
		lo = (unsigned int)keep[i] + 1;
	}
	(void)close_range(lo, ~0U, 0);
}

static int
p2k_fork(struct p2k_mount *p2m)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) == -1)
		return errno;
	if ((pid = fork()) == -1)
		return errno;
	if (pid != 0) {
		close(fds[1]);
		p2k_parent(fds[0], pid);
	}
	close(fds[0]);
	p2m->p2m_statusfd = fds[1];
	p2k_close_inherited(fds[1], p2k_fdarg(p2m->p2m_mountpoint));
	return 0;
}

/* Tell the waiting parent how setup went; detach on success. */
void
p2k_report(struct p2k_mount *p2m, int status)
{
	unsigned char c = (unsigned char)status;
	int fd;

	if (p2m->p2m_statusfd < 0)
		return;
	if (status == 0) {
		setsid();
		if (chdir("/") == -1)
			(void)0;
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	if (write(p2m->p2m_statusfd, &c, 1) != 1)
		(void)0;
	close(p2m->p2m_statusfd);
	p2m->p2m_statusfd = -1;
}

#define P2K_SHUTDOWN_TIMEOUT	5	/* seconds */

enum { P2K_KEY_AUTO_UNMOUNT, P2K_KEY_NOAUTO_UNMOUNT, P2K_KEY_ALLOW_OTHER,
    P2K_KEY_ID };

/*
 * fsname= and subtype= are kept here and given to FUSE once, escaped, by
 * p2k_session (the image name is the default fsname).
 */
static const struct fuse_opt p2k_opts[] = {
	FUSE_OPT_KEY("auto_unmount", P2K_KEY_AUTO_UNMOUNT),
	FUSE_OPT_KEY("noauto_unmount", P2K_KEY_NOAUTO_UNMOUNT),
	FUSE_OPT_KEY("allow_other", P2K_KEY_ALLOW_OTHER),
	FUSE_OPT_KEY("uid=", P2K_KEY_ID),
	FUSE_OPT_KEY("gid=", P2K_KEY_ID),
	{ "shutdown_timeout=%d", offsetof(struct p2k_mount,
	    p2m_shutdown_timeout), 0 },
	{ "fsname=%s", offsetof(struct p2k_mount, p2m_fsname), 0 },
	{ "subtype=%s", offsetof(struct p2k_mount, p2m_subtype), 0 },
	{ "fakeroot", offsetof(struct p2k_mount, p2m_fakeroot), 1 },
	FUSE_OPT_END
};

/* auto_unmount is ours to add (the default): keep neither word */
static int
p2k_opt(void *data, const char *arg, int key, struct fuse_args *outargs)
{
	struct p2k_mount *p2m = data;

	if (key == P2K_KEY_AUTO_UNMOUNT || key == P2K_KEY_NOAUTO_UNMOUNT) {
		p2m->p2m_auto_unmount = key == P2K_KEY_AUTO_UNMOUNT;
		return 0;
	}
	if (key == P2K_KEY_ID) {
		if (p2k_idopt(p2m, arg) == 0)
			return 0;
		fprintf(stderr, "%s: -o %s: a numeric id is needed\n",
		    program_invocation_short_name, arg);
		return -1;
	}
	if (key == P2K_KEY_ALLOW_OTHER)		/* noted, and kept for FUSE */
		p2m->p2m_allow_other = true;
	return 1;
}

/*
 * auto_unmount needs fusermount3, which stays behind to detach the mount
 * if the server dies: without it, a dead server would leave "Transport
 * endpoint is not connected" on the mount point.
 */
static bool
p2k_have_fusermount(void)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	const char *p, *end;

	if (access("/usr/bin/fusermount3", X_OK) == 0 ||
	    access("/bin/fusermount3", X_OK) == 0)
		return true;
	for (p = path; p != NULL && *p != '\0'; p = *end ? end + 1 : end) {
		end = strchrnul(p, ':');
		if (snprintf(buf, sizeof(buf), "%.*s/fusermount3",
		    (int)(end - p), p) < (int)sizeof(buf) &&
		    access(buf, X_OK) == 0)
			return true;
	}
	return false;
}

static struct p2k_mount *
p2k_alloc(int argc, char **argv)
{
	struct p2k_mount *p2m;
	pthread_condattr_t ca;

	if ((p2m = calloc(1, sizeof(*p2m))) == NULL)
		return NULL;
	p2m->p2m_args = (struct fuse_args)FUSE_ARGS_INIT(argc, argv);
	p2m->p2m_statusfd = -1;
	p2m->p2m_auto_unmount = true;
	p2m->p2m_shutdown_timeout = P2K_SHUTDOWN_TIMEOUT;
	p2m->p2m_hostuid = getuid();
	p2m->p2m_hostgid = getgid();
	pthread_mutex_init(&p2m->p2m_nodelock, NULL);
	pthread_mutex_init(&p2m->p2m_waitlock, NULL);
	LIST_INIT(&p2m->p2m_waits);
	pthread_mutex_init(&p2m->p2m_shutlock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p2m->p2m_shutcv, &ca);
	pthread_condattr_destroy(&ca);
	return p2m;
}

struct p2k_mount *
p2k_init(int argc, char **argv, uint32_t flags)
{
	struct fuse_cmdline_opts opts;
	struct p2k_mount *p2m;
	int error;

	if ((p2m = p2k_alloc(argc, argv)) == NULL)
		return NULL;
	if (fuse_opt_parse(&p2m->p2m_args, p2m, p2k_opts, p2k_opt) != 0 ||
	    p2m->p2m_shutdown_timeout < 1) {
		if (p2m->p2m_shutdown_timeout < 1)
			fprintf(stderr, "%s: shutdown_timeout: a number of "
			    "seconds, at least 1\n", argv[0]);
		goto fail;
	}
	if (p2m->p2m_auto_unmount && p2k_have_fusermount() &&
	    fuse_opt_add_arg(&p2m->p2m_args, "-oauto_unmount") != 0)
		goto fail;
	if (fuse_parse_cmdline(&p2m->p2m_args, &opts) != 0)
		goto fail;
	if (opts.show_help || opts.show_version || opts.mountpoint == NULL) {
		if (opts.mountpoint == NULL && !opts.show_help &&
		    !opts.show_version)
			fprintf(stderr, "%s: no mount point given\n",
			    argv[0]);
		free(opts.mountpoint);
		goto fail;
	}
	p2m->p2m_mountpoint = opts.mountpoint;
	p2m->p2m_singlethread = opts.singlethread;
	if (opts.foreground || getenv("P2K_NODETACH") != NULL)
		flags |= P2K_FOREGROUND;
	if (opts.debug || getenv("P2K_DEBUG") != NULL)
		flags |= P2K_DEBUG | P2K_FOREGROUND;
	p2m->p2m_flags = flags;
	if (!(flags & P2K_FOREGROUND) && (error = p2k_fork(p2m)) != 0) {
		fprintf(stderr, "%s: fork: %s\n", argv[0], strerror(error));
		goto fail;
	}
	p2k_signals_block();	/* before the kernel starts any thread */
	if ((error = rump_init()) != 0) {
		fprintf(stderr, "%s: rump kernel boot: %s\n", argv[0],
		    strerror(error));
		p2k_report(p2m, 1);
		goto fail;
	}
	return p2m;
fail:
	p2k_free(p2m);
	return NULL;
}

void
p2k_free(struct p2k_mount *p2m)
{
	fuse_opt_free_args(&p2m->p2m_args);
	free(p2m->p2m_mountpoint);
	free(p2m->p2m_fsname);
	free(p2m->p2m_subtype);
	free(p2m);
}

void
p2k_cancel(struct p2k_mount *p2m, int error)
{
	p2m->p2m_error = error;
	if (p2m->p2m_sigthread_started)	/* the bounded shutdown */
		pthread_kill(p2m->p2m_sigthread, SIGTERM);
	else if (p2m->p2m_se != NULL)
		fuse_session_exit(p2m->p2m_se);
}
