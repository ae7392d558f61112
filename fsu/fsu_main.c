/*
 * fsu and fsu_<cmd>: find the command, mount the image through ukfs, run
 * the command (or a script of them), release the image cleanly.
 *
 *	fsu_<cmd> [-t fstype] [-o mntopts] [-f] [-v] image [cmd options] [paths]
 *	fsu [-t fstype] [-o mntopts] [-f] [-v] [-k] image [-c 'cmd; cmd...']
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rumpfs_version.h>

#include "fsu.h"
#include "fsu_mount.h"

const char *fsu_image = "";
const char *fsu_progname = "fsu";
volatile int fsu_interrupted;

#define FSU_SIGNAL_GRACE	10	/* seconds to finish after a signal */
static volatile sig_atomic_t fsu_signo;

/*
 * The grace is over and the command has not ended: it waits on something
 * that will not come (a damaged image can make the kernel wait for its
 * own buffer).  Leave without the clean unmount; say so.
 */
static void
fsu_onalarm(int sig)
{
	static const char msg[] = ": stopped by a signal, not finished "
	    "in time; the image was not unmounted cleanly\n";

	(void)sig;
	(void)write(STDERR_FILENO, fsu_progname, strlen(fsu_progname));
	(void)write(STDERR_FILENO, msg, sizeof(msg) - 1);
	_exit(128 + fsu_signo);
}

/*
 * The first signal asks the command to stop and unmount cleanly, within
 * FSU_SIGNAL_GRACE seconds; a second one, or the end of the grace, ends
 * the process at once.
 */
static void
fsu_onsignal(int sig)
{
	if (fsu_interrupted)
		_exit(128 + sig);
	fsu_interrupted = 1;
	fsu_signo = sig;
	alarm(FSU_SIGNAL_GRACE);
}

static void
fsu_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fsu_onsignal;	/* no SA_RESTART: reads give EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = fsu_onalarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static void
fsu_mainusage(FILE *f)
{
	fprintf(f, "usage: fsu [-fkv] [-t fstype] [-o mntopts] image "
	    "[-c 'command; ...']\n"
	    "       fsu_<command> [-fv] [-t fstype] [-o mntopts] image "
	    "[arguments]\n"
	    "       fsu <command> [-fv] [-t fstype] [-o mntopts] image "
	    "[arguments]\ncommands:");
	for (const struct fsu_cmd *c = fsu_cmds; c->name != NULL; c++)
		fprintf(f, " %s", c->name);
	fprintf(f, "\nimage: a file system image, or host:/path (an NFSv3 "
	    "export)\n");
}

/* --help and --version, as the first argument: exit 0, on stdout */
static bool
fsu_infoopt(const struct fsu_cmd *cmd, const char *arg)
{
	if (arg != NULL && strcmp(arg, "--version") == 0) {
		printf("%s %s\n", cmd ? fsu_cmdname() : "fsu", RUMPFS_VERSION);
		return true;
	}
	if (arg == NULL || strcmp(arg, "--help") != 0)
		return false;
	if (cmd != NULL)
		fsu_usage_to(stdout, cmd);
	else
		fsu_mainusage(stdout);
	return true;
}

/* one command with its own argv, on a mounted image */
static int
fsu_run1(const struct fsu_cmd *cmd, struct fsu_mount *m, int argc,
    char **argv)
{
	int rv;

	optind = 0;	/* each command parses its own options */
	fsu_nbadnames = 0;
	rv = cmd->main(m->fm_fs, argc, argv);
	return rv == 0 && fsu_nbadnames > 0 ? 1 : rv;
}

int
main(int argc, char **argv)
{
	const struct fsu_cmd *cmd = NULL;
	struct fsu_mount m;
	const char *base = fsu_basename(argv[0]);
	int rv, first;

	fsu_signals();
	if (strncmp(base, "fsu_", 4) == 0) {
		cmd = fsu_findcmd(base + 4);
		if (cmd == NULL) {
			fprintf(stderr, "%s: no such command\n", base);
			return 2;
		}
	} else if (argc > 1 && (cmd = fsu_findcmd(argv[1])) != NULL) {
		argc--;
		argv++;
	}
	fsu_progname = cmd ? cmd->name : "fsu";
	if (fsu_infoopt(cmd, argv[1]))
		return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
	first = fsu_mount_parse(&m, argc, argv, cmd == NULL);
	if (first < 0) {
		if (cmd)
			fsu_usage(cmd);
		else
			fsu_mainusage(stderr);
		return 2;
	}
	if (fsu_mount_open(&m, cmd ? fsu_cmd_readonly(cmd, argc, argv) :
	    false) != 0)
		return 1;
	if (cmd != NULL) {
		/* the command sees: name, its options and paths */
		argv[first - 1] = (char *)cmd->name;
		rv = fsu_run1(cmd, &m, argc - first + 1, argv + first - 1);
	} else
		rv = fsu_script(&m, argc - first, argv + first, fsu_run1);
	if (fsu_mount_close(&m) != 0 && rv == 0)
		rv = 1;
	return rv;
}
