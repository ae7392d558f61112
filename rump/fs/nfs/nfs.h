/*
 * The NFSv3 client's in-core state: the mount (the server, its root
 * handle, transfer sizes) and the node of each file (its handle, the
 * vcache key, and cached attributes).  Files are never cached here: a
 * read or write goes to the server, so close-to-open consistency only
 * needs fresh attributes at open (nfs_vnops.c).
 */
#ifndef _NFS_H_
#define _NFS_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/mutex.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "nfs_args.h"
#include "nfs_rpc.h"
#include "nfs_iod.h"

/*
 * Attributes a caller of vcache_get already has (LOOKUP and CREATE
 * return them), left for nfs_loadvnode for the length of that call, so
 * that a new node costs no GETATTR.
 */
#define NFS_NHINTS	8
#define NFS_SILLYLEN	24	/* ".nfs", 16 hex digits, NUL */
struct nfs_hint {
	struct nfs_fh	h_fh;		/* fh_len 0: free */
	struct nfs_fattr h_fa;
};

struct nfs_mount {
	struct mount	*nm_mp;
	struct nfs_rpc	nm_rpc;		/* the NFS program */
	char		nm_host[256];
	char		nm_path[1024];
	struct nfs_fh	nm_rootfh;
	uint32_t	nm_flags;	/* NFS_ARG_* */
	uint32_t	nm_rsize, nm_wsize, nm_dtsize;
	uint32_t	nm_mntport;	/* MOUNT program's, for UMNT */
	bool		nm_noplus;	/* no READDIRPLUS: READDIR */
	uint32_t	nm_namemax;
	unsigned	nm_complaints;	/* console lines so far */
	struct nfs_iod	nm_iod;		/* helpers: calls in flight */
	kmutex_t	nm_hintlock;
	struct nfs_hint	nm_hints[NFS_NHINTS];
	unsigned	nm_hintnext;
};

struct nfs_node {
	struct vnode	*n_vnode;
	struct nfs_mount *n_nmp;
	struct nfs_fh	n_fh;		/* vcache key: fh_data, fh_len */
	kmutex_t	n_lock;		/* n_attr, n_attrstamp */
	struct nfs_fattr n_attr;
	int64_t		n_attrstamp;	/* uptime ms; 0: none cached */
	uint8_t		n_cookieverf[NFS3_COOKIEVERFSIZE];
	/* uncommitted (UNSTABLE) writes, kept to resend (nfs_commit.c) */
	struct nfs_wchunk *n_wchunks;
	size_t		n_wbytes;
	uint8_t		n_wverf[NFS3_WRITEVERFSIZE];
	bool		n_wverfset;
	bool		n_wredo;	/* verifier changed: resend all */
	/* a directory this client removed: it has no entries, not even
	 * "..", as on a local file system (the server would say STALE) */
	bool		n_removed;
	/* opens not closed yet, under n_lock; and a file removed while
	 * open, kept under a hidden name until inactive (nfs_silly.c) */
	unsigned	n_opens;
	struct vnode	*n_sillydvp;
	kauth_cred_t	n_sillycred;
	char		n_sillyname[NFS_SILLYLEN];
};

#define VTON(vp)	((struct nfs_node *)(vp)->v_data)
#define VFSTONFS(mp)	((struct nfs_mount *)(mp)->mnt_data)

extern const struct vnodeops nfs_vnodeops;

/* nfs_subr.c */
int nfs_badreply(struct nfs_mount *nmp, const char *what);
enum vtype nfs_vtype(uint32_t ftype);
int nfs_call_start(struct nfs_mount *nmp, struct nfs_req *rq,
    uint32_t proc, kauth_cred_t cred, const struct nfs_fh *fh,
    size_t argmax, size_t resmax);
int nfs_call(struct nfs_mount *nmp, struct nfs_req *rq, const char *what);
int nfs_call_fh(struct nfs_mount *nmp, struct nfs_req *rq, uint32_t proc,
    kauth_cred_t cred, const struct nfs_fh *fh, size_t resmax,
    const char *what);

/* nfs_attrcache.c */
void nfs_attr_load(struct nfs_node *np, const struct nfs_fattr *fa);
void nfs_attr_invalidate(struct nfs_node *np);
/* the cached attributes if fresh, else GETATTR */
int nfs_attr_get(struct nfs_node *np, kauth_cred_t cred,
    struct nfs_fattr *fa);
int nfs_getattr_rpc(struct nfs_mount *nmp, const struct nfs_fh *fh,
    kauth_cred_t cred, struct nfs_fattr *fa);

/* nfs_node.c */
int nfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key);
int nfs_reclaim(struct vop_reclaim_args *ap);
/* the vnode of fh (referenced, unlocked), attributes fa if not NULL */
int nfs_node_get(struct mount *mp, const struct nfs_fh *fh,
    const struct nfs_fattr *fa, struct vnode **vpp);

/* nfs_lookup.c */
int nfs_lookup(struct vop_lookup_args *ap);
int nfs_lookup_rpc(struct nfs_mount *nmp, const struct nfs_fh *dfh,
    const char *name, size_t len, kauth_cred_t cred, struct nfs_fh *fh,
    struct nfs_fattr *fa);

/* nfs_readdir.c */
int nfs_readdir(struct vop_readdir_args *ap);

/* nfs_io.c */
int nfs_read(struct vop_read_args *ap);
int nfs_readlink(struct vop_readlink_args *ap);

/* nfs_write.c: writes, and nfs_flush: COMMIT (or resend) what is kept */
int nfs_write(struct vop_write_args *ap);
int nfs_flush(struct vnode *vp, kauth_cred_t cred);
/* drop what is kept (reclaim of a file whose flush failed) */
void nfs_write_discard(struct nfs_node *np);

/* nfs_sattr.c */
int nfs_enc_sattr(struct nfs_xdr *x, const struct vattr *va,
    bool withsize);
size_t nfs_sattr_max(void);

/* nfs_setattr.c, nfs_create.c, nfs_remove.c */
int nfs_setattr_rpc(struct nfs_node *np, struct vattr *va,
    kauth_cred_t cred);
int nfs_setattr(struct vop_setattr_args *ap);
int nfs_create(struct vop_create_args *ap);
int nfs_mkdir(struct vop_mkdir_args *ap);
int nfs_symlink(struct vop_symlink_args *ap);
int nfs_mknod(struct vop_mknod_args *ap);
int nfs_remove(struct vop_remove_args *ap);
int nfs_rmdir(struct vop_rmdir_args *ap);
int nfs_link(struct vop_link_args *ap);
int nfs_rename(struct vop_rename_args *ap);
int nfs_remove_rpc(struct nfs_node *dp, uint32_t proc, const char *name,
    size_t len, kauth_cred_t cred);
int nfs_rename_rpc(struct nfs_node *fdp, const char *fname, size_t flen,
    struct nfs_node *tdp, const char *tname, size_t tlen, kauth_cred_t cred);
/* nfs_silly.c: is vp open (a remove must keep it)?  rename it to a
 * hidden name; remove that name (inactive); forget it (reclaim) */
void nfs_silly_open(struct nfs_node *np, int delta);
bool nfs_silly_wanted(struct vnode *vp);
int nfs_silly_rename(struct vnode *dvp, struct vnode *vp,
    struct componentname *cnp);
void nfs_silly_remove(struct vnode *vp);
void nfs_silly_drop(struct nfs_node *np);

/* nfs_vnops.c */
void nfs_fattr_to_vattr(struct vnode *vp, const struct nfs_fattr *fa,
    struct vattr *va);

/* nfs_fsops.c: FSSTAT, FSINFO, PATHCONF */
int nfs_fsinfo(struct nfs_mount *nmp);
int nfs_fsstat(struct nfs_mount *nmp, struct statvfs *sbp);
int nfs_pathconf(struct vop_pathconf_args *ap);

/* nfs_mount3.c: the MOUNT protocol */
int nfs_mnt(struct nfs_mount *nmp, const struct nfs_args *args);
void nfs_umnt(struct nfs_mount *nmp);

#endif /* _NFS_H_ */
