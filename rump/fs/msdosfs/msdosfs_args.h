/*
 * The mount arguments of msdosfs, as mount_msdos(8) sets them.  Shared by
 * the kernel driver and its host-side registration (host/msdosfs_reg.c,
 * which fills in the defaults and parses the -o words), so every field
 * has a fixed width: the host's and the rump kernel's uid_t and mode_t
 * need not agree.
 */
#ifndef MSDOSFS_ARGS_H
#define MSDOSFS_ARGS_H

#include <stdint.h>

/* flags: which names the driver uses and makes (mount_msdos -s, -l, -9) */
#define MSDOSFSMNT_SHORTNAME	0x01	/* 8.3 names only, long ones ignored */
#define MSDOSFSMNT_LONGNAME	0x02	/* long (VFAT) names read and made */
#define MSDOSFSMNT_NOWIN95	0x04	/* long names ignored, never made */

struct msdosfs_args {
	char	*fspec;		/* first, as in every driver's args: the
				 * block device (set by ukfs or p2k) */
	uint32_t uid;		/* owner of every file (-u) */
	uint32_t gid;		/* group of every file (-g) */
	uint32_t mask;		/* file permission bits (-m) */
	uint32_t dirmask;	/* directory permission bits (-M) */
	int32_t	flags;		/* MSDOSFSMNT_* */
	int32_t	gmtoff;		/* seconds east of UTC of the times on
				 * the image, which FAT keeps in local
				 * time (-t) */
};

#endif /* MSDOSFS_ARGS_H */
