/*
 * fsu_find [path ...] [-maxdepth n] [-mindepth n] [primaries]: walk the
 * image, find(1)-like.  Primaries (fsu_findparse.c) are ANDed in order;
 * without -print, -exec or -delete each match is printed.  -delete walks
 * what a directory holds before the directory (find's -depth).
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsu_find.h"

static bool
match_size(const struct fprimary *p, int64_t v)
{
	int c = v < p->n ? -1 : v > p->n ? 1 : 0;

	return c == p->cmp;
}

static bool
match_perm(const struct fprimary *p, uint32_t mode)
{
	uint32_t m = (uint32_t)p->n;

	mode &= 07777;
	if (p->how == '-')
		return (mode & m) == m;
	if (p->how == '/')
		return m == 0 || (mode & m) != 0;
	return mode == m;
}

static bool
newer(const struct rump_timespec *a, const struct rump_timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec &&
	    a->tv_nsec > b->tv_nsec);
}

static bool
find_delete(struct ukfs *fs, struct find *f, const char *path,
    const struct rump_stat *sb)
{
	int r = (sb->st_mode & 0170000) == 0040000 ? ukfs_rmdir(fs, path) :
	    ukfs_remove(fs, path);

	if (r != 0) {
		fsu_warn(path, errno);
		f->rv = 1;
	}
	return r == 0;
}

static bool
eval1(struct ukfs *fs, struct find *f, struct fprimary *p, const char *path,
    const struct rump_stat *sb)
{
	static const char types[] = "?pc?d?b?f?l?s???";

	switch (p->kind) {
	case F_NAME:
		return fnmatch(p->arg, fsu_basename(path), 0) == 0;
	case F_TYPE:
		return types[(sb->st_mode >> 12) & 0xf] == *p->arg;
	case F_SIZE:
		return match_size(p, (sb->st_size + p->unit - 1) / p->unit);
	case F_MTIME:	/* whole days ago, rounded down, as find(1) */
		return match_size(p, (f->now - sb->st_mtim.tv_sec) / 86400);
	case F_NEWER:
		return newer(&sb->st_mtim, &p->when);
	case F_PERM:
		return match_perm(p, sb->st_mode);
	case F_USER:
		return sb->st_uid == (uint64_t)p->n;
	case F_GROUP:
		return sb->st_gid == (uint64_t)p->n;
	case F_PRINT:
		return printf("%s\n", path) >= 0;
	case F_EXEC:
		return find_exec(p, path) == 0;
	case F_EXECPLUS:
		return find_batch(f, p, path) == 0;
	case F_DELETE:
		return find_delete(fs, f, path, sb);
	}
	return false;
}

static void
find_eval(struct ukfs *fs, struct find *f, const char *path,
    const struct rump_stat *sb)
{
	for (int i = 0; i < f->np && !fsu_interrupted; i++)
		if (!eval1(fs, f, &f->p[i], path, sb))
			return;
}

static void walk(struct ukfs *, struct find *, const char *, int);

struct walkarg {
	struct find *f;
	int depth;
};

static int
walk_child(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct walkarg *w = arg;
	char *p = fsu_join(dir, d->d_name);

	if (p == NULL)
		return ENOMEM;
	walk(fs, w->f, p, w->depth + 1);
	free(p);
	return fsu_interrupted ? EINTR : 0;
}

static void
walk(struct ukfs *fs, struct find *f, const char *path, int depth)
{
	struct walkarg w = { f, depth };
	struct rump_stat sb;
	bool here = depth >= f->mindepth;
	int error;

	if ((error = fsu_stat(fs, path, &sb, false)) != 0) {
		fsu_warn(path, error);
		f->rv = 1;
		return;
	}
	if (here && !f->depthfirst)
		find_eval(fs, f, path, &sb);
	if ((sb.st_mode & 0170000) == 0040000 && depth < f->maxdepth &&
	    (error = fsu_readdir(fs, path, walk_child, &w)) != 0 &&
	    error != EINTR) {
		fsu_warn(path, error);
		f->rv = 1;
	}
	if (here && f->depthfirst)
		find_eval(fs, f, path, &sb);
}

int
fsu_find_main(struct ukfs *fs, int argc, char **argv)
{
	struct find f = { .maxdepth = 1 << 30, .now = (int64_t)time(NULL) };
	int i, npaths;

	for (npaths = 1; npaths < argc && argv[npaths][0] != '-'; npaths++)
		continue;
	if (find_parse(fs, &f, argc - npaths, argv + npaths) != 0) {
		free(f.p);
		return fsu_usage(fsu_findcmd("find"));
	}
	if (npaths == 1)
		walk(fs, &f, "/", 0);
	for (i = 1; i < npaths && !fsu_interrupted; i++)
		walk(fs, &f, argv[i], 0);
	find_flush(&f);
	free(f.p);
	return f.rv;
}
