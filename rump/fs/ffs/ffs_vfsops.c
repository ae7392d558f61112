/*
 * FFS vfsops: mount and unmount, root, statvfs, sync, vget and file
 * handles.  The superblock work is in ffs_mountfs.c.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/genfs.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/rumpcomp.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

void
ffs_corrupt(struct ufsmount *ump, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("ffs: %s: corrupt file system: %s\n", ump->um_fspec, msg);
}

static int ffs_sync(struct mount *, int, kauth_cred_t);

/* MNT_UPDATE: read-write <-> read-only; the VFS checked open writers */
static int
ffs_mount_update(struct mount *mp, const char *path)
{
	struct ufsmount *ump = VFSTOUFS(mp);
	int error, flag = FREAD | FWRITE;

	if (ump == NULL)
		return EINVAL;
	if ((mp->mnt_flag & MNT_RDONLY) != 0 && !ump->um_ronly) {
		if ((error = ffs_sync(mp, MNT_WAIT, NOCRED)) != 0)
			return error;
		if ((error = ffs_flushall(ump, true)) != 0)
			return error;
		ump->um_ronly = true;
		ump->um_fs->fs_ronly = 1;
		return 0;
	}
	if ((mp->mnt_flag & MNT_RDONLY) == 0 && ump->um_ronly) {
		if ((error = ffs_policy(ump, mp->mnt_flag)) != 0)
			return error;
		/* the device was opened for reading only */
		vn_lock(ump->um_devvp, LK_EXCLUSIVE | LK_RETRY);
		error = VOP_OPEN(ump->um_devvp, flag, FSCRED);
		VOP_UNLOCK(ump->um_devvp);
		if (error != 0)
			return error;
		ump->um_devopen_rw = true;
		return ffs_markdirty(ump, path);
	}
	return 0;
}

static int
ffs_mount(struct mount *mp, const char *path, void *data, size_t *data_len)
{
	struct ufs_args *args = data;
	struct vnode *devvp;
	int error;

	if (mp->mnt_flag & (MNT_LOG | MNT_SOFTDEP)) {
		printf("ffs: the %s option is not supported (no %s in this "
		    "driver)\n", (mp->mnt_flag & MNT_LOG) ? "log" : "softdep",
		    (mp->mnt_flag & MNT_LOG) ? "WAPBL" : "soft updates");
		return EINVAL;
	}
	if (mp->mnt_flag & MNT_UPDATE)
		return ffs_mount_update(mp, path);
	if ((error = genfs_opendev(mp, args, *data_len, &devvp)) != 0)
		return error;
	error = ffs_mountfs(devvp, mp, args->fspec, path);
	if (error != 0) {
		genfs_closedev(devvp, genfs_devmode(mp->mnt_flag));
		return error;
	}
	VFSTOUFS(mp)->um_devopen_rw = (mp->mnt_flag & MNT_RDONLY) == 0;
	return 0;
}

/*
 * Everything dirty to disk; then the superblock, marked clean if it was
 * clean when mounted (clean: on the way to read-only or unmounted).
 */
int
ffs_flushall(struct ufsmount *ump, bool clean)
{
	struct fs *fs = ump->um_fs;
	int error, flag = 1;

	vn_lock(ump->um_devvp, LK_EXCLUSIVE | LK_RETRY);
	error = vflushbuf(ump->um_devvp, FSYNC_WAIT);
	VOP_UNLOCK(ump->um_devvp);
	if (error != 0)
		return error;
	if (clean && ump->um_wasclean)
		fs->fs_clean = FS_ISCLEAN;
	error = ffs_sbupdate(ump, true);
	(void)VOP_IOCTL(ump->um_devvp, DIOCCACHESYNC, &flag, FWRITE, NOCRED);
	return error;
}

static int
ffs_unmount(struct mount *mp, int mntflags)
{
	struct ufsmount *ump = VFSTOUFS(mp);
	int error;

	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	if (!ump->um_ronly && (error = ffs_flushall(ump, true)) != 0 &&
	    (mntflags & MNT_FORCE) == 0)
		return error;
	genfs_closedev(ump->um_devvp, FREAD | (ump->um_devopen_rw ? FWRITE : 0));
	ffs_freemount(ump);
	mp->mnt_data = NULL;
	return 0;
}

static int
ffs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	return genfs_vget(mp, UFS_ROOTINO, lktype, vpp);
}

static int
ffs_statvfs(struct mount *mp, struct statvfs *sbp)
{
	struct fs *fs = VFSTOUFS(mp)->um_fs;
	int64_t bfree, resvd;

	bfree = fs->fs_cstotal.cs_nbfree * fs->fs_frag +
	    fs->fs_cstotal.cs_nffree;
	resvd = fs->fs_dsize * fs->fs_minfree / 100;
	sbp->f_bsize = (uint64_t)fs->fs_bsize;
	sbp->f_frsize = (uint64_t)fs->fs_fsize;
	sbp->f_iosize = (uint64_t)fs->fs_bsize;
	sbp->f_blocks = (uint64_t)fs->fs_dsize;
	sbp->f_bfree = (uint64_t)bfree;
	sbp->f_bavail = bfree > resvd ? (uint64_t)(bfree - resvd) : 0;
	sbp->f_bresvd = (uint64_t)resvd;
	sbp->f_files = (uint64_t)fs->fs_ncg * (uint64_t)fs->fs_ipg -
	    UFS_ROOTINO;
	sbp->f_ffree = (uint64_t)fs->fs_cstotal.cs_nifree;
	sbp->f_favail = sbp->f_ffree;
	sbp->f_fresvd = 0;
	sbp->f_namemax = UFS_MAXNAMLEN;
	return 0;
}

static bool
ffs_sync_dirty(struct vnode *vp)
{

	return (VTOI(vp)->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE |
	    IN_MODIFIED)) != 0;
}

static int
ffs_sync_update(struct vnode *vp, int waitfor)
{

	return ffs_update(VTOI(vp), false);
}

static const struct genfs_syncops ffs_syncops = {
	.gs_dirty = ffs_sync_dirty,
	.gs_update = ffs_sync_update,
};

static int
ffs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	struct ufsmount *ump = VFSTOUFS(mp);
	int error, e2;

	if (ump == NULL || ump->um_ronly)
		return 0;
	error = genfs_sync_vnodes(mp, waitfor, &ffs_syncops);
	e2 = ffs_sbupdate(ump, false);
	if (error == 0)
		error = e2;
	e2 = genfs_sync_dev(ump->um_devvp, waitfor);
	return error != 0 ? error : e2;
}

static ino_t
ffs_fh_ino(const void *fh)
{
	const struct ufid *uf = fh;

	return uf->ufid_ino;
}

static bool
ffs_fh_alive(struct vnode *vp, const void *fh)
{
	const struct ufid *uf = fh;
	struct inode *ip = VTOI(vp);

	return ip->i_din.mode != 0 && ip->i_din.nlink > 0 &&
	    (uint32_t)ip->i_din.gen == uf->ufid_gen;
}

static const struct genfs_fhops ffs_fhops = {
	.fo_len = sizeof(struct ufid),
	.fo_ino = ffs_fh_ino,
	.fo_alive = ffs_fh_alive,
};

static int
ffs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    struct vnode **vpp)
{

	return genfs_fhtovp(mp, fhp, lktype, &ffs_fhops, vpp);
}

static int
ffs_vptofh(struct vnode *vp, struct fid *fhp, size_t *fh_size)
{
	struct inode *ip = VTOI(vp);
	struct ufid uf;

	memset(&uf, 0, sizeof(uf));
	uf.ufid_ino = ip->i_number;
	uf.ufid_gen = (uint32_t)ip->i_din.gen;
	return genfs_vptofh(fhp, fh_size, &uf, sizeof(uf));
}

/* is this device an FFS image? (for tools that try each type) */
static int
ffs_probe(struct vnode *devvp)
{
	struct fs *fs;
	struct buf *bp = NULL;
	uint32_t magic;
	size_t i;
	static const int64_t locs[] = { SBLOCK_UFS1, SBLOCK_UFS2,
	    SBLOCK_PIGGY };

	for (i = 0; i < __arraycount(locs); i++) {
		if (bread(devvp, locs[i] / DEV_BSIZE, SBLOCKSIZE, 0, &bp)
		    != 0) {
			if (bp != NULL)
				brelse(bp, 0);
			bp = NULL;
			continue;
		}
		fs = bp->b_data;
		magic = (uint32_t)fs->fs_magic;
		brelse(bp, 0);
		bp = NULL;
		if (magic == FS_UFS1_MAGIC || magic == FS_UFS2_MAGIC ||
		    magic == FS_UFS1_MAGIC_SWAPPED ||
		    magic == FS_UFS2_MAGIC_SWAPPED)
			return 0;
	}
	return EINVAL;
}

struct vfsops ffs_vfsops = {
	.vfs_name = "ffs",
	.vfs_min_mount_data = sizeof(struct ufs_args),
	.vfs_mount = ffs_mount,
	.vfs_unmount = ffs_unmount,
	.vfs_root = ffs_root,
	.vfs_statvfs = ffs_statvfs,
	.vfs_sync = ffs_sync,
	.vfs_vget = genfs_vget,
	.vfs_loadvnode = ffs_loadvnode,
	.vfs_newvnode = ffs_newvnode,
	.vfs_fhtovp = ffs_fhtovp,
	.vfs_vptofh = ffs_vptofh,
	.vfs_probe = ffs_probe,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{
	vfs_attach(&ffs_vfsops);
}
