/*
 * p2k internals: the FUSE session, the node table and the per-request
 * credential.  Each FUSE nodeid is a struct p2k_node that finds its vnode
 * by the file system's handle for each operation and holds it only while
 * the file is open (p2k_node.c); forget frees it.
 */
#ifndef P2K_IMPL_H
#define P2K_IMPL_H

#define FUSE_USE_VERSION 35
#include <fuse_lowlevel.h>
#include <sys/queue.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rump/p2k.h>
#include <rump/rumpdefs.h>
#include <rump/rumpvfs.h>

/* small: the host kernel may remember 100,000 of them */
struct p2k_node {
	struct p2k_node *pn_hnext;
	struct vnode *pn_vp;		/* held: open, root, or no handles */
	uint64_t pn_nlookup;		/* FUSE lookups not yet forgotten */
	uint64_t pn_cachekey;		/* mtime and size at the last open */
	uint32_t pn_gen;		/* generation for the FUSE entry */
	uint32_t pn_nopen;		/* open handles */
	uint16_t pn_pin;		/* 1 + its place in p2k_pin.c's ring */
	uint8_t pn_keylen;
	uint8_t pn_key[];		/* the file handle (or vnode pointer) */
};

#define P2K_NODEHASH_MIN 1024	/* buckets at first; doubles as nodes come */

/* a request asleep in the kernel, interruptible (p2k_intr.c) */
struct p2k_wait {
	struct lwp *pw_lwp;
	LIST_ENTRY(p2k_wait) pw_entries;
};

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
	double p2m_timeout;		/* attribute timeout */
	double p2m_entry_timeout;	/* name (and negative name) timeout */
	bool p2m_allow_other;		/* -o allow_other: users share it */
	char *p2m_fsname;		/* -o fsname=, -o subtype= (or NULL) */
	char *p2m_subtype;
	/* -o fakeroot: every request runs as root inside the rump kernel */
	int p2m_fakeroot;
	/* -o uid=N, gid=N: the image's N is the mounting user's id (p2k_id.c) */
	bool p2m_mapuid, p2m_mapgid;
	uint32_t p2m_imguid, p2m_imggid;	/* N */
	uint32_t p2m_hostuid, p2m_hostgid;	/* the mounting user */
	pthread_mutex_t p2m_nodelock;
	struct p2k_node **p2m_nodes;	/* by key, p2m_nodemask + 1 buckets */
	size_t p2m_nodemask;
	size_t p2m_nnodes;
	uint32_t p2m_nodegen;
	bool p2m_unpin;			/* nodes find vnodes by handle */
	struct p2k_node **p2m_pins;	/* p2k_pin.c: recently used nodes */
	size_t p2m_npins, p2m_pinpos;

	/* interruptible waits and the shutdown (p2k_intr.c, p2k_shutdown.c) */
	pthread_mutex_t p2m_waitlock;
	LIST_HEAD(, p2k_wait) p2m_waits;
	bool p2m_closing;		/* shutting down: no more waiting */
	int p2m_lockthreads;		/* -s: lock waits in threads of their own */
	bool p2m_auto_unmount;		/* -o auto_unmount (the default) */
	bool p2m_detached;		/* the host mount is already gone */
	int p2m_shutdown_timeout;	/* seconds: then exit, unclean */
	pthread_t p2m_mainthread;	/* runs the FUSE loop */
	pthread_t p2m_sigthread;	/* sigwait()s for the shutdown */
	bool p2m_sigthread_started;
	pthread_mutex_t p2m_shutlock;
	pthread_cond_t p2m_shutcv;
	int p2m_shutstate;		/* P2K_SHUT_* */
	bool p2m_loopdone;		/* the FUSE loop has returned */
	bool p2m_stopped;		/* detached, waits cancelled */
};

#define P2K_SHUT_RUNNING	0	/* serving */
#define P2K_SHUT_STOPPING	1	/* a signal came, or the loop ended */
#define P2K_SHUT_DONE		2	/* unmounted: the process may exit */

/* each p2k_vnops_*.c fills in its share of the operations */
void p2k_ops_name(struct fuse_lowlevel_ops *);
void p2k_ops_attr(struct fuse_lowlevel_ops *);
void p2k_ops_io(struct fuse_lowlevel_ops *);
void p2k_ops_dir(struct fuse_lowlevel_ops *);
void p2k_ops_ext(struct fuse_lowlevel_ops *);
void p2k_ops_lock(struct fuse_lowlevel_ops *);

/* p2k_vnops_io.c: fsync and fsyncdir */
void p2k_fsync_common(fuse_req_t req, fuse_ino_t ino, int datasync);

/* p2k_vnops_lock.c: drop owner's locks of one kind (RUMP_F_POSIX, _FLOCK) */
int p2k_unlock_owner(struct vnode *vp, uint64_t owner, int kind);

/* p2k_intr.c */
void p2k_wait_begin(fuse_req_t req, struct p2k_wait *w);
void p2k_wait_end(fuse_req_t req, struct p2k_wait *w);
void p2k_cancel_waits(struct p2k_mount *);

/* p2k_shutdown.c */
void p2k_signals_block(void);
int p2k_shutdown_start(struct p2k_mount *);
bool p2k_shutdown_loop_ended(struct p2k_mount *);
void p2k_shutdown_done(struct p2k_mount *);

/* p2k_node.c */
int p2k_node_root(struct p2k_mount *, const char *vfsname,
    struct vnode *rootvp);
int p2k_node_get(struct p2k_mount *, struct vnode *vp, struct p2k_node **);
struct p2k_node *p2k_node_lookup(struct p2k_mount *, fuse_ino_t ino);
int p2k_node_vget(struct p2k_mount *, struct p2k_node *, struct vnode **);
void p2k_node_open(struct p2k_mount *, struct p2k_node *, struct vnode *);
void p2k_node_close(struct p2k_mount *, struct p2k_node *);
void p2k_node_forget(struct p2k_mount *, struct p2k_node *, uint64_t n);
void p2k_node_release_all(struct p2k_mount *);
fuse_ino_t p2k_node_ino(struct p2k_mount *, struct p2k_node *);
/* p2k_pin.c, under the node lock */
void p2k_pin_init(struct p2k_mount *);
struct vnode *p2k_pin_add(struct p2k_mount *, struct p2k_node *,
    struct vnode *);
void p2k_pin_remove(struct p2k_mount *, struct p2k_node *);
void p2k_pin_fini(struct p2k_mount *);
/* ino's vnode for one operation (referenced), or ESTALE; p2k_vput it */
int p2k_vget(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp);
bool p2k_vget_reply(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp);
bool p2k_vget2_reply(fuse_req_t req, fuse_ino_t a, struct vnode **vpa,
    fuse_ino_t b, struct vnode **vpb);
bool p2k_op_begin(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp,
    struct kauth_cred **credp);
#define p2k_vput(vp)	rump_pub_vp_rele(vp)

/* p2k_id.c: owners between the host and the image (-o uid=, gid=) */
uint32_t p2k_uid_in(const struct p2k_mount *, uint32_t hostuid);
uint32_t p2k_gid_in(const struct p2k_mount *, uint32_t hostgid);
uint32_t p2k_uid_out(const struct p2k_mount *, uint32_t imguid);
uint32_t p2k_gid_out(const struct p2k_mount *, uint32_t imggid);
int p2k_idopt(struct p2k_mount *, const char *arg);

/* p2k_killpriv.c: writes, truncates and chowns clear set-id bits */
#define P2K_KILL_TRUNC	1	/* the size was set */
#define P2K_KILL_CHOWN	2	/* the owner or group was set */
void p2k_killpriv(fuse_req_t req, struct vnode *vp, int why);
int p2k_killmode(fuse_req_t req, struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred);

/* p2k_main.c: tell a waiting parent how setup went (0: detach) */
void p2k_report(struct p2k_mount *, int status);
void p2k_free(struct p2k_mount *);

/* p2k_attr.c */
struct kauth_cred *p2k_cred(fuse_req_t req);
void p2k_cred_put(struct kauth_cred *cred);
void p2k_vattr_to_stat(struct p2k_mount *, const struct rump_vattr *va,
    struct stat *st);
int p2k_reply_entry(fuse_req_t req, struct p2k_mount *p2m, struct vnode *vp,
    struct kauth_cred *cred);
void p2k_entry_fill(struct p2k_mount *, struct p2k_node *,
    const struct rump_vattr *, struct fuse_entry_param *);

#define P2M(req)	((struct p2k_mount *)fuse_req_userdata(req))
#define NODE(req, ino)	p2k_node_lookup(P2M(req), (ino))

/* p2k_initflags.c: the INIT flags libfuse 3.14 does not send */
void p2k_initflags_want(bool parallel_dirops, bool killpriv);
int p2k_initflags_attach(struct fuse_session *);

#endif /* P2K_IMPL_H */
