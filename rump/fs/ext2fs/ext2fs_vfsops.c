/*
 * ext2fs vfsops: mount (opening the device named by the ufs_args
 * prefix), update, unmount, root, statvfs, file handles, and the
 * component that registers the file system.  Reading and checking the
 * superblock is in ext2fs_mountfs.c, syncing in ext2fs_sync.c.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/genfs.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/rumpcomp.h>

#include "ext2fs.h"

int ext2fs_mountfs(struct vnode *devvp, struct mount *mp, const char *fspec);
void ext2fs_freefs(struct ext2fs_mount *ump);
int ext2fs_mount_update(struct mount *mp);
int ext2fs_mount_finish(struct ext2fs_mount *ump, bool clean);

/* A file handle: inode number and generation. */
struct ext2fs_fid {
	uint32_t ef_ino;
	uint32_t ef_gen;
};

static int
ext2fs_mount(struct mount *mp, const char *path, void *data,
    size_t *data_len)
{
	struct ufs_args *args = data;
	struct vnode *devvp;
	int error;

	if (mp->mnt_flag & MNT_UPDATE) {
		if (mp->mnt_data == NULL)
			return EINVAL;
		return ext2fs_mount_update(mp);
	}
	if ((error = genfs_opendev(mp, args, *data_len, &devvp)) != 0)
		return error;
	if ((error = ext2fs_mountfs(devvp, mp, args->fspec)) != 0) {
		genfs_closedev(devvp, genfs_devmode(mp->mnt_flag));
		return error;
	}
	return 0;
}

static int
ext2fs_unmount(struct mount *mp, int mntflags)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	struct m_ext2fs *fs = ump->um_e2fs;
	int error, mode = ump->um_devmode;

	if (mp->mnt_iflag & IMNT_GONE)
		return 0;
	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	if (!fs->e2fs_ronly)
		(void)ext2fs_mount_finish(ump, true);
	genfs_closedev(ump->um_devvp, mode);
	ext2fs_freefs(ump);
	mp->mnt_data = NULL;
	return 0;
}

static int
ext2fs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	int error;

	error = genfs_vget(mp, E2FS_ROOTINO, lktype, vpp);
	if (error == 0 && (*vpp)->v_type != VDIR) {
		if (lktype != 0)
			VOP_UNLOCK(*vpp);
		vrele(*vpp);
		*vpp = NULL;
		return EIO;
	}
	return error;
}

static int
ext2fs_statvfs(struct mount *mp, struct statvfs *sbp)
{
	struct m_ext2fs *fs = VFSTOUFS(mp)->um_e2fs;
	uint64_t overhead, nsb = 0;
	uint32_t cg;

	for (cg = 0; cg < fs->e2fs_ncg; cg++)
		if (ext2fs_cg_has_sb(fs, cg))
			nsb++;
	overhead = fs->e2fs_first_dblock +
	    (uint64_t)fs->e2fs_ncg * (2 + fs->e2fs_itpg) +
	    nsb * (1 + fs->e2fs_ngdb +
	    e2fs_le16(fs->e2fs_sb.s_reserved_gdt_blocks));
	if (overhead > fs->e2fs_bcount)
		overhead = 0;
	sbp->f_bsize = fs->e2fs_bsize;
	sbp->f_frsize = fs->e2fs_bsize;
	sbp->f_iosize = fs->e2fs_bsize;
	sbp->f_blocks = fs->e2fs_bcount - overhead;
	sbp->f_bfree = fs->e2fs_fbcount;
	sbp->f_bavail = fs->e2fs_fbcount > fs->e2fs_rbcount ?
	    fs->e2fs_fbcount - fs->e2fs_rbcount : 0;
	sbp->f_bresvd = fs->e2fs_rbcount;
	sbp->f_files = fs->e2fs_icount;
	sbp->f_ffree = fs->e2fs_ficount;
	sbp->f_favail = fs->e2fs_ficount;
	sbp->f_fresvd = 0;
	sbp->f_namemax = E2FS_MAXNAMLEN;
	return 0;
}

static ino_t
ext2fs_fh_ino(const void *fh)
{
	const struct ext2fs_fid *ef = fh;

	return ef->ef_ino;
}

static bool
ext2fs_fh_alive(struct vnode *vp, const void *fh)
{
	const struct ext2fs_fid *ef = fh;
	struct inode *ip = VTOI(vp);

	return ip->i_mode != 0 && ip->i_nlink != 0 &&
	    ip->i_din.ic_gen == ef->ef_gen;
}

static const struct genfs_fhops ext2fs_fhops = {
	.fo_len = sizeof(struct ext2fs_fid),
	.fo_ino = ext2fs_fh_ino,
	.fo_alive = ext2fs_fh_alive,
};

static int
ext2fs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    struct vnode **vpp)
{

	return genfs_fhtovp(mp, fhp, lktype, &ext2fs_fhops, vpp);
}

static int
ext2fs_vptofh(struct vnode *vp, struct fid *fhp, size_t *fh_size)
{
	struct inode *ip = VTOI(vp);
	struct ext2fs_fid ef;

	ef.ef_ino = (uint32_t)ip->i_number;
	ef.ef_gen = ip->i_din.ic_gen;
	return genfs_vptofh(fhp, fh_size, &ef, sizeof(ef));
}

struct vfsops ext2fs_vfsops = {
	.vfs_name = "ext2fs",
	.vfs_min_mount_data = sizeof(struct ufs_args),
	.vfs_mount = ext2fs_mount,
	.vfs_unmount = ext2fs_unmount,
	.vfs_root = ext2fs_root,
	.vfs_statvfs = ext2fs_statvfs,
	.vfs_sync = ext2fs_vfs_sync,
	.vfs_vget = genfs_vget,
	.vfs_loadvnode = ext2fs_loadvnode,
	.vfs_newvnode = ext2fs_newvnode,
	.vfs_fhtovp = ext2fs_fhtovp,
	.vfs_vptofh = ext2fs_vptofh,
};

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{
	vfs_attach(&ext2fs_vfsops);
}
