/*
 * ffs: a UFS1 (or UFS2) file system laid out by our own newfs logic:
 * cylinder groups each with a superblock copy, a group header with its
 * inode, fragment and cluster maps and an inode table; the summary array
 * and the root directory in group 0.  Filled through the ffs driver.
 * The superblock, group header and inode structures are the driver's
 * (rump/fs/ffs/ffs_fs.h, ufs_dinode.h: fixed-width, shared with
 * fsck_ffs); the image is in host byte order, as newfs makes it, or
 * in the other one (-B), each structure swapped as it is written by the
 * driver's own converters (ffs_bswap.c, in the kernel archive).
 */
#ifndef MAKEFS_FFS_H
#define MAKEFS_FFS_H

#include <stdbool.h>
#include <stdint.h>

#include "../rump/fs/ffs/ffs_bswap.h"
#include "../rump/fs/ffs/ffs_fs.h"
#include "../rump/fs/ffs/ufs_dinode.h"
#include "../rump/fs/ffs/ufs_dir.h"
#include "makefs.h"

/* -o, as NetBSD makefs's ffs options; the planned superblock */
struct mffs_opts {
	unsigned version;		/* 1 or 2 */
	uint32_t bsize, fsize;		/* 0: 8192, 1024 */
	uint64_t density;		/* bytes per inode; 0: 4 * fsize */
	unsigned minfree;		/* percent */
	int optim;			/* 0 time, 1 space */
	uint32_t avgfilesize, avgfpdir;
	uint32_t maxbpg;		/* blocks of a file in a group */
	uint32_t extent;		/* largest cluster, bytes */
	uint32_t maxbpcg;		/* blocks of a group; 0: as fits */
	const char *label;
	struct fs fs;			/* set by mffs_plan */
	int64_t csfrags;		/* the summary array's fragments */
};

/* ffs_plan.c */
int mffs_plan(void *fsopts, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t *sizep);
/* group c's used fragments: [*lo, *hi) (relative to its start) */
void mffs_usedrange(const struct mffs_opts *fo, int64_t c, int64_t *lo,
    int64_t *hi);

/* ffs_cg.c: group c's header and maps into buf (fs_bsize bytes), in
 * the image's byte order (swapped if ns) */
void mffs_cg(const struct mffs_opts *fo, int64_t c, int64_t when,
    unsigned char *buf, struct csum *cs, bool ns);

/* ffs_format.c */
int mffs_format(void *fsopts, const struct mkfs_opts *o, int fd,
    uint64_t size);

#endif /* MAKEFS_FFS_H */
