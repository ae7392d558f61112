/*
 * ffs as the front ends see it: its names, how to know an image, the
 * options it refuses.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <rump/ukfs_driver.h>

#define FFS_REG_MAGICOFF	1372	/* fs_magic, in either byte order */
#define FFS_REG_MAGIC1		0x00011954
#define FFS_REG_MAGIC2		0x19540119

struct ffs_reg_args {
	char *fspec;		/* struct ufs_args: set by ukfs or p2k */
};

static bool
ffs_reg_magic(uint32_t v)
{
	return v == FFS_REG_MAGIC1 || v == FFS_REG_MAGIC2;
}

/* the superblock of UFS2, UFS1, a UFS1 with no boot area, UFS2 piggy */
static bool
ffs_reg_probe(ukfs_readfn read, void *ctx)
{
	static const uint64_t sboffs[] = { 65536, 8192, 0, 262144 };
	unsigned char m[4];
	uint32_t le, be;
	size_t i;

	for (i = 0; i < sizeof(sboffs) / sizeof(sboffs[0]); i++) {
		if (read(ctx, m, sizeof(m), sboffs[i] + FFS_REG_MAGICOFF) != 0)
			continue;
		le = (uint32_t)m[0] | (uint32_t)m[1] << 8 |
		    (uint32_t)m[2] << 16 | (uint32_t)m[3] << 24;
		be = (uint32_t)m[3] | (uint32_t)m[2] << 8 |
		    (uint32_t)m[1] << 16 | (uint32_t)m[0] << 24;
		if (ffs_reg_magic(le) || ffs_reg_magic(be))
			return true;
	}
	return false;
}

/* mount_ffs's words for what this driver has not: said, not ignored */
static int
ffs_reg_option(const char *who, void *args, int *mntflags, const char *key,
    const char *value)
{
	if (strcmp(key, "log") == 0 || strcmp(key, "softdep") == 0) {
		fprintf(stderr, "%s: -o %s: %s is not supported; mount "
		    "without it\n", who, key, strcmp(key, "log") == 0 ?
		    "WAPBL logging" : "soft dependencies");
		return -1;
	}
	return 0;
}

static const char *const ffs_reg_aliases[] = {
	"ufs", "ufs1", "ufs2", NULL
};

static const struct ukfs_driver ffs_driver = {
	.ud_name = "ffs",
	.ud_human = "BSD FFS (UFS1/UFS2, either byte order)",
	.ud_aliases = ffs_reg_aliases,
	.ud_order = 10,		/* tried first, as before */
	.ud_disk = true,
	.ud_argsize = sizeof(struct ffs_reg_args),
	.ud_probe = ffs_reg_probe,
	.ud_option = ffs_reg_option,
};
UKFS_DRIVER_REGISTER(ffs_driver)
