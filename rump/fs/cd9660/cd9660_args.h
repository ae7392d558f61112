/*
 * The cd9660 mount arguments, shared by the kernel driver and its host
 * registration (rump/fs/cd9660/host/cd9660_reg.c): fixed-width types only.
 */
#ifndef _CD9660_ARGS_H_
#define _CD9660_ARGS_H_

#include <stdint.h>

/* ca_flags: the mount_cd9660(8) options */
#define CD9660_ARG_NORRIP	0x0001	/* ignore Rock Ridge */
#define CD9660_ARG_NOJOLIET	0x0002	/* ignore Joliet */
#define CD9660_ARG_NOMAPLCASE	0x0004	/* plain names as recorded */
#define CD9660_ARG_GENS		0x0008	/* keep ";1" version suffixes */
#define CD9660_ARG_RRCASEINS	0x0010	/* Rock Ridge names looked up
					 * ignoring case */

struct cd9660_args {
	char	*fspec;		/* struct ufs_args: the device */
	uint32_t ca_flags;
	uint32_t ca_session;	/* 1, 2, ...; 0: the last session */
};

#endif /* _CD9660_ARGS_H_ */
