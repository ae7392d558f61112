/*
 * rumpfs: the rump kernel's in-memory root file system, also mountable
 * anywhere as type "rumpfs".  Mount args (optional; NULL or a short
 * buffer means no limit): ra_maxbytes bounds the file data and metadata
 * the mount may hold (ENOSPC beyond it), 0 = only the kmem limit.
 */
#ifndef _RUMPFS_RUMPFS_H_
#define _RUMPFS_RUMPFS_H_

#include <stdint.h>

struct rumpfs_args {
	char *fspec_unused;
	uint64_t ra_maxbytes;
};

#endif /* _RUMPFS_RUMPFS_H_ */
