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

/* one READ, run by the caller or an I/O helper (nfs_io.c) */
struct nfs_rpiece {
	struct nfs_iojob rp_job;	/* first: nfs_iod's view */
	struct nfs_node	*rp_np;
	kauth_cred_t	rp_cred;
	uint64_t	rp_off;
	uint32_t	rp_count;
	struct nfs_req	rp_rq;		/* kept until the data is copied */
	const void	*rp_data;
	size_t		rp_len;
	bool		rp_eof;
	int		rp_error;
	size_t		rp_used;	/* read-ahead: bytes copied out */
};

/* one WRITE, run by the caller or an I/O helper (nfs_write.c) */
struct nfs_wpiece {
	struct nfs_iojob wp_job;	/* first: nfs_iod's view */
	struct nfs_node	*wp_np;
	kauth_cred_t	wp_cred;
	uint64_t	wp_off;
	uint8_t		*wp_buf;	/* wp_len bytes of kmem */
	uint32_t	wp_len;
	uint32_t	wp_stable;	/* in: wanted; out: done */
	uint8_t		wp_verf[NFS3_WRITEVERFSIZE];
	int		wp_error;
};

/*
 * Read-ahead (nfs_readahead.c): READs of a file read in order, queued
 * to the helpers ahead of the reader, each kept in its reply buffer
 * until the reader copies it out.  A ring of NFS_RA_SLOTS pieces.
 */
#define NFS_RA_SLOTS	(NFS_NIOD + 2)	/* helpers' pieces, the reader's,
					 * and one a late read may need */
struct nfs_ra {
	uint64_t	ra_end;		/* past the last piece queued */
	unsigned	ra_head, ra_n;	/* oldest piece, pieces */
	struct nfs_rpiece ra_p[NFS_RA_SLOTS];
};

/* write-behind (nfs_wbehind.c): WRITEs of a file in flight at once, and
 * the smallest write sent that way (smaller ones go in order, at once) */
#define NFS_WB_SLOTS	(NFS_NIOD + 1)
#define NFS_WB_MIN	(64u << 10)

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
	/* read-ahead: where the next read in order starts, the window
	 * (NULL: none), and n_ralock guarding both (reads share the
	 * vnode lock) */
	kmutex_t	n_ralock;
	uint64_t	n_ranext;
	struct nfs_ra	*n_ra;
	/* write-behind: a ring of WRITEs in flight, the first error of
	 * one (for the next write, fsync, close), n_wblock guarding them */
	kmutex_t	n_wblock;
	struct nfs_wpiece *n_wb[NFS_WB_SLOTS];
	unsigned	n_wbhead, n_wbn;
	int		n_wberror;
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
/* a WRITE's attributes: replies come in any order, so the size only
 * grows */
void nfs_attr_load_write(struct nfs_node *np, struct nfs_fattr *fa);
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
void nfs_rpiece_run(struct nfs_iojob *j);

/* nfs_readahead.c: copy what the window has at uio_offset into uio
 * (0 bytes: nothing there; the caller READs), and drop the window */
int nfs_ra_read(struct nfs_node *np, struct uio *uio, kauth_cred_t cred,
    bool *eofp);
void nfs_ra_drop(struct nfs_node *np);

/* nfs_write.c: writes, and nfs_flush: COMMIT (or resend) what is kept */
int nfs_write(struct vop_write_args *ap);
int nfs_flush(struct vnode *vp, kauth_cred_t cred);
/* drop what is kept (reclaim of a file whose flush failed) */
void nfs_write_discard(struct nfs_node *np);
/* a piece of wsize at most from uio (its data copied); run one; its
 * outcome (*restore: bytes not written) */
int nfs_wpiece_fill(struct nfs_wpiece *wp, struct nfs_node *np,
    struct uio *uio, bool sync, kauth_cred_t cred);
void nfs_wpiece_run(struct nfs_iojob *j);
int nfs_wpiece_done(struct nfs_wpiece *wp, int error, size_t *restore);

/* nfs_wbehind.c: queue one WRITE from uio; wait for all in flight and
 * return the file's write error (nfs_wb_take also clears it) */
int nfs_wb_write(struct nfs_node *np, struct uio *uio, kauth_cred_t cred);
int nfs_wb_drain(struct nfs_node *np);
int nfs_wb_take(struct nfs_node *np);

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
