/*
 * The wire protocols the client speaks: ONC RPC (RFC 5531), portmapper
 * v2 (RFC 1833), MOUNT v3 and NFS v3 (RFC 1813): numbers, and the
 * decoded forms of the structures several procedures share.  Their
 * encoders and decoders (nfs_rpchdr.c, nfs_xdr3.c) are pure and
 * unit-tested by t_nfs_xdr.
 */
#ifndef _NFS_PROTO_H_
#define _NFS_PROTO_H_

#include "nfs_xdr.h"

/* RPC (RFC 5531) */
#define RPC_VERS		2
#define RPC_CALL		0
#define RPC_REPLY		1
#define RPC_MSG_ACCEPTED	0
#define RPC_AUTH_NONE		0
#define RPC_AUTH_SYS		1
#define RPC_AUTH_MAXBODY	400	/* opaque_auth body limit */
#define RPC_AUTH_NGROUPS	16	/* AUTH_SYS gids<16> */
#define RPC_ACCEPT_SUCCESS	0
#define RPC_LASTFRAG		0x80000000u	/* record marking */

/* programs */
#define PMAP_PROG	100000
#define PMAP_VERS	2
#define PMAP_PORT	111
#define PMAPPROC_GETPORT 3
#define IPPROTO_TCP_NUM	6
#define IPPROTO_UDP_NUM	17
#define NFS_PROG	100003
#define NFS_VERS	3
#define MOUNT_PROG	100005
#define MOUNT_VERS	3
#define MOUNTPROC_MNT	1
#define MOUNTPROC_UMNT	3

/* NFSv3 procedures */
enum nfs3_proc {
	NFSPROC3_NULL = 0, NFSPROC3_GETATTR, NFSPROC3_SETATTR,
	NFSPROC3_LOOKUP, NFSPROC3_ACCESS, NFSPROC3_READLINK, NFSPROC3_READ,
	NFSPROC3_WRITE, NFSPROC3_CREATE, NFSPROC3_MKDIR, NFSPROC3_SYMLINK,
	NFSPROC3_MKNOD, NFSPROC3_REMOVE, NFSPROC3_RMDIR, NFSPROC3_RENAME,
	NFSPROC3_LINK, NFSPROC3_READDIR, NFSPROC3_READDIRPLUS,
	NFSPROC3_FSSTAT, NFSPROC3_FSINFO, NFSPROC3_PATHCONF,
	NFSPROC3_COMMIT
};

#define NFS3_FHSIZE	64
#define NFS3_NAMEMAX	255	/* our limit on a name from the server */
#define NFS3_PATHMAX	4096	/* and on a symlink target */
#define NFS3_COOKIEVERFSIZE 8
#define NFS3_WRITEVERFSIZE 8
#define NFS3_CREATEVERFSIZE 8
#define NFS3ERR_NOTSUPP	10004

/* ftype3 */
enum nfs3_ftype { NF3REG = 1, NF3DIR, NF3BLK, NF3CHR, NF3LNK, NF3SOCK,
	NF3FIFO };

/* ACCESS bits */
#define ACCESS3_READ	0x01
#define ACCESS3_LOOKUP	0x02
#define ACCESS3_MODIFY	0x04
#define ACCESS3_EXTEND	0x08
#define ACCESS3_DELETE	0x10
#define ACCESS3_EXECUTE	0x20

/* stable_how */
#define NFS3_UNSTABLE	0
#define NFS3_FILE_SYNC	2

/* createmode3 */
#define NFS3_GUARDED	1
#define NFS3_EXCLUSIVE	2

struct nfs_auth {
	uint32_t au_uid, au_gid;
	uint32_t au_ngroups;
	uint32_t au_groups[RPC_AUTH_NGROUPS];
};

struct nfs_fh {
	uint32_t fh_len;
	uint8_t	fh_data[NFS3_FHSIZE];
};

struct nfs_time {
	uint32_t t_sec, t_nsec;
};

struct nfs_fattr {
	uint32_t fa_type;	/* enum nfs3_ftype */
	uint32_t fa_mode;	/* permission bits (07777) */
	uint32_t fa_nlink, fa_uid, fa_gid;
	uint64_t fa_size, fa_used;
	uint32_t fa_rdev1, fa_rdev2;
	uint64_t fa_fsid, fa_fileid;
	struct nfs_time fa_atime, fa_mtime, fa_ctime;
};

/* nfs_rpchdr.c: call header and reply header */
void nfs_rpc_enc_call(struct nfs_xdr *x, uint32_t xid, uint32_t prog,
    uint32_t vers, uint32_t proc, const struct nfs_auth *au);
/*
 * The reply header for xid; the cursor is left at the results.  0,
 * ESRCH (another call's reply), EIO (malformed), EACCES (denied or an
 * authentication error), EPROTONOSUPPORT (program, version or
 * procedure unavailable).
 */
int nfs_rpc_dec_reply(struct nfs_xdr *x, uint32_t xid);

/* nfs_xdr3.c: NFSv3 pieces */
void nfs_enc_fh(struct nfs_xdr *x, const struct nfs_fh *fh);
void nfs_enc_name(struct nfs_xdr *x, const char *name, size_t len);
/* a handle of 1..64 bytes, else bad */
void nfs_dec_fh(struct nfs_xdr *x, struct nfs_fh *fh);
/* fattr3, its type checked: else bad */
void nfs_dec_fattr(struct nfs_xdr *x, struct nfs_fattr *fa);
/* post_op_attr: true if present */
bool nfs_dec_postop(struct nfs_xdr *x, struct nfs_fattr *fa);
/* wcc_data: the post-op attributes, true if present */
bool nfs_dec_wcc(struct nfs_xdr *x, struct nfs_fattr *fa);
/* post_op_fh3: true if present */
bool nfs_dec_postfh(struct nfs_xdr *x, struct nfs_fh *fh);
/* nfsstat3 as an errno (0 for NFS3_OK) */
int nfs_stat_errno(uint32_t stat);

#endif /* _NFS_PROTO_H_ */
