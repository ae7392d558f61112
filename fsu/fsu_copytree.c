/*
 * Copying trees between two sides (host->image, image->host, image->image):
 * files with their holes, directories, symlinks, device nodes and fifos,
 * hard links among the copied files, and with -p owners, modes and times.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_side.h"

#define CHUNK (1024 * 1024)
#define S_FMT(m) ((m) & 0170000)

struct hardlink {
	uint64_t dev, ino;
	char *path;
};

struct copyctx {
	const struct fsu_side *src, *dst;
	const struct fsu_copyopts *o;
	struct hardlink *links;
	size_t nlinks, caplinks;
	char *buf;
	int rv;
};

/* name the image only for a path inside it */
static void
side_warn(const struct fsu_side *side, const char *path, int error)
{
	if (side->fs == NULL)
		fsu_warn_host(path, error);
	else
		fsu_warn(path, error);
}

static void
cp_fail(struct copyctx *c, const struct fsu_side *side, const char *path,
    int error)
{
	side_warn(side, path, error);
	c->rv = 1;
}

/* a hard link already copied: link to it; else remember this one */
static bool
cp_hardlink(struct copyctx *c, const struct rump_stat *sb, const char *dstp)
{
	size_t i;

	for (i = 0; i < c->nlinks; i++) {
		if (c->links[i].dev == sb->st_dev &&
		    c->links[i].ino == sb->st_ino) {
			c->dst->unlink(c->dst, dstp);
			if (c->dst->link(c->dst, c->links[i].path, dstp) == 0)
				return true;
			return false;
		}
	}
	if (c->nlinks == c->caplinks) {
		size_t cap = c->caplinks ? c->caplinks * 2 : 16;
		void *v = realloc(c->links, cap * sizeof(*c->links));

		if (v == NULL)
			return false;
		c->links = v;
		c->caplinks = cap;
	}
	c->links[c->nlinks] = (struct hardlink){ sb->st_dev, sb->st_ino,
	    strdup(dstp) };
	if (c->links[c->nlinks].path != NULL)
		c->nlinks++;
	return false;
}

static bool
cp_allzero(const char *b, size_t n)
{
	return n > 0 && b[0] == 0 && memcmp(b, b + 1, n - 1) == 0;
}

static int
cp_data(struct copyctx *c, const char *srcp, const char *dstp,
    const struct rump_stat *sb)
{
	int sfd, dfd, error = 0;
	int64_t off = 0, next_report = 64 << 20;
	long n;

	if ((sfd = c->src->open(c->src, srcp, O_RDONLY, 0)) < 0)
		return -sfd;
	dfd = c->dst->open(c->dst, dstp, O_WRONLY | O_CREAT | O_TRUNC,
	    sb->st_mode & 0777);
	if (dfd < 0) {
		c->src->close(c->src, sfd);
		return -dfd;
	}
	while (!fsu_interrupted) {
		n = c->src->pread(c->src, sfd, c->buf, CHUNK, off);
		if (n <= 0) {
			error = n < 0 ? errno : 0;
			break;
		}
		/* keep holes: skip zero chunks, but always write the last */
		if (!(cp_allzero(c->buf, (size_t)n) && off + n < sb->st_size) &&
		    c->dst->pwrite(c->dst, dfd, c->buf, (size_t)n, off) != n) {
			error = errno ? errno : EIO;
			break;
		}
		off += n;
		/* a short read reaching the size is the end: no read for 0 */
		if (n < CHUNK && off >= sb->st_size)
			break;
		if (c->o->verbose && off >= next_report) {
			fprintf(stderr, "%s: %lld of %lld MiB\n", srcp,
			    (long long)(off >> 20), (long long)(sb->st_size >>
			    20));
			next_report += 64 << 20;
		}
	}
	if (fsu_interrupted)
		error = EINTR;
	c->src->close(c->src, sfd);
	if (c->dst->close(c->dst, dfd) != 0 && error == 0)
		error = errno;
	if (error)	/* do not leave a partial file behind */
		c->dst->unlink(c->dst, dstp);
	return error;
}

static void
cp_attrs(struct copyctx *c, const char *dstp, const struct rump_stat *sb)
{
	struct rump_timespec ts[2] = { sb->st_atim, sb->st_mtim };

	if (!c->o->preserve) {
		if (S_FMT(sb->st_mode) != 0120000)
			c->dst->chmod(c->dst, dstp, sb->st_mode & 0777 &
			    ~022u);	/* as cp(1) with umask 022 */
		return;
	}
	(void)c->dst->chown(c->dst, dstp, sb->st_uid, sb->st_gid);
	if (S_FMT(sb->st_mode) != 0120000)
		c->dst->chmod(c->dst, dstp, sb->st_mode & 07777);
	c->dst->utimes(c->dst, dstp, ts);
}

static int cp_one(struct copyctx *, const char *, const char *);

struct cp_dirarg {
	struct copyctx *c;
	const char *srcdir, *dstdir;
};

static int
cp_child(const char *name, void *arg)
{
	struct cp_dirarg *a = arg;
	char *s = fsu_join(a->srcdir, name), *d = fsu_join(a->dstdir, name);

	if (s != NULL && d != NULL && !fsu_interrupted)
		cp_one(a->c, s, d);
	free(s);
	free(d);
	return fsu_interrupted ? EINTR : 0;
}

static int
cp_dir(struct copyctx *c, const char *srcp, const char *dstp)
{
	struct cp_dirarg a = { c, srcp, dstp };
	struct rump_stat dsb;
	int error;

	if (!c->o->recursive) {
		fsu_warnx("%s: is a directory (not copied; use -R)", srcp);
		c->rv = 1;
		return 0;
	}
	error = c->dst->mkdir(c->dst, dstp, 0700);
	if (error == EEXIST && c->dst->lstat(c->dst, dstp, &dsb) == 0 &&
	    S_FMT(dsb.st_mode) == 0040000)
		error = 0;
	if (error)
		return error;
	return c->src->readdir(c->src, srcp, cp_child, &a);
}

static int
cp_one(struct copyctx *c, const char *srcp, const char *dstp)
{
	struct rump_stat sb;
	char target[4097];
	long n;
	int error;

	if ((error = c->src->lstat(c->src, srcp, &sb)) != 0) {
		cp_fail(c, c->src, srcp, error);
		return error;
	}
	if (c->o->verbose)
		fprintf(stderr, "%s -> %s\n", srcp, dstp);
	switch (S_FMT(sb.st_mode)) {
	case 0040000:
		error = cp_dir(c, srcp, dstp);
		break;
	case 0120000:
		n = c->src->readlink(c->src, srcp, target, sizeof(target) - 1);
		if (n < 0) {
			error = errno;
			break;
		}
		target[n] = '\0';
		c->dst->unlink(c->dst, dstp);
		error = c->dst->symlink(c->dst, target, dstp);
		break;
	case 0100000:
		if (sb.st_nlink > 1 && cp_hardlink(c, &sb, dstp))
			return 0;
		error = cp_data(c, srcp, dstp, &sb);
		break;
	default:	/* devices, fifos, sockets */
		c->dst->unlink(c->dst, dstp);
		error = c->dst->mknod(c->dst, dstp, sb.st_mode, sb.st_rdev);
		break;
	}
	if (error) {
		if (error == EINTR)
			cp_fail(c, c->src, srcp, error);
		else
			cp_fail(c, c->dst, dstp, error);
		return error;
	}
	cp_attrs(c, dstp, &sb);
	return 0;
}

int
fsu_copy(const struct fsu_side *src, char **srcs, int nsrcs,
    const struct fsu_side *dst, const char *dstpath,
    const struct fsu_copyopts *o)
{
	struct copyctx c = { src, dst, o, NULL, 0, 0, NULL, 0 };
	struct rump_stat sb;
	bool intodir;
	int i;

	intodir = dst->lstat(dst, dstpath, &sb) == 0 &&
	    S_FMT(sb.st_mode) == 0040000;
	if (nsrcs > 1 && !intodir) {
		side_warn(dst, dstpath, ENOTDIR);
		return 1;
	}
	if ((c.buf = malloc(CHUNK)) == NULL) {
		side_warn(dst, dstpath, ENOMEM);
		return 1;
	}
	for (i = 0; i < nsrcs && !fsu_interrupted; i++) {
		char *d = intodir ? fsu_join(dstpath, fsu_basename(srcs[i])) :
		    strdup(dstpath);

		if (d == NULL) {
			cp_fail(&c, src, srcs[i], ENOMEM);
			continue;
		}
		cp_one(&c, srcs[i], d);
		free(d);
	}
	for (size_t k = 0; k < c.nlinks; k++)
		free(c.links[k].path);
	free(c.links);
	free(c.buf);
	return fsu_interrupted ? 1 : c.rv;
}
