/*
 * Writing an inode back: pending time stamps are applied, the host-order
 * fields are encoded into the inode's place in its block, and the block
 * is written (delayed unless the caller waits or the mount is -o sync);
 * and the other metadata writes whose order ffs_int.h explains.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/vnode.h>

#include "ffs_int.h"

void
ufs_itimes(struct inode *ip)
{
	struct timespec now;

	if ((ip->i_flag & (IN_ACCESS | IN_CHANGE | IN_UPDATE)) == 0)
		return;
	getnanotime(&now);
	if (ip->i_flag & IN_ACCESS) {
		ip->i_din.atime = now.tv_sec;
		ip->i_din.atimensec = (int32_t)now.tv_nsec;
	}
	if (ip->i_flag & IN_UPDATE) {
		ip->i_din.mtime = now.tv_sec;
		ip->i_din.mtimensec = (int32_t)now.tv_nsec;
	}
	if (ip->i_flag & IN_CHANGE) {
		ip->i_din.ctime = now.tv_sec;
		ip->i_din.ctimensec = (int32_t)now.tv_nsec;
	}
	ip->i_flag &= ~(IN_ACCESS | IN_CHANGE | IN_UPDATE);
	ip->i_flag |= IN_MODIFIED;
}

int
ffs_update(struct inode *ip, bool waitfor)
{
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ip->i_fs;
	struct buf *bp = NULL;
	int error;

	if (ump->um_ronly)
		return 0;
	waitfor = waitfor || ffs_syncmount(ump);
	ufs_itimes(ip);
	if ((ip->i_flag & IN_MODIFIED) == 0 && !waitfor)
		return 0;
	error = bread(ump->um_devvp,
	    ffs_fsbtodb(fs, ffs_ino_to_fsba(fs, ip->i_number)), fs->fs_bsize,
	    0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	ufs_dino_store(&ip->i_din, (uint8_t *)bp->b_data +
	    ffs_ino_to_fsbo(fs, ip->i_number) *
	    (uint64_t)ffs_dinode_size(fs), ump->um_ufs2, ump->um_needswap);
	ip->i_flag &= ~IN_MODIFIED;
	ip->i_dsize = ip->i_din.size;
	ip->i_dblocks = ip->i_din.blocks;
	if (waitfor)
		return bwrite(bp);
	bdwrite(bp);
	return 0;
}

int
ffs_update_dirop(struct inode *ip)
{
	return ffs_update(ip, ffs_ordered(ip->i_ump));
}

void
ffs_metawrite(struct ufsmount *ump, struct buf *bp, bool ordered)
{
	/* a failed write stays dirty; fsync or the syncer reports it */
	if (ffs_syncmount(ump) || (ordered && ffs_ordered(ump)))
		(void)bwrite(bp);
	else
		bdwrite(bp);
}

static void
ffs_freelist_free(void *arg, int64_t bno, int size)
{
	struct inode *ip = arg;

	ffs_blkfree(ip->i_ump, bno, size, ip->i_number);
}

void
ffs_freelist_init(struct genfs_freelist *fl, struct inode *ip)
{
	genfs_freelist_init(fl, ffs_ordered(ip->i_ump), ffs_freelist_free, ip);
}

int
ffs_freelist_commit(struct inode *ip, struct genfs_freelist *fl)
{
	int error = 0;

	if (genfs_freelist_pending(fl))
		error = ffs_update(ip, true);
	genfs_freelist_done(fl, error);
	return error;
}
