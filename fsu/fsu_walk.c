/*
 * Walking a tree of the image for -R (chmod, chown, chgrp): fn sees each
 * path with its lstat, a directory before what it holds.  Symlinks found
 * on the way are passed to fn, never followed.
 */
#include <errno.h>
#include <stdlib.h>

#include "fsu.h"

struct walk {
	int (*fn)(struct ukfs *, const char *, const struct rump_stat *,
	    void *);
	void *arg;
	int rv;
};

static void walk_path(struct ukfs *, const char *, struct walk *);

static int
walk_entry(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	char *p = fsu_join(dir, d->d_name);

	if (p == NULL)
		return ENOMEM;
	walk_path(fs, p, arg);
	free(p);
	return fsu_interrupted ? EINTR : 0;
}

static void
walk_path(struct ukfs *fs, const char *path, struct walk *w)
{
	struct rump_stat sb;
	int error;

	if ((error = fsu_stat(fs, path, &sb, false)) != 0 ||
	    (error = w->fn(fs, path, &sb, w->arg)) != 0) {
		fsu_warn(path, error);
		w->rv = 1;
		return;
	}
	if ((sb.st_mode & 0170000) == 0040000 &&
	    (error = fsu_readdir(fs, path, walk_entry, w)) != 0 &&
	    error != EINTR) {
		fsu_warn(path, error);
		w->rv = 1;
	}
}

int
fsu_walk(struct ukfs *fs, const char *path,
    int (*fn)(struct ukfs *, const char *, const struct rump_stat *, void *),
    void *arg)
{
	struct walk w = { fn, arg, 0 };

	walk_path(fs, path, &w);
	return w.rv;
}
