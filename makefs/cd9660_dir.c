/*
 * Directories (ECMA-119 9.1, 6.8.1): "." and ".." first, then the
 * entries in name order; a record never crosses a sector.  A file past
 * one extent's 4 GiB - 2 KiB has a record per extent, all but the last
 * flagged multi-extent (level 3).  The same walk measures a directory
 * while planning and writes it after, so the two agree.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cd9660.h"

#define C9_FDIR		0x02
#define C9_FMULTI	0x80

/* the fixed part of a record; its length before any system use */
size_t
c9_dirrec(unsigned char *p, uint32_t lba, uint64_t size, int64_t when,
    unsigned flags, const struct c9_name *name)
{
	size_t len = 33 + name->len + (name->len % 2 == 0);

	if (p == NULL)
		return len;
	memset(p, 0, len);
	p[0] = (unsigned char)len;
	c9_both32(p + 2, lba);
	c9_both32(p + 10, (uint32_t)size);
	c9_time7(p + 18, when);
	p[25] = (unsigned char)flags;
	c9_both16(p + 28, 1);
	p[32] = (unsigned char)name->len;
	memcpy(p + 33, name->b, name->len);
	return len;
}

struct c9_emit {
	const struct c9_opts *co;
	struct c9_image *im;
	const struct mkfs_opts *o;
	bool jol;
	unsigned char *buf, *ce;	/* NULL: measuring */
	size_t pos;
};

static int64_t
c9_when(const struct c9_emit *e, const struct c9_node *n)
{
	if (e->o->timeset || n->src == NULL)
		return e->im->now;
	return n->src->st.st_mtim.tv_sec;
}

/* one record of n; its extent lba, size bytes */
static int
c9_emit_rec(struct c9_emit *e, const struct c9_node *n, enum c9_rec rec,
    const struct c9_name *name, uint32_t lba, uint64_t size, unsigned flags)
{
	struct c9_su su;
	size_t base = c9_dirrec(NULL, 0, 0, 0, 0, name), in = 0, len;
	unsigned char *p;

	su.len = 0;
	if (!e->jol && e->co->rr &&
	    c9_rr_entries(e->im, n, rec, e->o, &su) != 0)
		return -1;
	in = c9_rr_split(&su, C9_MAXREC - 1 - base);
	len = base + in + (in < su.len ? 28 : 0);
	len += len % 2;
	if (e->pos % C9_SECTOR + len > C9_SECTOR)
		e->pos = mkfs_roundup(e->pos, C9_SECTOR);
	p = e->buf != NULL ? e->buf + e->pos : NULL;
	if (p != NULL) {
		c9_dirrec(p, lba, size, c9_when(e, rec == C9_DOTDOT &&
		    n->rrparent != NULL ? n->rrparent : n), flags, name);
		p[0] = (unsigned char)len;
		memcpy(p + base, su.b, in);
		memset(p + base + in, 0, len - base - in);
	}
	if (in < su.len)
		c9_rr_ce(e->im, &su, in, p != NULL ? p + base + in : NULL,
		    e->ce);
	e->pos += len;
	return 0;
}

/* a file's records, one per extent */
static int
c9_emit_file(struct c9_emit *e, const struct c9_node *n,
    const struct c9_name *name)
{
	const struct c9_node *f = n->first != NULL ? n->first : n;
	uint64_t left = f->datasize, lba = f->datalba, k;

	do {
		k = left > C9_MAXEXTENT ? C9_MAXEXTENT : left;
		if (c9_emit_rec(e, n, C9_SELF, name, (uint32_t)lba, k,
		    left > k ? C9_FMULTI : 0) != 0)
			return -1;
		left -= k;
		lba += k / C9_SECTOR;
	} while (left > 0);
	return 0;
}

static int
c9_emit_kid(struct c9_emit *e, const struct c9_node *n)
{
	const struct c9_name *name = e->jol ? &n->jol : &n->iso;

	if (n->reloc != NULL)	/* Rock Ridge's CL leads on */
		return c9_emit_rec(e, n, C9_SELF, name, n->reloc->lba, 0, 0);
	if (n->isdir)
		return c9_emit_rec(e, n, C9_SELF, name, e->jol ? n->jlba :
		    n->lba, e->jol ? n->jsize : n->size, C9_FDIR);
	return c9_emit_file(e, n, name);
}

int
c9_dir_emit(const struct c9_opts *co, struct c9_image *im,
    const struct mkfs_opts *o, const struct c9_node *d, bool jol,
    unsigned char *buf, unsigned char *ce, uint32_t *sizep)
{
	static const struct c9_name dot = { { 0 }, 1 }, dotdot = { { 1 }, 1 };
	struct c9_emit e = { co, im, o, jol, buf, ce, 0 };
	const struct c9_node *up = jol ? d->rrparent : d->parent;
	size_t i, n = jol ? d->njkids : d->nkids;

	if (up == NULL)
		up = d;
	if (c9_emit_rec(&e, d, C9_DOT, &dot, jol ? d->jlba : d->lba,
	    jol ? d->jsize : d->size, C9_FDIR) != 0 ||
	    c9_emit_rec(&e, d, C9_DOTDOT, &dotdot, jol ? up->jlba : up->lba,
	    jol ? up->jsize : up->size, C9_FDIR) != 0)
		return -1;
	for (i = 0; i < n; i++)
		if (c9_emit_kid(&e, jol ? d->jkids[i] : d->kids[i]) != 0)
			return -1;
	*sizep = (uint32_t)mkfs_roundup(e.pos, C9_SECTOR);
	return 0;
}

static int
c9_write_tree(const struct c9_opts *co, const struct mkfs_opts *o,
    struct c9_image *im, int fd, bool jol, unsigned char *ce)
{
	struct c9_node **v = jol ? im->jdirs : im->dirs;
	size_t nv = jol ? im->njdirs : im->ndirs, i;
	unsigned char *buf;
	uint32_t size;
	int r = 0;

	for (i = 0; i < nv && r == 0; i++) {
		size = jol ? v[i]->jsize : v[i]->size;
		if ((buf = calloc(1, size)) == NULL) {
			mkfs_warnx("%s: %s", o->image, strerror(ENOMEM));
			return -1;
		}
		r = c9_dir_emit(co, im, o, v[i], jol, buf, ce, &size);
		if (r == 0 && mkfs_pwrite(fd, buf, size, (uint64_t)(jol ?
		    v[i]->jlba : v[i]->lba) * C9_SECTOR) != 0) {
			mkfs_warnx("%s: %s", o->image, strerror(errno));
			r = -1;
		}
		free(buf);
	}
	return r;
}

/* both trees, then the continuation areas their records point to */
int
c9_write_dirs(const struct c9_opts *co, const struct mkfs_opts *o,
    struct c9_image *im, int fd)
{
	size_t celen = (size_t)im->cesecs * C9_SECTOR;
	unsigned char *ce = calloc(1, celen ? celen : 1);
	int r;

	if (ce == NULL) {
		mkfs_warnx("%s: %s", o->image, strerror(ENOMEM));
		return -1;
	}
	im->ceoff = 0;
	r = c9_write_tree(co, o, im, fd, false, ce);
	if (r == 0 && co->joliet)
		r = c9_write_tree(co, o, im, fd, true, ce);
	if (r == 0 && celen > 0 && mkfs_pwrite(fd, ce, celen,
	    (uint64_t)im->celba * C9_SECTOR) != 0) {
		mkfs_warnx("%s: %s", o->image, strerror(errno));
		r = -1;
	}
	free(ce);
	return r;
}
