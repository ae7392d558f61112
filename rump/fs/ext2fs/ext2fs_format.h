/*
 * The ext2/ext3/ext4 on-disk superblock and group descriptor, as laid out
 * by the format document.  Every multi-byte field is little-endian on
 * disk; code reads them only through e2fs_le16/32/64 and writes through
 * e2fs_h2le16/32/64, so the driver is correct on either host byte order.
 */
#ifndef _EXT2FS_FORMAT_H_
#define _EXT2FS_FORMAT_H_

#include <sys/types.h>
#include <sys/systm.h>

static inline uint16_t
e2fs_le16(uint16_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap16(v);
#else
	return v;
#endif
}

static inline uint32_t
e2fs_le32(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap32(v);
#else
	return v;
#endif
}

#define e2fs_h2le16(v)	e2fs_le16(v)
#define e2fs_h2le32(v)	e2fs_le32(v)

#define E2FS_SBOFF		1024	/* superblock byte offset */
#define E2FS_SBSIZE		1024
#define E2FS_MAGIC		0xef53
#define E2FS_REV0		0
#define E2FS_REV1		1
#define E2FS_REV0_INODE_SIZE	128
#define E2FS_REV0_FIRST_INO	11
#define E2FS_ROOTINO		2
#define E2FS_RESIZEINO		7
#define E2FS_JOURNALINO		8
#define E2FS_MIN_LOG_BSIZE	0	/* 1 KiB */
#define E2FS_MAX_LOG_BSIZE	6	/* 64 KiB */

/* s_state */
#define E2FS_ISCLEAN		0x0001
#define E2FS_ERRORS		0x0002
#define E2FS_ORPHANS		0x0004

/* s_feature_compat: never stop a mount */
#define EXT2F_COMPAT_PREALLOC		0x0001
#define EXT2F_COMPAT_IMAGIC		0x0002
#define EXT2F_COMPAT_HAS_JOURNAL	0x0004
#define EXT2F_COMPAT_EXT_ATTR		0x0008
#define EXT2F_COMPAT_RESIZE_INODE	0x0010
#define EXT2F_COMPAT_DIR_INDEX		0x0020

/* s_feature_ro_compat: unknown ones force a read-only mount */
#define EXT2F_ROCOMPAT_SPARSESUPER	0x0001
#define EXT2F_ROCOMPAT_LARGEFILE	0x0002
#define EXT2F_ROCOMPAT_BTREE_DIR	0x0004
#define EXT2F_ROCOMPAT_HUGE_FILE	0x0008
#define EXT2F_ROCOMPAT_GDT_CSUM		0x0010
#define EXT2F_ROCOMPAT_DIR_NLINK	0x0020
#define EXT2F_ROCOMPAT_EXTRA_ISIZE	0x0040
#define EXT2F_ROCOMPAT_QUOTA		0x0100
#define EXT2F_ROCOMPAT_BIGALLOC		0x0200
#define EXT2F_ROCOMPAT_METADATA_CSUM	0x0400
#define EXT2F_ROCOMPAT_READONLY		0x1000
#define EXT2F_ROCOMPAT_PROJECT		0x2000
#define EXT2F_ROCOMPAT_VERITY		0x8000
#define EXT2F_ROCOMPAT_ORPHAN_PRESENT	0x10000
/* what this driver writes correctly */
#define EXT2F_ROCOMPAT_RW	(EXT2F_ROCOMPAT_SPARSESUPER | \
				 EXT2F_ROCOMPAT_LARGEFILE)
/* what it knows well enough to read */
#define EXT2F_ROCOMPAT_KNOWN	(EXT2F_ROCOMPAT_RW | \
	EXT2F_ROCOMPAT_BTREE_DIR | EXT2F_ROCOMPAT_HUGE_FILE | \
	EXT2F_ROCOMPAT_GDT_CSUM | EXT2F_ROCOMPAT_DIR_NLINK | \
	EXT2F_ROCOMPAT_EXTRA_ISIZE | EXT2F_ROCOMPAT_QUOTA | \
	EXT2F_ROCOMPAT_METADATA_CSUM | EXT2F_ROCOMPAT_READONLY | \
	EXT2F_ROCOMPAT_PROJECT | EXT2F_ROCOMPAT_ORPHAN_PRESENT)

/* s_feature_incompat: unknown ones refuse the mount */
#define EXT2F_INCOMPAT_COMPRESSION	0x0001
#define EXT2F_INCOMPAT_FTYPE		0x0002
#define EXT2F_INCOMPAT_RECOVER		0x0004
#define EXT2F_INCOMPAT_JOURNAL_DEV	0x0008
#define EXT2F_INCOMPAT_META_BG		0x0010
#define EXT2F_INCOMPAT_EXTENTS		0x0040
#define EXT2F_INCOMPAT_64BIT		0x0080
#define EXT2F_INCOMPAT_MMP		0x0100
#define EXT2F_INCOMPAT_FLEX_BG		0x0200
#define EXT2F_INCOMPAT_EA_INODE		0x0400
#define EXT2F_INCOMPAT_DIRDATA		0x1000
#define EXT2F_INCOMPAT_CSUM_SEED	0x2000
#define EXT2F_INCOMPAT_LARGEDIR		0x4000
#define EXT2F_INCOMPAT_INLINE_DATA	0x8000
#define EXT2F_INCOMPAT_ENCRYPT		0x10000
#define EXT2F_INCOMPAT_CASEFOLD		0x20000
/* written correctly */
#define EXT2F_INCOMPAT_RW	(EXT2F_INCOMPAT_FTYPE)
/* read correctly (RECOVER is handled apart: read-only) */
#define EXT2F_INCOMPAT_KNOWN	(EXT2F_INCOMPAT_RW | EXT2F_INCOMPAT_RECOVER | \
	EXT2F_INCOMPAT_META_BG | EXT2F_INCOMPAT_EXTENTS | \
	EXT2F_INCOMPAT_64BIT | EXT2F_INCOMPAT_FLEX_BG | \
	EXT2F_INCOMPAT_CSUM_SEED | EXT2F_INCOMPAT_LARGEDIR | \
	EXT2F_INCOMPAT_MMP)

/* The superblock: 1024 bytes at byte 1024 of the device. */
struct ext2fs_sb {
	uint32_t s_inodes_count;	/* 0 */
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;	/* 16 */
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;
	uint32_t s_log_cluster_size;
	uint32_t s_blocks_per_group;	/* 32 */
	uint32_t s_clusters_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;		/* 48 */
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;		/* 56 */
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;		/* 64 */
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;		/* 80 */
	uint16_t s_def_resgid;
	uint32_t s_first_ino;		/* 84: rev 1 */
	uint16_t s_inode_size;		/* 88 */
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;	/* 92 */
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];		/* 104 */
	char s_volume_name[16];		/* 120 */
	char s_last_mounted[64];	/* 136 */
	uint32_t s_algo_bitmap;		/* 200 */
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;	/* 206 */
	uint8_t s_journal_uuid[16];	/* 208 */
	uint32_t s_journal_inum;	/* 224 */
	uint32_t s_journal_dev;
	uint32_t s_last_orphan;		/* 232: head of the orphan list */
	uint32_t s_hash_seed[4];	/* 236 */
	uint8_t s_def_hash_version;	/* 252 */
	uint8_t s_jnl_backup_type;
	uint16_t s_desc_size;		/* 254: 64bit */
	uint32_t s_default_mount_opts;	/* 256 */
	uint32_t s_first_meta_bg;
	uint32_t s_mkfs_time;
	uint32_t s_jnl_blocks[17];	/* 268 */
	uint32_t s_blocks_count_hi;	/* 336: 64bit */
	uint32_t s_r_blocks_count_hi;
	uint32_t s_free_blocks_count_hi;
	uint16_t s_min_extra_isize;	/* 348 */
	uint16_t s_want_extra_isize;
	uint32_t s_flags;		/* 352 */
	uint8_t s_rest[1024 - 356];
} __packed;
CTASSERT(sizeof(struct ext2fs_sb) == E2FS_SBSIZE);
CTASSERT(offsetof(struct ext2fs_sb, s_last_orphan) == 232);
CTASSERT(offsetof(struct ext2fs_sb, s_blocks_count_hi) == 336);

/* A group descriptor: 32 bytes, or s_desc_size (>= 64) with 64bit. */
struct ext2fs_gd {
	uint32_t bg_block_bitmap;	/* 0 */
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;	/* 12 */
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;	/* 16 */
	uint16_t bg_flags;
	uint32_t bg_exclude_bitmap;
	uint16_t bg_block_bitmap_csum;	/* 24 */
	uint16_t bg_inode_bitmap_csum;
	uint16_t bg_itable_unused;
	uint16_t bg_checksum;		/* 30 */
	/* 64bit only */
	uint32_t bg_block_bitmap_hi;	/* 32 */
	uint32_t bg_inode_bitmap_hi;
	uint32_t bg_inode_table_hi;
	uint16_t bg_free_blocks_count_hi;	/* 44 */
	uint16_t bg_free_inodes_count_hi;
	uint16_t bg_used_dirs_count_hi;
	uint16_t bg_itable_unused_hi;
	uint32_t bg_exclude_bitmap_hi;	/* 52 */
	uint16_t bg_block_bitmap_csum_hi;
	uint16_t bg_inode_bitmap_csum_hi;
	uint32_t bg_reserved;
} __packed;
CTASSERT(sizeof(struct ext2fs_gd) == 64);
#define E2FS_GD_SIZE		32
#define E2FS_GD64_MINSIZE	64

/* bg_flags */
#define E2FS_BG_INODE_UNINIT	0x0001
#define E2FS_BG_BLOCK_UNINIT	0x0002
#define E2FS_BG_INODE_ZEROED	0x0004

#endif /* _EXT2FS_FORMAT_H_ */
