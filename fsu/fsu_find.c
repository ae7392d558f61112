/*
 * fsu_find [path ...] [-name glob] [-type bcdflps] [-size [+-]n[ckMG]]
 *	[-print]: walk the image; conditions are ANDed.
 * fsu_du [-sh] [path ...]: disk usage in KiB (or human) by directory.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"

struct find {
	const char *name;
	char type;
	int sizecmp;		/* -1 less, 0 exactly, 1 more; 2: none */
	int64_t size;		/* bytes */
	int64_t unit;
	/* du */
	bool du, summary, human;
	int depth;
	int rv;
};

static bool
find_match(const struct find *f, const char *path,
    const struct rump_stat *sb)
{
	static const char types[] = "?pc?d?b?f?l?s???";

	if (f->name && fnmatch(f->name, fsu_basename(path), 0) != 0)
		return false;
	if (f->type && types[(sb->st_mode >> 12) & 0xf] != f->type)
		return false;
	if (f->sizecmp != 2) {
		int64_t units = (sb->st_size + f->unit - 1) / f->unit;
		int c = units < f->size ? -1 : units > f->size ? 1 : 0;

		if (c != f->sizecmp)
			return false;
	}
	return true;
}

static int64_t walk(struct ukfs *, const char *, struct find *);

struct walkarg {
	struct find *f;
	int64_t total;
};

static int
walk_child(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct walkarg *w = arg;
	char *p = fsu_join(dir, d->d_name);

	if (p == NULL)
		return ENOMEM;
	w->total += walk(fs, p, w->f);
	free(p);
	return fsu_interrupted ? EINTR : 0;
}

/* visit path; returns its disk usage in bytes */
static int64_t
walk(struct ukfs *fs, const char *path, struct find *f)
{
	struct walkarg w = { f, 0 };
	struct rump_stat sb;
	char hs[32];
	int error;

	if ((error = fsu_stat(fs, path, &sb, false)) != 0) {
		fsu_warn(path, error);
		f->rv = 1;
		return 0;
	}
	w.total = sb.st_blocks * 512;
	if (!f->du && find_match(f, path, &sb))
		printf("%s\n", path);
	if ((sb.st_mode & 0170000) == 0040000) {
		f->depth++;
		if ((error = fsu_readdir(fs, path, walk_child, &w)) != 0 &&
		    error != EINTR) {
			fsu_warn(path, error);
			f->rv = 1;
		}
		f->depth--;
		if (f->du && (!f->summary || f->depth == 0)) {
			if (f->human)
				fsu_humansize(w.total, hs, sizeof(hs));
			else
				snprintf(hs, sizeof(hs), "%lld",
				    (long long)(w.total + 1023) / 1024);
			printf("%s\t%s\n", hs, path);
		}
	} else if (f->du && f->depth == 0) {
		printf("%lld\t%s\n", (long long)(w.total + 1023) / 1024, path);
	}
	return w.total;
}

static int
find_size(struct find *f, const char *s)
{
	char *end;

	f->sizecmp = *s == '+' ? 1 : *s == '-' ? -1 : 0;
	if (*s == '+' || *s == '-')
		s++;
	f->size = strtoll(s, &end, 10);
	switch (*end) {
	case '\0': f->unit = 512; break;
	case 'c': f->unit = 1; break;
	case 'k': f->unit = 1024; break;
	case 'M': f->unit = 1 << 20; break;
	case 'G': f->unit = 1 << 30; break;
	default: return -1;
	}
	return end == s || (end[0] && end[1]) ? -1 : 0;
}

int
fsu_find_main(struct ukfs *fs, int argc, char **argv)
{
	struct find f = { .sizecmp = 2 };
	int i, npaths;

	for (npaths = 1; npaths < argc && argv[npaths][0] != '-'; npaths++)
		continue;
	for (i = npaths; i < argc; i++) {
		if (strcmp(argv[i], "-print") == 0)
			continue;
		if (i + 1 == argc)
			return fsu_usage(fsu_findcmd("find"));
		if (strcmp(argv[i], "-name") == 0)
			f.name = argv[++i];
		else if (strcmp(argv[i], "-type") == 0 &&
		    strlen(argv[i + 1]) == 1 &&
		    strchr("bcdflps", argv[i + 1][0]))
			f.type = argv[++i][0];
		else if (strcmp(argv[i], "-size") == 0 &&
		    find_size(&f, argv[i + 1]) == 0)
			i++;
		else
			return fsu_usage(fsu_findcmd("find"));
	}
	if (npaths == 1)
		walk(fs, "/", &f);
	for (i = 1; i < npaths && !fsu_interrupted; i++)
		walk(fs, argv[i], &f);
	return f.rv;
}

int
fsu_du_main(struct ukfs *fs, int argc, char **argv)
{
	struct find f = { .sizecmp = 2, .du = true };
	int ch, i;

	while ((ch = getopt(argc, argv, "shk")) != -1) {
		switch (ch) {
		case 's': f.summary = true; break;
		case 'h': f.human = true; break;
		case 'k': break;
		default: return fsu_usage(fsu_findcmd("du"));
		}
	}
	if (optind == argc)
		walk(fs, "/", &f);
	for (i = optind; i < argc && !fsu_interrupted; i++)
		walk(fs, argv[i], &f);
	return f.rv;
}
