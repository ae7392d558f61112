/*
 * fsu_du [-sh] [path ...]: disk usage in KiB (or human) by directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsu.h"

struct du {
	bool summary, human;
	int depth;
	int rv;
};

static int64_t du_walk(struct ukfs *, const char *, struct du *);

struct du_arg {
	struct du *du;
	int64_t total;
};

static int
du_child(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct du_arg *a = arg;
	char *p = fsu_join(dir, d->d_name);

	if (p == NULL)
		return ENOMEM;
	a->total += du_walk(fs, p, a->du);
	free(p);
	return fsu_interrupted ? EINTR : 0;
}

static void
du_print(const struct du *du, int64_t bytes, const char *path)
{
	char hs[32];

	if (du->human)
		fsu_humansize(bytes, hs, sizeof(hs));
	else
		snprintf(hs, sizeof(hs), "%lld", (long long)(bytes + 1023) /
		    1024);
	printf("%s\t%s\n", hs, path);
}

/* path's disk usage in bytes, directories printed on the way */
static int64_t
du_walk(struct ukfs *fs, const char *path, struct du *du)
{
	struct du_arg a = { du, 0 };
	struct rump_stat sb;
	int error;

	if ((error = fsu_stat(fs, path, &sb, false)) != 0) {
		fsu_warn(path, error);
		du->rv = 1;
		return 0;
	}
	a.total = sb.st_blocks * 512;
	if ((sb.st_mode & 0170000) != 0040000) {
		if (du->depth == 0)
			du_print(du, a.total, path);
		return a.total;
	}
	du->depth++;
	if ((error = fsu_readdir(fs, path, du_child, &a)) != 0 &&
	    error != EINTR) {
		fsu_warn(path, error);
		du->rv = 1;
	}
	du->depth--;
	if (!du->summary || du->depth == 0)
		du_print(du, a.total, path);
	return a.total;
}

int
fsu_du_main(struct ukfs *fs, int argc, char **argv)
{
	struct du du = { false, false, 0, 0 };
	int ch, i;

	while ((ch = getopt(argc, argv, "shk")) != -1) {
		switch (ch) {
		case 's': du.summary = true; break;
		case 'h': du.human = true; break;
		case 'k': break;
		default: return fsu_usage(fsu_findcmd("du"));
		}
	}
	if (optind == argc)
		du_walk(fs, "/", &du);
	for (i = optind; i < argc && !fsu_interrupted; i++)
		du_walk(fs, argv[i], &du);
	return du.rv;
}
