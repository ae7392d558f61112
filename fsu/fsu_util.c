/*
 * Helpers shared by the commands.
 */
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

int
fsu_usage(const struct fsu_cmd *cmd)
{
	fprintf(stderr, "usage: fsu_%s [-fv] [-t fstype] [-o mntopts] image "
	    "%s\n", cmd->name, cmd->usage);
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

int
fsu_readdir(struct ukfs *fs, const char *dir,
    int (*fn)(struct ukfs *, const char *, const struct rump_dirent *,
    void *), void *arg)
{
	struct ukfs_dircookie *c;
	const size_t bufsize = 32768;
	char *buf;
	int n, pos, rv = 0;

	if ((buf = malloc(bufsize)) == NULL)
		return ENOMEM;
	if (ukfs_opendir(fs, dir, &c) != 0) {
		rv = errno;
		free(buf);
		return rv;
	}
	while (rv == 0 && (n = ukfs_getdents(fs, c, buf, bufsize)) > 0) {
		for (pos = 0; pos < n && rv == 0; ) {
			const struct rump_dirent *d = (void *)(buf + pos);

			if (d->d_reclen == 0)
				break;
			pos += d->d_reclen;
			if (strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			rv = fn(fs, dir, d, arg);
		}
	}
	if (n < 0 && rv == 0)
		rv = errno;
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
