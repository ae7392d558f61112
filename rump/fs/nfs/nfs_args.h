/*
 * The nfs mount arguments, shared by the kernel driver and its host
 * registration (rump/fs/nfs/host/nfs_reg.c): fixed-width types only.
 * The options are mount_nfs(8)'s.
 */
#ifndef _NFS_ARGS_H_
#define _NFS_ARGS_H_

#include <stdint.h>

#define NFS_ARG_UDP	0x0001	/* -U: UDP instead of TCP */
#define NFS_ARG_SOFT	0x0002	/* soft: EIO after timeo x retrans */
#define NFS_ARG_INTR	0x0004	/* intr (accepted; calls are bounded) */

struct nfs_args {
	char	*fspec;		/* "host:/path" */
	uint32_t na_flags;	/* NFS_ARG_* */
	uint32_t na_rsize;	/* bytes per READ, 0: FSINFO's */
	uint32_t na_wsize;	/* bytes per WRITE, 0: FSINFO's */
	uint32_t na_timeo;	/* first retransmit, tenths of a second */
	uint32_t na_retrans;	/* soft: tries before EIO */
	uint32_t na_port;	/* NFS port, 0: ask the portmapper */
	uint32_t na_mntport;	/* MOUNT port, 0: ask the portmapper */
};

#define NFS_MAXIO	(1u << 20)	/* largest rsize/wsize */

#endif /* _NFS_ARGS_H_ */
