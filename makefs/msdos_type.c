/*
 * -t msdos: the -o words (NetBSD makefs's names), what the driver is
 * mounted with, and the type's entry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "msdos.h"

/* NetBSD makefs's msdos words that are not made here, and why */
static const char *const mfat_refused[][2] = {
	{ "bytes_per_sector", "sectors are 512 bytes (512 is taken)" },
	{ "num_FAT", "there are always two FATs" },
	{ "info_sector", "FAT32's FSInfo is sector 1" },
	{ "backup_sector", "FAT32's boot sector copy is sector 6" },
	{ "offset", "use -O offset" },
	{ "size", "use -s size" },
	{ "create_size", "use -s size" },
	{ "floppy", "floppy geometries are not made" },
	{ "block_size", "use sectors_per_cluster" },
	{ "bootstrap", "no boot code is written" },
	{ NULL, NULL }
};

/* media_descriptor: 0xf0, or 0xf8 to 0xff (hex, octal or decimal) */
static int
mfat_media(struct mfat_opts *fo, const char *key, const char *value)
{
	unsigned long v = 0;
	char *end = NULL;

	if (value != NULL)
		v = strtoul(value, &end, 0);
	if (value == NULL || *value == '\0' || *end != '\0' ||
	    (v != 0xf0 && (v < 0xf8 || v > 0xff))) {
		mkfs_warnx("-o %s: 0xf0 or 0xf8 to 0xff is needed", key);
		return -1;
	}
	fo->media = (unsigned)v;
	return 1;
}

/* the words for the BPB's fields as given; 1, 0 not one, -1 said */
static int
mfat_bpbword(struct mfat_opts *fo, const char *key, const char *value)
{
	uint64_t v;

	if (strcmp(key, "media_descriptor") == 0)
		return mfat_media(fo, key, value);
	if (strcmp(key, "hidden_sectors") == 0)
		return mkfs_optu32(key, value, 0, UINT32_MAX, &fo->hidden);
	if (strcmp(key, "reserved_sectors") == 0)
		return mkfs_optu32(key, value, 1, 0xffff, &fo->rsvd);
	if (strcmp(key, "sectors_per_track") == 0 ||
	    strcmp(key, "drive_heads") == 0) {
		if (mkfs_optnum(key, value, 1, 0xffff, &v) < 0)
			return -1;
		*(key[0] == 's' ? &fo->spt : &fo->heads) = (unsigned)v;
		return 1;
	}
	if (strcmp(key, "bytes_per_sector") == 0 && value != NULL &&
	    strcmp(value, "512") == 0)
		return 1;
	return 0;
}

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
	int r;

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
	if ((r = mfat_bpbword(fo, key, value)) != 0)
		return r;
	for (size_t i = 0; mfat_refused[i][0] != NULL; i++) {
		if (strcmp(key, mfat_refused[i][0]) == 0) {
			mkfs_warnx("-o %s: not made here: %s", key,
			    mfat_refused[i][1]);
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
	.byteorder = 1234,
	.fsopts_new = mfat_new,
	.opthelp = "fat_type=12|16|32, sectors_per_cluster, volume_label,\n"
	    "\tOEM_string, volume_id, directory_entries, media_descriptor,\n"
	    "\thidden_sectors, reserved_sectors, sectors_per_track, "
	    "drive_heads",
	.option = mfat_option,
	.check = mfat_check,
	.plan = mfat_plan,
	.format = mfat_format,
	.mountopts = mfat_mountopts,
};
