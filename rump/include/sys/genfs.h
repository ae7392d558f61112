/*
 * genfs: the parts of a file system's vfsops and VOPs that do not depend
 * on its on-disk format.  A driver keeps its own VOP table and typed
 * argument structs; where a VOP is the same in every driver but for
 * one number or one lookup, the driver's op calls a genfs helper and
 * passes what only it knows (its limits, its block map through
 * VOP_BMAP, its file-handle layout).  Each genfs_*.c file says at its
 * top what the driver supplies.  The permission helpers (genfs_can_*,
 * genfs_writable) are declared in <sys/vnode.h>.
 */
#ifndef _SYS_GENFS_H_
#define _SYS_GENFS_H_

#include <sys/types.h>
#include <sys/mount.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>

struct uio;

/*
 * genfs_dev.c: the block device of a disk file system.  The device is
 * opened with an open mode (FREAD, FREAD|FWRITE) and closed with the
 * same mode, as VOP_OPEN/VOP_CLOSE pair.
 */
/* the open mode a mount with these MNT_* flags needs: FREAD [| FWRITE] */
int genfs_devmode(int mntflag);
/* check struct ufs_args (mount data of args_len bytes), namei its fspec,
 * require VBLK, open it with genfs_devmode(mp->mnt_flag): referenced */
int genfs_opendev(struct mount *mp, const struct ufs_args *args,
    size_t args_len, struct vnode **devvpp);
/* flush and drop its buffers, VOP_CLOSE with mode, release */
void genfs_closedev(struct vnode *devvp, int mode);

/*
 * genfs_vget.c: vnodes by inode number (the vcache key of every driver
 * here is an ino_t) or by file handle.
 */
/* vcache_get; locked with lktype unless 0; *vpp NULL on error */
int genfs_vget(struct mount *mp, ino_t ino, int lktype, struct vnode **vpp);
/* the inode number in a vfs_loadvnode key; EINVAL if it is none */
int genfs_vcache_ino(const void *key, size_t key_len, ino_t *inop);

/* what a driver's file handle is and how it is checked */
struct genfs_fhops {
	size_t	fo_len;		/* bytes of the driver's handle */
	/* the inode number in the handle (fh: an aligned copy of it);
	 * the range check is vfs_loadvnode's (its ENOENT: ESTALE) */
	ino_t	(*fo_ino)(const void *fh);
	/* does vp still hold the file the handle was made for (the
	 * generation matches, the file is not unlinked)? */
	bool	(*fo_alive)(struct vnode *vp, const void *fh);
};
int genfs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    const struct genfs_fhops *ops, struct vnode **vpp);
/* fill *fhp with the driver's handle fh of len bytes */
int genfs_vptofh(struct fid *fhp, size_t *fh_size, const void *fh,
    size_t len);

/* genfs_pathconf.c: the limits a driver answers _PC_* with */
struct genfs_pathconf {
	long	pc_link_max;
	long	pc_name_max;
	long	pc_symlink_max;	/* bytes of a symlink's target */
	long	pc_pipe_buf;
	long	pc_filesize_bits;
	long	pc_max_canon;	/* MAX_CANON, MAX_INPUT; 0: EINVAL for
				 * these and VDISABLE (no terminal limits) */
};
int genfs_pathconf(struct vop_pathconf_args *ap,
    const struct genfs_pathconf *pc);

/* genfs_strategy.c: file buffers mapped through the driver's VOP_BMAP */
int genfs_strategy(struct vop_strategy_args *ap);

/*
 * genfs_dirent.c: VOP_READDIR's records.  genfs_dirent_emit copies one
 * struct dirent into the uio, or returns EJUSTRETURN and copies nothing
 * when it does not fit.  The caller stops there and ends with
 * genfs_dirent_end: a full buffer is success once something was
 * copied, EINVAL when not even the first record fits.
 */
/* name: namlen bytes, no NUL needed; type: DT_*; next: the cookie of
 * the record after this one (d_off) */
int genfs_dirent_emit(struct uio *uio, ino_t ino, const char *name,
    size_t namlen, int type, off_t next);
int genfs_dirent_end(int error, int count);

/*
 * genfs_sync.c: VFS_SYNC's common steps.  genfs_sync_vnodes writes each
 * vnode of mp with dirty buffers or (gs_dirty) a changed inode: buffers,
 * then gs_update, with the vnode locked exclusive; the first error.
 * genfs_sync_dev writes the device's buffers and, for MNT_WAIT, waits and
 * flushes the host's cache: 0 or EIO.
 */
struct genfs_syncops {
	bool	(*gs_dirty)(struct vnode *vp);
	int	(*gs_update)(struct vnode *vp, int waitfor);
};
int genfs_sync_vnodes(struct mount *mp, int waitfor,
    const struct genfs_syncops *ops);
int genfs_sync_dev(struct vnode *devvp, int waitfor);
/* genfs_dev.c: the device's size in bytes, 0 if it does not say */
uint64_t genfs_devsize(struct vnode *devvp);

/* genfs_vnops.c: ops that are the same in every file system */
/* VOP_SEEK of a file: any offset but a negative one */
int genfs_seek(struct vop_seek_args *ap);
/* VOP_ADVLOCK: record locks (vfs_lockf.c); SEEK_END from v_size */
int genfs_advlock(struct vop_advlock_args *ap);
/* VOP_READ, VOP_WRITE of file data: EISDIR for a directory, EINVAL for
 * anything but a regular file (devices and fifos have their own ops) */
int genfs_regular(struct vnode *vp);
/* VOP_RMDIR's first rules: ENOTDIR, EINVAL for ".", EBUSY for a mount
 * point or a root, EROFS on a read-only mount */
int genfs_rmdir_check(struct vnode *dvp, struct vnode *vp);
/* SETATTR of a size: EISDIR for a directory, false (ignored) for a
 * device or fifo, true for a regular file (the driver truncates) */
int genfs_setsize_type(struct vnode *vp, bool *truncatep);

/*
 * genfs_rdwr.c: VOP_READ and VOP_WRITE of file data through the buffer
 * cache on the file vnode, in logical blocks of 1 << gr_bshift bytes
 * (genfs_strategy maps them through the driver's VOP_BMAP).  The driver
 * checks the vnode type, flags and permissions, then calls these with
 * its geometry and its allocator; it updates the inode afterwards.
 */
struct genfs_rdwr_ops {
	/* bytes of logical block lbn of a file of size bytes (ffs: the
	 * last block of a small file is a run of fragments); NULL: all
	 * blocks are 1 << gr_bshift */
	long	(*ro_blksize)(struct vnode *vp, uint64_t size, daddr_t lbn);
	/*
	 * The buffer of the block holding [off, off + len) (one block),
	 * with storage behind it: allocated if need be, its old contents
	 * read unless len covers what the block holds, a new block zeroed.
	 * ioflag: the write's IO_* (IO_SYNC: what it allocates goes to
	 * disk before it returns).
	 */
	int	(*ro_balloc)(struct vnode *vp, off_t off, int len,
		    kauth_cred_t cred, int ioflag, struct buf **bpp);
	/* the file is size bytes now: a write grew it */
	void	(*ro_setsize)(struct vnode *vp, uint64_t size);
	/* a write failed: free what was allocated past size */
	int	(*ro_trim)(struct vnode *vp, uint64_t size, kauth_cred_t cred);
	/* data was written: mark the times; killpriv: clear S_ISUID and
	 * S_ISGID (a writer other than root) */
	void	(*ro_written)(struct vnode *vp, bool killpriv);
};

struct genfs_rdwr {
	const struct genfs_rdwr_ops *gr_ops;
	uint64_t gr_size;	/* the file's size now */
	uint64_t gr_maxsize;	/* EFBIG past it */
	int	gr_bshift;	/* log2 of the logical block size */
};

/* [uio_offset, ...) of the file's data into uio: EINVAL at a negative
 * offset, nothing past the end */
int genfs_read(struct vnode *vp, struct uio *uio, const struct genfs_rdwr *gr);
/*
 * uio into the file (locked exclusive) at uio_offset (IO_APPEND: at its
 * end), growing it as needed; IO_SYNC or IO_DSYNC: each block written
 * before the next.  A short write (ENOSPC, EFAULT after some bytes) is a
 * success; a failed one leaves no storage allocated past the file's
 * size.  EFBIG past gr_maxsize, EINVAL at a negative offset.
 */
int genfs_write(struct vnode *vp, struct uio *uio, int ioflag,
    kauth_cred_t cred, const struct genfs_rdwr *gr);

#endif /* _SYS_GENFS_H_ */
