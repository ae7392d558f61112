/*
 * -F specfile: an mtree(5) specification, read by libarchive, applied
 * to the tree as NetBSD's makefs does.  An entry the tree has gets the
 * spec's type (a different one is an error), mode, owner, time, link
 * target and device; what the spec
 * leaves unsaid stays as the first source directory has it (libarchive
 * reads it from there: "checkfs", with that directory as the current
 * one).  An entry the tree lacks is made from the spec (a regular file
 * empty, or from contents=), unless it is optional.  -x leaves out what
 * the spec does not name.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "makefs_spec.h"

static const char *mkfs_specfile;
static bool mkfs_specx;

struct mkfs_spec {
	struct archive *a;
	const struct mkfs_opts *o;
	struct mkfs_tree *t;
	bool checkfs;			/* unsaid keywords come from disk */
	bool flagsaid;
	struct mkfs_node **named;	/* what the spec names, for -x */
	size_t nnamed, capnamed;
};

int
mkfs_spec_set(const char *file)
{
	if (mkfs_specfile != NULL) {
		mkfs_warnx("-F %s: only one spec", file);
		return -1;
	}
	mkfs_specfile = file;
	return 0;
}

void
mkfs_spec_exclude(void)
{
	mkfs_specx = true;
}

/* uname/gname, when given without a uid/gid: -N's database or the host's */
static int
mkfs_spec_owner(struct archive_entry *e, const char *what)
{
	const char *un = archive_entry_uname(e), *gn = archive_entry_gname(e);
	uint32_t id;

	if (un != NULL && archive_entry_uid(e) == 0 &&
	    strcmp(un, "root") != 0) {
		if (mkfs_user_id(what, un, &id) != 0)
			return -1;
		archive_entry_set_uid(e, id);
	}
	if (gn != NULL && archive_entry_gid(e) == 0 &&
	    strcmp(gn, "wheel") != 0 && strcmp(gn, "root") != 0) {
		if (mkfs_group_id(what, gn, &id) != 0)
			return -1;
		archive_entry_set_gid(e, id);
	}
	return 0;
}

/*
 * A symbolic link's target, as the spec says.  (No size check: the
 * mtree reader reports a size for every entry, the spec's or the
 * disk's, so that a size the spec does not give cannot be told apart.)
 */
static int
mkfs_spec_link(struct mkfs_node *n, struct archive_entry *e,
    const char *what)
{
	const char *to = archive_entry_symlink(e);
	char *host;

	if (!S_ISLNK(n->st.st_mode) || to == NULL)
		return 0;
	if ((host = mkfs_scratch_symlink(to, what)) == NULL)
		return -1;
	free(n->host);
	n->host = host;
	n->st.st_size = (off_t)strlen(to);
	return 0;
}

/* the spec onto a node the tree has; said: from the spec or disk */
static int
mkfs_spec_node(struct mkfs_spec *s, struct mkfs_node *n,
    struct archive_entry *e, const char *what)
{
	mode_t type = archive_entry_filetype(e), perm = archive_entry_perm(e);
	bool said = s->checkfs && archive_entry_ino_is_set(e);

	if (type != (n->st.st_mode & S_IFMT)) {
		mkfs_warnx("%s: another type in the spec than in the tree",
		    what);
		return -1;
	}
	if (said || perm != 0)
		n->st.st_mode = type | perm;
	if (said || archive_entry_uid(e) != 0 || archive_entry_uname(e))
		n->st.st_uid = (uid_t)archive_entry_uid(e);
	if (said || archive_entry_gid(e) != 0 || archive_entry_gname(e))
		n->st.st_gid = (gid_t)archive_entry_gid(e);
	if (archive_entry_mtime_is_set(e)) {
		n->st.st_mtim.tv_sec = archive_entry_mtime(e);
		n->st.st_mtim.tv_nsec = archive_entry_mtime_nsec(e);
		n->st.st_atim = n->st.st_mtim;
	}
	if ((S_ISCHR(type) || S_ISBLK(type)) &&
	    (said || archive_entry_rdev(e) != 0))
		n->st.st_rdev = archive_entry_rdev(e);
	return mkfs_spec_link(n, e, what);
}

static int
mkfs_spec_named(struct mkfs_spec *s, struct mkfs_node *n)
{
	if (n == NULL)		/* left out by the type */
		return 0;
	if (mkfs_nodev_push(&s->named, &s->nnamed, &s->capnamed, n) != 0) {
		mkfs_warnx("%s: %s", mkfs_specfile, strerror(ENOMEM));
		return -1;
	}
	return 0;
}

static int
mkfs_spec_entry(struct mkfs_spec *s, struct archive_entry *e)
{
	char path[PATH_MAX], what[PATH_MAX + 64];
	struct mkfs_node *n;

	if (mkfs_archive_path(archive_entry_pathname(e), path,
	    sizeof(path)) != 0) {
		mkfs_warnx("%s: %s: a path with .. or too long", mkfs_specfile,
		    archive_entry_pathname(e));
		return -1;
	}
	snprintf(what, sizeof(what), "%s: %s", mkfs_specfile,
	    *path ? path : ".");
	if (mkfs_spec_owner(e, what) != 0)
		return -1;
	if (archive_entry_fflags_text(e) != NULL && !s->flagsaid) {
		mkfs_warnx("%s: flags are not kept", what);
		s->flagsaid = true;
	}
	if ((n = mkfs_tree_lookup(s->t, path)) != NULL)
		return mkfs_spec_node(s, n, e, what) != 0 ? -1 :
		    mkfs_spec_named(s, n);
	/* not in the tree: made as the spec says, at -T's time or now */
	if (!archive_entry_mtime_is_set(e))
		archive_entry_set_mtime(e, s->o->timeset ? s->o->timestamp :
		    time(NULL), 0);
	if (mkfs_archive_entry(s->t, mkfs_specfile, s->a, e, path, s->o) != 0)
		return -1;
	return mkfs_spec_named(s, mkfs_tree_lookup(s->t, path));
}

static int
mkfs_spec_ptrcmp(const void *a, const void *b)
{
	const struct mkfs_node *const *x = a, *const *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* -x: what the spec does not name goes, with what is below it */
static void
mkfs_spec_prune(struct mkfs_spec *s, struct mkfs_node *dir)
{
	size_t i, keep = 0;

	for (i = 0; i < dir->nkids; i++) {
		struct mkfs_node *k = dir->kids[i];

		if (bsearch(&k, s->named, s->nnamed, sizeof(*s->named),
		    mkfs_spec_ptrcmp) == NULL) {
			s->t->nodes -= mkfs_node_free(k);
			continue;
		}
		if (S_ISDIR(k->st.st_mode))
			mkfs_spec_prune(s, k);
		dir->kids[keep++] = k;
	}
	dir->nkids = keep;
}

static int
mkfs_spec_read(struct mkfs_spec *s)
{
	struct archive_entry *e;
	int r;

	while ((r = archive_read_next_header(s->a, &e)) != ARCHIVE_EOF) {
		if (r == ARCHIVE_WARN) {	/* a spec is exact */
			mkfs_warnx("%s: %s: %s", mkfs_specfile,
			    archive_entry_pathname(e),
			    archive_error_string(s->a));
			return -1;
		}
		if (r != ARCHIVE_OK) {
			mkfs_warnx("%s: %s", mkfs_specfile,
			    archive_error_string(s->a));
			return -1;
		}
		if (mkfs_spec_entry(s, e) != 0)
			return -1;
	}
	return 0;
}

/* the spec, read with dir as the current directory when it is one */
static int
mkfs_spec_open(struct mkfs_spec *s, const char *dir, int *cwdp)
{
	struct stat st;

	if ((s->a = archive_read_new()) == NULL) {
		mkfs_warnx("%s: %s", mkfs_specfile, strerror(ENOMEM));
		return -1;
	}
	archive_read_support_format_mtree(s->a);
	s->checkfs = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (s->checkfs && archive_read_set_format_option(s->a, "mtree",
	    "checkfs", "1") != ARCHIVE_OK) {
		mkfs_warnx("%s: %s", mkfs_specfile,
		    archive_error_string(s->a));
		return -1;
	}
	/* opened here, before the chdir */
	if (archive_read_open_filename(s->a, mkfs_specfile, 64 * 1024) !=
	    ARCHIVE_OK) {
		mkfs_warnx("%s: %s", mkfs_specfile,
		    archive_error_string(s->a));
		return -1;
	}
	if (s->checkfs && ((*cwdp = open(".", O_RDONLY | O_DIRECTORY)) == -1 ||
	    chdir(dir) != 0)) {
		mkfs_warnx("%s: %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int
mkfs_spec_apply(struct mkfs_tree *t, const char *dir,
    const struct mkfs_opts *o)
{
	struct mkfs_spec s = { .o = o, .t = t };
	int cwd = -1, r;

	if (mkfs_specfile == NULL)
		return 0;
	r = mkfs_spec_open(&s, dir, &cwd);
	if (r == 0)
		r = mkfs_spec_read(&s);
	if (cwd != -1) {
		if (fchdir(cwd) != 0 && r == 0) {
			mkfs_warnx(".: %s", strerror(errno));
			r = -1;
		}
		close(cwd);
	}
	if (s.a != NULL)
		archive_read_free(s.a);
	if (r == 0 && mkfs_specx) {
		qsort(s.named, s.nnamed, sizeof(*s.named), mkfs_spec_ptrcmp);
		mkfs_spec_prune(&s, t->root);
	}
	free(s.named);
	return r;
}
