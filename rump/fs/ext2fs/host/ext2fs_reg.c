/*
 * ext2fs as the front ends see it: its names, how to know an image, the
 * check before a read-write mount.
 */
#include <stdint.h>

#include <rump/ukfs_driver.h>

#include "ext2fs_host.h"

/* the superblock is 1024 bytes in, whatever the block size */
#define EXT2FS_REG_SBOFF	1024
#define EXT2FS_REG_LOGBSIZE	24	/* le32: block size 1024 << n */
#define EXT2FS_REG_MAGICOFF	56	/* le16 */
#define EXT2FS_REG_MAGIC	0xef53
#define EXT2FS_REG_MAXLOGBSIZE	6	/* 64 KiB */

struct ext2fs_reg_args {
	char *fspec;		/* struct ufs_args: set by ukfs or p2k */
};

static bool
ext2fs_reg_probe(ukfs_readfn read, void *ctx)
{
	unsigned char sb[64];
	uint32_t logbsize;

	if (read(ctx, sb, sizeof(sb), EXT2FS_REG_SBOFF) != 0)
		return false;
	logbsize = (uint32_t)sb[EXT2FS_REG_LOGBSIZE] |
	    (uint32_t)sb[EXT2FS_REG_LOGBSIZE + 1] << 8 |
	    (uint32_t)sb[EXT2FS_REG_LOGBSIZE + 2] << 16 |
	    (uint32_t)sb[EXT2FS_REG_LOGBSIZE + 3] << 24;
	/* the magic alone is two bytes; a sane block size makes it likely */
	return (sb[EXT2FS_REG_MAGICOFF] | sb[EXT2FS_REG_MAGICOFF + 1] << 8) ==
	    EXT2FS_REG_MAGIC && logbsize <= EXT2FS_REG_MAXLOGBSIZE;
}

static const char *const ext2fs_reg_aliases[] = {
	"ext2", "ext3", "ext4", "ext4dev", NULL
};

static const struct ukfs_driver ext2fs_driver = {
	.ud_name = "ext2fs",
	.ud_human = "ext2 (clean ext3; ext4 read-only)",
	.ud_aliases = ext2fs_reg_aliases,
	.ud_order = 20,
	.ud_disk = true,
	.ud_argsize = sizeof(struct ext2fs_reg_args),
	.ud_probe = ext2fs_reg_probe,
	.ud_check = ext2fs_check_features,
};
UKFS_DRIVER_REGISTER(ext2fs_driver)
