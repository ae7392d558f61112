/*
 * ext2fs: a revision 1 ext2 file system as the ext2 layout documentation
 * describes it (superblock at byte 1024, block groups each with a block
 * bitmap, an inode bitmap and an inode table, superblock and descriptor
 * copies in groups 0, 1 and the powers of 3, 5 and 7: sparse_super),
 * with the filetype, sparse_super and large_file features only, then
 * filled through the ext2fs driver.
 */
#ifndef MAKEFS_EXT2_H
#define MAKEFS_EXT2_H

#include <stdbool.h>
#include <stdint.h>

#include "makefs.h"

#define ME2_SBOFF	1024		/* byte offset of the superblock */
#define ME2_SBSIZE	1024
#define ME2_GDSIZE	32		/* a group descriptor */
#define ME2_FIRSTINO	11		/* 1-10 reserved; 11: lost+found */
#define ME2_ROOTINO	2
#define ME2_NDADDR	12		/* direct block pointers */
#define ME2_FASTLINK	60		/* symlinks shorter live in the inode */
#define ME2_LFBYTES	16384		/* lost+found made this large */

struct me2_geom {
	uint32_t bs;			/* block size */
	uint32_t isz;			/* inode size */
	uint32_t fdb;			/* first data block: 1 for 1 KiB */
	uint32_t bpg;			/* blocks per group */
	uint32_t ipg;			/* inodes per group */
	uint32_t ngroups;
	uint32_t blocks;		/* s_blocks_count */
	uint32_t itb;			/* inode table blocks per group */
	uint32_t gdtb;			/* descriptor blocks */
	uint32_t lfblocks;		/* lost+found's */
};

struct me2_opts {
	uint32_t bs;			/* block_size; 0: by size */
	uint32_t isz;			/* inode_size; 0: 128 */
	uint64_t inodes;		/* 0: what the tree needs */
	const char *label;
	struct me2_geom geom;		/* set by me2_plan */
};

/* ext2_plan.c */
int me2_plan(void *fsopts, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t *sizep);
bool me2_sparse(uint32_t group);	/* holds superblock copies */
/* blocks of group g before its data: copies, bitmaps, inode table */
uint32_t me2_overhead(const struct me2_geom *g, uint32_t group);
uint32_t me2_groupsize(const struct me2_geom *g, uint32_t group);

/* ext2_format.c, ext2_root.c */
int me2_format(void *fsopts, const struct mkfs_opts *o, int fd,
    uint64_t size);
/* root and lost+found: their inodes and directory blocks */
int me2_write_root(const struct me2_geom *g, const struct mkfs_opts *o,
    int fd);
/* the first block after group 0's inode table */
uint32_t me2_firstdata(const struct me2_geom *g);

#endif /* MAKEFS_EXT2_H */
