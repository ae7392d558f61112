/*
 * Trees that do not come from walking a directory: tar archives as
 * sources (makefs_archive.c) and mtree specifications applied with -F
 * (makefs_spec.c), both read through libarchive.  Their entries go into
 * the tree by the same merge rules as a directory's (makefs_tree.c);
 * what a format writer reads from n->host (file data, a link's target)
 * is put in a private scratch directory for them.
 */
#ifndef MAKEFS_SPEC_H
#define MAKEFS_SPEC_H

#include "makefs.h"

struct archive;
struct archive_entry;

/* makefs_tree.c: the tree as the readers build it */
struct mkfs_node *mkfs_node_new(const struct mkfs_node *dir,
    const char *name, const char *host, const struct stat *st);
struct mkfs_node *mkfs_kid_find(const struct mkfs_node *dir, size_t n,
    const char *name);
/*
 * n into dir, by the merge rules, among dir's first nsorted kids (all
 * of them: kept sorted): 0 with *np the node in the tree (NULL: left
 * out by the type), -1 after one line.  n is taken either way.
 */
int mkfs_tree_put(struct mkfs_tree *t, struct mkfs_node *dir,
    size_t nsorted, struct mkfs_node *n, const struct mkfs_opts *o,
    struct mkfs_node **np);
struct mkfs_node *mkfs_tree_lookup(const struct mkfs_tree *t,
    const char *path);
uint64_t mkfs_node_free(struct mkfs_node *n);
/* n onto a growing array of nodes; -1: out of memory */
int mkfs_nodev_push(struct mkfs_node ***vp, size_t *np, size_t *capp,
    struct mkfs_node *n);

/* makefs_archive.c: a tar archive (any compression) as a source */
int mkfs_archive_add(struct mkfs_tree *t, const char *file,
    const struct mkfs_opts *o);
/* path cleaned: no leading / or ./, no trailing /; -1 for ".." */
int mkfs_archive_path(const char *in, char *out, size_t size);
/* entry e of a at its path: its directories made as needed */
int mkfs_archive_entry(struct mkfs_tree *t, const char *src,
    struct archive *a, struct archive_entry *e, const char *path,
    const struct mkfs_opts *o);
/* a regular file's data or a symbolic link's target, as a host file */
char *mkfs_scratch_data(struct archive *a, struct archive_entry *e,
    const char *what, struct stat *st);
char *mkfs_scratch_symlink(const char *target, const char *what);
void mkfs_scratch_remove(void);

/* makefs_spec.c: -F and -x */
int mkfs_spec_set(const char *file);
void mkfs_spec_exclude(void);
/* the spec onto the tree; dir: the first source (what the spec's
 * unsaid keywords are taken from) */
int mkfs_spec_apply(struct mkfs_tree *t, const char *dir,
    const struct mkfs_opts *o);

#endif /* MAKEFS_SPEC_H */
