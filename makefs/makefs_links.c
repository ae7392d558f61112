/*
 * Hard links among the source files: the names of one host file (same
 * device and inode) after the first, in the tree's sorted order, become
 * links to it.  Directories are never linked.
 */
#include <stdlib.h>

#include "makefs.h"

struct mkfs_linked {
	struct mkfs_node *node;
	size_t order;			/* in the walk */
};

struct mkfs_linkv {
	struct mkfs_linked *v;
	size_t n, cap;
};

static int
mkfs_links_collect(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mkfs_linkv *lv = ctx;

	(void)dir;
	if (S_ISDIR(n->st.st_mode) || n->st.st_nlink < 2)
		return 0;
	if (lv->n == lv->cap) {
		size_t cap = lv->cap ? lv->cap * 2 : 64;
		void *p = realloc(lv->v, cap * sizeof(*lv->v));

		if (p == NULL)
			return -1;
		lv->v = p;
		lv->cap = cap;
	}
	lv->v[lv->n].node = (struct mkfs_node *)n;
	lv->v[lv->n].order = lv->n;
	lv->n++;
	return 0;
}

static bool
mkfs_links_same(const struct mkfs_linked *x, const struct mkfs_linked *y)
{
	return x->node->st.st_dev == y->node->st.st_dev &&
	    x->node->st.st_ino == y->node->st.st_ino;
}

/* by file, then by the order of the walk (the address is no order) */
static int
mkfs_links_cmp(const void *a, const void *b)
{
	const struct mkfs_linked *x = a, *y = b;
	const struct stat *s = &x->node->st, *t = &y->node->st;

	if (s->st_dev != t->st_dev)
		return s->st_dev < t->st_dev ? -1 : 1;
	if (s->st_ino != t->st_ino)
		return s->st_ino < t->st_ino ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int
mkfs_tree_links(struct mkfs_tree *t)
{
	struct mkfs_linkv lv = { NULL, 0, 0 };
	size_t i;

	if (t->root == NULL || mkfs_tree_walk(t->root, mkfs_links_collect,
	    &lv) != 0) {
		free(lv.v);
		return -1;
	}
	if (lv.n > 1)
		qsort(lv.v, lv.n, sizeof(*lv.v), mkfs_links_cmp);
	for (i = 1; i < lv.n; i++) {
		struct mkfs_node *prev = lv.v[i - 1].node;

		if (mkfs_links_same(&lv.v[i - 1], &lv.v[i]))
			lv.v[i].node->first = prev->first ? prev->first : prev;
	}
	free(lv.v);
	return 0;
}
