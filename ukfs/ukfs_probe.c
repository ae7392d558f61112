/*
 * What file system is on an image: libblkid's answer, mapped to the rump
 * kernel's vfs names.
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ukfs_impl.h"

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
