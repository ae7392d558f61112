/*
 * VOP calls: one typed argument struct per operation and one table of
 * operations per file system (struct vnodeops).  An operation a table
 * leaves NULL answers EOPNOTSUPP, except lock/unlock/islocked, which
 * default to the vnode's own lock (genfs_lock and friends).
 *
 * Generated once from a list in the commit that added it; edit by hand now.
 */
#ifndef _SYS_VNODE_IF_H_
#define _SYS_VNODE_IF_H_

#include <sys/vnode.h>

struct flock;

/* pathconf names (Linux numbering) */
#define _PC_LINK_MAX		0
#define _PC_MAX_CANON		1
#define _PC_MAX_INPUT		2
#define _PC_NAME_MAX		3
#define _PC_PATH_MAX		4
#define _PC_PIPE_BUF		5
#define _PC_CHOWN_RESTRICTED	6
#define _PC_NO_TRUNC		7
#define _PC_VDISABLE		8
#define _PC_FILESIZEBITS	13
#define _PC_SYMLINK_MAX		19

#define XATTR_CREATE	1
#define XATTR_REPLACE	2

/*
 * VOP_LOOKUP: dvp locked (shared or exclusive). *vpp referenced, unlocked. Checks VEXEC on dvp; for CREATE/DELETE/RENAME on the last component, VWRITE on dvp. Not found: ENOENT, or EJUSTRETURN when the last component of a CREATE/RENAME may be made.
 */
struct vop_lookup_args {
	struct vnode *a_dvp;
	struct vnode **a_vpp;
	struct componentname *a_cnp;
};
/* dvp locked exclusive, stays locked. *vpp referenced, unlocked. */
struct vop_create_args {
	struct vnode *a_dvp;
	struct vnode **a_vpp;
	struct componentname *a_cnp;
	struct vattr *a_vap;
};
/* as create */
struct vop_mknod_args {
	struct vnode *a_dvp;
	struct vnode **a_vpp;
	struct componentname *a_cnp;
	struct vattr *a_vap;
};
/* as create */
struct vop_mkdir_args {
	struct vnode *a_dvp;
	struct vnode **a_vpp;
	struct componentname *a_cnp;
	struct vattr *a_vap;
};
/* as create; target is a NUL-terminated path */
struct vop_symlink_args {
	struct vnode *a_dvp;
	struct vnode **a_vpp;
	struct componentname *a_cnp;
	struct vattr *a_vap;
	const char *a_target;
};
/* vp locked exclusive. mode is FREAD|FWRITE|O_* flags. */
struct vop_open_args {
	struct vnode *a_vp;
	int a_mode;
	kauth_cred_t a_cred;
};
/* vp locked exclusive. fflag as given to open. */
struct vop_close_args {
	struct vnode *a_vp;
	int a_fflag;
	kauth_cred_t a_cred;
};
/* vp locked (shared or exclusive). mode: VREAD|VWRITE|VEXEC|VADMIN. */
struct vop_access_args {
	struct vnode *a_vp;
	int a_mode;
	kauth_cred_t a_cred;
};
/* vp locked (shared or exclusive). */
struct vop_getattr_args {
	struct vnode *a_vp;
	struct vattr *a_vap;
	kauth_cred_t a_cred;
};
/*
 * VOP_SETATTR: vp locked exclusive. Fields not VNOVAL are set; the fs checks permissions (genfs_can_*).
 */
struct vop_setattr_args {
	struct vnode *a_vp;
	struct vattr *a_vap;
	kauth_cred_t a_cred;
};
/* vp locked (shared or exclusive). */
struct vop_read_args {
	struct vnode *a_vp;
	struct uio *a_uio;
	int a_ioflag;
	kauth_cred_t a_cred;
};
/* vp locked exclusive. */
struct vop_write_args {
	struct vnode *a_vp;
	struct uio *a_uio;
	int a_ioflag;
	kauth_cred_t a_cred;
};
/* vp locked exclusive. Allocate [pos, pos+len). */
struct vop_fallocate_args {
	struct vnode *a_vp;
	off_t a_pos;
	off_t a_len;
};
/* vp locked exclusive. Punch a hole in [pos, pos+len). */
struct vop_fdiscard_args {
	struct vnode *a_vp;
	off_t a_pos;
	off_t a_len;
};
/* vp unlocked. */
struct vop_ioctl_args {
	struct vnode *a_vp;
	u_long a_command;
	void *a_data;
	int a_fflag;
	kauth_cred_t a_cred;
};
/*
 * VOP_FSYNC: vp locked exclusive. flags: FSYNC_*; [offlo, offhi) the range (0,0: all).
 */
struct vop_fsync_args {
	struct vnode *a_vp;
	kauth_cred_t a_cred;
	int a_flags;
	off_t a_offlo;
	off_t a_offhi;
};
/* vp unlocked. May the offset move from oldoff to newoff. */
struct vop_seek_args {
	struct vnode *a_vp;
	off_t a_oldoff;
	off_t a_newoff;
	kauth_cred_t a_cred;
};
/*
 * VOP_SEEKHOLE: vp locked shared. whence SEEK_DATA/SEEK_HOLE; *offp in and out; ENXIO past the end.
 */
struct vop_seekhole_args {
	struct vnode *a_vp;
	int a_whence;
	off_t *a_offp;
};
/*
 * VOP_REMOVE: dvp and vp locked exclusive; both stay locked and referenced (the caller releases them).
 */
struct vop_remove_args {
	struct vnode *a_dvp;
	struct vnode *a_vp;
	struct componentname *a_cnp;
};
/* dvp locked exclusive; vp unlocked (the fs locks it). */
struct vop_link_args {
	struct vnode *a_dvp;
	struct vnode *a_vp;
	struct componentname *a_cnp;
};
/*
 * VOP_RENAME: Nothing locked; fdvp and tdvp referenced; the caller holds the mount's rename lock.  The fs looks up both names itself, applies the rename rules (EINVAL into own subtree, ENOTEMPTY, EISDIR/ENOTDIR, same file: success doing nothing), updates '..' and link counts.  flags: RENAME_NOREPLACE (EEXIST), others EINVAL unless supported.
 */
struct vop_rename_args {
	struct vnode *a_fdvp;
	struct componentname *a_fcnp;
	struct vnode *a_tdvp;
	struct componentname *a_tcnp;
	unsigned int a_flags;
};
/* as remove */
struct vop_rmdir_args {
	struct vnode *a_dvp;
	struct vnode *a_vp;
	struct componentname *a_cnp;
};
/*
 * VOP_READDIR: vp locked (shared or exclusive). Fills uio with struct dirent records starting at the cookie uio_offset; each record's d_off is the cookie after it. *eofflag set at the end.
 */
struct vop_readdir_args {
	struct vnode *a_vp;
	struct uio *a_uio;
	kauth_cred_t a_cred;
	int *a_eofflag;
};
/* vp locked (shared or exclusive). */
struct vop_readlink_args {
	struct vnode *a_vp;
	struct uio *a_uio;
	kauth_cred_t a_cred;
};
/*
 * VOP_INACTIVE: vp locked exclusive; last use gone. Set *recycle to reclaim now (unlinked file).
 */
struct vop_inactive_args {
	struct vnode *a_vp;
	bool *a_recycle;
};
/* vp unlocked, no users: free the fs private data; v_data = NULL. */
struct vop_reclaim_args {
	struct vnode *a_vp;
};
/* flags LK_*.  Default: v_lock. */
struct vop_lock_args {
	struct vnode *a_vp;
	int a_flags;
};
/* Default: v_lock. */
struct vop_unlock_args {
	struct vnode *a_vp;
};
/* returns LK_EXCLUSIVE, LK_SHARED or 0.  Default: v_lock. */
struct vop_islocked_args {
	struct vnode *a_vp;
};
/*
 * VOP_BMAP: vp locked. Map file block bn (fs block units) to a device block (DEV_BSIZE units, -1 for a hole) on *vpp; *runp contiguous blocks follow.
 */
struct vop_bmap_args {
	struct vnode *a_vp;
	daddr_t a_bn;
	struct vnode **a_vpp;
	daddr_t *a_bnp;
	int *a_runp;
};
/* vp unlocked. Start the I/O described by bp; biodone() at the end. */
struct vop_strategy_args {
	struct vnode *a_vp;
	struct buf *a_bp;
};
/* vp any. */
struct vop_print_args {
	struct vnode *a_vp;
};
/* vp locked. name: _PC_*. */
struct vop_pathconf_args {
	struct vnode *a_vp;
	int a_name;
	long *a_retval;
};
/*
 * VOP_ADVLOCK: vp unlocked. id: the lock owner; op F_GETLK/F_SETLK/F_UNLCK; flags F_WAIT|F_POSIX|F_FLOCK.
 */
struct vop_advlock_args {
	struct vnode *a_vp;
	void *a_id;
	int a_op;
	struct flock *a_fl;
	int a_flags;
};
/* vp locked. name e.g. "user.foo"; uio NULL: *sizep gets the size. */
struct vop_getextattr_args {
	struct vnode *a_vp;
	const char *a_name;
	struct uio *a_uio;
	size_t *a_sizep;
	kauth_cred_t a_cred;
};
/* vp locked exclusive. flags XATTR_CREATE/XATTR_REPLACE. */
struct vop_setextattr_args {
	struct vnode *a_vp;
	const char *a_name;
	struct uio *a_uio;
	int a_flags;
	kauth_cred_t a_cred;
};
/* vp locked. NUL-separated names into uio (NULL: size only). */
struct vop_listextattr_args {
	struct vnode *a_vp;
	struct uio *a_uio;
	size_t *a_sizep;
	kauth_cred_t a_cred;
};
/* vp locked exclusive. */
struct vop_deleteextattr_args {
	struct vnode *a_vp;
	const char *a_name;
	kauth_cred_t a_cred;
};

struct vnodeops {
	int (*vop_lookup)(struct vop_lookup_args *);
	int (*vop_create)(struct vop_create_args *);
	int (*vop_mknod)(struct vop_mknod_args *);
	int (*vop_mkdir)(struct vop_mkdir_args *);
	int (*vop_symlink)(struct vop_symlink_args *);
	int (*vop_open)(struct vop_open_args *);
	int (*vop_close)(struct vop_close_args *);
	int (*vop_access)(struct vop_access_args *);
	int (*vop_getattr)(struct vop_getattr_args *);
	int (*vop_setattr)(struct vop_setattr_args *);
	int (*vop_read)(struct vop_read_args *);
	int (*vop_write)(struct vop_write_args *);
	int (*vop_fallocate)(struct vop_fallocate_args *);
	int (*vop_fdiscard)(struct vop_fdiscard_args *);
	int (*vop_ioctl)(struct vop_ioctl_args *);
	int (*vop_fsync)(struct vop_fsync_args *);
	int (*vop_seek)(struct vop_seek_args *);
	int (*vop_seekhole)(struct vop_seekhole_args *);
	int (*vop_remove)(struct vop_remove_args *);
	int (*vop_link)(struct vop_link_args *);
	int (*vop_rename)(struct vop_rename_args *);
	int (*vop_rmdir)(struct vop_rmdir_args *);
	int (*vop_readdir)(struct vop_readdir_args *);
	int (*vop_readlink)(struct vop_readlink_args *);
	int (*vop_inactive)(struct vop_inactive_args *);
	int (*vop_reclaim)(struct vop_reclaim_args *);
	int (*vop_lock)(struct vop_lock_args *);
	int (*vop_unlock)(struct vop_unlock_args *);
	int (*vop_islocked)(struct vop_islocked_args *);
	int (*vop_bmap)(struct vop_bmap_args *);
	int (*vop_strategy)(struct vop_strategy_args *);
	int (*vop_print)(struct vop_print_args *);
	int (*vop_pathconf)(struct vop_pathconf_args *);
	int (*vop_advlock)(struct vop_advlock_args *);
	int (*vop_getextattr)(struct vop_getextattr_args *);
	int (*vop_setextattr)(struct vop_setextattr_args *);
	int (*vop_listextattr)(struct vop_listextattr_args *);
	int (*vop_deleteextattr)(struct vop_deleteextattr_args *);
};

int vop_nosupport(void);
int genfs_lock(struct vop_lock_args *);
int genfs_unlock(struct vop_unlock_args *);
int genfs_islocked(struct vop_islocked_args *);

/* Dispatch: NULL ops answer EOPNOTSUPP (lock ops: genfs). */
static inline int
VOP_LOOKUP(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp)
{
	struct vop_lookup_args a = {
		.a_dvp = dvp, .a_vpp = vpp, .a_cnp = cnp
	};
	if (dvp->v_op->vop_lookup == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_lookup(&a);
}
static inline int
VOP_CREATE(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp, struct vattr *vap)
{
	struct vop_create_args a = {
		.a_dvp = dvp, .a_vpp = vpp, .a_cnp = cnp, .a_vap = vap
	};
	if (dvp->v_op->vop_create == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_create(&a);
}
static inline int
VOP_MKNOD(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp, struct vattr *vap)
{
	struct vop_mknod_args a = {
		.a_dvp = dvp, .a_vpp = vpp, .a_cnp = cnp, .a_vap = vap
	};
	if (dvp->v_op->vop_mknod == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_mknod(&a);
}
static inline int
VOP_MKDIR(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp, struct vattr *vap)
{
	struct vop_mkdir_args a = {
		.a_dvp = dvp, .a_vpp = vpp, .a_cnp = cnp, .a_vap = vap
	};
	if (dvp->v_op->vop_mkdir == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_mkdir(&a);
}
static inline int
VOP_SYMLINK(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp, struct vattr *vap, const char *target)
{
	struct vop_symlink_args a = {
		.a_dvp = dvp, .a_vpp = vpp, .a_cnp = cnp, .a_vap = vap, .a_target = target
	};
	if (dvp->v_op->vop_symlink == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_symlink(&a);
}
static inline int
VOP_OPEN(struct vnode *vp, int mode, kauth_cred_t cred)
{
	struct vop_open_args a = {
		.a_vp = vp, .a_mode = mode, .a_cred = cred
	};
	if (vp->v_op->vop_open == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_open(&a);
}
static inline int
VOP_CLOSE(struct vnode *vp, int fflag, kauth_cred_t cred)
{
	struct vop_close_args a = {
		.a_vp = vp, .a_fflag = fflag, .a_cred = cred
	};
	if (vp->v_op->vop_close == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_close(&a);
}
static inline int
VOP_ACCESS(struct vnode *vp, int mode, kauth_cred_t cred)
{
	struct vop_access_args a = {
		.a_vp = vp, .a_mode = mode, .a_cred = cred
	};
	if (vp->v_op->vop_access == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_access(&a);
}
static inline int
VOP_GETATTR(struct vnode *vp, struct vattr *vap, kauth_cred_t cred)
{
	struct vop_getattr_args a = {
		.a_vp = vp, .a_vap = vap, .a_cred = cred
	};
	if (vp->v_op->vop_getattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_getattr(&a);
}
static inline int
VOP_SETATTR(struct vnode *vp, struct vattr *vap, kauth_cred_t cred)
{
	struct vop_setattr_args a = {
		.a_vp = vp, .a_vap = vap, .a_cred = cred
	};
	if (vp->v_op->vop_setattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_setattr(&a);
}
static inline int
VOP_READ(struct vnode *vp, struct uio *uio, int ioflag, kauth_cred_t cred)
{
	struct vop_read_args a = {
		.a_vp = vp, .a_uio = uio, .a_ioflag = ioflag, .a_cred = cred
	};
	if (vp->v_op->vop_read == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_read(&a);
}
static inline int
VOP_WRITE(struct vnode *vp, struct uio *uio, int ioflag, kauth_cred_t cred)
{
	struct vop_write_args a = {
		.a_vp = vp, .a_uio = uio, .a_ioflag = ioflag, .a_cred = cred
	};
	if (vp->v_op->vop_write == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_write(&a);
}
static inline int
VOP_FALLOCATE(struct vnode *vp, off_t pos, off_t len)
{
	struct vop_fallocate_args a = {
		.a_vp = vp, .a_pos = pos, .a_len = len
	};
	if (vp->v_op->vop_fallocate == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_fallocate(&a);
}
static inline int
VOP_FDISCARD(struct vnode *vp, off_t pos, off_t len)
{
	struct vop_fdiscard_args a = {
		.a_vp = vp, .a_pos = pos, .a_len = len
	};
	if (vp->v_op->vop_fdiscard == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_fdiscard(&a);
}
static inline int
VOP_IOCTL(struct vnode *vp, u_long command, void *data, int fflag, kauth_cred_t cred)
{
	struct vop_ioctl_args a = {
		.a_vp = vp, .a_command = command, .a_data = data, .a_fflag = fflag, .a_cred = cred
	};
	if (vp->v_op->vop_ioctl == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_ioctl(&a);
}
static inline int
VOP_FSYNC(struct vnode *vp, kauth_cred_t cred, int flags, off_t offlo, off_t offhi)
{
	struct vop_fsync_args a = {
		.a_vp = vp, .a_cred = cred, .a_flags = flags, .a_offlo = offlo, .a_offhi = offhi
	};
	if (vp->v_op->vop_fsync == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_fsync(&a);
}
static inline int
VOP_SEEK(struct vnode *vp, off_t oldoff, off_t newoff, kauth_cred_t cred)
{
	struct vop_seek_args a = {
		.a_vp = vp, .a_oldoff = oldoff, .a_newoff = newoff, .a_cred = cred
	};
	if (vp->v_op->vop_seek == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_seek(&a);
}
static inline int
VOP_SEEKHOLE(struct vnode *vp, int whence, off_t *offp)
{
	struct vop_seekhole_args a = {
		.a_vp = vp, .a_whence = whence, .a_offp = offp
	};
	if (vp->v_op->vop_seekhole == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_seekhole(&a);
}
static inline int
VOP_REMOVE(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct vop_remove_args a = {
		.a_dvp = dvp, .a_vp = vp, .a_cnp = cnp
	};
	if (dvp->v_op->vop_remove == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_remove(&a);
}
static inline int
VOP_LINK(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct vop_link_args a = {
		.a_dvp = dvp, .a_vp = vp, .a_cnp = cnp
	};
	if (dvp->v_op->vop_link == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_link(&a);
}
static inline int
VOP_RENAME(struct vnode *fdvp, struct componentname *fcnp, struct vnode *tdvp, struct componentname *tcnp, unsigned int flags)
{
	struct vop_rename_args a = {
		.a_fdvp = fdvp, .a_fcnp = fcnp, .a_tdvp = tdvp, .a_tcnp = tcnp, .a_flags = flags
	};
	if (fdvp->v_op->vop_rename == NULL)
		return EOPNOTSUPP;
	return fdvp->v_op->vop_rename(&a);
}
static inline int
VOP_RMDIR(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct vop_rmdir_args a = {
		.a_dvp = dvp, .a_vp = vp, .a_cnp = cnp
	};
	if (dvp->v_op->vop_rmdir == NULL)
		return EOPNOTSUPP;
	return dvp->v_op->vop_rmdir(&a);
}
static inline int
VOP_READDIR(struct vnode *vp, struct uio *uio, kauth_cred_t cred, int *eofflag)
{
	struct vop_readdir_args a = {
		.a_vp = vp, .a_uio = uio, .a_cred = cred, .a_eofflag = eofflag
	};
	if (vp->v_op->vop_readdir == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_readdir(&a);
}
static inline int
VOP_READLINK(struct vnode *vp, struct uio *uio, kauth_cred_t cred)
{
	struct vop_readlink_args a = {
		.a_vp = vp, .a_uio = uio, .a_cred = cred
	};
	if (vp->v_op->vop_readlink == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_readlink(&a);
}
static inline int
VOP_INACTIVE(struct vnode *vp, bool *recycle)
{
	struct vop_inactive_args a = {
		.a_vp = vp, .a_recycle = recycle
	};
	if (vp->v_op->vop_inactive == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_inactive(&a);
}
static inline int
VOP_RECLAIM(struct vnode *vp)
{
	struct vop_reclaim_args a = {
		.a_vp = vp
	};
	if (vp->v_op->vop_reclaim == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_reclaim(&a);
}
static inline int
VOP_LOCK(struct vnode *vp, int flags)
{
	struct vop_lock_args a = {
		.a_vp = vp, .a_flags = flags
	};
	if (vp->v_op->vop_lock == NULL)
		return genfs_lock(&a);
	return vp->v_op->vop_lock(&a);
}
static inline int
VOP_UNLOCK(struct vnode *vp)
{
	struct vop_unlock_args a = {
		.a_vp = vp
	};
	if (vp->v_op->vop_unlock == NULL)
		return genfs_unlock(&a);
	return vp->v_op->vop_unlock(&a);
}
static inline int
VOP_ISLOCKED(struct vnode *vp)
{
	struct vop_islocked_args a = {
		.a_vp = vp
	};
	if (vp->v_op->vop_islocked == NULL)
		return genfs_islocked(&a);
	return vp->v_op->vop_islocked(&a);
}
static inline int
VOP_BMAP(struct vnode *vp, daddr_t bn, struct vnode **vpp, daddr_t *bnp, int *runp)
{
	struct vop_bmap_args a = {
		.a_vp = vp, .a_bn = bn, .a_vpp = vpp, .a_bnp = bnp, .a_runp = runp
	};
	if (vp->v_op->vop_bmap == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_bmap(&a);
}
static inline int
VOP_STRATEGY(struct vnode *vp, struct buf *bp)
{
	struct vop_strategy_args a = {
		.a_vp = vp, .a_bp = bp
	};
	if (vp->v_op->vop_strategy == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_strategy(&a);
}
static inline int
VOP_PRINT(struct vnode *vp)
{
	struct vop_print_args a = {
		.a_vp = vp
	};
	if (vp->v_op->vop_print == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_print(&a);
}
static inline int
VOP_PATHCONF(struct vnode *vp, int name, long *retval)
{
	struct vop_pathconf_args a = {
		.a_vp = vp, .a_name = name, .a_retval = retval
	};
	if (vp->v_op->vop_pathconf == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_pathconf(&a);
}
static inline int
VOP_ADVLOCK(struct vnode *vp, void *id, int op, struct flock *fl, int flags)
{
	struct vop_advlock_args a = {
		.a_vp = vp, .a_id = id, .a_op = op, .a_fl = fl, .a_flags = flags
	};
	if (vp->v_op->vop_advlock == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_advlock(&a);
}
static inline int
VOP_GETEXTATTR(struct vnode *vp, const char *name, struct uio *uio, size_t *sizep, kauth_cred_t cred)
{
	struct vop_getextattr_args a = {
		.a_vp = vp, .a_name = name, .a_uio = uio, .a_sizep = sizep, .a_cred = cred
	};
	if (vp->v_op->vop_getextattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_getextattr(&a);
}
static inline int
VOP_SETEXTATTR(struct vnode *vp, const char *name, struct uio *uio, int flags, kauth_cred_t cred)
{
	struct vop_setextattr_args a = {
		.a_vp = vp, .a_name = name, .a_uio = uio, .a_flags = flags, .a_cred = cred
	};
	if (vp->v_op->vop_setextattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_setextattr(&a);
}
static inline int
VOP_LISTEXTATTR(struct vnode *vp, struct uio *uio, size_t *sizep, kauth_cred_t cred)
{
	struct vop_listextattr_args a = {
		.a_vp = vp, .a_uio = uio, .a_sizep = sizep, .a_cred = cred
	};
	if (vp->v_op->vop_listextattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_listextattr(&a);
}
static inline int
VOP_DELETEEXTATTR(struct vnode *vp, const char *name, kauth_cred_t cred)
{
	struct vop_deleteextattr_args a = {
		.a_vp = vp, .a_name = name, .a_cred = cred
	};
	if (vp->v_op->vop_deleteextattr == NULL)
		return EOPNOTSUPP;
	return vp->v_op->vop_deleteextattr(&a);
}

#endif /* _SYS_VNODE_IF_H_ */
