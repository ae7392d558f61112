/*
 * Mounts and vfsops.
 *
 * vfs_attach() registers a file system's vfsops (drivers do it from a
 * RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS) init).  vfs_mount*() creates
 * struct mount and calls vfs_mount; the driver reads its args (a
 * driver-specific struct, e.g. struct ufs_args with the device path),
 * opens the device through bdevvp()/namei, and fills mnt_stat.
 */
#ifndef _SYS_MOUNT_H_
#define _SYS_MOUNT_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/kauth.h>

struct vnode;
struct vattr;
struct lwp;

#define MNT_RDONLY	RUMP_MNT_RDONLY
#define MNT_SYNCHRONOUS	RUMP_MNT_SYNCHRONOUS
#define MNT_NOEXEC	RUMP_MNT_NOEXEC
#define MNT_NOSUID	RUMP_MNT_NOSUID
#define MNT_NODEV	RUMP_MNT_NODEV
#define MNT_ASYNC	RUMP_MNT_ASYNC
#define MNT_NOATIME	RUMP_MNT_NOATIME
#define MNT_NODEVMTIME	RUMP_MNT_NODEVMTIME
#define MNT_LOG		RUMP_MNT_LOG
#define MNT_SOFTDEP	RUMP_MNT_SOFTDEP
#define MNT_LOCAL	RUMP_MNT_LOCAL
#define MNT_UPDATE	RUMP_MNT_UPDATE
#define MNT_RELOAD	RUMP_MNT_RELOAD
#define MNT_FORCE	RUMP_MNT_FORCE

/* vfs_sync waitfor */
#define MNT_WAIT	1
#define MNT_NOWAIT	2
#define MNT_LAZY	3

/* the common prefix of every disk file system's mount args */
struct ufs_args {
	char *fspec;		/* block special device (rump path) */
};

struct mount {
	const struct vfsops *mnt_op;
	struct vnode *mnt_vnodecovered;	/* the dir we are mounted on */
	void *mnt_data;			/* file system's private data */
	int mnt_flag;			/* MNT_* */
	int mnt_iflag;
#define IMNT_GONE	0x01		/* unmounted */
#define IMNT_UNMOUNT	0x02		/* unmount in progress */
#define IMNT_MPSAFE	0x04
	unsigned int mnt_refcnt;
	unsigned int mnt_busy;		/* ops in progress (vfs_busy) */
	krwlock_t mnt_unmounting;	/* readers: ops; writer: unmount */
	kmutex_t mnt_renamelock;	/* serialises VOP_RENAME */
	kmutex_t mnt_vnodelock;		/* mnt_vnodelist */
	TAILQ_HEAD(, vnode) mnt_vnodelist;
	struct statvfs mnt_stat;	/* cached statvfs, names filled */
	int mnt_fs_bshift;		/* block size shift, for I/O sizing */
	int mnt_dev_bshift;
	uint64_t mnt_gen;
	TAILQ_ENTRY(mount) mnt_list;
};

struct vfsops {
	const char *vfs_name;
	size_t vfs_min_mount_data;	/* smallest args struct accepted */
	int (*vfs_mount)(struct mount *mp, const char *path, void *data,
	    size_t *data_len);
	int (*vfs_unmount)(struct mount *mp, int mntflags);
	int (*vfs_root)(struct mount *mp, int lktype, struct vnode **vpp);
	int (*vfs_statvfs)(struct mount *mp, struct statvfs *sbp);
	int (*vfs_sync)(struct mount *mp, int waitfor, kauth_cred_t cred);
	int (*vfs_vget)(struct mount *mp, ino_t ino, int lktype,
	    struct vnode **vpp);
	/* fill a fresh vnode for key; set v_data, v_op, v_type, *new_key */
	int (*vfs_loadvnode)(struct mount *mp, struct vnode *vp,
	    const void *key, size_t key_len, const void **new_key);
	/* allocate a new file for vap in dvp; same outputs as loadvnode */
	int (*vfs_newvnode)(struct mount *mp, struct vnode *dvp,
	    struct vnode *vp, struct vattr *vap, kauth_cred_t cred,
	    void *extra, size_t *key_len, const void **new_key);
	int (*vfs_fhtovp)(struct mount *mp, struct fid *fhp, int lktype,
	    struct vnode **vpp);
	int (*vfs_vptofh)(struct vnode *vp, struct fid *fhp, size_t *fh_size);
	void (*vfs_init)(void);
	void (*vfs_done)(void);
	/* probe a device: 0 if the image holds this file system (optional) */
	int (*vfs_probe)(struct vnode *devvp);
	TAILQ_ENTRY(vfsops) vfs_list;
};

int vfs_attach(struct vfsops *);
int vfs_detach(struct vfsops *);
struct vfsops *vfs_getopsbyname(const char *name);

/* mount: path is a rump path; data/len the driver's args */
int do_sys_mount(struct lwp *l, const char *type, const char *path,
    int flags, void *data, size_t data_len);
int do_sys_unmount(struct lwp *l, const char *path, int flags);

/* operations in progress hold the mount busy against unmount */
int vfs_busy(struct mount *mp);		/* ENOENT if being unmounted */
void vfs_unbusy(struct mount *mp);
void vfs_ref(struct mount *);
void vfs_rele(struct mount *);
int vfs_syncall(void);			/* sync every file system */
int vfs_unmountall(void);		/* clean unmount of all; at fini */
/* mount rumpfs on "/" as rootvnode (done at POSTINIT); idempotent */
int vfs_mountroot(void);
struct mount *vfs_getvfs(uint64_t fsid);
void vfs_getnewfsid(struct mount *mp);
/* fill mnt_stat's names and generic fields from the driver's statvfs */
int dounmount(struct mount *mp, int flags, struct lwp *l);

#define VFS_MOUNT(mp, p, d, l)	((*(mp)->mnt_op->vfs_mount)(mp, p, d, l))
#define VFS_UNMOUNT(mp, f)	((*(mp)->mnt_op->vfs_unmount)(mp, f))
#define VFS_ROOT(mp, lk, vpp)	((*(mp)->mnt_op->vfs_root)(mp, lk, vpp))
#define VFS_STATVFS(mp, sbp)	((*(mp)->mnt_op->vfs_statvfs)(mp, sbp))
#define VFS_SYNC(mp, w, c)	((*(mp)->mnt_op->vfs_sync)(mp, w, c))
#define VFS_VGET(mp, i, lk, vp)	((*(mp)->mnt_op->vfs_vget)(mp, i, lk, vp))

#endif /* _SYS_MOUNT_H_ */
