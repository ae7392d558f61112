/*
 * msdosfs vfsops: mount (the device named by the args' fspec, the boot
 * sector checked by msdosfs_bpb_parse, the free clusters counted, the
 * volume marked dirty while mounted read-write), unmount (marked clean
 * again unless it was dirty before us), root, statvfs, sync, file
 * handles, and the component that registers "msdos".
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/stat.h>
#include <sys/conf.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/rumpcomp.h>

#include "msdosfs.h"

/* mount_msdos(8) defaults for args shorter than struct msdosfs_args */
static void
args_get(const void *data, size_t len, struct msdosfsmount *pmp)
{
	struct msdosfs_args a;

	memset(&a, 0, sizeof(a));
	a.uid = kauth_cred_geteuid(kauth_cred_get());
	a.gid = kauth_cred_getegid(kauth_cred_get());
	a.mask = a.dirmask = 0755;
	memcpy(&a, data, MIN(len, sizeof(a)));
	pmp->pm_uid = a.uid;
	pmp->pm_gid = a.gid;
	pmp->pm_mask = a.mask & ACCESSPERMS;
	pmp->pm_dirmask = a.dirmask & ACCESSPERMS;
	pmp->pm_flags = a.flags;
	if (pmp->pm_flags & MSDOSFSMNT_NOWIN95)	/* -9 implies -s */
		pmp->pm_flags |= MSDOSFSMNT_SHORTNAME;
	pmp->pm_gmtoff = a.gmtoff;
}

static int
read_bpb(struct msdosfsmount *pmp, const char *fspec)
{
	const char *why;
	struct buf *bp;
	int error;

	/* 512 bytes until the sector size is known; dropped after */
	if ((error = bread(pmp->pm_devvp, 0, 512, 0, &bp)) != 0)
		return error;
	error = msdosfs_bpb_parse(bp->b_data, genfs_devsize(pmp->pm_devvp),
	    &pmp->pm_g, &why);
	brelse(bp, B_INVAL);
	if (error)
		printf("msdosfs: %s: %s\n", fspec, why);
	pmp->pm_secshift = 0;
	while ((DEV_BSIZE << pmp->pm_secshift) < (int)pmp->pm_g.g_bps)
		pmp->pm_secshift++;
	return error;
}

/* FAT32: the FSInfo sector, trusted for its hint only when signed. */
static int
read_fsinfo(struct msdosfsmount *pmp)
{
	struct buf *bp;
	const uint8_t *p;
	int error;

	pmp->pm_nxtfree = 2;
	if (pmp->pm_g.g_fsinfo == 0)
		return 0;
	if ((error = msdosfs_bread(pmp, pmp->pm_g.g_fsinfo, &bp)) != 0)
		return error;
	p = bp->b_data;
	pmp->pm_fsinfo_ok = msdosfs_le32(p + FSI_LEADSIG) == FSI_LEADSIG_VAL &&
	    msdosfs_le32(p + FSI_STRUCSIG) == FSI_STRUCSIG_VAL &&
	    msdosfs_le32(p + FSI_TRAILSIG) == FSI_TRAILSIG_VAL;
	if (pmp->pm_fsinfo_ok)
		pmp->pm_nxtfree = msdosfs_le32(p + FSI_NXT_FREE);
	brelse(bp, 0);
	return 0;
}

static void
freefs(struct msdosfsmount *pmp)
{
	mutex_destroy(&pmp->pm_fatlock);
	mutex_destroy(&pmp->pm_hintlock);
	kmem_free(pmp, sizeof(*pmp));
}

static int
mountfs(struct vnode *devvp, struct mount *mp, const char *fspec,
    const void *data, size_t len)
{
	struct msdosfsmount *pmp;
	int error;

	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	(void)vinvalbuf(devvp, V_SAVE, NOCRED, false, 0);
	VOP_UNLOCK(devvp);
	if ((pmp = kmem_zalloc(sizeof(*pmp), KM_SLEEP)) == NULL)
		return ENOMEM;
	mutex_init(&pmp->pm_fatlock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&pmp->pm_hintlock, MUTEX_DEFAULT, IPL_NONE);
	pmp->pm_mp = mp;
	pmp->pm_devvp = devvp;
	pmp->pm_devmode = genfs_devmode(mp->mnt_flag);
	pmp->pm_ronly = (mp->mnt_flag & MNT_RDONLY) != 0;
	args_get(data, len, pmp);
	strlcpy(mp->mnt_stat.f_mntfromname, fspec,
	    sizeof(mp->mnt_stat.f_mntfromname));
	error = read_bpb(pmp, fspec);
	if (error == 0)
		error = read_fsinfo(pmp);
	if (error == 0)
		error = msdosfs_fat_scan(pmp);
	if (error == 0 && !pmp->pm_ronly)
		error = msdosfs_fat_setclean(pmp, false);
	if (error == 0 && pmp->pm_broken)
		error = EIO;
	if (error) {
		freefs(pmp);
		return error;
	}
	if (pmp->pm_wasdirty)
		printf("msdosfs: %s: not cleanly unmounted; run fsck.fat\n",
		    fspec);
	mp->mnt_data = pmp;
	mp->mnt_flag |= MNT_LOCAL;
	mp->mnt_fs_bshift = pmp->pm_g.g_clshift;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	return 0;
}

/* A read-write mount ends: FSInfo, the clean bit, all on the disk. */
static void
finish(struct msdosfsmount *pmp)
{
	int flag = 1;

	if (msdosfs_writable(pmp) != 0)
		return;
	(void)msdosfs_fsinfo_update(pmp);
	(void)msdosfs_fat_setclean(pmp, true);
	vn_lock(pmp->pm_devvp, LK_EXCLUSIVE | LK_RETRY);
	(void)vflushbuf(pmp->pm_devvp, FSYNC_WAIT);
	VOP_UNLOCK(pmp->pm_devvp);
	(void)VOP_IOCTL(pmp->pm_devvp, DIOCCACHESYNC, &flag, FWRITE, NOCRED);
}

/* MNT_UPDATE: read-write <-> read-only. */
static int
mount_update(struct mount *mp)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);
	bool ronly = (mp->mnt_flag & MNT_RDONLY) != 0;
	int error;

	if (pmp == NULL)
		return EINVAL;
	if (ronly == pmp->pm_ronly)
		return 0;
	if (ronly) {
		/* EBUSY while a file is open for writing */
		if ((error = vflush(mp, NULL, WRITECLOSE)) != 0 ||
		    (error = msdosfs_vfs_sync(mp, MNT_WAIT, NOCRED)) != 0)
			return error;
		finish(pmp);
		pmp->pm_ronly = true;
		return 0;
	}
	if (!(pmp->pm_devmode & FWRITE))
		return EOPNOTSUPP;	/* the device is open read-only */
	if (pmp->pm_broken)
		return EROFS;
	pmp->pm_ronly = false;
	return msdosfs_fat_setclean(pmp, false);
}

static int
msdosfs_mount(struct mount *mp, const char *path, void *data,
    size_t *data_len)
{
	struct ufs_args *args = data;
	struct vnode *devvp;
	int error;

	(void)path;
	if (mp->mnt_flag & MNT_UPDATE)
		return mount_update(mp);
	if ((error = genfs_opendev(mp, args, *data_len, &devvp)) != 0)
		return error;
	error = mountfs(devvp, mp, args->fspec, data, *data_len);
	if (error)
		genfs_closedev(devvp, genfs_devmode(mp->mnt_flag));
	return error;
}

static int
msdosfs_unmount(struct mount *mp, int mntflags)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);
	int error;

	if (mp->mnt_iflag & IMNT_GONE)
		return 0;
	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	finish(pmp);
	genfs_closedev(pmp->pm_devvp, pmp->pm_devmode);
	freefs(pmp);
	mp->mnt_data = NULL;
	return 0;
}

static int
msdosfs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	return genfs_vget(mp, MSDOSFS_ROOTINO, lktype, vpp);
}

static int
msdosfs_statvfs(struct mount *mp, struct statvfs *sbp)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);

	sbp->f_bsize = pmp->pm_g.g_clsize;
	sbp->f_frsize = pmp->pm_g.g_clsize;
	sbp->f_iosize = pmp->pm_g.g_clsize;
	sbp->f_blocks = pmp->pm_g.g_nclusters;
	mutex_enter(&pmp->pm_fatlock);
	sbp->f_bfree = pmp->pm_freecount;
	mutex_exit(&pmp->pm_fatlock);
	sbp->f_bavail = sbp->f_bfree;
	sbp->f_bresvd = 0;
	/* no inode table: a file costs an entry */
	sbp->f_files = 0;
	sbp->f_ffree = 0;
	sbp->f_favail = 0;
	sbp->f_fresvd = 0;
	sbp->f_namemax = (pmp->pm_flags & MSDOSFSMNT_SHORTNAME) ? 12 :
	    MSDOSFS_NAMEMAX;
	return 0;
}

static bool
msdosfs_sync_dirty(struct vnode *vp)
{

	return (VTODE(vp)->de_flag & (DE_MODIFIED | DE_UPDATE |
	    DE_ACCESS)) != 0;
}

static int
msdosfs_sync_update(struct vnode *vp, int waitfor)
{

	return msdosfs_deupdate(VTODE(vp), false);
}

static const struct genfs_syncops msdosfs_syncops = {
	.gs_dirty = msdosfs_sync_dirty,
	.gs_update = msdosfs_sync_update,
};

int
msdosfs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);
	int error, e2;

	(void)cred;
	if (msdosfs_writable(pmp) != 0)
		return 0;
	error = genfs_sync_vnodes(mp, waitfor, &msdosfs_syncops);
	(void)msdosfs_fsinfo_update(pmp);
	e2 = genfs_sync_dev(pmp->pm_devvp, waitfor);
	return error != 0 ? error : e2;
}

/* A file handle: the inode number and the first cluster. */
struct msdosfs_fid {
	uint64_t mf_ino;
	uint32_t mf_cl;
};

static ino_t
fh_ino(const void *fh)
{
	return ((const struct msdosfs_fid *)fh)->mf_ino;
}

static bool
fh_alive(struct vnode *vp, const void *fh)
{
	const struct msdosfs_fid *mf = fh;
	struct denode *dep = VTODE(vp);

	return !(dep->de_flag & DE_REMOVED) && dep->de_startcl == mf->mf_cl;
}

static const struct genfs_fhops msdosfs_fhops = {
	.fo_len = sizeof(struct msdosfs_fid),
	.fo_ino = fh_ino,
	.fo_alive = fh_alive,
};

static int
msdosfs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    struct vnode **vpp)
{
	return genfs_fhtovp(mp, fhp, lktype, &msdosfs_fhops, vpp);
}

static int
msdosfs_vptofh(struct vnode *vp, struct fid *fhp, size_t *fh_size)
{
	struct denode *dep = VTODE(vp);
	struct msdosfs_fid mf;

	memset(&mf, 0, sizeof(mf));
	mf.mf_ino = dep->de_ino;
	mf.mf_cl = dep->de_startcl;
	return genfs_vptofh(fhp, fh_size, &mf, sizeof(mf));
}

struct vfsops msdosfs_vfsops = {
	.vfs_name = "msdos",
	.vfs_min_mount_data = sizeof(struct ufs_args),
	.vfs_mount = msdosfs_mount,
	.vfs_unmount = msdosfs_unmount,
	.vfs_root = msdosfs_root,
	.vfs_statvfs = msdosfs_statvfs,
	.vfs_sync = msdosfs_vfs_sync,
	.vfs_vget = genfs_vget,
	.vfs_loadvnode = msdosfs_loadvnode,
	.vfs_newvnode = msdosfs_newvnode,
	.vfs_fhtovp = msdosfs_fhtovp,
	.vfs_vptofh = msdosfs_vptofh,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{
	vfs_attach(&msdosfs_vfsops);
}
