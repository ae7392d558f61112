/*
 * The on-disk inode (128 bytes plus, in large inodes, i_extra_isize bytes
 * of extra fields) and its decoded in-core form.  The raw bytes are kept
 * in core as read, so fields this driver does not know (in-inode extended
 * attributes, checksums, project ids) survive a rewrite of the inode.
 */
#ifndef _EXT2FS_DINODE_H_
#define _EXT2FS_DINODE_H_

#include <sys/types.h>
#include <sys/systm.h>

#define E2FS_NDADDR	12		/* direct blocks */
#define E2FS_NIADDR	3		/* indirect, double, triple */
#define E2FS_NBLOCKS	(E2FS_NDADDR + E2FS_NIADDR)
#define E2FS_MAXSYMLINKLEN	(E2FS_NBLOCKS * 4)	/* fast symlink */

struct ext2fs_dinode {
	uint16_t e2di_mode;		/* 0 */
	uint16_t e2di_uid;
	uint32_t e2di_size;		/* 4 */
	uint32_t e2di_atime;		/* 8 */
	uint32_t e2di_ctime;
	uint32_t e2di_mtime;
	uint32_t e2di_dtime;		/* 20: also the orphan list link */
	uint16_t e2di_gid;		/* 24 */
	uint16_t e2di_nlink;
	uint32_t e2di_nblock;		/* 28: 512-byte units */
	uint32_t e2di_flags;		/* 32 */
	uint32_t e2di_version;
	uint32_t e2di_blocks[E2FS_NBLOCKS];	/* 40 */
	uint32_t e2di_gen;		/* 100 */
	uint32_t e2di_facl;		/* 104: extended attribute block */
	uint32_t e2di_size_high;	/* 108 */
	uint32_t e2di_faddr;
	uint16_t e2di_nblock_high;	/* 116 */
	uint16_t e2di_facl_high;
	uint16_t e2di_uid_high;		/* 120 */
	uint16_t e2di_gid_high;
	uint16_t e2di_checksum_lo;
	uint16_t e2di_reserved;
	/* large inodes */
	uint16_t e2di_extra_isize;	/* 128 */
	uint16_t e2di_checksum_hi;
	uint32_t e2di_ctime_extra;	/* 132 */
	uint32_t e2di_mtime_extra;
	uint32_t e2di_atime_extra;
	uint32_t e2di_crtime;		/* 144 */
	uint32_t e2di_crtime_extra;
	uint32_t e2di_version_hi;	/* 152 */
	uint32_t e2di_projid;
} __packed;
CTASSERT(sizeof(struct ext2fs_dinode) == 160);
#define E2FS_GOOD_OLD_INODE_SIZE 128u
#define E2FS_MAX_INODE_SIZE	1024

/* e2di_flags */
#define EXT2_SECRM_FL		0x00000001
#define EXT2_UNRM_FL		0x00000002
#define EXT2_COMPR_FL		0x00000004
#define EXT2_SYNC_FL		0x00000008
#define EXT2_IMMUTABLE_FL	0x00000010
#define EXT2_APPEND_FL		0x00000020
#define EXT2_NODUMP_FL		0x00000040
#define EXT2_NOATIME_FL		0x00000080
#define EXT2_INDEX_FL		0x00001000	/* hashed directory */
#define EXT4_HUGE_FILE_FL	0x00040000	/* i_blocks in fs blocks */
#define EXT4_EXTENTS_FL		0x00080000
#define EXT4_EA_INODE_FL	0x00200000
#define EXT4_INLINE_DATA_FL	0x10000000

/* Decoded inode, host byte order. */
struct ext2fs_icore {
	uint16_t ic_mode;
	uint32_t ic_uid;
	uint32_t ic_gid;
	uint16_t ic_nlink;
	uint64_t ic_size;
	uint64_t ic_nblock;		/* 512-byte units */
	uint32_t ic_flags;
	uint32_t ic_gen;
	uint32_t ic_dtime;
	uint64_t ic_facl;
	uint32_t ic_blocks[E2FS_NBLOCKS];	/* raw words (extents too) */
	struct timespec ic_atime;
	struct timespec ic_mtime;
	struct timespec ic_ctime;
	struct timespec ic_crtime;
	uint16_t ic_extra_isize;
};

/*
 * Decode and encode between the raw bytes and struct ext2fs_icore.
 * isize: the inode size of the fs; hugefile: the huge_file feature.
 */
void ext2fs_dinode_decode(const void *raw, size_t isize, bool hugefile,
    uint32_t bshift, struct ext2fs_icore *ic);
void ext2fs_dinode_encode(const struct ext2fs_icore *ic, size_t isize,
    void *raw);
/* extra time field encoding (epoch bits and nanoseconds) */
void ext2fs_time_decode(uint32_t sec, uint32_t extra, struct timespec *ts);
uint32_t ext2fs_time_encode(const struct timespec *ts, uint32_t *extra);

#endif /* _EXT2FS_DINODE_H_ */
