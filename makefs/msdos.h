/*
 * msdos: a FAT12/16/32 volume laid out as Microsoft's FAT specification
 * ("FAT: General Overview of On-Disk Format") describes it, 512-byte
 * sectors, two FATs, then filled through the msdosfs driver.
 */
#ifndef MAKEFS_MSDOS_H
#define MAKEFS_MSDOS_H

#include <stdbool.h>
#include <stdint.h>

#include "makefs.h"

#define MFAT_SECTOR	512
#define MFAT_DIRENT	32
#define MFAT_LFNCHARS	13		/* UTF-16 units per long-name entry */
#define MFAT_NAMEMAX	255		/* UTF-16 units of a long name */
#define MFAT_FILEMAX	0xffffffffULL	/* bytes of a file */

/* what the format writes */
struct mfat_geom {
	unsigned bits;			/* 12, 16, 32 */
	unsigned spc;
	uint32_t rsvd;			/* sectors before the first FAT */
	uint32_t rootents;		/* FAT12/16 */
	uint32_t rootsecs;
	uint32_t fatsz;			/* sectors of one FAT */
	uint32_t totsec;
	uint32_t clusters;		/* data clusters, numbered from 2 */
};

/* -o, as NetBSD makefs's msdos options; the plan's geometry */
struct mfat_opts {
	unsigned fat_type;		/* 12, 16, 32; 0: by size */
	unsigned spc;			/* sectors per cluster; 0: by size */
	unsigned rootents;		/* FAT12/16 root entries; 0: 512 */
	const char *label;		/* volume_label; NULL: none */
	const char *oem;		/* OEM_string */
	bool volid_set;
	uint32_t volid;
	/* BPB fields as given, 0: the usual (f8, 63, 255, 0) */
	unsigned media, spt, heads;
	uint32_t hidden;
	uint32_t rsvd;			/* reserved sectors; 0: 1 or 32 */
	struct mfat_geom geom;		/* set by mfat_plan */
};

/* FAT32's reserved sectors hold FSInfo (1) and the copies (6, 7) */
#define MFAT32_MINRSVD	8

/* msdos_plan.c */
int mfat_plan(void *fsopts, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t *sizep);

/* msdos_names.c */
int mfat_check(void *fsopts, const struct mkfs_node *dir,
    const struct mkfs_node *n);
/* UTF-16 units of a UTF-8 name, -1 if it is not UTF-8 */
int mfat_u16len(const char *name);

/* msdos_format.c */
int mfat_format(void *fsopts, const struct mkfs_opts *o, int fd,
    uint64_t size);

#endif /* MAKEFS_MSDOS_H */
