/*
 * fsu_diff [-q] [-H] path1 path2: compare two files or trees of the image,
 * or (-H) one of the image with path2 on the host.  Text files that
 * differ are shown as diff -u shows them; binary ones as "Binary files a
 * and b differ" (-q: "Files a and b differ" for all); in trees "Only in
 * dir: name".  Exit 0 if the same, 1 if different, 2 on trouble.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fsu_side.h"
#include "fsu_udiff.h"

#define DIFF_MAXTEXT	(64 << 20)	/* bigger: compared, not shown */

struct dpath {
	const struct fsu_side *side;
	const char *path;
	struct rump_stat sb;
	char *buf;
	size_t len;
};

struct diff {
	bool brief;
	bool intree;		/* print "diff -u a b" before each */
};

static int diff_paths(const struct diff *, struct dpath *, struct dpath *);

static int
diff_warn(const struct dpath *p, int error)
{
	if (p->side->fs == NULL)
		fsu_warn_host(p->path, error);
	else
		fsu_warn(p->path, error);
	return 2;
}

/* the whole file, for a size up to DIFF_MAXTEXT */
static int
diff_read(struct dpath *p)
{
	size_t cap = (size_t)p->sb.st_size + 1;
	int fd = p->side->open(p->side, p->path, O_RDONLY, 0);
	long n = 0;

	if (fd < 0)
		return -fd;
	if ((p->buf = malloc(cap)) == NULL) {
		p->side->close(p->side, fd);
		return ENOMEM;
	}
	for (p->len = 0; p->len < cap - 1; p->len += (size_t)n) {
		n = p->side->pread(p->side, fd, p->buf + p->len,
		    cap - 1 - p->len, (int64_t)p->len);
		if (n <= 0)
			break;
	}
	p->side->close(p->side, fd);
	return n < 0 ? errno : 0;
}

static void
diff_header(char mark, const struct dpath *p)
{
	char when[64], zone[8];
	time_t t = (time_t)p->sb.st_mtim.tv_sec;
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	printf("%c%c%c %s\t%s.%09ld %s\n", mark, mark, mark, p->path, when,
	    (long)p->sb.st_mtim.tv_nsec, zone);
}

static int
diff_text(const struct diff *d, struct dpath *a, struct dpath *b)
{
	struct utext ta = { NULL, 0 }, tb = { NULL, 0 };
	struct uop *ops = NULL;
	size_t n;

	if (fsu_lines(a->buf, a->len, &ta) == 0 &&
	    fsu_lines(b->buf, b->len, &tb) == 0)
		ops = fsu_myers(&ta, &tb, &n);
	if (ops == NULL)	/* too different to show: say so only */
		printf("Files %s and %s differ\n", a->path, b->path);
	else {
		if (d->intree)
			printf("diff -u %s %s\n", a->path, b->path);
		diff_header('-', a);
		diff_header('+', b);
		fsu_uhunks(&ta, &tb, ops, n);
	}
	free(ops);
	free(ta.l);
	free(tb.l);
	return 1;
}

/* two big files, a chunk at a time */
static int
diff_big(struct dpath *a, struct dpath *b)
{
	const size_t chunk = 1 << 20;
	char *x = malloc(chunk), *y = malloc(chunk);
	int fa = a->side->open(a->side, a->path, O_RDONLY, 0);
	int fb = b->side->open(b->side, b->path, O_RDONLY, 0);
	int64_t off = 0;
	long n = 0, m = 0;
	int rv = x == NULL || y == NULL ? diff_warn(a, ENOMEM) : fa < 0 ?
	    diff_warn(a, -fa) : fb < 0 ? diff_warn(b, -fb) : 0;

	while (rv == 0 && !fsu_interrupted) {
		n = a->side->pread(a->side, fa, x, chunk, off);
		m = b->side->pread(b->side, fb, y, chunk, off);
		if (n < 0 || m < 0)
			rv = diff_warn(n < 0 ? a : b, errno);
		else if (n != m || memcmp(x, y, (size_t)n) != 0)
			rv = printf("Files %s and %s differ\n", a->path,
			    b->path) < 0 ? 2 : 1;
		else if (n == 0)
			break;
		off += n;
	}
	if (fa >= 0)
		a->side->close(a->side, fa);
	if (fb >= 0)
		b->side->close(b->side, fb);
	free(x);
	free(y);
	return rv;
}

static int
diff_files(const struct diff *d, struct dpath *a, struct dpath *b)
{
	int error, rv;

	if (a->sb.st_size > DIFF_MAXTEXT || b->sb.st_size > DIFF_MAXTEXT)
		return diff_big(a, b);	/* not shown: compared as bytes */
	if ((error = diff_read(a)) != 0 || (error = diff_read(b)) != 0)
		rv = diff_warn(a->buf == NULL ? a : b, error);
	else if (a->len == b->len && memcmp(a->buf, b->buf, a->len) == 0)
		rv = 0;
	else if (d->brief || memchr(a->buf, '\0', a->len) ||
	    memchr(b->buf, '\0', b->len)) {
		printf("%s %s and %s differ\n", d->brief ? "Files" :
		    "Binary files", a->path, b->path);
		rv = 1;
	} else
		rv = diff_text(d, a, b);
	free(a->buf);
	free(b->buf);
	a->buf = b->buf = NULL;
	return rv;
}

struct diffdir {
	const struct diff *d;
	struct dpath *self, *other;
	bool descend;		/* compare (first pass) or only report */
	int rv;
};

static int
diff_entry(const char *name, void *arg)
{
	struct diffdir *dd = arg;
	struct dpath mine = { dd->self->side, NULL, { 0 }, NULL, 0 };
	struct dpath theirs = { dd->other->side, NULL, { 0 }, NULL, 0 };
	struct rump_stat sb;
	int r = 0;

	mine.path = fsu_join(dd->self->path, name);
	theirs.path = fsu_join(dd->other->path, name);
	if (mine.path == NULL || theirs.path == NULL)
		r = diff_warn(dd->self, ENOMEM);
	else if (theirs.side->lstat(theirs.side, theirs.path, &sb) != 0) {
		printf("Only in %s: %s\n", dd->self->path, name);
		r = 1;
	} else if (dd->descend)
		r = diff_paths(dd->d, &mine, &theirs);
	if (r > dd->rv)
		dd->rv = r;
	free((char *)mine.path);
	free((char *)theirs.path);
	return fsu_interrupted ? EINTR : 0;
}

static int
diff_dirs(const struct diff *d, struct dpath *a, struct dpath *b)
{
	struct diff in = { d->brief, true };
	struct diffdir there = { &in, a, b, true, 0 };
	struct diffdir back = { &in, b, a, false, 0 };
	int error;

	if ((error = a->side->readdir(a->side, a->path, diff_entry, &there)))
		return diff_warn(a, error);
	back.rv = there.rv;
	if ((error = b->side->readdir(b->side, b->path, diff_entry, &back)))
		return diff_warn(b, error);
	return back.rv;
}

static int
diff_links(struct dpath *a, struct dpath *b)
{
	char la[4096], lb[4096];
	long na = a->side->readlink(a->side, a->path, la, sizeof(la));
	long nb = b->side->readlink(b->side, b->path, lb, sizeof(lb));

	if (na < 0 || nb < 0)
		return diff_warn(na < 0 ? a : b, errno);
	if (na == nb && memcmp(la, lb, (size_t)na) == 0)
		return 0;
	printf("Symbolic links %s and %s differ\n", a->path, b->path);
	return 1;
}

static int
diff_paths(const struct diff *d, struct dpath *a, struct dpath *b)
{
	int error;

	if ((error = a->side->lstat(a->side, a->path, &a->sb)) != 0)
		return diff_warn(a, error);
	if ((error = b->side->lstat(b->side, b->path, &b->sb)) != 0)
		return diff_warn(b, error);
	if ((a->sb.st_mode & 0170000) != (b->sb.st_mode & 0170000)) {
		printf("File %s and %s differ in type\n", a->path, b->path);
		return 1;
	}
	switch (a->sb.st_mode & 0170000) {
	case 0040000:
		return diff_dirs(d, a, b);
	case 0100000:
		return diff_files(d, a, b);
	case 0120000:
		return diff_links(a, b);
	default:
		return a->sb.st_rdev == b->sb.st_rdev ? 0 : 1;
	}
}

int
fsu_diff_main(struct ukfs *fs, int argc, char **argv)
{
	struct fsu_side image, host;
	struct diff d = { false, false };
	struct dpath a = { &image, NULL, { 0 }, NULL, 0 };
	struct dpath b = { &image, NULL, { 0 }, NULL, 0 };
	int ch;

	while ((ch = getopt(argc, argv, "Hqu")) != -1) {
		switch (ch) {
		case 'H': b.side = &host; break;
		case 'q': d.brief = true; break;
		case 'u': break;	/* the only format */
		default: return fsu_usage(fsu_findcmd("diff"));
		}
	}
	if (argc - optind != 2)
		return fsu_usage(fsu_findcmd("diff"));
	fsu_side_image(&image, fs);
	fsu_side_host(&host);
	a.path = argv[optind];
	b.path = argv[optind + 1];
	return diff_paths(&d, &a, &b);
}
