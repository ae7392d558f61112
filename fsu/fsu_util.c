/*
 * Helpers shared by the commands.
 */
#include <sys/wait.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"

/* "fsu_ls" for a command, plain "fsu" for script mode itself */
const char *
fsu_cmdname(void)
{
	static char buf[64];

	if (strcmp(fsu_progname, "fsu") == 0)
		return "fsu";
	snprintf(buf, sizeof(buf), "fsu_%s", fsu_progname);
	return buf;
}

void
fsu_warn(const char *path, int error)
{
	fprintf(stderr, "%s: %s: %s: %s\n", fsu_cmdname(), fsu_image, path,
	    strerror(error));
}

/* a path on the host: no image in the message */
void
fsu_warn_host(const char *path, int error)
{
	fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(), path, strerror(error));
}

void
fsu_warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", fsu_cmdname(), fsu_image);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
fsu_usage_to(FILE *f, const struct fsu_cmd *cmd)
{
	fprintf(f, "usage: fsu_%s [-fv] [-t fstype] [-o mntopts] image "
	    "%s\n       fsu_%s --help | --version\n", cmd->name, cmd->usage,
	    cmd->name);
}

int
fsu_usage(const struct fsu_cmd *cmd)
{
	fsu_usage_to(stderr, cmd);
	return 2;
}

const struct fsu_cmd *
fsu_findcmd(const char *name)
{
	const struct fsu_cmd *c;

	for (c = fsu_cmds; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
fsu_stat(struct ukfs *fs, const char *path, struct rump_stat *sb,
    bool follow)
{
	int rv = follow ? ukfs_stat(fs, path, sb) : ukfs_lstat(fs, path, sb);

	return rv == 0 ? 0 : errno;
}

/*
 * A symlink's mode means nothing, but every local file system makes it
 * 0777 (ls shows lrwxrwxrwx); the kernel's create applies its umask.
 */
int
fsu_symlink(struct ukfs *fs, const char *target, const char *path)
{
	if (ukfs_symlink(fs, target, path) != 0)
		return -1;
	(void)ukfs_lchmod(fs, path, 0777);
	return 0;
}

char *
fsu_join(const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	char *p;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	if ((p = malloc(dl + strlen(name) + 2)) == NULL)
		return NULL;
	sprintf(p, "%.*s%s%s", (int)dl, dir, dir[dl - 1] == '/' ? "" : "/",
	    name);
	return p;
}

const char *
fsu_basename(const char *path)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return path;
	if (s[1] == '\0') {	/* "dir/": the word before the slash */
		while (s > path && s[-1] != '/')
			s--;
		return s;
	}
	return s + 1;
}

/*
 * A name read from a directory of the image must be one file name: a
 * stranger's image can hold "../../x", "a/b" or a NUL, and a path built
 * from those would reach outside the directory being copied or removed.
 * Returns why the name is bad, or NULL.
 */
const char *
fsu_badname(const char *name, size_t len)
{
	if (len == 0)
		return "empty name";
	if (memchr(name, '\0', len) != NULL || strlen(name) != len)
		return "NUL in name";
	if (strchr(name, '/') != NULL)
		return "slash in name";
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return "not its own . or ..";
	return NULL;
}

int fsu_nbadnames;

/* one console line; the bytes escaped so that the terminal sees no codes */
static void
fsu_warnbadname(const char *dir, const char *name, size_t len,
    const char *why)
{
	fprintf(stderr, "%s: %s: %s: invalid name \"", fsu_cmdname(),
	    fsu_image, dir);
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
			fprintf(stderr, "\\%03o", ch);
		else
			fputc(ch, stderr);
	}
	fprintf(stderr, "\" in directory (%s), skipped\n", why);
	fsu_nbadnames++;
}

/* calls fn for each entry of dir; stops when fn returns non-zero */
static int
fsu_readdir_buf(struct ukfs *fs, const char *dir, struct ukfs_dircookie *c,
    char *buf, size_t bufsize,
    int (*fn)(struct ukfs *, const char *, const struct rump_dirent *,
    void *), void *arg)
{
	const struct rump_dirent *d;
	const char *why;
	int n = 0, pos, rv = 0;

	while (rv == 0 && (n = ukfs_getdents(fs, c, buf, bufsize)) > 0) {
		for (pos = 0; pos < n && rv == 0; pos += d->d_reclen) {
			d = (const void *)(buf + pos);
			if (d->d_reclen == 0)
				break;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			why = fsu_badname(d->d_name, d->d_namlen);
			if (why != NULL)
				fsu_warnbadname(dir, d->d_name, d->d_namlen,
				    why);
			else
				rv = fn(fs, dir, d, arg);
		}
	}
	return n < 0 && rv == 0 ? errno : rv;
}

int
fsu_readdir(struct ukfs *fs, const char *dir,
    int (*fn)(struct ukfs *, const char *, const struct rump_dirent *,
    void *), void *arg)
{
	struct ukfs_dircookie *c;
	const size_t bufsize = 32768;
	char *buf;
	int rv;

	if ((buf = malloc(bufsize)) == NULL)
		return ENOMEM;
	if (ukfs_opendir(fs, dir, &c) != 0) {
		rv = errno;
		free(buf);
		return rv;
	}
	rv = fsu_readdir_buf(fs, dir, c, buf, bufsize, fn, arg);
	ukfs_closedir(fs, c);
	free(buf);
	return rv;
}

void
fsu_modestr(uint32_t mode, char buf[11])
{
	static const char types[] = "?pc?d?b?-?l?s???";
	int i;

	buf[0] = types[(mode >> 12) & 0xf];
	for (i = 0; i < 9; i++)
		buf[1 + i] = (mode & (0400 >> i)) ? "rwxrwxrwx"[i] : '-';
	if (mode & 04000)
		buf[3] = (mode & 0100) ? 's' : 'S';
	if (mode & 02000)
		buf[6] = (mode & 010) ? 's' : 'S';
	if (mode & 01000)
		buf[9] = (mode & 01) ? 't' : 'T';
	buf[10] = '\0';
}

void
fsu_humansize(int64_t n, char *buf, size_t len)
{
	static const char units[] = "BKMGTPE";
	double v = (double)n;
	int u = 0;

	while (v >= 1024 && u < 6) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lld", (long long)n);
	else
		snprintf(buf, len, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

/*
 * Run av on the host and wait: its exit status (128 + N when killed by
 * signal N), -1 if it could not be started or waited for.  What this
 * process printed goes out first.
 */
int
fsu_run(char *const av[])
{
	pid_t pid;
	int status;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		execvp(av[0], av);
		fprintf(stderr, "%s: %s: %s\n", fsu_cmdname(), av[0],
		    strerror(errno));
		_exit(127);
	}
	if (pid == -1 || waitpid(pid, &status, 0) == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
