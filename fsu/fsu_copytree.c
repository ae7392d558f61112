/*
 * Copying trees between two sides (host->image, image->host, image->image):
 * files with their holes, directories, symlinks, device nodes and fifos,
 * hard links among the copied files, and with -p owners, modes and times.
 * fsu_copy_int.h says how files land in the destination.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_copy_int.h"

/* name the image only for a path inside it */
void
cp_warn(const struct fsu_side *side, const char *path, int error)
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
	if (error != CP_REPORTED)
		cp_warn(side, path, error);
	c->rv = 1;
}

/* the first copy of a file with more links: remember where it went */
static void
cp_remember(struct copyctx *c, const struct rump_stat *sb, const char *dstp)
{
	if (c->nlinks == c->caplinks) {
		size_t cap = c->caplinks ? c->caplinks * 2 : 16;
		void *v = realloc(c->links, cap * sizeof(*c->links));

		if (v == NULL)
			return;
		c->links = v;
		c->caplinks = cap;
	}
	c->links[c->nlinks] = (struct hardlink){ sb->st_dev, sb->st_ino,
	    strdup(dstp) };
	if (c->links[c->nlinks].path != NULL)
		c->nlinks++;
}

/* a file already copied under another name: its copy, or NULL */
static const char *
cp_copied(struct copyctx *c, const struct rump_stat *sb)
{
	for (size_t i = 0; i < c->nlinks; i++)
		if (c->links[i].dev == sb->st_dev &&
		    c->links[i].ino == sb->st_ino)
			return c->links[i].path;
	return NULL;
}

void
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

static int cp_one(struct copyctx *, const char *, const char *, bool);

struct cp_dirarg {
	struct copyctx *c;
	const char *srcdir, *dstdir;
};

static int
cp_child(const char *name, void *arg)
{
	struct cp_dirarg *a = arg;
	char *s, *d;

	/* fsu_readdir refused these already; a host path is built here */
	if (fsu_badname(name, strlen(name)) != NULL) {
		fsu_warnx("%s: invalid name \"%s\", skipped", a->srcdir, name);
		a->c->rv = 1;
		return 0;
	}
	s = fsu_join(a->srcdir, name);
	d = fsu_join(a->dstdir, name);
	if (s != NULL && d != NULL && !fsu_interrupted)
		cp_one(a->c, s, d, false);
	free(s);
	free(d);
	return fsu_interrupted ? EINTR : 0;
}

static int
cp_dir(struct copyctx *c, const char *srcp, const char *dstp,
    const struct rump_stat *sb)
{
	struct cp_dirarg a = { c, srcp, dstp };
	struct rump_stat dsb;
	int error;

	if (!c->o->recursive) {
		fsu_warnx("%s: is a directory (not copied; use -R)", srcp);
		return CP_REPORTED;
	}
	/* enter only a real directory, never one through a symlink */
	error = c->dst->mkdir(c->dst, dstp, 0700);
	if (error == EEXIST && c->dst->lstat(c->dst, dstp, &dsb) == 0 &&
	    S_FMT(dsb.st_mode) == 0040000)
		error = 0;
	if (error)
		return error;
	error = c->src->readdir(c->src, srcp, cp_child, &a);
	if (error == 0)
		cp_attrs(c, dstp, sb);
	return error;
}

static int
cp_readlink(struct copyctx *c, const char *srcp, const char *dstp)
{
	char target[4097];
	long n = c->src->readlink(c->src, srcp, target, sizeof(target) - 1);

	if (n < 0)
		return errno;
	target[n] = '\0';
	return cp_symlink(c, target, dstp);
}

static int
cp_kind(struct copyctx *c, const char *srcp, const char *dstp,
    const struct rump_stat *sb, bool top)
{
	const char *prev;
	int error;

	switch (S_FMT(sb->st_mode)) {
	case 0040000:
		return cp_dir(c, srcp, dstp, sb);
	case 0120000:
		if ((error = cp_readlink(c, srcp, dstp)) == 0 &&
		    c->o->preserve)
			cp_attrs(c, dstp, sb);
		return error;
	case 0100000:
		if (sb->st_nlink > 1 && (prev = cp_copied(c, sb)) != NULL &&
		    cp_link(c, prev, dstp) == 0)
			return 0;
		if ((error = cp_file(c, srcp, dstp, sb, top)) == 0 &&
		    sb->st_nlink > 1)
			cp_remember(c, sb, dstp);
		return error;
	default:	/* devices, fifos, sockets */
		if ((error = cp_node(c, dstp, sb)) == 0)
			cp_attrs(c, dstp, sb);
		return error;
	}
}

static int
cp_one(struct copyctx *c, const char *srcp, const char *dstp, bool top)
{
	struct rump_stat sb;
	int error;

	if ((error = c->src->lstat(c->src, srcp, &sb)) != 0) {
		cp_fail(c, c->src, srcp, error);
		return error;
	}
	if (c->o->verbose)
		fprintf(stderr, "%s -> %s\n", srcp, dstp);
	error = cp_kind(c, srcp, dstp, &sb, top);
	if (error) {
		cp_fail(c, error == EINTR ? c->src : c->dst,
		    error == EINTR ? srcp : dstp, error);
		return error;
	}
	c->files++;
	cp_progress(c, false);
	return 0;
}

int
fsu_copy(const struct fsu_side *src, char **srcs, int nsrcs,
    const struct fsu_side *dst, const char *dstpath,
    const struct fsu_copyopts *o)
{
	struct copyctx c = { .src = src, .dst = dst, .o = o };
	struct rump_stat sb;
	bool intodir;
	int i;

	/* the named destination may be a symlink to a directory, as cp's */
	intodir = dst->stat(dst, dstpath, &sb) == 0 &&
	    S_FMT(sb.st_mode) == 0040000;
	if (nsrcs > 1 && !intodir) {
		cp_warn(dst, dstpath, ENOTDIR);
		return 1;
	}
	if ((c.buf = malloc(CP_CHUNK)) == NULL) {
		cp_warn(dst, dstpath, ENOMEM);
		return 1;
	}
	for (i = 0; i < nsrcs && !fsu_interrupted; i++) {
		char *d = intodir ? fsu_join(dstpath, fsu_basename(srcs[i])) :
		    strdup(dstpath);

		if (d == NULL) {
			cp_fail(&c, src, srcs[i], ENOMEM);
			continue;
		}
		cp_one(&c, srcs[i], d, true);
		free(d);
	}
	cp_progress(&c, true);
	for (size_t k = 0; k < c.nlinks; k++)
		free(c.links[k].path);
	free(c.links);
	free(c.buf);
	return fsu_interrupted ? 1 : c.rv;
}
