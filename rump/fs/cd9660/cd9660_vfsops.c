/*
 * cd9660 vfsops: mount (read-only only: a read-write request is refused
 * with one console line), unmount, root, statvfs, file handles, and the
 * component that registers the file system.  Choosing the session and
 * the tree is cd9660_mount.c's.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/genfs.h>
#include <sys/rumpcomp.h>

#include "cd9660.h"

/* a file handle: the file's number (nothing is ever reused) */
struct cd9660_fid {
	uint64_t cf_ino;
};

static int
cd9660_mount(struct mount *mp, const char *path, void *data,
    size_t *data_len)
{
	struct cd9660_args args;
	struct vnode *devvp;
	int error;

	(void)path;
	if (!(mp->mnt_flag & MNT_RDONLY)) {
		const struct ufs_args *ua = data;

		printf("cd9660: %s: ISO 9660 file systems are not writable; "
		    "mount with -o ro\n", ua != NULL && *data_len >=
		    sizeof(*ua) && ua->fspec != NULL ? ua->fspec :
		    mp->mnt_stat.f_mntfromname);
		return EROFS;
	}
	if (mp->mnt_flag & MNT_UPDATE)
		return mp->mnt_data == NULL ? EINVAL : 0;
	memset(&args, 0, sizeof(args));
	if (data != NULL)
		memcpy(&args, data, MIN(*data_len, sizeof(args)));
	if ((error = genfs_opendev(mp, data, *data_len, &devvp)) != 0)
		return error;
	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	(void)vinvalbuf(devvp, V_SAVE, NOCRED, false, 0);
	VOP_UNLOCK(devvp);
	if ((error = cd9660_mountfs(devvp, mp, &args, args.fspec)) != 0)
		genfs_closedev(devvp, FREAD);
	return error;
}

static int
cd9660_unmount(struct mount *mp, int mntflags)
{
	struct cd9660_mount *imp = VFSTOISO(mp);
	int error;

	if (mp->mnt_iflag & IMNT_GONE)
		return 0;
	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	genfs_closedev(imp->im_devvp, imp->im_devmode);
	kmem_free(imp, sizeof(*imp));
	mp->mnt_data = NULL;
	return 0;
}

static int
cd9660_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	return genfs_vget(mp, VFSTOISO(mp)->im_rootino, lktype, vpp);
}

static int
cd9660_statvfs(struct mount *mp, struct statvfs *sbp)
{
	struct cd9660_mount *imp = VFSTOISO(mp);

	sbp->f_bsize = ISO_SECSIZE;
	sbp->f_frsize = ISO_SECSIZE;
	sbp->f_iosize = ISO_SECSIZE;
	sbp->f_blocks = imp->im_volspace;
	sbp->f_bfree = 0;
	sbp->f_bavail = 0;
	sbp->f_bresvd = 0;
	sbp->f_files = 0;
	sbp->f_ffree = 0;
	sbp->f_favail = 0;
	sbp->f_fresvd = 0;
	sbp->f_namemax = RR_NAMEMAX;
	return 0;
}

static int
cd9660_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	(void)mp;
	(void)waitfor;
	(void)cred;
	return 0;
}

static ino_t
cd9660_fh_ino(const void *fh)
{
	const struct cd9660_fid *cf = fh;

	return (ino_t)cf->cf_ino;
}

static bool
cd9660_fh_alive(struct vnode *vp, const void *fh)
{
	(void)vp;
	(void)fh;
	return true;
}

static const struct genfs_fhops cd9660_fhops = {
	.fo_len = sizeof(struct cd9660_fid),
	.fo_ino = cd9660_fh_ino,
	.fo_alive = cd9660_fh_alive,
};

static int
cd9660_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    struct vnode **vpp)
{
	return genfs_fhtovp(mp, fhp, lktype, &cd9660_fhops, vpp);
}

static int
cd9660_vptofh(struct vnode *vp, struct fid *fhp, size_t *fh_size)
{
	struct cd9660_fid cf;

	cf.cf_ino = VTOI(vp)->in_number;
	return genfs_vptofh(fhp, fh_size, &cf, sizeof(cf));
}

struct vfsops cd9660_vfsops = {
	.vfs_name = "cd9660",
	.vfs_min_mount_data = sizeof(struct ufs_args),
	.vfs_mount = cd9660_mount,
	.vfs_unmount = cd9660_unmount,
	.vfs_root = cd9660_root,
	.vfs_statvfs = cd9660_statvfs,
	.vfs_sync = cd9660_sync,
	.vfs_vget = genfs_vget,
	.vfs_loadvnode = cd9660_loadvnode,
	.vfs_fhtovp = cd9660_fhtovp,
	.vfs_vptofh = cd9660_vptofh,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{
	vfs_attach(&cd9660_vfsops);
}
