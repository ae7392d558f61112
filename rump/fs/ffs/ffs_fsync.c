/*
 * fsync: the file's data, its indirect blocks (buffers of the device,
 * not of the file) and its inode reach the disk, and then the host's
 * cache is flushed, so that what fsync acknowledged survives a crash of
 * the server and of the host.  fdatasync leaves the inode out when its
 * size and block count are what the disk has.  The entries of a
 * directory name inodes that reached the disk before them (ordered
 * writes); in async mode the device's dirty blocks go along instead.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>
#include <sys/genfs_indir.h>

#include "ffs_int.h"

/* write blk if the cache holds it dirty */
static int
ffs_sync_blk(struct ufsmount *ump, int64_t blk)
{
	struct fs *fs = ump->um_fs;
	daddr_t dbn = ffs_fsbtodb(fs, blk);
	struct buf *bp;

	if (incore(ump->um_devvp, dbn) == NULL)
		return 0;
	if ((bp = getblk(ump->um_devvp, dbn, fs->fs_bsize, 0, 0)) == NULL)
		return 0;
	if (bp->b_flags & B_DELWRI)
		return bwrite(bp);
	/* written and dropped meanwhile: getblk made an empty one */
	brelse(bp, (bp->b_flags & B_DONE) ? 0 : B_INVAL);
	return 0;
}

/*
 * The indirect block blk of level (0: it names data blocks) and below;
 * up: the indirect blocks above, held busy.
 */
static int
ffs_sync_indir(struct inode *ip, int64_t blk, int level,
    const struct genfs_indpath *up)
{
	const struct genfs_indpath here = { blk, up };
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ip->i_fs;
	struct buf *bp;
	int64_t i, p;
	int error, e2;

	if (blk <= 0 || blk >= fs->fs_size)
		return 0;
	if (level == 0)
		return ffs_sync_blk(ump, blk);
	if (genfs_indpath_loops(up, blk)) {
		ffs_corrupt(ump, "inode %llu: indirect block %lld names an "
		    "indirect block above it", (unsigned long long)ip->i_number,
		    (long long)blk);
		return EIO;
	}
	if ((error = ffs_indir_read(ump, blk, &bp)) != 0)
		return error;
	for (i = 0; i < fs->fs_nindir; i++) {
		p = ffs_indir_entry(ump, bp->b_data, i);
		if (p != 0 && (e2 = ffs_sync_indir(ip, p, level - 1,
		    &here)) != 0 && error == 0)
			error = e2;
	}
	if (bp->b_flags & B_DELWRI) {
		if ((e2 = bwrite(bp)) != 0 && error == 0)
			error = e2;
	} else
		brelse(bp, 0);
	return error;
}

static bool
ffs_has_blocks(struct vnode *vp)
{
	return (vp->v_type == VREG || vp->v_type == VDIR ||
	    vp->v_type == VLNK) && !ffs_is_shortlink(VTOI(vp));
}

/* the host's cache to its media */
static int
ffs_cachesync(struct ufsmount *ump)
{
	int force = 1, error;

	error = VOP_IOCTL(ump->um_devvp, DIOCCACHESYNC, &force, FWRITE,
	    NOCRED);
	return error == ENOTTY || error == EOPNOTSUPP ? 0 : error;
}

static void
ffs_keep_first(int *error, int e)
{
	if (*error == 0)
		*error = e;
}

int
ufs_fsync(struct vop_fsync_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct ufsmount *ump = ip->i_ump;
	bool wait = (ap->a_flags & FSYNC_WAIT) != 0;
	int error, level;

	if (ump->um_ronly)
		return 0;
	error = vflushbuf(vp, ap->a_flags & FSYNC_WAIT);
	if (ffs_has_blocks(vp))
		for (level = 0; level < UFS_NIADDR; level++)
			ffs_keep_first(&error,
			    ffs_sync_indir(ip, ip->i_din.ib[level], level,
			    NULL));
	if ((ap->a_flags & FSYNC_DATAONLY) == 0 ||
	    ip->i_din.size != ip->i_dsize || ip->i_din.blocks != ip->i_dblocks)
		ffs_keep_first(&error, ffs_update(ip, wait));
	if (vp->v_type == VDIR && !ffs_ordered(ump))
		ffs_keep_first(&error, vflushbuf(ump->um_devvp, FSYNC_WAIT));
	if (wait)
		ffs_keep_first(&error, ffs_cachesync(ump));
	return error;
}
