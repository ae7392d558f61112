/*
 * Making one file of a copy in the destination: under a temporary name
 * renamed into place, or written through to what the command line named
 * (see fsu_copy_int.h for why).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu_copy_int.h"

typedef int (*cp_maker)(struct copyctx *, const char *tmp, void *arg);

/* dstp's directory and ".fsu.<8 hex digits>" */
static char *
cp_tmpname(const char *dstp)
{
	static uint32_t seq;
	const char *slash = strrchr(dstp, '/');
	int dl = slash != NULL ? (int)(slash - dstp + 1) : 0;
	struct timespec ts;
	uint32_t r;
	char *p;

	/* not a secret: O_EXCL makes a taken name fail, and we try again */
	clock_gettime(CLOCK_REALTIME, &ts);
	r = ((uint32_t)getpid() << 12) ^ (uint32_t)ts.tv_nsec ^
	    (++seq * 2654435761u);
	if (asprintf(&p, "%.*s.fsu.%08x", dl, dstp, (unsigned)r) < 0)
		return NULL;
	return p;
}

/* mk makes a new object under a free temporary name, *tmpp */
static int
cp_maketmp(struct copyctx *c, const char *dstp, cp_maker mk, void *arg,
    char **tmpp)
{
	int error = EEXIST;

	for (int i = 0; i < 100 && error == EEXIST; i++) {
		if ((*tmpp = cp_tmpname(dstp)) == NULL)
			return ENOMEM;
		if ((error = mk(c, *tmpp, arg)) != 0) {
			free(*tmpp);
			*tmpp = NULL;
		}
	}
	return error;
}

/* the temporary name over the final one; on failure the temporary goes */
static int
cp_commit(struct copyctx *c, char *tmp, const char *dstp, int error)
{
	struct rump_stat sb;

	if (error == 0)
		error = c->dst->rename(c->dst, tmp, dstp);
	/* renaming a name onto another link of its file leaves both */
	if (error != 0 || c->dst->lstat(c->dst, tmp, &sb) == 0)
		c->dst->unlink(c->dst, tmp);
	free(tmp);
	return error;
}

static int
mk_symlink(struct copyctx *c, const char *tmp, void *target)
{
	return c->dst->symlink(c->dst, target, tmp);
}

static int
mk_link(struct copyctx *c, const char *tmp, void *linkto)
{
	return c->dst->link(c->dst, linkto, tmp);
}

static int
mk_node(struct copyctx *c, const char *tmp, void *sb)
{
	const struct rump_stat *s = sb;

	return c->dst->mknod(c->dst, tmp, s->st_mode & ~07777u, s->st_rdev);
}

static int
mk_file(struct copyctx *c, const char *tmp, void *fdp)
{
	/* private until the data is in; cp_attrs sets the mode */
	int fd = c->dst->open(c->dst, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0)
		return -fd;
	*(int *)fdp = fd;
	return 0;
}

int
cp_symlink(struct copyctx *c, const char *target, const char *dstp)
{
	char *tmp;
	int error = cp_maketmp(c, dstp, mk_symlink, (void *)target, &tmp);

	return error ? error : cp_commit(c, tmp, dstp, 0);
}

int
cp_link(struct copyctx *c, const char *linkto, const char *dstp)
{
	char *tmp;
	int error = cp_maketmp(c, dstp, mk_link, (void *)linkto, &tmp);

	return error ? error : cp_commit(c, tmp, dstp, 0);
}

int
cp_node(struct copyctx *c, const char *dstp, const struct rump_stat *sb)
{
	char *tmp;
	int error = cp_maketmp(c, dstp, mk_node, (void *)sb, &tmp);

	return error ? error : cp_commit(c, tmp, dstp, 0);
}

static bool
cp_allzero(const char *b, size_t n)
{
	return n > 0 && b[0] == 0 && memcmp(b, b + 1, n - 1) == 0;
}

/*
 * One chunk at off: skipped if it is a hole (never the last one).  A
 * short write is no error (the file system took what it had room for):
 * the rest is written again, and that write says why it failed.
 */
static int
cp_chunk(struct copyctx *c, int dfd, long n, int64_t off, int64_t size,
    bool stream)
{
	long done = 0, w = 0;

	if (!stream && cp_allzero(c->buf, (size_t)n) && off + n < size)
		return 0;
	while (done < n) {
		errno = 0;
		if (stream)
			w = c->dst->write(c->dst, dfd, c->buf + done,
			    (size_t)(n - done), off + done);
		else
			w = c->dst->pwrite(c->dst, dfd, c->buf + done,
			    (size_t)(n - done), off + done);
		if (w <= 0)
			break;
		done += w;
	}
	if (done == n)
		return 0;
	return w < 0 && errno != 0 ? errno : EIO;
}

/* the data of sfd to dfd; stream: a pipe or device, no holes */
static int
cp_data(struct copyctx *c, int sfd, int dfd, const struct rump_stat *sb,
    const char *srcp, bool stream)
{
	int64_t off = 0, next_report = 64 << 20;
	int error = 0;
	long n;

	while (!fsu_interrupted) {
		n = c->src->pread(c->src, sfd, c->buf, CP_CHUNK, off);
		if (n <= 0) {
			error = n < 0 ? errno : 0;
			break;
		}
		if ((error = cp_chunk(c, dfd, n, off, sb->st_size, stream)))
			break;
		off += n;
		c->bytes += (uint64_t)n;
		cp_progress(c, false);
		/* a short read reaching the size is the end: no read for 0 */
		if (n < CP_CHUNK && off >= sb->st_size)
			break;
		if (c->o->verbose && off >= next_report) {
			fprintf(stderr, "%s: %lld of %lld MiB\n", srcp,
			    (long long)(off >> 20),
			    (long long)(sb->st_size >> 20));
			next_report += 64 << 20;
		}
	}
	return fsu_interrupted ? EINTR : error;
}

/*
 * How the command line's destination is written through: open flags, 0
 * if it is not (absent, a regular file: replaced), CP_REPORTED if refused.
 */
static int
cp_throughflags(struct copyctx *c, const char *dstp)
{
	struct rump_stat sb;
	int error;

	if (c->dst->lstat(c->dst, dstp, &sb) != 0)
		return 0;
	if (S_FMT(sb.st_mode) == 0120000) {
		if ((error = c->dst->stat(c->dst, dstp, &sb)) != 0) {
			if (error == ENOENT)
				fprintf(stderr, "%s: %s: not writing through "
				    "dangling symlink\n", fsu_cmdname(), dstp);
			else
				cp_warn(c->dst, dstp, error);
			return CP_REPORTED;
		}
		if (S_FMT(sb.st_mode) == 0100000)
			return O_WRONLY | O_TRUNC;
	}
	switch (S_FMT(sb.st_mode)) {
	case 0010000: case 0020000: case 0060000: case 0140000:
		return O_WRONLY;	/* in order, no truncation */
	default:
		return 0;
	}
}

static int
cp_through(struct copyctx *c, int sfd, const char *srcp, const char *dstp,
    const struct rump_stat *sb, int flags)
{
	int dfd = c->dst->open(c->dst, dstp, flags, 0);
	int error;

	if (dfd < 0)
		return -dfd;
	error = cp_data(c, sfd, dfd, sb, srcp, !(flags & O_TRUNC));
	if (c->dst->close(c->dst, dfd) != 0 && error == 0)
		error = errno;
	return error;
}

static int
cp_newfile(struct copyctx *c, int sfd, const char *srcp, const char *dstp,
    const struct rump_stat *sb)
{
	char *tmp;
	int dfd, error;

	if ((error = cp_maketmp(c, dstp, mk_file, &dfd, &tmp)) != 0)
		return error;
	error = cp_data(c, sfd, dfd, sb, srcp, false);
	if (c->dst->close(c->dst, dfd) != 0 && error == 0)
		error = errno;
	if ((error = cp_commit(c, tmp, dstp, error)) == 0)
		cp_attrs(c, dstp, sb);
	return error;
}

int
cp_file(struct copyctx *c, const char *srcp, const char *dstp,
    const struct rump_stat *sb, bool top)
{
	int sfd, flags = top ? cp_throughflags(c, dstp) : 0, error;

	if (flags == CP_REPORTED)
		return CP_REPORTED;
	if ((sfd = c->src->open(c->src, srcp, O_RDONLY, 0)) < 0)
		return -sfd;
	if (flags != 0)
		error = cp_through(c, sfd, srcp, dstp, sb, flags);
	else
		error = cp_newfile(c, sfd, srcp, dstp, sb);
	c->src->close(c->src, sfd);
	return error;
}
