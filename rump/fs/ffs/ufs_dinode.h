/*
 * On-disk inodes (UFS1: 128 bytes, UFS2: 256 bytes) and the host-order
 * form the driver and the checker work with.  Fixed-width types only;
 * shared with fsck/fsck_ffs.
 */
#ifndef _UFS_UFS_DINODE_H_
#define _UFS_UFS_DINODE_H_

#include <stdint.h>

#include "ffs_fs.h"

struct ufs1_dinode {
	uint16_t di_mode;		/*   0 */
	int16_t di_nlink;		/*   2 */
	uint16_t di_oldids[2];		/*   4 */
	uint64_t di_size;		/*   8 */
	int32_t di_atime;		/*  16 */
	int32_t di_atimensec;		/*  20 */
	int32_t di_mtime;		/*  24 */
	int32_t di_mtimensec;		/*  28 */
	int32_t di_ctime;		/*  32 */
	int32_t di_ctimensec;		/*  36 */
	int32_t di_db[UFS_NDADDR];	/*  40 */
	int32_t di_ib[UFS_NIADDR];	/*  88 */
	uint32_t di_flags;		/* 100 */
	uint32_t di_blocks;		/* 104 DEV_BSIZE units */
	int32_t di_gen;			/* 108 */
	uint32_t di_uid;		/* 112 */
	uint32_t di_gid;		/* 116 */
	uint64_t di_modrev;		/* 120 */
} __attribute__((__packed__, __aligned__(4)));
_Static_assert(sizeof(struct ufs1_dinode) == 128, "ufs1_dinode");

struct ufs2_dinode {
	uint16_t di_mode;		/*   0 */
	int16_t di_nlink;		/*   2 */
	uint32_t di_uid;		/*   4 */
	uint32_t di_gid;		/*   8 */
	uint32_t di_blksize;		/*  12 */
	uint64_t di_size;		/*  16 */
	uint64_t di_blocks;		/*  24 DEV_BSIZE units */
	int64_t di_atime;		/*  32 */
	int64_t di_mtime;		/*  40 */
	int64_t di_ctime;		/*  48 */
	int64_t di_birthtime;		/*  56 */
	int32_t di_mtimensec;		/*  64 */
	int32_t di_atimensec;		/*  68 */
	int32_t di_ctimensec;		/*  72 */
	int32_t di_birthnsec;		/*  76 */
	int32_t di_gen;			/*  80 */
	uint32_t di_kernflags;		/*  84 */
	uint32_t di_flags;		/*  88 */
	uint32_t di_extsize;		/*  92 */
	int64_t di_extb[2];		/*  96 */
	int64_t di_db[UFS_NDADDR];	/* 112 */
	int64_t di_ib[UFS_NIADDR];	/* 208 */
	int64_t di_modrev;		/* 232 */
	int64_t di_spare[2];		/* 240 */
};
_Static_assert(sizeof(struct ufs2_dinode) == 256, "ufs2_dinode");

/* file types in di_mode */
#define UFS_IFMT	0170000
#define UFS_IFIFO	0010000
#define UFS_IFCHR	0020000
#define UFS_IFDIR	0040000
#define UFS_IFBLK	0060000
#define UFS_IFREG	0100000
#define UFS_IFLNK	0120000
#define UFS_IFSOCK	0140000
#define UFS_IFWHT	0160000

/* an inode in host order, whichever format it came from */
struct ufs_dino {
	uint16_t mode;
	int16_t nlink;
	uint32_t uid;
	uint32_t gid;
	uint64_t size;
	uint64_t blocks;		/* DEV_BSIZE units */
	int64_t atime, mtime, ctime, birthtime;
	int32_t atimensec, mtimensec, ctimensec, birthnsec;
	int32_t gen;
	uint32_t flags;
	uint32_t extsize;
	int64_t extb[2];
	int64_t db[UFS_NDADDR];		/* frag addresses; 0 = hole */
	int64_t ib[UFS_NIADDR];
	/* the block pointers' raw bytes: an inline symlink's target */
	uint8_t shortlink[UFS2_MAXSYMLINKLEN];
};

/* decode/encode one inode; ufs2 selects the format */
void ufs_dino_load(struct ufs_dino *d, const void *raw, bool ufs2,
    bool needswap);
void ufs_dino_store(const struct ufs_dino *d, void *raw, bool ufs2,
    bool needswap);

#endif /* _UFS_UFS_DINODE_H_ */
