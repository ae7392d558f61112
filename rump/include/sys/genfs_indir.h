/*
 * A walk down a file's indirect blocks that keeps each level busy while
 * it descends (truncation, fsync) must not meet one of those blocks again
 * below itself: it would wait for its own buffer for ever.  Only a
 * damaged image names an ancestor (or itself) as a child; the walk links
 * the blocks it holds on its stack and asks before each read.
 */
#ifndef _SYS_GENFS_INDIR_H_
#define _SYS_GENFS_INDIR_H_

#include <sys/types.h>

struct genfs_indpath {
	int64_t				gip_blk;	/* held at this level */
	const struct genfs_indpath	*gip_up;	/* the level above */
};

/* is blk held by this walk already? */
static inline bool
genfs_indpath_loops(const struct genfs_indpath *p, int64_t blk)
{

	for (; p != NULL; p = p->gip_up)
		if (p->gip_blk == blk)
			return true;
	return false;
}

#endif /* _SYS_GENFS_INDIR_H_ */
