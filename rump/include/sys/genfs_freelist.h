/*
 * Blocks a disk file system lets go of, held back until nothing on disk
 * names them (genfs_freelist.c).
 */
#ifndef _SYS_GENFS_FREELIST_H_
#define _SYS_GENFS_FREELIST_H_

#include <sys/types.h>

struct genfs_freeblk {
	int64_t bno;
	int size;
};

typedef void (*genfs_blkfree_t)(void *arg, int64_t bno, int size);

struct genfs_freelist {
	struct genfs_freeblk *fl_v;
	size_t fl_n, fl_cap;
	bool fl_now;			/* unordered: free at once */
	genfs_blkfree_t fl_free;
	void *fl_arg;
};

void genfs_freelist_init(struct genfs_freelist *, bool ordered,
    genfs_blkfree_t, void *arg);
void genfs_freelist_add(struct genfs_freelist *, int64_t bno, int size);
/* anything held back (the caller must write what no longer names it) */
bool genfs_freelist_pending(const struct genfs_freelist *);
/* written == 0: free what was held back; else it leaks (fsck's to take) */
void genfs_freelist_done(struct genfs_freelist *, int written);

#endif /* _SYS_GENFS_FREELIST_H_ */
