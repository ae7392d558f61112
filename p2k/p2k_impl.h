/*
 * p2k internals: the FUSE session, the node table and the per-request
 * credential.  Each FUSE nodeid is a struct p2k_node holding one vnode
 * reference per FUSE lookup count; forget drops them.
 */
#ifndef P2K_IMPL_H
#define P2K_IMPL_H

#define FUSE_USE_VERSION 35
#include <fuse_lowlevel.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rump/p2k.h>
#include <rump/rumpdefs.h>
#include <rump/rumpvfs.h>

struct p2k_node {
	struct vnode *pn_vp;
	uint64_t pn_nlookup;		/* FUSE lookups = vnode refs we hold */
	uint64_t pn_gen;		/* generation for the FUSE entry */
	struct rump_timespec pn_mtime;	/* at last open: keep_cache check */
	int64_t pn_size;
	bool pn_opened;
	struct p2k_node *pn_hnext;
};

#define P2K_NODEHASH 4096

struct p2k_mount {
	struct fuse_session *p2m_se;
	struct fuse_args p2m_args;
	char *p2m_mountpoint;		/* host */
	char p2m_rumppath[256];		/* where the fs is mounted in rump */
	char p2m_devkey[64];		/* etfs key of the image, or "" */
	bool p2m_reported;		/* the failure is already on stderr */
	uint32_t p2m_flags;
	bool p2m_singlethread;
	bool p2m_mounted;		/* rump file system mounted */
	int p2m_error;			/* p2k_cancel */
	int p2m_statusfd;		/* daemon: tells the parent how setup went */
	struct mount *p2m_rmp;
	struct p2k_node *p2m_root;
	double p2m_timeout;		/* entry and attribute timeout */
	pthread_mutex_t p2m_nodelock;
	struct p2k_node *p2m_nodes[P2K_NODEHASH];
};

/* each p2k_vnops_*.c fills in its share of the operations */
void p2k_ops_name(struct fuse_lowlevel_ops *);
void p2k_ops_attr(struct fuse_lowlevel_ops *);
void p2k_ops_io(struct fuse_lowlevel_ops *);
void p2k_ops_dir(struct fuse_lowlevel_ops *);
void p2k_ops_ext(struct fuse_lowlevel_ops *);

/* p2k_node.c */
struct p2k_node *p2k_node_get(struct p2k_mount *, struct vnode *vp);
struct p2k_node *p2k_node_lookup(struct p2k_mount *, fuse_ino_t ino);
void p2k_node_forget(struct p2k_mount *, struct p2k_node *, uint64_t n);
void p2k_node_release_all(struct p2k_mount *);
fuse_ino_t p2k_node_ino(struct p2k_mount *, struct p2k_node *);

/* p2k_main.c: tell a waiting parent how setup went (0: detach) */
void p2k_report(struct p2k_mount *, int status);

/* p2k_attr.c */
struct kauth_cred *p2k_cred(fuse_req_t req);
void p2k_cred_put(struct kauth_cred *cred);
void p2k_vattr_to_stat(const struct rump_vattr *va, struct stat *st);
int p2k_reply_entry(fuse_req_t req, struct p2k_mount *p2m, struct vnode *vp,
    struct kauth_cred *cred);

#define P2M(req)	((struct p2k_mount *)fuse_req_userdata(req))
#define NODE(req, ino)	p2k_node_lookup(P2M(req), (ino))
#define VP(req, ino)	(NODE(req, ino)->pn_vp)

#endif /* P2K_IMPL_H */
