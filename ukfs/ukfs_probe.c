/*
 * What file system is on an image: the superblock magic of the types fsu
 * meets most (ext2 and ffs), else libblkid's answer, mapped to the rump
 * kernel's vfs names.
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ukfs_impl.h"

/*
 * A full libblkid probe reads some 50 places of the image (every type it
 * knows) and costs more than the rump kernel's boot; a one-shot tool pays
 * it on every call.  Two or three small reads answer for ext2 and ffs.
 */
#define EXT2_SB_OFF		1024
#define EXT2_MAGIC_OFF		56	/* le16 */
#define EXT2_LOGBSIZE_OFF	24	/* le32: block size 1024 << n */
#define EXT2_MAGIC		0xef53
#define FFS_MAGIC_OFF		1372	/* fs_magic, in either byte order */
#define FFS1_MAGIC		0x00011954
#define FFS2_MAGIC		0x19540119

static uint32_t
ukfs_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint32_t
ukfs_bswap32(uint32_t v)
{
	return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static bool
ukfs_pread_all(int fd, void *buf, size_t n, off_t off)
{
	return pread(fd, buf, n, off) == (ssize_t)n;
}

static bool
ukfs_is_ext2(int fd)
{
	unsigned char sb[64];

	if (!ukfs_pread_all(fd, sb, sizeof(sb), EXT2_SB_OFF))
		return false;
	/* the magic alone is two bytes; a sane block size makes it likely */
	return (sb[EXT2_MAGIC_OFF] | sb[EXT2_MAGIC_OFF + 1] << 8) ==
	    EXT2_MAGIC && ukfs_le32(sb + EXT2_LOGBSIZE_OFF) <= 6;
}

static bool
ukfs_is_ffs_at(int fd, off_t sboff)
{
	unsigned char m[4];
	uint32_t v;

	if (!ukfs_pread_all(fd, m, sizeof(m), sboff + FFS_MAGIC_OFF))
		return false;
	v = ukfs_le32(m);
	return v == FFS1_MAGIC || v == FFS2_MAGIC ||
	    ukfs_bswap32(v) == FFS1_MAGIC || ukfs_bswap32(v) == FFS2_MAGIC;
}

/* "ext2fs", "ffs", or NULL: ask libblkid */
static const char *
ukfs_probe_quick(const char *imagepath)
{
	static const off_t ffs_sboffs[] = { 65536, 8192, 0, 262144 };
	const char *type = NULL;
	size_t i;
	int fd;

	if ((fd = open(imagepath, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (ukfs_is_ext2(fd))
		type = "ext2fs";
	for (i = 0; type == NULL && i < sizeof(ffs_sboffs) /
	    sizeof(ffs_sboffs[0]); i++) {
		if (ukfs_is_ffs_at(fd, ffs_sboffs[i]))
			type = "ffs";
	}
	close(fd);
	return type;
}

static const struct {
	const char *blkid;
	const char *vfs;
} ukfs_typemap[] = {
	{ "ext2", "ext2fs" }, { "ext3", "ext2fs" }, { "ext4", "ext2fs" },
	{ "ext4dev", "ext2fs" }, { "ufs", "ffs" }, { "vfat", "msdos" },
	{ "msdos", "msdos" }, { "iso9660", "cd9660" },
};

const char *
ukfs_probe_type(const char *imagepath, const char **rawname)
{
	static char raw[64];
	blkid_probe pr;
	const char *type = NULL;
	size_t i;
	int error = ENOENT;

	raw[0] = '\0';
	if (rawname != NULL)
		*rawname = raw;
	if ((type = ukfs_probe_quick(imagepath)) != NULL)
		return type;
	if ((pr = blkid_new_probe_from_filename(imagepath)) == NULL) {
		errno = errno ? errno : EIO;
		return NULL;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (blkid_do_safeprobe(pr) == 0 &&
	    blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0) {
		snprintf(raw, sizeof(raw), "%s", type);
		error = EOPNOTSUPP;
		for (i = 0; i < sizeof(ukfs_typemap) / sizeof(ukfs_typemap[0]);
		    i++) {
			if (strcmp(ukfs_typemap[i].blkid, raw) == 0) {
				blkid_free_probe(pr);
				return ukfs_typemap[i].vfs;
			}
		}
	}
	blkid_free_probe(pr);
	errno = error;
	return NULL;
}
