/*
 * makefs [-rxZ] [-B endian] [-t type] [-o fs-options] [-s size]
 *        [-m max] [-M min] [-b free-blocks] [-f free-files] [-d mask]
 *        [-F spec] [-N dbdir] [-O offset] [-S sector-size] [-T timestamp]
 *        image directory ...
 * as NetBSD's makefs(8); see makefs.8.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/rumpfs_version.h>

#include "makefs.h"
#include "makefs_spec.h"

#define MKFS_MAXOPTS	64

const char *mkfs_progname = "makefs";

static void
mkfs_usage(FILE *f)
{
	fprintf(f, "usage: %s [-rxZ] [-B endian] [-t type] [-o fs-options] "
	    "[-s size]\n\t[-m max] [-M min] [-b free-blocks] [-f free-files] "
	    "[-d mask]\n\t[-F specfile] [-N dbdir] [-O offset] "
	    "[-S sector-size] [-T timestamp]\n\timage directory|archive ..."
	    "\ntypes: %s\n",
	    mkfs_progname, mkfs_type_list());
}

struct mkfs_cmdline {
	const char *type;
	uint64_t sectorsize;		/* -S; 0: not given */
	const char *fsopts[MKFS_MAXOPTS];
	char *copies[MKFS_MAXOPTS];	/* what the type's settings point to */
	int nfsopts;
};

static int
mkfs_badarg(int ch, const char *arg)
{
	mkfs_warnx("-%c %s: not a valid %s", ch, arg,
	    ch == 'T' ? "time (seconds or a file)" : ch == 'b' ||
	    ch == 'f' ? "count (or percentage)" : "size");
	return -1;
}

/* one flag; 0, or -1 after one line */
static int
mkfs_flag(int ch, const char *arg, struct mkfs_opts *o,
    struct mkfs_cmdline *cl)
{
	uint64_t v;

	switch (ch) {
	case 't': cl->type = arg; return 0;
	case 'x': mkfs_spec_exclude(); return 0;
	case 'F': return mkfs_spec_set(arg);
	case 'o':
		if (cl->nfsopts == MKFS_MAXOPTS) {
			mkfs_warnx("-o: too many");
			return -1;
		}
		cl->fsopts[cl->nfsopts++] = arg;
		return 0;
	case 'T':
		o->timeset = true;
		return mkfs_parse_time(arg, &o->timestamp) ? mkfs_badarg(ch,
		    arg) : 0;
	case 'b':
		return mkfs_parse_count(arg, &o->freeblocks,
		    &o->freeblocks_pct) ? mkfs_badarg(ch, arg) : 0;
	case 'f':
		return mkfs_parse_count(arg, &o->freefiles,
		    &o->freefiles_pct) ? mkfs_badarg(ch, arg) : 0;
	}
	if (mkfs_parse_size(arg, &v) != 0 || v == 0)
		return mkfs_badarg(ch, arg);
	if (ch == 's' || ch == 'm')
		o->maxsize = v;
	if (ch == 's' || ch == 'M')
		o->minsize = v;
	return 0;
}

/*
 * The flags NetBSD's makefs added later.  -d is its debugging mask: no
 * debugging output here, taken and left.  -r replaces a file found in
 * an earlier source by a later one's: what the merge always does.  -Z
 * asks for a sparse image: the image is always made by extending it
 * (ftruncate) and writing only what is not zeros.
 */
static int
mkfs_flag2(int ch, const char *arg, struct mkfs_opts *o,
    struct mkfs_cmdline *cl)
{
	char *end;

	switch (ch) {
	case 'B':
		if ((o->byteorder = mkfs_parse_endian(arg)) != 0)
			return 0;
		mkfs_warnx("-B %s: be, le, big, little, 4321 or 1234 is "
		    "needed", arg);
		return -1;
	case 'd':
		(void)strtoul(arg, &end, 0);
		if (*arg != '\0' && *end == '\0')
			return 0;
		mkfs_warnx("-d %s: a number is needed", arg);
		return -1;
	case 'N': return mkfs_userdb_set(arg);
	case 'O':
		if (mkfs_parse_size(arg, &o->offset) == 0 &&
		    o->offset % 512 == 0)
			return 0;
		mkfs_warnx("-O %s: a size in whole 512-byte sectors is "
		    "needed", arg);
		return -1;
	case 'S':
		if (mkfs_parse_size(arg, &cl->sectorsize) == 0 &&
		    cl->sectorsize != 0)
			return 0;
		return mkfs_badarg(ch, arg);
	}
	return 0;	/* r, Z */
}

static int
mkfs_getopts(int argc, char **argv, struct mkfs_opts *o,
    struct mkfs_cmdline *cl)
{
	int ch;

	opterr = 0;
	while ((ch = getopt(argc, argv, ":B:b:d:F:f:M:m:N:O:o:rS:s:T:t:xZ"))
	    != -1) {
		switch (ch) {
		case 'B': case 'd': case 'N': case 'O': case 'r':
		case 'S': case 'Z':
			if (mkfs_flag2(ch, optarg, o, cl) != 0)
				return -1;
			continue;
		case ':':
			mkfs_warnx("-%c: a value is needed", optopt);
			return -1;
		case '?':
			mkfs_warnx("-%c: no such option", optopt);
			return -1;
		}
		if (mkfs_flag(ch, optarg, o, cl) != 0)
			return -1;
	}
	return 0;
}

/* -T, else SOURCE_DATE_EPOCH */
static int
mkfs_epoch(struct mkfs_opts *o)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (o->timeset || env == NULL || *env == '\0')
		return 0;
	errno = 0;
	o->timestamp = strtoll(env, &end, 10);
	if (errno != 0 || *end != '\0' || *env < '0' || *env > '9') {
		mkfs_warnx("SOURCE_DATE_EPOCH=%s: not a number of seconds",
		    env);
		return -1;
	}
	o->timeset = true;
	return 0;
}

/*
 * -B and -S against the type: a fixed byte order is the only one it
 * takes; ffs picks either.  Sectors are 512 bytes in every format made
 * here: the ffs driver addresses the image in 512-byte units (fsbtodb),
 * the msdos formatter lays out 512-byte sectors, ext2 has none but its
 * blocks, and cd9660's are 2048 bytes whatever -S says.
 */
static int
mkfs_settype_checks(const struct mkfs_opts *o, const struct mkfs_cmdline *cl)
{
	const struct mkfs_type *t = o->type;

	if (o->byteorder != 0 && t->byteorder != 0 &&
	    o->byteorder != t->byteorder) {
		mkfs_warnx("-B %u: %s images are %s-endian only",
		    o->byteorder, t->name, t->byteorder == 1234 ? "little" :
		    "big");
		return -1;
	}
	if (cl->sectorsize != 0 && cl->sectorsize != 512 &&
	    strcmp(t->name, "cd9660") != 0) {
		mkfs_warnx("-S %llu: %s images are made with 512-byte sectors "
		    "only", (unsigned long long)cl->sectorsize, t->name);
		return -1;
	}
	return 0;
}

static int
mkfs_settype(struct mkfs_opts *o, struct mkfs_cmdline *cl)
{
	const char *name = cl->type != NULL ? cl->type : "ffs";

	if ((o->type = mkfs_type_find(name)) == NULL) {
		mkfs_warnx("-t %s: no such type (there are %s)", name,
		    mkfs_type_list());
		return -1;
	}
	if (o->type->fsopts_new == NULL) {
		mkfs_warnx("-t %s: not yet supported", name);
		return -1;
	}
	if ((o->fsopts = o->type->fsopts_new()) == NULL) {
		mkfs_warnx("%s", strerror(ENOMEM));
		return -1;
	}
	for (int i = 0; i < cl->nfsopts; i++)
		if (mkfs_parse_fsopts(o, cl->fsopts[i], &cl->copies[i]) != 0)
			return -1;
	if (mkfs_settype_checks(o, cl) != 0)
		return -1;
	if (o->minsize > o->maxsize && o->maxsize != 0) {
		mkfs_warnx("-M is more than -m");
		return -1;
	}
	return 0;
}

/* the image (argv[0]) from the directories */
static int
mkfs_run(struct mkfs_opts *o, int argc, char **argv)
{
	struct mkfs_tree t = { NULL, 0 };
	struct stat st;
	int i, r = 0;

	o->image = argv[0];
	if (stat(o->image, &st) == 0) {	/* not to be copied into itself */
		o->imgfound = true;
		o->imgdev = st.st_dev;
		o->imgino = st.st_ino;
	}
	for (i = 1; i < argc && r == 0; i++)
		r = mkfs_tree_add(&t, argv[i], o);
	if (r == 0)
		r = mkfs_spec_apply(&t, argv[1], o);
	if (r == 0)
		r = mkfs_tree_links(&t);
	if (r == 0)
		r = mkfs_build(o, &t);
	mkfs_tree_free(&t);
	return r;
}

int
main(int argc, char **argv)
{
	struct mkfs_opts o = { 0 };
	struct mkfs_cmdline cl = { 0 };
	int i, r;

	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		mkfs_usage(stdout);
		mkfs_type_help(stdout);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("makefs %s\n", RUMPFS_VERSION);
		return 0;
	}
	if (mkfs_getopts(argc, argv, &o, &cl) != 0)
		return 1;
	if (argc - optind < 2) {
		mkfs_usage(stderr);
		return 1;
	}
	if (mkfs_epoch(&o) != 0 || mkfs_settype(&o, &cl) != 0)
		r = -1;
	else
		r = mkfs_run(&o, argc - optind, argv + optind);
	free(o.fsopts);
	for (i = 0; i < cl.nfsopts; i++)
		free(cl.copies[i]);
	return r == 0 ? 0 : 1;
}
