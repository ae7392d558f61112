/*
 * Vnodes.
 *
 * Life cycle: a vnode is created by vcache_get() (existing file: the file
 * system's vfs_loadvnode fills it) or vcache_new() (new file: vfs_newvnode
 * allocates the inode), identified by (mount, key).  vref/vrele count uses;
 * when the last use goes, VOP_INACTIVE runs with the vnode locked exclusive
 * (an unlinked file frees its storage there) and the vnode stays cached.
 * The cache is bounded: the least recently used unused vnodes are
 * reclaimed (VOP_RECLAIM, unlocked, no other user) and freed.  vgone()
 * (forced unmount, revoke) reclaims a vnode still in use; it then answers
 * every VOP with EBADF/ENXIO through the dead ops.
 *
 * Locking: v_lock is a shared/exclusive lock taken with vn_lock() and
 * released with VOP_UNLOCK().  Each VOP's comment in vnode_if.h says what
 * the caller holds.  v_interlock (a mutex) protects v_usecount and v_state.
 */
#ifndef _SYS_VNODE_H_
#define _SYS_VNODE_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/condvar.h>
#include <sys/kauth.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/systm.h>

struct mount;
struct buf;
struct uio;
struct componentname;
struct vnodeops;
struct specinfo;
struct lockf;
struct namecache;

enum vtype { VNON, VREG, VDIR, VBLK, VCHR, VLNK, VSOCK, VFIFO, VBAD };

/* vtype <-> S_IFMT */
extern const enum vtype iftovt_tab[16];
extern const int vttoif_tab[9];
#define IFTOVT(mode)	(iftovt_tab[((mode) & 0170000) >> 12])
#define VTTOIF(indx)	(vttoif_tab[(int)(indx)])
#define MAKEIMODE(indx, mode) (int)(VTTOIF(indx) | (mode))

enum vnode_state {
	VS_LOADING,	/* being loaded by vcache_get/vcache_new */
	VS_ACTIVE,	/* usable */
	VS_BLOCKED,	/* being inactivated or reclaimed: wait */
	VS_RECLAIMED	/* dead: only dead ops */
};

struct vnode {
	struct mount *v_mount;		/* owning mount, NULL when dead */
	const struct vnodeops *v_op;
	void *v_data;			/* file system's private data */
	enum vtype v_type;
	int v_vflag;
#define VV_ROOT		0x0001		/* root of its file system */
#define VV_MPSAFE	0x0002
#define VV_LOCKSWORK	0x0004
	int v_iflag;
#define VI_TEXT		0x0001
#define VI_EXECMAP	0x0002
#define VI_WRMAP	0x0004
	enum vnode_state v_state;
	unsigned int v_usecount;	/* uses; under v_interlock */
	unsigned int v_writecount;	/* opens for writing */
	unsigned int v_numoutput;	/* writes in flight */
	kmutex_t *v_interlock;
	kcondvar_t v_cv;		/* state changes, v_numoutput */
	krwlock_t v_lock;
	off_t v_size;			/* file size, kept by the fs */
	dev_t v_rdev;			/* VBLK/VCHR: device */
	struct specinfo *v_specinfo;	/* VBLK/VCHR: device state */
	struct mount *v_mountedhere;	/* VDIR: a file system mounted here */
	const void *v_key;		/* vcache key (points into v_data) */
	size_t v_keylen;
	struct lockf *v_lockf;		/* advisory locks */
	/* buffer cache */
	TAILQ_HEAD(, buf) v_cleanblkhd;
	TAILQ_HEAD(, buf) v_dirtyblkhd;
	/* name cache */
	LIST_HEAD(, namecache) v_dnclist;	/* names in this dir */
	LIST_HEAD(, namecache) v_nclist;	/* names for this vnode */
	/* vcache */
	TAILQ_ENTRY(vnode) v_mntvnodes;		/* on the mount's list */
	TAILQ_ENTRY(vnode) v_lrulist;		/* unused, LRU */
	struct vnode *v_hashnext;
	uint64_t v_gen;				/* vcache generation */
};

/* vnode attributes: struct rump_vattr of <rump/rumpdefs.h> */

#define VNOVAL		RUMP_VNOVAL
#define VA_UTIMES_NULL	RUMP_VA_UTIMES_NULL
#define VA_EXCLUSIVE	RUMP_VA_EXCLUSIVE
CTASSERT((int)VREG == (int)RUMP_VREG && (int)VBAD == (int)RUMP_VBAD);
void vattr_null(struct vattr *);

/* access modes for VOP_ACCESS */
#define VEXEC	0100
#define VWRITE	0200
#define VREAD	0400
#define VADMIN	010000		/* owner or superuser */
#define VAPPEND	040000

/* ioflag for VOP_READ/VOP_WRITE */
#define IO_UNIT		0x0001	/* all or nothing */
#define IO_APPEND	0x0002
#define IO_SYNC		0x0004	/* data and metadata on disk before return */
#define IO_NODELOCKED	0x0008
#define IO_NDELAY	0x0010
#define IO_DSYNC	0x0020	/* data on disk before return */
#define IO_DIRECT	0x0040
#define IO_ADV_MASK	0x0300

/* fsync flags */
#define FSYNC_WAIT	0x0001
#define FSYNC_DATAONLY	0x0002
#define FSYNC_RECLAIM	0x0004
#define FSYNC_LAZY	0x0008

/* vn_lock flags */
#define LK_SHARED	0x0001
#define LK_EXCLUSIVE	0x0002
#define LK_NOWAIT	0x0004
#define LK_RETRY	0x0008	/* lock even a dead vnode */
#define LK_TYPE_MASK	(LK_SHARED | LK_EXCLUSIVE)

/* vflush flags */
#define SKIPSYSTEM	0x0001	/* skip VV_SYSTEM vnodes */
#define FORCECLOSE	0x0002	/* vgone() vnodes still in use */
#define WRITECLOSE	0x0004

/* uses */
void vref(struct vnode *);
void vrele(struct vnode *);		/* vp unlocked */
void vput(struct vnode *);		/* VOP_UNLOCK + vrele */
void vrele_async(struct vnode *);
int vn_lock(struct vnode *, int flags);	/* ENOENT if dead (not LK_RETRY) */
bool vn_islocked_excl(struct vnode *);

/* vcache */
int vcache_get(struct mount *, const void *key, size_t keylen,
    struct vnode **vpp);		/* referenced, unlocked */
int vcache_new(struct mount *, struct vnode *dvp, struct vattr *vap,
    kauth_cred_t cred, void *extra, struct vnode **vpp);
int vcache_rekey_enter(struct mount *, struct vnode *,
    const void *oldkey, size_t oldkeylen, const void *newkey, size_t newkeylen);
void vcache_rekey_exit(struct mount *, struct vnode *,
    const void *oldkey, size_t oldkeylen, const void *newkey, size_t newkeylen);
/* vp locked exclusive + referenced; both are consumed (vput) */
void vgone(struct vnode *);
void vrecycle_hint(struct vnode *);	/* reclaim soon after inactive */
int vflush(struct mount *, struct vnode *skipvp, int flags);
/* call fn on each vnode of mp (referenced, unlocked); stops at an error */
int vfs_vnode_iterate(struct mount *mp, int (*fn)(struct vnode *, void *),
    void *arg);
/* set the cache bound (number of vnodes) */
void vcache_setmax(unsigned int);
unsigned int vcache_getmax(void);

/* the vnode of a block device, for file systems to read their disk */
int bdevvp(dev_t dev, struct vnode **vpp);

/* generic permission checks, for the file systems' VOPs */
int genfs_can_access(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, mode_t file_mode, int acc_mode);
int genfs_can_chmod(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, mode_t new_mode);
int genfs_can_chown(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    gid_t group, uid_t new_uid, gid_t new_gid);
int genfs_can_chtimes(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    unsigned int vaflags);
int genfs_can_chflags(struct vnode *vp, kauth_cred_t cred, uid_t owner,
    bool changing_sysflags);
/* sticky directory: may cred remove vp (owned by owner) from dvp? */
int genfs_can_sticky(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred,
    uid_t dir_owner, uid_t file_owner);
/* may the caller modify the file system at all: EROFS on read-only mounts */
int genfs_writable(struct vnode *vp);

/* convenience: read/write a kernel buffer through VOP_READ/WRITE */
int vn_rdwr(enum uio_rw rw, struct vnode *vp, void *base, size_t len,
    off_t offset, int ioflg, kauth_cred_t cred, size_t *aresid);

#endif /* _SYS_VNODE_H_ */
