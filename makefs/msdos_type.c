/*
 * -t msdos: the -o words (NetBSD makefs's names), what the driver is
 * mounted with, and the type's entry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "msdos.h"

/* NetBSD makefs's msdos words that are not made here yet */
static const char *const mfat_later[] = {
	"bytes_per_sector", "num_FAT", "reserved_sectors", "hidden_sectors",
	"media_descriptor", "info_sector", "backup_sector", "offset",
	"floppy", "create_size", "block_size", "drive_heads",
	"sectors_per_track", "size", "bootstrap", NULL
};

static void *
mfat_new(void)
{
	return calloc(1, sizeof(struct mfat_opts));
}

/* a label as an 8.3 name holds it: upper case, no . or lower case */
static int
mfat_label(struct mfat_opts *fo, const char *key, const char *value)
{
	static char label[12];
	size_t i;

	if (mkfs_optstr(key, value, 11, &value) < 0)
		return -1;
	if (*value == '\0' || *value == ' ') {
		mkfs_warnx("-o %s=%s: the label is empty or starts with a "
		    "space", key, value);
		return -1;
	}
	for (i = 0; value[i] != '\0'; i++) {
		unsigned char c = (unsigned char)value[i];

		if (c < 0x20 || c > 0x7e || strchr("\"*+,./:;<=>?[\\]|", c)) {
			mkfs_warnx("-o %s=%s: '%c' cannot be in a FAT volume "
			    "label", key, value, c);
			return -1;
		}
		label[i] = (char)toupper(c);
	}
	label[i] = '\0';
	fo->label = label;
	return 1;
}

static int
mfat_oem(struct mfat_opts *fo, const char *key, const char *value)
{
	if (mkfs_optstr(key, value, 8, &fo->oem) < 0)
		return -1;
	for (const char *p = value; *p != '\0'; p++) {
		if (*p < 0x20 || *p > 0x7e) {
			mkfs_warnx("-o %s: printable ASCII is needed", key);
			return -1;
		}
	}
	return 1;
}

static int
mfat_type(const char *key, const char *value, unsigned *vp)
{

	if (value == NULL || (strcmp(value, "12") != 0 &&
	    strcmp(value, "16") != 0 && strcmp(value, "32") != 0)) {
		mkfs_warnx("-o %s%s%s: 12, 16 or 32 is needed", key,
		    value ? "=" : "", value ? value : "");
		return -1;
	}
	*vp = (unsigned)atoi(value);
	return 1;
}

static int
mfat_option(void *fsopts, const char *key, const char *value)
{
	struct mfat_opts *fo = fsopts;
	uint64_t v;

	if (strcmp(key, "fat_type") == 0)
		return mfat_type(key, value, &fo->fat_type);
	if (strcmp(key, "sectors_per_cluster") == 0)
		return mkfs_optpow2(key, value, 1, 128, &fo->spc);
	if (strcmp(key, "volume_label") == 0)
		return mfat_label(fo, key, value);
	if (strcmp(key, "OEM_string") == 0)
		return mfat_oem(fo, key, value);
	if (strcmp(key, "directory_entries") == 0) {
		if (mkfs_optnum(key, value, 16, 65520, &v) < 0)
			return -1;
		fo->rootents = (unsigned)mkfs_roundup(v, 16);
		return 1;
	}
	if (strcmp(key, "volume_id") == 0) {
		if (mkfs_optnum(key, value, 0, UINT32_MAX, &v) < 0)
			return -1;
		fo->volid = (uint32_t)v;
		fo->volid_set = true;
		return 1;
	}
	for (size_t i = 0; mfat_later[i] != NULL; i++) {
		if (strcmp(key, mfat_later[i]) == 0) {
			mkfs_warnx("-o %s: not yet supported", key);
			return -1;
		}
	}
	return 0;
}

/* FAT keeps local time; -T's images are the same in every zone */
static const char *
mfat_mountopts(void *fsopts, const struct mkfs_opts *o)
{
	(void)fsopts;
	return o->timeset ? "gmtoff=0" : "";
}

const struct mkfs_type mkfs_type_msdos = {
	.name = "msdos",
	.vfsname = "msdos",
	.fsopts_new = mfat_new,
	.opthelp = "fat_type=12|16|32, sectors_per_cluster, volume_label,\n"
	    "\tOEM_string, volume_id, directory_entries",
	.option = mfat_option,
	.check = mfat_check,
	.plan = mfat_plan,
	.format = mfat_format,
	.mountopts = mfat_mountopts,
};
