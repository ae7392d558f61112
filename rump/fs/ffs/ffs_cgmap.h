/*
 * Allocation inside one cylinder group: the fragment map, the fragment
 * run summary (cg_frsum), the cluster map and summary, the inode map and
 * the group's counts.  Pure functions over a cg block in disk order plus
 * its host-order header; freestanding, shared with tests.  The caller
 * applies the change of hdr->cg_cs to the superblock totals.
 *
 * Block numbers here are fragment indexes relative to the group's base.
 */
#ifndef _UFS_FFS_CGMAP_H_
#define _UFS_FFS_CGMAP_H_

#include <stdbool.h>
#include <stdint.h>

#include "ffs_fs.h"

struct ffs_cgmap {
	const struct fs *fs;
	uint8_t *buf;		/* the cg block, disk order */
	struct cg *hdr;		/* host-order header, kept in step */
	bool needswap;
};

/* is fragment d free / is the whole block holding d free */
bool ffs_cg_fragfree(const struct ffs_cgmap *m, int64_t d);
bool ffs_cg_blockfree(const struct ffs_cgmap *m, int64_t d);

/*
 * Allocate n fragments (n == frag: a whole block), near pref (-1: any).
 * Returns the relative fragment number or -1 if the group has no room.
 */
int64_t ffs_cg_alloc(struct ffs_cgmap *m, int64_t pref, int n);
/* grow the run [d, d+osz) to nsz fragments in place; false if taken */
bool ffs_cg_extend(struct ffs_cgmap *m, int64_t d, int osz, int nsz);
/* free n fragments at d (must not cross a block); false if not in use */
bool ffs_cg_free(struct ffs_cgmap *m, int64_t d, int n);

/* inodes: relative index, near pref (-1: any); -1 if full */
int64_t ffs_cg_ialloc(struct ffs_cgmap *m, int64_t pref, bool isdir);
bool ffs_cg_ifree(struct ffs_cgmap *m, int64_t idx, bool isdir);

/* write the host-order header back into buf */
void ffs_cg_sync(struct ffs_cgmap *m);

#endif /* _UFS_FFS_CGMAP_H_ */
