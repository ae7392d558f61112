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
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

struct p2k_mount *
p2k_init(int argc, char **argv, uint32_t flags)
{
	struct fuse_cmdline_opts opts;
	struct p2k_mount *p2m;
	int error;

	if ((p2m = calloc(1, sizeof(*p2m))) == NULL)
		return NULL;
	p2m->p2m_args = (struct fuse_args)FUSE_ARGS_INIT(argc, argv);
	p2m->p2m_statusfd = -1;
	pthread_mutex_init(&p2m->p2m_nodelock, NULL);
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
	if ((error = rump_init()) != 0) {
		fprintf(stderr, "%s: rump kernel boot: %s\n", argv[0],
		    strerror(error));
		p2k_report(p2m, 1);
		goto fail;
	}
	return p2m;
fail:
	fuse_opt_free_args(&p2m->p2m_args);
	free(p2m);
	return NULL;
}

void
p2k_cancel(struct p2k_mount *p2m, int error)
{
	p2m->p2m_error = error;
	if (p2m->p2m_se != NULL)
		fuse_session_exit(p2m->p2m_se);
}
