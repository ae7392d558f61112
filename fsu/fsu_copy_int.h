/*
 * The tree copier's parts: fsu_copytree.c walks the source, fsu_copyfile.c
 * makes each file in the destination, fsu_progress.c reports.
 *
 * Where a file lands.  Names come from fsu_readdir (or the host's
 * readdir) and are checked again here: one file name each.  Directories
 * are made, or entered only when lstat says they are directories.  Every
 * other file, symlink, node and hard link is made under a fresh temporary
 * name beside its final name (O_EXCL) and renamed over it: what is there
 * already (a symlink or a fifo an earlier entry of the same hostile
 * directory made, say) is replaced, never followed, and a failed copy
 * removes only its own temporary file.  Nothing else is ever unlinked.
 * The one exception is the destination named on the command line, as
 * cp(1) treats it: an existing pipe or device, or a symlink to an
 * existing file, is written through, in place, its attributes kept.
 */
#ifndef FSU_COPY_INT_H
#define FSU_COPY_INT_H

#include <time.h>

#include "fsu_side.h"

#define CP_CHUNK	(1024 * 1024)
#define S_FMT(m)	((m) & 0170000)
#define CP_REPORTED	(-1)	/* an error already reported */

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
	uint64_t files, bytes;		/* progress */
	struct timespec shown;		/* when the line was last drawn */
};

void cp_warn(const struct fsu_side *, const char *path, int error);
void cp_attrs(struct copyctx *, const char *dstp, const struct rump_stat *);
/* a regular file; top: dstp was named on the command line */
int cp_file(struct copyctx *, const char *srcp, const char *dstp,
    const struct rump_stat *, bool top);
/* a symlink (target), a hard link to linkto, or a node: sb's type */
int cp_symlink(struct copyctx *, const char *target, const char *dstp);
int cp_link(struct copyctx *, const char *linkto, const char *dstp);
int cp_node(struct copyctx *, const char *dstp, const struct rump_stat *);
/* redraw the progress line (at most 5 times a second unless last) */
void cp_progress(struct copyctx *, bool last);

#endif /* FSU_COPY_INT_H */
