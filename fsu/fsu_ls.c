/*
 * fsu_ls [-1AadFhilnRrSt] [path ...]: list the image, GNU ls-like.
 * Operands are listed through a symlink unless -l, -d or -F (as ls(1));
 * a dangling one is listed as itself.  A directory's long listing starts
 * with "total N", its blocks in KiB (bytes with -h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsu.h"

struct ls_opts {
	bool all, almost, dironly, classify, human, inode, longfmt, numeric,
	    recursive, reverse, bysize, bytime;
};

struct ls_ent {
	char *name;
	char *path;
	struct rump_stat sb;
};

struct ls_list {
	struct ls_ent *v;
	size_t n, cap;
};

static const struct ls_opts *ls_sortopts;

static int
ls_cmp(const void *a, const void *b)
{
	const struct ls_ent *x = a, *y = b;
	int r = 0;

	if (ls_sortopts->bysize && x->sb.st_size != y->sb.st_size)
		r = x->sb.st_size > y->sb.st_size ? -1 : 1;
	else if (ls_sortopts->bytime &&
	    (x->sb.st_mtim.tv_sec != y->sb.st_mtim.tv_sec ||
	    x->sb.st_mtim.tv_nsec != y->sb.st_mtim.tv_nsec))
		r = (x->sb.st_mtim.tv_sec > y->sb.st_mtim.tv_sec ||
		    (x->sb.st_mtim.tv_sec == y->sb.st_mtim.tv_sec &&
		    x->sb.st_mtim.tv_nsec > y->sb.st_mtim.tv_nsec)) ? -1 : 1;
	else
		r = strcmp(x->name, y->name);
	return ls_sortopts->reverse ? -r : r;
}

static void
ls_print(struct ukfs *fs, const struct ls_ent *e, const struct ls_opts *o)
{
	char mode[11], size[32], when[32], target[4096];
	struct tm tm;
	time_t t = (time_t)e->sb.st_mtim.tv_sec;
	long n;

	if (o->inode)
		printf("%8llu ", (unsigned long long)e->sb.st_ino);
	if (o->longfmt) {
		fsu_modestr(e->sb.st_mode, mode);
		if ((e->sb.st_mode & 0170000) == 0020000 ||
		    (e->sb.st_mode & 0170000) == 0060000)
			snprintf(size, sizeof(size), "%u, %u",
			    (unsigned)(e->sb.st_rdev >> 32),
			    (unsigned)(e->sb.st_rdev & 0xffffffff));
		else if (o->human)
			fsu_humansize(e->sb.st_size, size, sizeof(size));
		else
			snprintf(size, sizeof(size), "%lld",
			    (long long)e->sb.st_size);
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		printf("%s %3u %5u %5u %8s %s ", mode, e->sb.st_nlink,
		    e->sb.st_uid, e->sb.st_gid, size, when);
	}
	printf("%s", e->name);
	if (o->classify) {
		switch (e->sb.st_mode & 0170000) {
		case 0040000: putchar('/'); break;
		case 0120000: putchar('@'); break;
		case 0010000: putchar('|'); break;
		case 0140000: putchar('='); break;
		case 0100000:
			if (e->sb.st_mode & 0111)
				putchar('*');
			break;
		}
	}
	if (o->longfmt && (e->sb.st_mode & 0170000) == 0120000 &&
	    (n = ukfs_readlink(fs, e->path, target, sizeof(target) - 1)) >= 0) {
		target[n] = '\0';
		printf(" -> %s", target);
	}
	putchar('\n');
}

static int
ls_add(struct ls_list *l, struct ukfs *fs, const char *path,
    const char *name)
{
	struct ls_ent *e;
	int error;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		void *v = realloc(l->v, cap * sizeof(*l->v));

		if (v == NULL)
			return ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	e = &l->v[l->n];
	if ((e->path = strdup(path)) == NULL ||
	    (e->name = strdup(name)) == NULL) {
		free(e->path);
		return ENOMEM;
	}
	if ((error = fsu_stat(fs, path, &e->sb, false)) != 0) {
		free(e->path);
		free(e->name);
		return error;
	}
	l->n++;
	return 0;
}

static void
ls_free(struct ls_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].path);
	}
	free(l->v);
}

static int
ls_collect(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct ls_list *l = arg;
	char *path;
	int error;

	if (d->d_name[0] == '.' && !ls_sortopts->all && !ls_sortopts->almost)
		return 0;
	if ((path = fsu_join(dir, d->d_name)) == NULL)
		return ENOMEM;
	error = ls_add(l, fs, path, d->d_name);
	free(path);
	return error == ENOENT ? 0 : error;	/* raced away: skip */
}

/* -a: the directory itself and its parent, as the names . and .. */
static int
ls_dots(struct ls_list *l, struct ukfs *fs, const char *dir,
    const struct ls_opts *o)
{
	char *up;
	int error;

	if (!o->all)
		return 0;
	if ((error = ls_add(l, fs, dir, ".")) != 0)
		return error;
	if ((up = fsu_join(dir, "..")) == NULL)
		return ENOMEM;
	error = ls_add(l, fs, up, "..");
	free(up);
	return error;
}

/* ls(1)'s "total": the entries' blocks, in KiB rounded up */
static void
ls_total(const struct ls_list *l, const struct ls_opts *o)
{
	int64_t blocks = 0;
	char buf[32];

	for (size_t i = 0; i < l->n; i++)
		blocks += l->v[i].sb.st_blocks;
	if (o->human)
		fsu_humansize(blocks * 512, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "%lld", (long long)(blocks + 1) /
		    2);
	printf("total %s\n", buf);
}

static int
ls_dir(struct ukfs *fs, const char *dir, const struct ls_opts *o,
    bool header)
{
	struct ls_list l = { NULL, 0, 0 };
	int error, rv = 0;

	if (header)
		printf("%s:\n", dir);
	if ((error = ls_dots(&l, fs, dir, o)) == 0)
		error = fsu_readdir(fs, dir, ls_collect, &l);
	if (error) {
		fsu_warn(dir, error);
		rv = 1;
	}
	if (l.n > 0)
		qsort(l.v, l.n, sizeof(*l.v), ls_cmp);
	if (o->longfmt)
		ls_total(&l, o);
	for (size_t i = 0; i < l.n; i++)
		ls_print(fs, &l.v[i], o);
	for (size_t i = 0; o->recursive && i < l.n && !fsu_interrupted; i++) {
		if ((l.v[i].sb.st_mode & 0170000) != 0040000 ||
		    strcmp(l.v[i].name, ".") == 0 ||
		    strcmp(l.v[i].name, "..") == 0)
			continue;
		putchar('\n');
		if (ls_dir(fs, l.v[i].path, o, true) != 0)
			rv = 1;
	}
	ls_free(&l);
	return rv;
}

int
fsu_ls_main(struct ukfs *fs, int argc, char **argv)
{
	struct ls_opts o;
	struct ls_list files = { NULL, 0, 0 }, dirs = { NULL, 0, 0 };
	const char *dot[] = { "/" };
	int ch, rv = 0, error;

	memset(&o, 0, sizeof(o));
	while ((ch = getopt(argc, argv, "1AadFhilnRrSt")) != -1) {
		switch (ch) {
		case '1': break;
		case 'A': o.almost = true; break;
		case 'a': o.all = true; break;
		case 'd': o.dironly = true; break;
		case 'F': o.classify = true; break;
		case 'h': o.human = true; break;
		case 'i': o.inode = true; break;
		case 'l': o.longfmt = true; break;
		case 'n': o.numeric = o.longfmt = true; break;
		case 'R': o.recursive = true; break;
		case 'r': o.reverse = true; break;
		case 'S': o.bysize = true; break;
		case 't': o.bytime = true; break;
		default: return fsu_usage(fsu_findcmd("ls"));
		}
	}
	ls_sortopts = &o;
	argc -= optind;
	argv += optind;
	for (int i = 0; i < (argc ? argc : 1); i++) {
		const char *p = argc ? argv[i] : dot[0];
		struct rump_stat sb;

		/* the link itself for -l/-d/-F, or when it leads nowhere */
		if ((o.longfmt || o.dironly || o.classify ||
		    (error = fsu_stat(fs, p, &sb, true)) != 0) &&
		    (error = fsu_stat(fs, p, &sb, false)) != 0) {
			fsu_warn(p, error);
			rv = 1;
			continue;
		}
		error = ls_add((sb.st_mode & 0170000) == 0040000 && !o.dironly ?
		    &dirs : &files, fs, p, p);
		if (error) {
			fsu_warn(p, error);
			rv = 1;
		}
	}
	if (files.n > 0)
		qsort(files.v, files.n, sizeof(*files.v), ls_cmp);
	for (size_t i = 0; i < files.n; i++)
		ls_print(fs, &files.v[i], &o);
	if (dirs.n > 0)
		qsort(dirs.v, dirs.n, sizeof(*dirs.v), ls_cmp);
	for (size_t i = 0; i < dirs.n && !fsu_interrupted; i++) {
		if (i > 0 || files.n > 0)
			putchar('\n');
		if (ls_dir(fs, dirs.v[i].path, &o,
		    files.n + dirs.n > 1 || o.recursive) != 0)
			rv = 1;
	}
	ls_free(&files);
	ls_free(&dirs);
	return rv;
}
