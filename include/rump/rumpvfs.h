/*
 * The rump kernel's VFS entry points for host programs: RUMP_VOP_* wrappers
 * (what p2k calls), vnode references, mounts and credentials.
 *
 * Every wrapper enters the kernel context and takes the vnode locks its VOP
 * expects (shared for getattr/read/readdir/readlink/access, exclusive for
 * the rest), so callers never lock.  Vnodes passed in must be referenced;
 * vnodes handed out (lookup, create, ...) come with one new reference that
 * the caller drops with rump_pub_vp_rele().
 */
#ifndef RUMP_RUMPVFS_H
#define RUMP_RUMPVFS_H

#include <stddef.h>
#include <stdint.h>

#include <rump/rumpdefs.h>

struct vnode;
struct mount;
struct kauth_cred;

/* credentials */
struct kauth_cred *rump_pub_cred_create(uint32_t uid, uint32_t gid,
    int ngroups, const uint32_t *groups);	/* NULL: too many groups */
void rump_pub_cred_put(struct kauth_cred *cred);
#define RUMP_FSCRED ((struct kauth_cred *)-2)	/* the kernel itself */

/* vnode references and identity */
void rump_pub_vp_incref(struct vnode *vp);
void rump_pub_vp_rele(struct vnode *vp);
int rump_pub_vp_gettype(struct vnode *vp);	/* enum rump_vtype */
/* vcache generation: changes when the vnode is recycled for a new file */
uint64_t rump_pub_vp_getgen(struct vnode *vp);

/* look up a rump path (follows symlinks unless nofollow) */
int rump_pub_namei(const char *path, int nofollow, struct vnode **vpp);
/* the mount a path names, and its root vnode */
int rump_pub_vfs_getmp(const char *path, struct mount **mpp);
int rump_pub_vfs_root(struct mount *mp, struct vnode **vpp);
int rump_pub_vfs_statvfs(struct mount *mp, struct rump_statvfs *sb);
int rump_pub_vfs_sync(struct mount *mp, int wait);
int rump_pub_vfs_vptofh(struct vnode *vp, struct rump_fid *fh);
int rump_pub_vfs_fhtovp(struct mount *mp, const struct rump_fid *fh,
    struct vnode **vpp);
/* the vnodes the cache keeps at most (RUMP_NVNODES) */
unsigned int rump_pub_vfs_maxvnodes(void);
/* mount flags (RUMP_MNT_*) of mp */
int rump_pub_vfs_getflags(struct mount *mp);

void rump_pub_vattr_null(struct rump_vattr *va);

/* name operations; nameiop: 0 lookup, 1 create, 2 delete, 3 rename */
int RUMP_VOP_LOOKUP(struct vnode *dvp, const char *name, size_t namelen,
    int nameiop, struct kauth_cred *cred, struct vnode **vpp);
int RUMP_VOP_CREATE(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp);
int RUMP_VOP_MKNOD(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp);
int RUMP_VOP_MKDIR(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, struct kauth_cred *cred, struct vnode **vpp);
int RUMP_VOP_SYMLINK(struct vnode *dvp, const char *name, size_t namelen,
    struct rump_vattr *va, const char *target, struct kauth_cred *cred,
    struct vnode **vpp);
/* looks the name up itself, then VOP_REMOVE / VOP_RMDIR */
int RUMP_VOP_REMOVE(struct vnode *dvp, const char *name, size_t namelen,
    struct kauth_cred *cred);
int RUMP_VOP_RMDIR(struct vnode *dvp, const char *name, size_t namelen,
    struct kauth_cred *cred);
int RUMP_VOP_LINK(struct vnode *dvp, struct vnode *vp, const char *name,
    size_t namelen, struct kauth_cred *cred);
/* flags: RENAME_NOREPLACE as on Linux */
int RUMP_VOP_RENAME(struct vnode *fdvp, const char *fname, size_t fnamelen,
    struct vnode *tdvp, const char *tname, size_t tnamelen,
    unsigned int flags, struct kauth_cred *cred);

/* attributes */
int RUMP_VOP_GETATTR(struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred);
int RUMP_VOP_SETATTR(struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred);
/* mode: R_OK/W_OK/X_OK bits as for access(2) */
int RUMP_VOP_ACCESS(struct vnode *vp, int mode, struct kauth_cred *cred);
int RUMP_VOP_PATHCONF(struct vnode *vp, int name, long *retval);

/* file I/O; flags: O_* of the host */
int RUMP_VOP_OPEN(struct vnode *vp, int flags, struct kauth_cred *cred);
int RUMP_VOP_CLOSE(struct vnode *vp, int flags, struct kauth_cred *cred);
/* *resid: bytes not transferred; ioflag: IO_* (0 is fine) */
#define RUMP_IO_APPEND	0x0002
#define RUMP_IO_SYNC	0x0004
#define RUMP_IO_DSYNC	0x0020
int RUMP_VOP_READ(struct vnode *vp, void *buf, size_t len, int64_t off,
    size_t *resid, int ioflag, struct kauth_cred *cred);
int RUMP_VOP_WRITE(struct vnode *vp, const void *buf, size_t len,
    int64_t off, size_t *resid, int ioflag, struct kauth_cred *cred);
/* datasync: only the data and what is needed to read it back */
int RUMP_VOP_FSYNC(struct vnode *vp, int datasync, struct kauth_cred *cred);
int RUMP_VOP_FALLOCATE(struct vnode *vp, int64_t off, int64_t len);
int RUMP_VOP_FDISCARD(struct vnode *vp, int64_t off, int64_t len);
/* whence SEEK_DATA / SEEK_HOLE */
int RUMP_VOP_SEEKHOLE(struct vnode *vp, int whence, int64_t *offp);
int RUMP_VOP_READLINK(struct vnode *vp, char *buf, size_t len,
    size_t *resid, struct kauth_cred *cred);
/* struct rump_dirent records from cookie *offp; *offp advanced */
int RUMP_VOP_READDIR(struct vnode *vp, void *buf, size_t len, int64_t *offp,
    size_t *resid, int *eof, struct kauth_cred *cred);
/* op: F_GETLK/F_SETLK/F_UNLCK; flags: 0x10 wait, 0x40 POSIX, 0x20 flock */
int RUMP_VOP_ADVLOCK(struct vnode *vp, void *id, int op,
    struct rump_flock *fl, int flags);

/* extended attributes; buf NULL asks for the size */
int RUMP_VOP_GETEXTATTR(struct vnode *vp, const char *name, void *buf,
    size_t len, size_t *sizep, struct kauth_cred *cred);
int RUMP_VOP_SETEXTATTR(struct vnode *vp, const char *name, const void *buf,
    size_t len, int flags, struct kauth_cred *cred);
int RUMP_VOP_LISTEXTATTR(struct vnode *vp, char *buf, size_t len,
    size_t *sizep, struct kauth_cred *cred);
int RUMP_VOP_DELETEEXTATTR(struct vnode *vp, const char *name,
    struct kauth_cred *cred);

#endif /* RUMP_RUMPVFS_H */
