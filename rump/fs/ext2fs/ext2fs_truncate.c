/*
 * Changing a file's length: growing only sets the size (the new range is
 * a hole); shrinking zeroes the tail of the new last block (so a later
 * extension reads zeros), drops the cached buffers past it and frees the
 * blocks.  Device nodes and fast symlinks keep no block pointers.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "ext2fs.h"

static int
zero_tail(struct inode *ip, uint64_t length)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	uint32_t on = (uint32_t)(length & (fs->e2fs_bsize - 1));
	uint64_t lbn = length >> fs->e2fs_bshift, pbn;
	struct buf *bp;
	int error;

	if (on == 0)
		return 0;
	error = ext2fs_bmap_lookup(ip, lbn, &pbn, NULL);
	if (error || pbn == 0)
		return error;
	error = bread(ip->i_vnode, (daddr_t)lbn, (int)fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	memset((uint8_t *)bp->b_data + on, 0, fs->e2fs_bsize - on);
	bdwrite(bp);
	return 0;
}

int
ext2fs_truncate(struct vnode *vp, off_t length, int ioflag,
    kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t keep;
	int error;

	if (length < 0)
		return EINVAL;
	if ((uint64_t)length > fs->e2fs_maxfilesize)
		return EFBIG;
	if (fs->e2fs_ronly)
		return EROFS;
	if (!S_ISREG(ip->i_mode) && !S_ISDIR(ip->i_mode) &&
	    !S_ISLNK(ip->i_mode)) {
		if (length != 0)
			return 0;
		memset(ip->i_din.ic_blocks, 0, sizeof(ip->i_din.ic_blocks));
		ip->i_flag |= IN_CHANGE | IN_MODIFIED;
		return 0;
	}
	if (ip->i_flags & EXT4_EXTENTS_FL)
		return EROFS;
	if (ext2fs_isfastlink(ip)) {
		if (length != 0)
			return EINVAL;
		memset(ip->i_din.ic_blocks, 0, sizeof(ip->i_din.ic_blocks));
		ext2fs_setsize(ip, 0);
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		return ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	}
	if ((uint64_t)length >= ip->i_size) {
		if ((uint64_t)length != ip->i_size)
			ext2fs_setsize(ip, (uint64_t)length);
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		return ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	}
	if ((error = zero_tail(ip, (uint64_t)length)) != 0)
		return error;
	keep = howmany((uint64_t)length, fs->e2fs_bsize);
	vtruncbuf(vp, (daddr_t)keep, false, 0);
	ext2fs_setsize(ip, (uint64_t)length);
	error = ext2fs_free_range(ip, keep, UINT64_MAX);
	ip->i_flag |= IN_CHANGE | IN_UPDATE;
	if (error == 0)
		error = ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	return error;
}
