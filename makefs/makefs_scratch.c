/*
 * The scratch directory: what a format writer reads from a node's host
 * file (a regular file's data, a symbolic link's target) when the node
 * comes from an archive or a spec rather than a host directory.  One
 * private directory under $TMPDIR per run, its files numbered, all
 * removed with the tree.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "makefs_spec.h"

static char *mkfs_scratch_dir;
static unsigned long mkfs_scratch_count;

/* the name of the next scratch file, the directory made at first use */
static char *
mkfs_scratch_next(const char *what)
{
	const char *tmp = getenv("TMPDIR");
	char *name;

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	if (mkfs_scratch_dir == NULL) {
		if (asprintf(&mkfs_scratch_dir, "%s/makefs.XXXXXX", tmp) < 0) {
			mkfs_scratch_dir = NULL;
			mkfs_warnx("%s: %s", what, strerror(ENOMEM));
			return NULL;
		}
		if (mkdtemp(mkfs_scratch_dir) == NULL) {
			mkfs_warnx("%s: %s", mkfs_scratch_dir,
			    strerror(errno));
			free(mkfs_scratch_dir);
			mkfs_scratch_dir = NULL;
			return NULL;
		}
	}
	if (asprintf(&name, "%s/%lu", mkfs_scratch_dir, mkfs_scratch_count)
	    < 0) {
		mkfs_warnx("%s: %s", what, strerror(ENOMEM));
		return NULL;
	}
	return name;
}

/* the entry's data blocks (holes stay holes) into fd; its end in *endp */
static int
mkfs_scratch_copy(struct archive *a, const char *what, int fd,
    int64_t *endp)
{
	const void *buf;
	size_t size;
	int64_t off;
	int r;

	*endp = 0;
	while ((r = archive_read_data_block(a, &buf, &size, &off)) !=
	    ARCHIVE_EOF) {
		if (r < ARCHIVE_OK) {
			mkfs_warnx("%s: %s", what, archive_error_string(a));
			return -1;
		}
		if (size > 0 && mkfs_pwrite(fd, buf, size, (uint64_t)off)
		    != 0) {
			mkfs_warnx("%s: scratch copy: %s", what,
			    strerror(errno));
			return -1;
		}
		if (off + (int64_t)size > *endp)
			*endp = off + (int64_t)size;
	}
	return 0;
}

char *
mkfs_scratch_data(struct archive *a, struct archive_entry *e,
    const char *what, struct stat *st)
{
	char *name = mkfs_scratch_next(what);
	int64_t end;
	struct stat fst;
	int fd, r;

	if (name == NULL)
		return NULL;
	if ((fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600)) == -1) {
		mkfs_warnx("%s: %s", name, strerror(errno));
		free(name);
		return NULL;
	}
	mkfs_scratch_count++;
	r = mkfs_scratch_copy(a, what, fd, &end);
	/* a tar's sparse file may end in a hole; an mtree entry's size
	 * is what its contents file has */
	if (r == 0 && archive_format(a) != ARCHIVE_FORMAT_MTREE &&
	    archive_entry_size(e) > end)
		end = archive_entry_size(e);
	if (r == 0 && (ftruncate(fd, end) != 0 || fstat(fd, &fst) != 0)) {
		mkfs_warnx("%s: %s", name, strerror(errno));
		r = -1;
	}
	close(fd);
	if (r != 0) {
		free(name);
		return NULL;
	}
	/* hard links to it are found by the scratch file's identity */
	st->st_dev = fst.st_dev;
	st->st_ino = fst.st_ino;
	st->st_size = end;
	st->st_blocks = fst.st_blocks;
	return name;
}

char *
mkfs_scratch_symlink(const char *target, const char *what)
{
	char *name = mkfs_scratch_next(what);

	if (name == NULL)
		return NULL;
	if (symlink(target, name) != 0) {
		mkfs_warnx("%s: %s", name, strerror(errno));
		free(name);
		return NULL;
	}
	mkfs_scratch_count++;
	return name;
}

void
mkfs_scratch_remove(void)
{
	char *name;

	if (mkfs_scratch_dir == NULL)
		return;
	for (unsigned long i = 0; i < mkfs_scratch_count; i++)
		if (asprintf(&name, "%s/%lu", mkfs_scratch_dir, i) >= 0) {
			unlink(name);
			free(name);
		}
	if (rmdir(mkfs_scratch_dir) != 0)
		mkfs_warnx("%s: %s", mkfs_scratch_dir, strerror(errno));
	free(mkfs_scratch_dir);
	mkfs_scratch_dir = NULL;
	mkfs_scratch_count = 0;
}
