/*
 * The source trees, read into one tree: several directories merged (a
 * directory in two sources is one, with the entries of both; a file in
 * two is the later one), entries sorted by name so that the image does
 * not depend on the order readdir gives, every file checked readable
 * before anything is written, and hard links found.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "makefs.h"
#include "makefs_spec.h"

/* a node not (or no longer) in the tree */
static void
mkfs_node_drop(struct mkfs_node *n, bool keephost)
{
	free(n->name);
	if (!keephost)
		free(n->host);
	free(n->path);
	free(n);
}

struct mkfs_node *
mkfs_node_new(const struct mkfs_node *dir, const char *name,
    const char *host, const struct stat *st)
{
	struct mkfs_node *n = calloc(1, sizeof(*n));

	if (n == NULL)
		return NULL;
	n->name = strdup(name);
	n->host = strdup(host);
	if (dir == NULL)
		n->path = strdup("/");
	else if (asprintf(&n->path, "%s%s%s", dir->path,
	    dir->path[1] != '\0' ? "/" : "", name) < 0)
		n->path = NULL;
	if (n->name == NULL || n->host == NULL || n->path == NULL) {
		mkfs_node_drop(n, false);
		return NULL;
	}
	n->st = *st;
	return n;
}

int
mkfs_nodev_push(struct mkfs_node ***vp, size_t *np, size_t *capp,
    struct mkfs_node *n)
{
	void *v = mkfs_grow(*vp, *np, capp, sizeof(**vp));

	if (v == NULL)
		return -1;
	*vp = v;
	(*vp)[(*np)++] = n;
	return 0;
}

static int
mkfs_kid_append(struct mkfs_node *dir, struct mkfs_node *n)
{
	return mkfs_nodev_push(&dir->kids, &dir->nkids, &dir->capkids, n);
}

static int
mkfs_kid_cmp(const void *a, const void *b)
{
	const struct mkfs_node *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* among the first n kids (sorted) of dir */
struct mkfs_node *
mkfs_kid_find(const struct mkfs_node *dir, size_t n, const char *name)
{
	struct mkfs_node key = { .name = (char *)name }, *kp = &key, **found;

	if (n == 0)
		return NULL;
	found = bsearch(&kp, dir->kids, n, sizeof(*dir->kids), mkfs_kid_cmp);
	return found != NULL ? *found : NULL;
}

/* a regular file we cannot open now would fail half way through */
static int
mkfs_readable(const char *host, const struct stat *st)
{
	int fd;

	if (!S_ISREG(st->st_mode))
		return 0;
	if ((fd = open(host, O_RDONLY | O_NOFOLLOW)) == -1) {
		mkfs_warnx("%s: %s", host, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

static int mkfs_walk_dir(struct mkfs_node *dir, const char *host,
    const struct mkfs_opts *o, struct mkfs_tree *t);

/* n where it sorts among dir's kids, all of them sorted */
static int
mkfs_kid_insert(struct mkfs_node *dir, struct mkfs_node *n)
{
	size_t lo = 0, hi;

	if (mkfs_kid_append(dir, n) != 0)
		return -1;
	hi = dir->nkids - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dir->kids[mid]->name, n->name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&dir->kids[lo + 1], &dir->kids[lo],
	    (dir->nkids - 1 - lo) * sizeof(*dir->kids));
	dir->kids[lo] = n;
	return 0;
}

int
mkfs_tree_put(struct mkfs_tree *t, struct mkfs_node *dir, size_t nsorted,
    struct mkfs_node *n, const struct mkfs_opts *o, struct mkfs_node **np)
{
	struct mkfs_node *old = mkfs_kid_find(dir, nsorted, n->name);
	mode_t m = n->st.st_mode;
	int r;

	*np = NULL;
	if (old != NULL && S_ISDIR(old->st.st_mode) != S_ISDIR(m)) {
		mkfs_warnx("%s: a %s here, a %s in an earlier source", n->host,
		    S_ISDIR(m) ? "directory" : "file",
		    S_ISDIR(old->st.st_mode) ? "directory" : "file");
		mkfs_node_drop(n, false);
		return -1;
	}
	if (old != NULL && S_ISDIR(m)) {	/* one directory of both */
		mkfs_node_drop(n, false);
		*np = old;
		return 0;
	}
	if ((r = o->type->check(o->fsopts, dir, n)) != 0) {
		mkfs_node_drop(n, false);	/* 1: left out, said why */
		return r > 0 ? 0 : -1;
	}
	if (old != NULL) {	/* the later source's file wins */
		free(old->host);
		old->host = n->host;
		old->st = n->st;
		mkfs_node_drop(n, true);
		*np = old;
		return 0;
	}
	if ((nsorted == dir->nkids ? mkfs_kid_insert(dir, n) :
	    mkfs_kid_append(dir, n)) != 0) {
		mkfs_warnx("%s: %s", n->host, strerror(ENOMEM));
		mkfs_node_drop(n, false);
		return -1;
	}
	t->nodes++;
	*np = n;
	return 0;
}

/* one entry of a host directory, into dir (holding nsorted old kids) */
static int
mkfs_walk_entry(struct mkfs_node *dir, size_t nsorted, const char *name,
    const char *host, const struct mkfs_opts *o, struct mkfs_tree *t)
{
	struct mkfs_node *n;
	struct stat st;

	if (lstat(host, &st) != 0) {
		mkfs_warnx("%s: %s", host, strerror(errno));
		return -1;
	}
	if (o->imgfound && st.st_dev == o->imgdev && st.st_ino == o->imgino) {
		mkfs_warnx("%s: left out: the image being made", host);
		return 0;
	}
	if (mkfs_readable(host, &st) != 0)
		return -1;
	if ((n = mkfs_node_new(dir, name, host, &st)) == NULL) {
		mkfs_warnx("%s: %s", host, strerror(ENOMEM));
		return -1;
	}
	if (mkfs_tree_put(t, dir, nsorted, n, o, &n) != 0)
		return -1;
	return n != NULL && S_ISDIR(st.st_mode) ? mkfs_walk_dir(n, host, o,
	    t) : 0;
}

static int
mkfs_walk_dir(struct mkfs_node *dir, const char *host,
    const struct mkfs_opts *o, struct mkfs_tree *t)
{
	size_t nsorted = dir->nkids;
	struct dirent *de;
	char *sub;
	DIR *d;
	int r = 0;

	if ((d = opendir(host)) == NULL) {
		mkfs_warnx("%s: %s", host, strerror(errno));
		return -1;
	}
	while (r == 0 && (errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (asprintf(&sub, "%s/%s", host, de->d_name) < 0) {
			mkfs_warnx("%s: %s", host, strerror(ENOMEM));
			r = -1;
			break;
		}
		r = mkfs_walk_entry(dir, nsorted, de->d_name, sub, o, t);
		free(sub);
	}
	if (r == 0 && de == NULL && errno != 0) {
		mkfs_warnx("%s: %s", host, strerror(errno));
		r = -1;
	}
	closedir(d);
	if (dir->nkids > 1)
		qsort(dir->kids, dir->nkids, sizeof(*dir->kids),
		    mkfs_kid_cmp);
	return r;
}

int
mkfs_tree_add(struct mkfs_tree *t, const char *hostdir,
    const struct mkfs_opts *o)
{
	struct stat st;

	if (stat(hostdir, &st) != 0) {
		mkfs_warnx("%s: %s", hostdir, strerror(errno));
		return -1;
	}
	if (S_ISREG(st.st_mode))
		return mkfs_archive_add(t, hostdir, o);
	if (!S_ISDIR(st.st_mode)) {
		mkfs_warnx("%s: not a directory or an archive", hostdir);
		return -1;
	}
	/* the root takes the first source's owner, mode and times */
	if (t->root == NULL &&
	    (t->root = mkfs_node_new(NULL, "", hostdir, &st)) == NULL) {
		mkfs_warnx("%s: %s", hostdir, strerror(ENOMEM));
		return -1;
	}
	return mkfs_walk_dir(t->root, hostdir, o, t);
}

int
mkfs_tree_walk(const struct mkfs_node *n, mkfs_visitfn fn, void *ctx)
{
	int r;

	for (size_t i = 0; i < n->nkids; i++) {
		if ((r = fn(ctx, n, n->kids[i])) != 0)
			return r;
		if (S_ISDIR(n->kids[i]->st.st_mode) &&
		    (r = mkfs_tree_walk(n->kids[i], fn, ctx)) != 0)
			return r;
	}
	return 0;
}

/* the node at path ("a/b", no dots), or NULL */
struct mkfs_node *
mkfs_tree_lookup(const struct mkfs_tree *t, const char *path)
{
	struct mkfs_node *n = t->root;
	const char *p = path, *slash;
	char name[NAME_MAX + 1];

	while (n != NULL && *p != '\0') {
		slash = strchrnul(p, '/');
		if ((size_t)(slash - p) > NAME_MAX)
			return NULL;
		memcpy(name, p, (size_t)(slash - p));
		name[slash - p] = '\0';
		n = S_ISDIR(n->st.st_mode) ? mkfs_kid_find(n, n->nkids, name) :
		    NULL;
		p = *slash == '/' ? slash + 1 : slash;
	}
	return n;
}

/* n and what is below it; the count of nodes freed */
uint64_t
mkfs_node_free(struct mkfs_node *n)
{
	uint64_t count = 1;

	for (size_t i = 0; i < n->nkids; i++)
		count += mkfs_node_free(n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->host);
	free(n->path);
	free(n);
	return count;
}

void
mkfs_tree_free(struct mkfs_tree *t)
{
	if (t->root != NULL)
		mkfs_node_free(t->root);
	t->root = NULL;
	mkfs_scratch_remove();
}
