/*
 * The workload of fsstress_rump.  Every worker works in the same few
 * shared directories d0..d3 with a small set of names in each, so that
 * workers collide: they create, write, truncate, rename over, link and
 * remove the same names, and keep some files open after another worker
 * removed them.  Non-directories are named fN (files, links, symlinks;
 * also one level down, dK/sM/fN), directories sN.  One file, "shared",
 * is written, truncated, punched, synced and read by everyone at once.
 *
 * Data written at file offset o is always pat(o), whoever writes it, so a
 * read may see pat(o) or zero (a hole, a truncation) and nothing else: any
 * other byte is counted as bad data.  Expected errors are those of races
 * (ENOENT, EEXIST, ENOTEMPTY, ENOTDIR, EISDIR, ELOOP; EPERM for a link
 * to what a rename made a directory; EINVAL for a rename of a directory
 * that a concurrent rename put above its target) and ENOSPC; every
 * other errno, e.g. EIO, is unexpected and fails the run.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsstress.h"

#define NDIR		4	/* shared directories d0..d3 */
#define NNAME		24	/* names of each kind per directory */
#define NFD		4	/* descriptors a worker keeps open */
#define MAXIO		(64 * 1024)
#define NEAR		(256 * 1024)	/* most offsets below this */
#define FAR		(32 * 1024 * 1024)	/* a few this far (sparse) */
#define MAXREPORT	20	/* unexpected errors printed as they happen */
#define PUNCH_MODE	0x03	/* FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE */

const char *const fss_opnames[OP_NUM] = {
	"creat", "write", "read", "trunc", "fsync", "fdatasync", "unlink",
	"rename", "link", "mkdir", "rmdir", "symlink", "stat", "readdir",
	"falloc", "punch", "shared", "close", "open",
};

/* relative frequencies */
static const unsigned weight[OP_NUM] = {
	[OP_CREAT] = 8, [OP_WRITE] = 16, [OP_READ] = 8, [OP_TRUNC] = 6,
	[OP_FSYNC] = 2, [OP_FDATASYNC] = 2, [OP_UNLINK] = 6, [OP_RENAME] = 8,
	[OP_LINK] = 4, [OP_MKDIR] = 3, [OP_RMDIR] = 3, [OP_SYMLINK] = 3,
	[OP_STAT] = 4, [OP_READDIR] = 2, [OP_FALLOC] = 1, [OP_PUNCH] = 3,
	[OP_SHARED] = 12, [OP_CLOSE] = 4,
};

struct worker {
	const struct fss_conf *cf;
	const struct fss_sys *sys;
	unsigned id;
	uint64_t rng;
	int fd[NFD];		/* kept open across operations, or -1 */
	int shfd;		/* the shared file */
	uint8_t buf[MAXIO];
};

static uint64_t
rnd64(struct worker *w)
{
	uint64_t z;

	z = (w->rng += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned
rnd(struct worker *w, unsigned n)
{

	return n == 0 ? 0 : (unsigned)(rnd64(w) % n);
}

/* the byte every writer puts at file offset off: never zero */
static uint8_t
pat(uint64_t off)
{
	uint64_t z = (off >> 3) * 0x9e3779b97f4a7c15ull;

	z ^= z >> 29;
	return (uint8_t)((z >> ((off & 7) * 8)) | 1);
}

static void
fill(uint8_t *buf, uint64_t off, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = pat(off + i);
}

static void
count(struct worker *w, enum fss_op op, int error)
{
	unsigned e = error < 0 || error >= FSS_NERRNO ? FSS_NERRNO - 1 :
	    (unsigned)error;

	__atomic_add_fetch(&w->cf->counts->c[op][e], 1, __ATOMIC_RELAXED);
}

bool
fss_expected(enum fss_op op, int error)
{

	switch (error) {
	case ENOSPC:
		return true;
	case ENOENT: case EEXIST: case ENOTEMPTY: case ENOTDIR: case EISDIR:
	case ELOOP:
		/* names only: a descriptor never loses its file */
		return op == OP_OPEN || op == OP_CREAT || op == OP_UNLINK ||
		    op == OP_RENAME || op == OP_LINK || op == OP_MKDIR ||
		    op == OP_RMDIR || op == OP_SYMLINK || op == OP_STAT ||
		    op == OP_READDIR;
	case EMLINK:
	case EPERM:	/* a link to a directory (renamed to an f name) */
		return op == OP_LINK;
	case EINVAL:	/* a directory into itself: its names moved meanwhile */
		return op == OP_RENAME;
	case EOPNOTSUPP:
		return op == OP_FALLOC || op == OP_PUNCH;
	}
	return false;
}

/* record the outcome rv (-1: errno) of op on what */
static void
done(struct worker *w, enum fss_op op, long rv, const char *what)
{
	struct fss_counts *c = w->cf->counts;
	int error = rv == -1 ? errno : 0;
	uint64_t n;

	count(w, op, error);
	if (error == 0 || fss_expected(op, error))
		return;
	n = __atomic_add_fetch(&c->unexpected, 1, __ATOMIC_RELAXED);
	if (n <= MAXREPORT || w->cf->verbose)
		printf("UNEXPECTED: worker %u %s %s: %s (%s)\n", w->id,
		    fss_opnames[op], what, strerrorname_np(error),
		    strerror(error));
}

/* --- names ------------------------------------------------------------ */

static void
dirpath(struct worker *w, char *p, size_t len)
{

	snprintf(p, len, "%s/d%u", w->cf->root, rnd(w, NDIR));
}

/* a non-directory name, a quarter of them inside a subdirectory */
static void
fpath(struct worker *w, char *p, size_t len)
{
	unsigned d = rnd(w, NDIR), n = rnd(w, NNAME);

	if (rnd(w, 4) == 0)
		snprintf(p, len, "%s/d%u/s%u/f%u", w->cf->root, d,
		    rnd(w, NNAME / 4), n);
	else
		snprintf(p, len, "%s/d%u/f%u", w->cf->root, d, n);
}

/* a non-directory name directly in a shared directory */
static void
fpath_top(struct worker *w, char *p, size_t len)
{

	snprintf(p, len, "%s/d%u/f%u", w->cf->root, rnd(w, NDIR),
	    rnd(w, NNAME));
}

static void
spath(struct worker *w, char *p, size_t len)
{

	snprintf(p, len, "%s/d%u/s%u", w->cf->root, rnd(w, NDIR),
	    rnd(w, NNAME / 4));
}

/* --- descriptors ------------------------------------------------------ */

/*
 * A descriptor for a data operation: one kept open (perhaps of a file
 * removed since) or a name opened now; *keep says whether it stays open.
 */
static int
getfd(struct worker *w, bool *keep)
{
	char p[PATH_MAX];
	unsigned i = rnd(w, NFD);
	int fd, flags = O_RDWR;

	if (w->fd[i] != -1 && rnd(w, 3) != 0) {
		*keep = true;
		return w->fd[i];
	}
	fpath(w, p, sizeof(p));
	if (rnd(w, 3) == 0)
		flags |= O_CREAT;
	fd = w->sys->open(p, flags, 0644);
	done(w, OP_OPEN, fd, p);
	*keep = fd != -1 && w->fd[i] == -1 && rnd(w, 2) == 0;
	if (*keep)
		w->fd[i] = fd;
	return fd;
}

static void
putfd(struct worker *w, int fd, bool keep)
{

	if (!keep && fd != -1)
		w->sys->close(fd);
}

static int64_t
fsize(struct worker *w, int fd)
{
	struct fss_stat st;

	return w->sys->fstat(fd, &st) == -1 ? 0 : st.size;
}

static int64_t
randoff(struct worker *w, int fd)
{
	unsigned r = rnd(w, 100);

	if (r < 60)
		return rnd(w, NEAR);
	if (r < 80)	/* at or just past the end */
		return fsize(w, fd) + rnd(w, 3) * rnd(w, 9000);
	if (r < 97)
		return rnd(w, 4 * 1024 * 1024);
	return rnd(w, FAR);
}

static size_t
randlen(struct worker *w)
{

	return 1 + rnd(w, rnd(w, 10) < 7 ? 8192 : MAXIO);
}

/* --- data operations on a descriptor ---------------------------------- */

static void
do_write(struct worker *w, enum fss_op op, int fd)
{
	int64_t off = randoff(w, fd);
	size_t len = randlen(w);

	fill(w->buf, (uint64_t)off, len);
	done(w, op, w->sys->pwrite(fd, w->buf, len, off), "pwrite");
}

static void
do_read(struct worker *w, enum fss_op op, int fd)
{
	int64_t off = rnd(w, 4) == 0 ? randoff(w, fd) : rnd(w, NEAR);
	long n, i, bad = 0;

	n = w->sys->pread(fd, w->buf, randlen(w), off);
	done(w, op, n, "pread");
	for (i = 0; i < n; i++)
		if (w->buf[i] != 0 && w->buf[i] != pat((uint64_t)(off + i)))
			bad++;
	if (bad == 0)
		return;
	__atomic_add_fetch(&w->cf->counts->baddata, (uint64_t)bad,
	    __ATOMIC_RELAXED);
	if (__atomic_add_fetch(&w->cf->counts->unexpected, 1,
	    __ATOMIC_RELAXED) <= MAXREPORT || w->cf->verbose)
		printf("BAD DATA: worker %u %s: %ld of %ld bytes at %lld\n",
		    w->id, fss_opnames[op], bad, n, (long long)off);
}

static void
do_trunc(struct worker *w, enum fss_op op, int fd)
{
	int64_t size = fsize(w, fd), len;
	unsigned r = rnd(w, 10);

	if (r < 4)
		len = size == 0 ? 0 : (int64_t)(rnd64(w) % (uint64_t)size);
	else if (r < 7)
		len = size + rnd(w, MAXIO);
	else if (r < 9)
		len = rnd(w, NEAR);
	else
		len = rnd(w, FAR);
	done(w, op, w->sys->ftruncate(fd, len), "ftruncate");
}

static void
do_punch(struct worker *w, enum fss_op op, int fd, int mode)
{
	int64_t off = rnd(w, 2) ? randoff(w, fd) : rnd(w, NEAR);

	done(w, op, w->sys->fallocate(fd, mode, off, (int64_t)randlen(w)),
	    mode ? "punch" : "fallocate");
}

static void
op_data(struct worker *w, enum fss_op op)
{
	bool keep;
	int fd;

	if ((fd = getfd(w, &keep)) == -1)
		return;
	switch (op) {
	case OP_WRITE: do_write(w, op, fd); break;
	case OP_READ: do_read(w, op, fd); break;
	case OP_TRUNC: do_trunc(w, op, fd); break;
	case OP_FSYNC: done(w, op, w->sys->fsync(fd), "fsync"); break;
	case OP_FDATASYNC:
		done(w, op, w->sys->fdatasync(fd), "fdatasync");
		break;
	case OP_FALLOC: do_punch(w, op, fd, 0); break;
	case OP_PUNCH: do_punch(w, op, fd, PUNCH_MODE); break;
	default: break;
	}
	putfd(w, fd, keep);
}

/* the shared file: everyone writes, truncates, punches, syncs and reads */
static void
op_shared(struct worker *w)
{
	char p[PATH_MAX];
	unsigned r = rnd(w, 100);

	if (w->shfd == -1) {
		snprintf(p, sizeof(p), "%s/shared", w->cf->root);
		w->shfd = w->sys->open(p, O_RDWR | O_CREAT, 0644);
		done(w, OP_OPEN, w->shfd, p);
		if (w->shfd == -1)
			return;
	}
	if (r < 40)
		do_write(w, OP_SHARED, w->shfd);
	else if (r < 65)
		do_read(w, OP_SHARED, w->shfd);
	else if (r < 80)
		do_trunc(w, OP_SHARED, w->shfd);
	else if (r < 88)
		done(w, OP_SHARED, w->sys->fsync(w->shfd), "fsync shared");
	else if (r < 95 && w->cf->disabled[OP_PUNCH])
		do_write(w, OP_SHARED, w->shfd);
	else if (r < 95)
		do_punch(w, OP_SHARED, w->shfd, PUNCH_MODE);
	else {
		/* reopen now and then: close races with everything else */
		done(w, OP_SHARED, w->sys->close(w->shfd), "close shared");
		w->shfd = -1;
	}
}

/* --- name operations -------------------------------------------------- */

static void
op_creat(struct worker *w)
{
	char p[PATH_MAX];
	unsigned i = rnd(w, NFD);
	int fd, flags = O_RDWR | O_CREAT;

	fpath(w, p, sizeof(p));
	if (rnd(w, 3) == 0)
		flags |= O_EXCL;
	if (rnd(w, 4) == 0)
		flags |= O_TRUNC;
	fd = w->sys->open(p, flags, 0644);
	done(w, OP_CREAT, fd, p);
	if (fd == -1)
		return;
	if (rnd(w, 2) == 0)
		do_write(w, OP_WRITE, fd);
	if (w->fd[i] == -1 && rnd(w, 2) == 0)
		w->fd[i] = fd;
	else
		w->sys->close(fd);
}

static void
op_rename(struct worker *w)
{
	char a[PATH_MAX], b[PATH_MAX], what[2 * PATH_MAX + 8];
	unsigned r = rnd(w, 100);

	if (r < 80) {
		fpath(w, a, sizeof(a));
		fpath(w, b, sizeof(b));
	} else if (r < 95) {
		spath(w, a, sizeof(a));
		spath(w, b, sizeof(b));
	} else if (r < 98) {	/* a file over a directory: EISDIR */
		fpath(w, a, sizeof(a));
		spath(w, b, sizeof(b));
	} else {		/* a directory over a file: ENOTDIR */
		spath(w, a, sizeof(a));
		fpath_top(w, b, sizeof(b));
	}
	snprintf(what, sizeof(what), "%s -> %s", a, b);
	done(w, OP_RENAME, w->sys->rename(a, b), what);
}

static void
op_link(struct worker *w)
{
	char a[PATH_MAX], b[PATH_MAX], what[2 * PATH_MAX + 8];

	fpath(w, a, sizeof(a));
	fpath(w, b, sizeof(b));
	snprintf(what, sizeof(what), "%s -> %s", a, b);
	done(w, OP_LINK, w->sys->link(a, b), what);
}

/* a symlink to a name in the set; some long enough to need a block */
static void
op_symlink(struct worker *w)
{
	char p[PATH_MAX], t[400];
	size_t n = 0;
	unsigned i, dots = rnd(w, 3) == 0 ? rnd(w, 130) : 0;

	fpath_top(w, p, sizeof(p));
	for (i = 0; i < dots; i++)
		n += (size_t)snprintf(t + n, sizeof(t) - n, "./");
	snprintf(t + n, sizeof(t) - n, "../d%u/%c%u", rnd(w, NDIR),
	    rnd(w, 4) == 0 ? 's' : 'f', rnd(w, NNAME));
	done(w, OP_SYMLINK, w->sys->symlink(t, p), p);
}

static void
op_name(struct worker *w, enum fss_op op)
{
	char p[PATH_MAX];
	struct fss_stat st;

	switch (op) {
	case OP_UNLINK:
		fpath(w, p, sizeof(p));
		done(w, op, w->sys->unlink(p), p);
		break;
	case OP_MKDIR:
		spath(w, p, sizeof(p));
		done(w, op, w->sys->mkdir(p, 0755), p);
		break;
	case OP_RMDIR:
		spath(w, p, sizeof(p));
		done(w, op, w->sys->rmdir(p), p);
		break;
	case OP_STAT:
		if (rnd(w, 3) == 0)
			spath(w, p, sizeof(p));
		else
			fpath(w, p, sizeof(p));
		done(w, op, w->sys->lstat(p, &st), p);
		break;
	case OP_READDIR:
		if (rnd(w, 2) == 0)
			dirpath(w, p, sizeof(p));
		else
			spath(w, p, sizeof(p));
		done(w, op, w->sys->readdir(p), p);
		break;
	default:
		break;
	}
}

static void
op_close(struct worker *w)
{
	unsigned i = rnd(w, NFD);

	if (w->fd[i] == -1)
		return;
	done(w, OP_CLOSE, w->sys->close(w->fd[i]), "close");
	w->fd[i] = -1;
}

/* --- the worker ------------------------------------------------------- */

static enum fss_op
pick(struct worker *w)
{
	unsigned total = 0, r;
	int op;

	for (op = 0; op < OP_NUM; op++)
		if (!w->cf->disabled[op])
			total += weight[op];
	r = rnd(w, total);
	for (op = 0; op < OP_NUM; op++) {
		if (w->cf->disabled[op])
			continue;
		if (r < weight[op])
			break;
		r -= weight[op];
	}
	return (enum fss_op)op;
}

static void
one(struct worker *w, enum fss_op op)
{

	switch (op) {
	case OP_CREAT: op_creat(w); break;
	case OP_WRITE: case OP_READ: case OP_TRUNC: case OP_FSYNC:
	case OP_FDATASYNC: case OP_FALLOC: case OP_PUNCH:
		op_data(w, op);
		break;
	case OP_SHARED: op_shared(w); break;
	case OP_RENAME: op_rename(w); break;
	case OP_LINK: op_link(w); break;
	case OP_SYMLINK: op_symlink(w); break;
	case OP_CLOSE: op_close(w); break;
	default: op_name(w, op); break;
	}
}

void
fss_worker(const struct fss_conf *cf, unsigned id)
{
	struct worker *w;
	unsigned i;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		perror("fsstress: worker");
		__atomic_add_fetch(&cf->counts->unexpected, 1,
		    __ATOMIC_RELAXED);
		return;
	}
	w->cf = cf;
	w->sys = cf->sys;
	w->id = id;
	w->rng = cf->seed * 1000003u + id;
	w->shfd = -1;
	for (i = 0; i < NFD; i++)
		w->fd[i] = -1;
	for (i = 0; i < cf->nops; i++)
		one(w, pick(w));
	for (i = 0; i < NFD; i++)
		if (w->fd[i] != -1)
			done(w, OP_CLOSE, w->sys->close(w->fd[i]), "close");
	if (w->shfd != -1)
		done(w, OP_CLOSE, w->sys->close(w->shfd), "close shared");
	free(w);
}

/* the shared directories and file; existing ones are fine (a rerun) */
int
fss_prepare(const struct fss_conf *cf)
{
	char p[PATH_MAX];
	unsigned i;
	int fd;

	for (i = 0; i < NDIR; i++) {
		snprintf(p, sizeof(p), "%s/d%u", cf->root, i);
		if (cf->sys->mkdir(p, 0755) == -1 && errno != EEXIST) {
			printf("fsstress: mkdir %s: %s\n", p, strerror(errno));
			return -1;
		}
	}
	snprintf(p, sizeof(p), "%s/shared", cf->root);
	if ((fd = cf->sys->open(p, O_RDWR | O_CREAT, 0644)) == -1) {
		printf("fsstress: create %s: %s\n", p, strerror(errno));
		return -1;
	}
	cf->sys->close(fd);
	return 0;
}
