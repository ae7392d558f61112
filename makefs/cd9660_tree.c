/*
 * The image's tree from the source tree.  ISO 9660 holds eight levels
 * of directories (ECMA-119 6.8.2.1); with Rock Ridge a deeper one moves
 * to /RR_MOVED and a file with a CL entry stands in its place (RRIP
 * 4.1.5), without it the tree is refused unless allow-deep-trees says
 * to write it anyway.  Joliet's tree is the source's as it is.
 */
#include <stdlib.h>
#include <string.h>

#include "cd9660.h"

/* the files with other names, by their source node */
struct c9_linkmap {
	const struct mkfs_node **key;
	struct c9_node **val;
	size_t mask;
};

struct c9_build {
	struct c9_opts *co;
	struct c9_image *im;
	struct c9_linkmap lm;
};

static size_t
c9_ptrhash(const void *p, size_t mask)
{
	return ((uintptr_t)p >> 4) * 2654435761u & mask;
}

/* the first name's node, or where it goes */
static struct c9_node **
c9_link_slot(struct c9_linkmap *lm, const struct mkfs_node *src)
{
	size_t i = c9_ptrhash(src, lm->mask);

	while (lm->key[i] != NULL && lm->key[i] != src)
		i = (i + 1) & lm->mask;
	lm->key[i] = src;
	return &lm->val[i];
}

int
c9_kid_add(struct c9_node ***vp, size_t *np, size_t *capp,
    struct c9_node *n)
{
	void *v = mkfs_grow(*vp, *np, capp, sizeof(**vp));

	if (v == NULL)
		return -1;
	*vp = v;
	(*vp)[(*np)++] = n;
	return 0;
}

static struct c9_node *
c9_node_new(struct c9_build *b, const struct mkfs_node *src,
    struct c9_node *parent)
{
	struct c9_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->src = src;
	n->isdir = src == NULL || S_ISDIR(src->st.st_mode);
	n->parent = n->rrparent = parent;
	n->depth = parent != NULL ? parent->depth + 1 : 1;
	n->ino = ++b->im->inos;
	n->nlink = n->isdir ? 2 : 1;
	if (parent != NULL && n->isdir)
		parent->nlink++;
	return n;
}

/* a directory too deep: into /RR_MOVED, a placeholder where it was */
static int
c9_relocate(struct c9_build *b, struct c9_node *n)
{
	struct c9_image *im = b->im;
	struct c9_node *p;

	if (im->rrmoved == NULL) {
		if ((im->rrmoved = c9_node_new(b, NULL, im->root)) == NULL ||
		    c9_kid_add(&im->root->kids, &im->root->nkids,
		    &im->root->capkids, im->rrmoved) != 0)
			return -1;
	}
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	p->src = n->src;
	p->parent = p->rrparent = n->parent;
	p->reloc = n;
	p->ino = n->ino;
	n->moved = p;
	if (c9_kid_add(&n->parent->kids, &n->parent->nkids,
	    &n->parent->capkids, p) != 0) {
		free(p);
		return -1;
	}
	n->parent = im->rrmoved;
	n->depth = im->rrmoved->depth + 1;
	return c9_kid_add(&im->rrmoved->kids, &im->rrmoved->nkids,
	    &im->rrmoved->capkids, n);
}

/* where n goes in ISO 9660's tree; -1 after one line */
static int
c9_place(struct c9_build *b, struct c9_node *n)
{
	struct c9_node *d = n->parent;

	if (!n->isdir || n->depth <= C9_MAXDEPTH || b->co->deep)
		return c9_kid_add(&d->kids, &d->nkids, &d->capkids, n);
	if (!b->co->rr) {
		mkfs_warnx("%s: deeper than %d levels: -o rockridge moves it, "
		    "-o allow-deep-trees keeps it", n->src->path, C9_MAXDEPTH);
		return -2;
	}
	return c9_relocate(b, n);
}

static int c9_build_dir(struct c9_build *b, struct c9_node *d,
    const struct mkfs_node *src);

static int
c9_build_kid(struct c9_build *b, struct c9_node *d, const struct mkfs_node *k)
{
	struct c9_node *n, **slot;
	int r;

	if ((n = c9_node_new(b, k, d)) == NULL)
		return -1;
	if (c9_kid_add(&d->jkids, &d->njkids, &d->capjkids, n) != 0) {
		free(n);
		return -1;
	}
	if ((r = c9_place(b, n)) != 0) {
		d->njkids--;	/* in no ISO directory: freed here */
		free(n);
		return r;
	}
	if (n->isdir)
		return c9_build_dir(b, n, k);
	if (k->st.st_nlink > 1 && S_ISREG(k->st.st_mode)) {
		slot = c9_link_slot(&b->lm, k->first != NULL ? k->first : k);
		if (*slot != NULL) {
			n->first = *slot;
			n->ino = (*slot)->ino;
			n->nlink = ++(*slot)->nlink;
			return 0;
		}
		*slot = n;
	}
	if (!S_ISREG(k->st.st_mode))
		return 0;	/* no data: a link's is in Rock Ridge */
	return c9_kid_add(&b->im->files, &b->im->nfiles, &b->im->capfiles,
	    n);
}

static int
c9_build_dir(struct c9_build *b, struct c9_node *d,
    const struct mkfs_node *src)
{
	int r;

	for (size_t i = 0; i < src->nkids; i++)
		if ((r = c9_build_kid(b, d, src->kids[i])) != 0)
			return r;
	return 0;
}

/* every directory's names, recorded and told apart */
static int
c9_names(struct c9_opts *co, struct c9_node *d)
{
	size_t i;

	for (i = 0; i < d->nkids; i++)
		if (c9_isoname(co, d->kids[i]) != 0)
			return -2;
	for (i = 0; co->joliet && i < d->njkids; i++)
		if (c9_jolname(d->jkids[i]) != 0)
			return -2;
	if (c9_unique(d->kids, d->nkids, false, co->level) != 0 ||
	    (co->joliet && c9_unique(d->jkids, d->njkids, true, 0) != 0))
		return -1;
	for (i = 0; i < d->nkids; i++)
		if (d->kids[i]->isdir && c9_names(co, d->kids[i]) != 0)
			return -1;
	return 0;
}

/* breadth first, each directory's in order: the path table's order */
static int
c9_order(struct c9_node *root, bool jol, struct c9_node ***vp, size_t *np)
{
	size_t cap = 0, i, k;

	*np = 0;
	if (c9_kid_add(vp, np, &cap, root) != 0)
		return -1;
	for (i = 0; i < *np; i++) {
		struct c9_node *d = (*vp)[i], **kids = jol ? d->jkids : d->kids;
		size_t n = jol ? d->njkids : d->nkids;

		for (k = 0; k < n; k++) {
			if (!kids[k]->isdir || kids[k]->reloc != NULL)
				continue;
			if (c9_kid_add(vp, np, &cap, kids[k]) != 0)
				return -1;
			if (jol)
				kids[k]->jptnum = (uint32_t)*np;
			else
				kids[k]->ptnum = (uint32_t)*np;
		}
	}
	root->ptnum = root->jptnum = 1;
	return 0;
}

int
c9_tree(struct c9_opts *co, const struct mkfs_opts *o,
    const struct mkfs_tree *t, struct c9_image *im)
{
	struct c9_build b = { .co = co, .im = im };
	size_t size = 64;
	int r;

	(void)o;
	while (size < 2 * t->nodes)
		size *= 2;
	b.lm.mask = size - 1;
	b.lm.key = calloc(size, sizeof(*b.lm.key));
	b.lm.val = calloc(size, sizeof(*b.lm.val));
	if (b.lm.key == NULL || b.lm.val == NULL ||
	    (im->root = c9_node_new(&b, t->root, NULL)) == NULL)
		r = -1;
	else
		r = c9_build_dir(&b, im->root, t->root);
	free(b.lm.key);
	free(b.lm.val);
	if (r == 0)
		r = c9_names(co, im->root);
	if (r == 0 && (c9_order(im->root, false, &im->dirs, &im->ndirs) != 0 ||
	    (co->joliet && c9_order(im->root, true, &im->jdirs,
	    &im->njdirs) != 0)))
		r = -1;
	if (r == -1)
		mkfs_warnx("%s: out of memory", o->image);
	if (r == 0 && (im->ndirs > UINT16_MAX || im->njdirs > UINT16_MAX)) {
		mkfs_warnx("%s: more than %u directories: past what a path "
		    "table can number", o->image, UINT16_MAX);
		r = -1;
	}
	return r == 0 ? 0 : -1;
}

static void
c9_node_free(struct c9_node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		c9_node_free(n->kids[i]);
	free(n->kids);
	free(n->jkids);
	free(n);
}

void
c9_tree_free(struct c9_image *im)
{
	if (im->root != NULL)
		c9_node_free(im->root);
	free(im->dirs);
	free(im->jdirs);
	free(im->files);
	memset(im, 0, sizeof(*im));
}
