/*
 * In-core inodes: reading one from the inode table with every field that
 * is later used as an index checked, writing it back, timestamps, sizes,
 * block counts and the corruption report.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "ext2fs.h"

int
ext2fs_corrupt(struct inode *ip, const char *what)
{
	printf("ext2fs: %s: inode %llu: %s\n",
	    ip->i_ump->um_mountp->mnt_stat.f_mntfromname,
	    (unsigned long long)ip->i_number, what);
	return EIO;
}

/* Locate inode ino: device block and byte offset in it. */
void
ext2fs_ino_locate(const struct m_ext2fs *fs, ino_t ino, uint64_t *blk,
    size_t *off)
{
	uint32_t cg = (uint32_t)ino_to_cg(fs, ino);
	uint32_t idx = (uint32_t)((ino - 1) % fs->e2fs_ipg);

	*blk = fs->e2fs_gd[cg].cg_itable + idx / fs->e2fs_ipb;
	*off = (size_t)(idx % fs->e2fs_ipb) * fs->e2fs_isize;
}

/* Read inode ino's raw bytes into ip->i_raw and decode them. */
int
ext2fs_iread(struct ext2fs_mount *ump, ino_t ino, struct inode *ip)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct buf *bp;
	uint64_t blk;
	size_t off;
	int error;

	ext2fs_ino_locate(fs, ino, &blk, &off);
	error = bread(ump->um_devvp, EXT2_FSBTODB(fs, blk), fs->e2fs_bsize,
	    0, &bp);
	if (error)
		return error;
	memcpy(ip->i_raw, (uint8_t *)bp->b_data + off, fs->e2fs_isize);
	brelse(bp, 0);
	ext2fs_dinode_decode(ip->i_raw, fs->e2fs_isize,
	    E2FS_HAS_ROCOMPAT(fs, EXT2F_ROCOMPAT_HUGE_FILE), fs->e2fs_bshift,
	    &ip->i_din);
	return 0;
}

bool
ext2fs_isfastlink(const struct inode *ip)
{
	const struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t ea = ip->i_din.ic_facl ? fs->e2fs_bsize >> DEV_BSHIFT : 0;

	return S_ISLNK(ip->i_mode) && !(ip->i_flags & EXT4_EXTENTS_FL) &&
	    ip->i_size < E2FS_MAXSYMLINKLEN && ip->i_din.ic_nblock <= ea;
}

/* Is the inode's block array a tree of pointers to check? */
static bool
has_blockptrs(const struct inode *ip)
{
	switch (ip->i_mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
		return true;
	case S_IFLNK:
		return !ext2fs_isfastlink(ip);
	default:
		return false;
	}
}

/* Check what the driver relies on; *why says what is wrong. */
int
ext2fs_icheck(struct inode *ip, const char **why)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct ext2fs_icore *ic = &ip->i_din;
	int i;

	switch (ic->ic_mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR:
	case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	default:
		*why = "bad file type";
		return EIO;
	}
	if (ic->ic_size > fs->e2fs_maxfilesize) {
		*why = "size too large";
		return EIO;
	}
	if (S_ISDIR(ic->ic_mode) && (ic->ic_size % fs->e2fs_bsize) != 0) {
		*why = "directory size not a multiple of the block size";
		return EIO;
	}
	if (S_ISLNK(ic->ic_mode) &&
	    (ic->ic_size == 0 || ic->ic_size >= fs->e2fs_bsize ||
	    ic->ic_size >= MAXPATHLEN)) {
		*why = "bad symbolic link length";
		return EIO;
	}
	if (ic->ic_flags & EXT4_INLINE_DATA_FL) {
		*why = "inline data is not supported";
		return EIO;
	}
	if (ic->ic_facl != 0 && !ext2fs_blk_valid(fs, ic->ic_facl)) {
		*why = "extended attribute block out of range";
		return EIO;
	}
	if (!has_blockptrs(ip))
		return 0;
	if (ic->ic_flags & EXT4_EXTENTS_FL) {
		if (!E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_EXTENTS)) {
			*why = "extents flag without the extents feature";
			return EIO;
		}
		if (ext2fs_extent_check_root(ip) != 0) {
			*why = "bad extent tree root";
			return EIO;
		}
		return 0;
	}
	for (i = 0; i < E2FS_NBLOCKS; i++) {
		if (ic->ic_blocks[i] != 0 &&
		    !ext2fs_blk_valid(fs, ic->ic_blocks[i])) {
			*why = "block pointer out of range";
			return EIO;
		}
	}
	return 0;
}

/* The pending time updates into the times; um_itimelock held. */
void
ext2fs_itimes_locked(struct inode *ip)
{
	struct timespec now;
	struct mount *mp = ip->i_ump->um_mountp;

	KASSERT(mutex_owned(&ip->i_ump->um_itimelock));
	if ((ip->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE)) == 0)
		return;
	if (ip->i_e2fs->e2fs_ronly) {
		ip->i_flag &= ~(IN_ACCESS | IN_CHANGE | IN_UPDATE);
		return;
	}
	getnanotime(&now);
	if ((ip->i_flag & IN_ACCESS) && !(mp->mnt_flag & MNT_NOATIME) &&
	    !(ip->i_flags & EXT2_NOATIME_FL))
		ip->i_din.ic_atime = now;
	if ((ip->i_flag & IN_UPDATE) && !((mp->mnt_flag & MNT_NODEVMTIME) &&
	    (S_ISCHR(ip->i_mode) || S_ISBLK(ip->i_mode))))
		ip->i_din.ic_mtime = now;
	if (ip->i_flag & IN_CHANGE)
		ip->i_din.ic_ctime = now;
	ip->i_flag &= ~(IN_ACCESS | IN_CHANGE | IN_UPDATE);
	ip->i_flag |= IN_MODIFIED;
}

void
ext2fs_itimes(struct inode *ip)
{
	mutex_enter(&ip->i_ump->um_itimelock);
	ext2fs_itimes_locked(ip);
	mutex_exit(&ip->i_ump->um_itimelock);
}

/* A read under a shared vnode lock: the access time is due. */
void
ext2fs_accessed(struct inode *ip)
{
	mutex_enter(&ip->i_ump->um_itimelock);
	ip->i_flag |= IN_ACCESS;
	mutex_exit(&ip->i_ump->um_itimelock);
}

/* the inode's table block with the inode stored in it, busy */
static int
ext2fs_istore(struct inode *ip, struct buf **bpp)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;
	uint64_t blk;
	size_t off;
	int error;

	ext2fs_ino_locate(fs, ip->i_number, &blk, &off);
	error = bread(ump->um_devvp, EXT2_FSBTODB(fs, blk), fs->e2fs_bsize,
	    0, bpp);
	if (error)
		return error;
	/* the orphan link (dtime) changes under um_lock */
	mutex_enter(&ump->um_lock);
	ext2fs_dinode_encode(&ip->i_din, fs->e2fs_isize, ip->i_raw);
	memcpy((uint8_t *)(*bpp)->b_data + off, ip->i_raw, fs->e2fs_isize);
	mutex_exit(&ump->um_lock);
	return 0;
}

/* Write the inode to its table block: delayed, or now with MNT_WAIT. */
int
ext2fs_iupdate(struct inode *ip, int waitfor)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct buf *bp;
	int error;

	if (ump->um_e2fs->e2fs_ronly)
		return 0;
	ext2fs_itimes(ip);
	if ((ip->i_flag & IN_MODIFIED) == 0 && waitfor != MNT_WAIT)
		return 0;
	ip->i_flag &= ~IN_MODIFIED;
	if ((error = ext2fs_istore(ip, &bp)) != 0)
		return error;
	if (waitfor == MNT_WAIT ||
	    (ump->um_mountp->mnt_flag & MNT_SYNCHRONOUS))
		return bwrite(bp);
	bdwrite(bp);
	return 0;
}

/* for a directory operation: on disk before the next step when ordered */
int
ext2fs_update_dirop(struct inode *ip)
{
	return ext2fs_iupdate(ip, ext2fs_ordered(ip->i_ump) ? MNT_WAIT : 0);
}

/*
 * A new directory or symbolic link goes to disk with no links until its
 * entry is there: if a crash comes first, e2fsck -p takes it for a
 * deleted inode, where an unattached one with contents would need a
 * person.  The caller holds the count at zero in core while it builds
 * the inode (so that every write of it says zero), then writes the real
 * one once the entry is on disk.
 */
int
ext2fs_iupdate_unlinked(struct inode *ip)
{
	uint16_t nlink = ip->i_nlink;
	int error;

	ip->i_nlink = 0;
	ip->i_flag |= IN_MODIFIED;
	error = ext2fs_iupdate(ip, MNT_WAIT);
	ip->i_nlink = nlink;
	return error;
}

int
ext2fs_update(struct vnode *vp, int waitfor)
{
	return ext2fs_iupdate(VTOI(vp), waitfor);
}

uint64_t
ext2fs_getsize(struct inode *ip)
{
	return ip->i_size;
}

/* Set the size; files past 2 GiB need the large_file feature. */
void
ext2fs_setsize(struct inode *ip, uint64_t size)
{
	struct m_ext2fs *fs = ip->i_e2fs;

	ip->i_size = size;
	ip->i_vnode->v_size = (off_t)size;
	ip->i_flag |= IN_MODIFIED;
	if (size > INT32_MAX && S_ISREG(ip->i_mode) &&
	    !E2FS_HAS_ROCOMPAT(fs, EXT2F_ROCOMPAT_LARGEFILE)) {
		mutex_enter(&ip->i_ump->um_lock);
		fs->e2fs_rocompat |= EXT2F_ROCOMPAT_LARGEFILE;
		fs->e2fs_fmod = true;
		mutex_exit(&ip->i_ump->um_lock);
	}
}

void
ext2fs_addblocks(struct inode *ip, int64_t nfsblocks)
{
	int64_t d = nfsblocks * (int64_t)(ip->i_e2fs->e2fs_bsize >> DEV_BSHIFT);

	if (d < 0 && (uint64_t)-d > ip->i_din.ic_nblock)
		ip->i_din.ic_nblock = 0;
	else
		ip->i_din.ic_nblock += d;
	ip->i_flag |= IN_MODIFIED;
}
