/*
 * Mounting an ext2 image: read and check the superblock and group
 * descriptors against the device size, apply the feature policy
 * (unknown incompatible features refuse the mount; features this driver
 * cannot write, or does not know but may read, and a journal needing
 * recovery refuse a read-write mount with EROFS, as Linux and NetBSD do,
 * rather than mount read-only behind the user's back; a file system with
 * errors is read-only unless forced),
 * then mark it in use and recover orphans.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/time.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "ext2fs.h"

int ext2fs_mountfs(struct vnode *devvp, struct mount *mp, const char *fspec);
void ext2fs_freefs(struct ext2fs_mount *ump);
int ext2fs_mount_update(struct mount *mp);
int ext2fs_mount_finish(struct ext2fs_mount *ump, bool clean);
int ext2fs_readsb(struct vnode *devvp, uint64_t devsize, struct m_ext2fs *fs,
    const char *fspec);

void
ext2fs_freefs(struct ext2fs_mount *ump)
{
	struct m_ext2fs *fs = ump->um_e2fs;

	if (fs != NULL) {
		if (fs->e2fs_gd != NULL)
			kmem_free(fs->e2fs_gd,
			    sizeof(*fs->e2fs_gd) * fs->e2fs_ncg);
		if (fs->e2fs_gdraw != NULL)
			kmem_free(fs->e2fs_gdraw,
			    (size_t)fs->e2fs_ngdb * fs->e2fs_bsize);
		if (fs->e2fs_gdblk != NULL)
			kmem_free(fs->e2fs_gdblk,
			    sizeof(uint64_t) * fs->e2fs_ngdb);
		kmem_free(fs, sizeof(*fs));
	}
	mutex_destroy(&ump->um_lock);
	mutex_destroy(&ump->um_itimelock);
	mutex_destroy(&ump->um_bmclock);
	kmem_free(ump, sizeof(*ump));
}

static int
read_gd(struct vnode *devvp, struct m_ext2fs *fs, const char *fspec)
{
	const char *why = NULL;
	struct buf *bp;
	uint32_t i, bad;
	uint64_t b;
	int error;

	fs->e2fs_gd = kmem_zalloc(sizeof(*fs->e2fs_gd) * fs->e2fs_ncg,
	    KM_SLEEP);
	fs->e2fs_gdraw = kmem_zalloc((size_t)fs->e2fs_ngdb * fs->e2fs_bsize,
	    KM_SLEEP);
	fs->e2fs_gdblk = kmem_zalloc(sizeof(uint64_t) * fs->e2fs_ngdb,
	    KM_SLEEP);
	if (fs->e2fs_gd == NULL || fs->e2fs_gdraw == NULL ||
	    fs->e2fs_gdblk == NULL)
		return ENOMEM;
	for (i = 0; i < fs->e2fs_ngdb; i++) {
		b = ext2fs_gdblock(fs, i);
		if (!ext2fs_blk_valid(fs, b)) {
			printf("ext2fs: %s: group descriptor block %llu out "
			    "of range\n", fspec, (unsigned long long)b);
			return EINVAL;
		}
		fs->e2fs_gdblk[i] = b;
		error = bread(devvp, EXT2_FSBTODB(fs, b), (int)fs->e2fs_bsize,
		    0, &bp);
		if (error)
			return error;
		memcpy(fs->e2fs_gdraw + (size_t)i * fs->e2fs_bsize,
		    bp->b_data, fs->e2fs_bsize);
		brelse(bp, 0);
	}
	if (ext2fs_gd_decode(fs, &why, &bad) != 0) {
		printf("ext2fs: %s: group %u: %s\n", fspec, bad, why);
		return EINVAL;
	}
	return 0;
}

/* Read and check the superblock (and descriptors) into fs. */
int
ext2fs_readsb(struct vnode *devvp, uint64_t devsize, struct m_ext2fs *fs,
    const char *fspec)
{
	const char *why = NULL;
	struct buf *bp;
	int error;

	error = bread(devvp, E2FS_SBOFF / DEV_BSIZE, E2FS_SBSIZE, 0, &bp);
	if (error) {
		printf("ext2fs: %s: cannot read the superblock: error %d\n",
		    fspec, error);
		return error;
	}
	error = ext2fs_sb_decode(bp->b_data, devsize, fs, &why);
	brelse(bp, 0);
	if (error) {
		printf("ext2fs: %s: bad superblock: %s\n", fspec, why);
		return EINVAL;
	}
	return read_gd(devvp, fs, fspec);
}

/* The feature and state policy.  *ronly in: asked; out: granted. */
static int
policy(struct m_ext2fs *fs, int mntflag, const char *fspec, bool *ronly)
{
	uint32_t unk_in = fs->e2fs_incompat & ~EXT2F_INCOMPAT_KNOWN;
	uint32_t unk_ro = fs->e2fs_rocompat & ~EXT2F_ROCOMPAT_KNOWN;
	uint32_t nowr_in = fs->e2fs_incompat &
	    ~(EXT2F_INCOMPAT_RW | EXT2F_INCOMPAT_RECOVER);
	uint32_t nowr_ro = fs->e2fs_rocompat & ~EXT2F_ROCOMPAT_RW;

	if (unk_in != 0) {
		printf("ext2fs: %s: unsupported incompatible features 0x%x, "
		    "not mounting\n", fspec, unk_in);
		return EINVAL;
	}
	if (*ronly)
		return 0;
	if (E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_RECOVER)) {
		printf("ext2fs: %s: the journal needs recovery (run e2fsck); "
		    "refusing to mount read-write\n", fspec);
		return EROFS;
	}
	if (unk_ro != 0) {
		printf("ext2fs: %s: unknown read-only-compatible features "
		    "0x%x: cannot mount read-write; mount read-only\n", fspec,
		    unk_ro);
		return EROFS;
	}
	if (nowr_in != 0 || nowr_ro != 0) {
		printf("ext2fs: %s: features 0x%x/0x%x (ext4) are read-only "
		    "in this driver: cannot mount read-write; mount "
		    "read-only\n", fspec, nowr_in, nowr_ro);
		return EROFS;
	}
	if ((fs->e2fs_state & E2FS_ERRORS) && !(mntflag & MNT_FORCE)) {
		printf("ext2fs: %s: file system has errors (run e2fsck): "
		    "mounting read-only\n", fspec);
		*ronly = true;
	} else if (!(fs->e2fs_state & E2FS_ISCLEAN))
		printf("ext2fs: %s: file system was not cleanly unmounted\n",
		    fspec);
	return 0;
}

/* Mark the file system in use (not clean) on a read-write mount. */
static int
mount_start(struct ext2fs_mount *ump)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct ext2fs_sb *sb = &fs->e2fs_sb;

	fs->e2fs_state &= ~E2FS_ISCLEAN;
	sb->s_mnt_count = e2fs_h2le16(e2fs_le16(sb->s_mnt_count) + 1);
	sb->s_mtime = e2fs_h2le32((uint32_t)time_second);
	fs->e2fs_fmod = true;
	return ext2fs_sbupdate(ump, MNT_WAIT);
}

/* Write everything and, if clean, mark the file system clean. */
int
ext2fs_mount_finish(struct ext2fs_mount *ump, bool clean)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	int error;

	error = ext2fs_vfs_sync(ump->um_mountp, MNT_WAIT, NOCRED);
	if (clean && error == 0 && fs->e2fs_last_orphan == 0)
		fs->e2fs_state |= E2FS_ISCLEAN;
	fs->e2fs_sb.s_wtime = e2fs_h2le32((uint32_t)time_second);
	fs->e2fs_fmod = true;
	if (error == 0)
		error = ext2fs_sbupdate(ump, MNT_WAIT);
	return error;
}

int
ext2fs_mountfs(struct vnode *devvp, struct mount *mp, const char *fspec)
{
	struct ext2fs_mount *ump;
	struct m_ext2fs *fs;
	bool ronly = (mp->mnt_flag & MNT_RDONLY) != 0;
	int error;

	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	(void)vinvalbuf(devvp, V_SAVE, NOCRED, false, 0);
	VOP_UNLOCK(devvp);
	if ((ump = kmem_zalloc(sizeof(*ump), KM_SLEEP)) == NULL)
		return ENOMEM;
	mutex_init(&ump->um_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&ump->um_itimelock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&ump->um_bmclock, MUTEX_DEFAULT, IPL_NONE);
	TAILQ_INIT(&ump->um_orphans);
	LIST_INIT(&ump->um_inodes);
	if ((fs = kmem_zalloc(sizeof(*fs), KM_SLEEP)) == NULL) {
		ext2fs_freefs(ump);
		return ENOMEM;
	}
	ump->um_e2fs = fs;
	error = ext2fs_readsb(devvp, genfs_devsize(devvp), fs, fspec);
	if (error == 0)
		error = policy(fs, mp->mnt_flag, fspec, &ronly);
	if (error) {
		ext2fs_freefs(ump);
		return error;
	}
	fs->e2fs_ronly = ronly;
	ump->um_devmode = FREAD | ((mp->mnt_flag & MNT_RDONLY) ? 0 : FWRITE);
	if (ronly)
		mp->mnt_flag |= MNT_RDONLY;
	ump->um_mountp = mp;
	ump->um_devvp = devvp;
	ump->um_dev = devvp->v_rdev;
	mp->mnt_data = ump;
	mp->mnt_flag |= MNT_LOCAL;
	mp->mnt_fs_bshift = (int)fs->e2fs_bshift;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	strlcpy(mp->mnt_stat.f_mntfromname, fspec,
	    sizeof(mp->mnt_stat.f_mntfromname));
	if (!ronly) {
		error = mount_start(ump);
		if (error == 0 && fs->e2fs_last_orphan != 0)
			error = ext2fs_orphan_recover(ump);
		if (error) {
			(void)vflush(mp, NULL, FORCECLOSE);
			mp->mnt_data = NULL;
			ext2fs_freefs(ump);
			return error;
		}
	}
	return 0;
}

/* MNT_UPDATE: read-write <-> read-only. */
int
ext2fs_mount_update(struct mount *mp)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	struct m_ext2fs *fs = ump->um_e2fs;
	const char *fspec = mp->mnt_stat.f_mntfromname;
	bool ronly = (mp->mnt_flag & MNT_RDONLY) != 0;
	int error;

	if (ronly == fs->e2fs_ronly)
		return 0;
	if (ronly) {
		error = vflush(mp, NULL, WRITECLOSE);
		if (error)
			return error;
		if ((error = ext2fs_mount_finish(ump, true)) != 0)
			return error;
		fs->e2fs_ronly = true;
		return 0;
	}
	error = policy(fs, mp->mnt_flag, fspec, &ronly);
	if (error)
		return error;
	if (ronly) {
		mp->mnt_flag |= MNT_RDONLY;
		return 0;
	}
	if (!(ump->um_devmode & FWRITE))
		return EOPNOTSUPP;	/* the device is open read-only */
	fs->e2fs_ronly = false;
	return mount_start(ump);
}
