/*
 * A tar archive (plain, gzip, bzip2, xz, zstd ...: whatever libarchive
 * reads) as a source: its entries are the tree, with the owners (the
 * numbers, not the names: the host's user database is not the image's),
 * modes, times, symbolic links, hard links and device nodes the archive
 * records.  Data and link targets go to scratch files (makefs_scratch.c)
 * for the writers to read.  Entries merge with the other sources as a
 * directory's do; a directory the archive names no entry for is made
 * root's, 0755.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>

#include "makefs_spec.h"

int
mkfs_archive_path(const char *in, char *out, size_t size)
{
	size_t len = 0, n;
	const char *p = in, *end;

	while (*p != '\0') {
		while (*p == '/')
			p++;
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return -1;
		if (n > 0 && !(n == 1 && p[0] == '.')) {
			if (len + n + 2 > size)
				return -1;
			if (len > 0)
				out[len++] = '/';
			memcpy(out + len, p, n);
			len += n;
		}
		p = end;
	}
	out[len] = '\0';
	return 0;
}

/* what the entry says of itself; the data's size comes later */
static void
mkfs_archive_stat(struct archive_entry *e, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = archive_entry_mode(e);
	st->st_uid = (uid_t)archive_entry_uid(e);
	st->st_gid = (gid_t)archive_entry_gid(e);
	st->st_nlink = S_ISDIR(st->st_mode) ? 2 : 1;
	st->st_rdev = archive_entry_rdev(e);
	st->st_mtim.tv_sec = archive_entry_mtime(e);
	st->st_mtim.tv_nsec = archive_entry_mtime_nsec(e);
	st->st_atim = st->st_mtim;
	if (archive_entry_atime_is_set(e)) {
		st->st_atim.tv_sec = archive_entry_atime(e);
		st->st_atim.tv_nsec = archive_entry_atime_nsec(e);
	}
	st->st_ctim = st->st_mtim;
}

/* the directory path's leaf goes in, made (root's, 0755) as needed */
static struct mkfs_node *
mkfs_archive_dirs(struct mkfs_tree *t, const char *what, char *path,
    const struct stat *like, const struct mkfs_opts *o, char **leafp)
{
	struct mkfs_node *dir = t->root, *n;
	char *p = path, *slash;
	struct stat st = *like;

	st.st_mode = S_IFDIR | 0755;
	st.st_uid = st.st_gid = 0;
	st.st_nlink = 2;
	st.st_size = 0;
	while ((slash = strchr(p, '/')) != NULL) {
		*slash = '\0';
		if ((n = mkfs_kid_find(dir, dir->nkids, p)) == NULL) {
			if ((n = mkfs_node_new(dir, p, what, &st)) == NULL) {
				mkfs_warnx("%s: %s", what, strerror(ENOMEM));
				return NULL;
			}
			if (mkfs_tree_put(t, dir, dir->nkids, n, o, &n) != 0)
				return NULL;
		}
		*slash = '/';
		if (n == NULL || !S_ISDIR(n->st.st_mode)) {
			mkfs_warnx("%s: %.*s is not a directory", what,
			    (int)(slash - path), path);
			return NULL;
		}
		dir = n;
		p = slash + 1;
	}
	*leafp = p;
	return dir;
}

/* a hard link: the node (and so the data) of an earlier entry */
static char *
mkfs_archive_hardlink(struct mkfs_tree *t, const char *what,
    const char *target, struct stat *st)
{
	char clean[PATH_MAX];
	struct mkfs_node *n = NULL;
	char *host;

	if (mkfs_archive_path(target, clean, sizeof(clean)) == 0)
		n = mkfs_tree_lookup(t, clean);
	if (n == NULL || S_ISDIR(n->st.st_mode)) {
		mkfs_warnx("%s: a hard link to %s, not a file before it",
		    what, target);
		return NULL;
	}
	if ((host = strdup(n->host)) == NULL) {
		mkfs_warnx("%s: %s", what, strerror(ENOMEM));
		return NULL;
	}
	n->st.st_nlink++;
	*st = n->st;
	return host;
}

/* where the writers find the entry's data; for the rest, its name */
static char *
mkfs_archive_host(struct mkfs_tree *t, struct archive *a,
    struct archive_entry *e, const char *what, struct stat *st)
{
	const char *hl = archive_entry_hardlink(e);
	char *host;

	if (hl != NULL)
		return mkfs_archive_hardlink(t, what, hl, st);
	if (S_ISREG(st->st_mode))
		return mkfs_scratch_data(a, e, what, st);
	if (S_ISLNK(st->st_mode)) {
		const char *to = archive_entry_symlink(e);

		if (to == NULL || *to == '\0') {
			mkfs_warnx("%s: a symbolic link to nothing", what);
			return NULL;
		}
		st->st_size = (off_t)strlen(to);
		return mkfs_scratch_symlink(to, what);
	}
	if ((host = strdup(what)) == NULL)
		mkfs_warnx("%s: %s", what, strerror(ENOMEM));
	return host;
}

int
mkfs_archive_entry(struct mkfs_tree *t, const char *src, struct archive *a,
    struct archive_entry *e, const char *path, const struct mkfs_opts *o)
{
	struct mkfs_node *dir, *n;
	char *what, *copy, *leaf, *host = NULL;
	struct stat st;
	int r = -1;

	if (asprintf(&what, "%s: %s", src, path) < 0) {
		mkfs_warnx("%s: %s", src, strerror(ENOMEM));
		return -1;
	}
	mkfs_archive_stat(e, &st);
	if ((copy = strdup(path)) == NULL)
		mkfs_warnx("%s: %s", what, strerror(ENOMEM));
	else if ((dir = mkfs_archive_dirs(t, what, copy, &st, o, &leaf)) !=
	    NULL && (host = mkfs_archive_host(t, a, e, what, &st)) != NULL) {
		/* named as in the archive while the type checks it */
		if ((n = mkfs_node_new(dir, leaf, what, &st)) == NULL)
			mkfs_warnx("%s: %s", what, strerror(ENOMEM));
		else if ((r = mkfs_tree_put(t, dir, dir->nkids, n, o, &n)) ==
		    0 && n != NULL && !S_ISDIR(n->st.st_mode)) {
			free(n->host);
			n->host = host;
			host = NULL;
		}
	}
	free(host);
	free(copy);
	free(what);
	return r;
}

/* the first source makes the root: the archive's "." entry, if any */
static int
mkfs_archive_root(struct mkfs_tree *t, const char *file)
{
	struct stat st = { .st_mode = S_IFDIR | 0755, .st_nlink = 2 };

	st.st_mtim.tv_sec = time(NULL);
	st.st_atim = st.st_ctim = st.st_mtim;
	if ((t->root = mkfs_node_new(NULL, "", file, &st)) == NULL) {
		mkfs_warnx("%s: %s", file, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static int
mkfs_archive_read(struct mkfs_tree *t, const char *file, struct archive *a,
    bool ownroot, const struct mkfs_opts *o)
{
	struct archive_entry *e;
	char path[PATH_MAX];
	int r;

	while ((r = archive_read_next_header(a, &e)) != ARCHIVE_EOF) {
		if (r == ARCHIVE_WARN)
			mkfs_warnx("%s: %s", file, archive_error_string(a));
		else if (r != ARCHIVE_OK) {
			mkfs_warnx("%s: %s", file, archive_error_string(a));
			return -1;
		}
		if (mkfs_archive_path(archive_entry_pathname(e), path,
		    sizeof(path)) != 0) {
			mkfs_warnx("%s: %s: a path with .. or too long", file,
			    archive_entry_pathname(e));
			return -1;
		}
		if (*path == '\0') {	/* ".": the root's attributes */
			if (ownroot && S_ISDIR(archive_entry_mode(e)))
				mkfs_archive_stat(e, &t->root->st);
			continue;
		}
		if (mkfs_archive_entry(t, file, a, e, path, o) != 0)
			return -1;
	}
	return 0;
}

int
mkfs_archive_add(struct mkfs_tree *t, const char *file,
    const struct mkfs_opts *o)
{
	struct archive *a = archive_read_new();
	bool ownroot = t->root == NULL;
	int r;

	if (a == NULL) {
		mkfs_warnx("%s: %s", file, strerror(ENOMEM));
		return -1;
	}
	archive_read_support_filter_all(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	if (archive_read_open_filename(a, file, 64 * 1024) != ARCHIVE_OK) {
		mkfs_warnx("%s: %s", file, archive_error_string(a));
		archive_read_free(a);
		return -1;
	}
	r = ownroot ? mkfs_archive_root(t, file) : 0;
	if (r == 0)
		r = mkfs_archive_read(t, file, a, ownroot, o);
	archive_read_free(a);
	return r;
}
