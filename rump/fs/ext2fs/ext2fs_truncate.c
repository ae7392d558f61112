/*
 * Changing a file's length: growing only sets the size (the new range is
 * a hole); shrinking zeroes the tail of the new last block (so a later
 * extension reads zeros), drops the cached buffers past it and frees the
 * blocks.  Device nodes and fast symlinks keep no block pointers.
 * Punching a hole is the same inside the file: the partial blocks at its
 * edges are zeroed, the whole blocks between them freed.
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

/* zero bytes [on, end) of file block lbn, if it is allocated */
static int
zero_part(struct inode *ip, uint64_t lbn, uint32_t on, uint32_t end)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct buf *bp;
	uint64_t pbn;
	int error;

	if (on >= end)
		return 0;
	error = ext2fs_bmap_lookup(ip, lbn, &pbn, NULL);
	if (error || pbn == 0)
		return error;
	error = bread(ip->i_vnode, (daddr_t)lbn, (int)fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	memset((uint8_t *)bp->b_data + on, 0, end - on);
	bdwrite(bp);
	return 0;
}

static int
zero_tail(struct inode *ip, uint64_t length)
{
	struct m_ext2fs *fs = ip->i_e2fs;

	return zero_part(ip, length >> fs->e2fs_bshift,
	    (uint32_t)(length & (fs->e2fs_bsize - 1)), fs->e2fs_bsize);
}

/* fallocate(PUNCH_HOLE | KEEP_SIZE): [pos, pos + len) reads zeros */
int
ext2fs_fdiscard(struct vop_fdiscard_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t bs = fs->e2fs_bsize, start, end, first, last;
	struct genfs_freelist fl;
	int error, e2;

	if (ap->a_pos < 0 || ap->a_len <= 0 ||
	    (uint64_t)ap->a_pos + (uint64_t)ap->a_len < (uint64_t)ap->a_pos)
		return EINVAL;
	if (fs->e2fs_ronly)
		return EROFS;
	if (!S_ISREG(ip->i_mode) || (ip->i_flags & EXT4_EXTENTS_FL))
		return EOPNOTSUPP;
	start = (uint64_t)ap->a_pos;
	end = MIN(start + (uint64_t)ap->a_len, ip->i_size);
	if (start >= end)
		return 0;	/* past the end: the size stays */
	first = howmany(start, bs);	/* the whole blocks: [first, last) */
	last = end / bs;
	if (first > last)		/* inside one block */
		error = zero_part(ip, last, (uint32_t)(start % bs),
		    (uint32_t)(end % bs));
	else {
		error = zero_part(ip, start / bs, (uint32_t)(start % bs),
		    start % bs ? (uint32_t)bs : 0);
		if (error == 0)
			error = zero_part(ip, last, 0, (uint32_t)(end % bs));
		if (error == 0 && first < last) {
			ext2fs_freelist_init(&fl, ip);
			error = ext2fs_free_range(ip, first, last, &fl);
			e2 = ext2fs_freelist_commit(ip, &fl);
			error = error ? error : e2;
		}
	}
	ip->i_flag |= IN_CHANGE | IN_UPDATE;
	if (error == 0)
		error = ext2fs_iupdate(ip, 0);
	return error;
}

int
ext2fs_truncate(struct vnode *vp, off_t length, int ioflag,
    kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t keep;
	struct genfs_freelist fl;
	int error, e2;

	if (length < 0)
		return EINVAL;
	if ((uint64_t)length > fs->e2fs_maxfilesize)
		return EFBIG;
	if (fs->e2fs_ronly)
		return EROFS;
	ext2fs_bmap_forget(ip);		/* the pointers may change below */
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
	if (S_ISDIR(ip->i_mode))	/* its index would name lost blocks */
		ext2fs_dirhash_drop(ip);
	if (ext2fs_isfastlink(ip)) {
		if (length != 0)
			return EINVAL;
		memset(ip->i_din.ic_blocks, 0, sizeof(ip->i_din.ic_blocks));
		ext2fs_setsize(ip, 0);
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		return ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	}
	if ((uint64_t)length > ip->i_size) {
		ext2fs_setsize(ip, (uint64_t)length);
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		return ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	}
	/* the same length: still free what lies past it (a failed write's) */
	if ((error = zero_tail(ip, (uint64_t)length)) != 0)
		return error;
	keep = howmany((uint64_t)length, fs->e2fs_bsize);
	vtruncbuf(vp, (daddr_t)keep, false, 0);
	ext2fs_setsize(ip, (uint64_t)length);
	ext2fs_freelist_init(&fl, ip);
	error = ext2fs_free_range(ip, keep, UINT64_MAX, &fl);
	ip->i_flag |= IN_CHANGE | IN_UPDATE;
	e2 = ext2fs_freelist_commit(ip, &fl);
	error = error ? error : e2;
	if (error == 0)
		error = ext2fs_iupdate(ip, (ioflag & IO_SYNC) ? MNT_WAIT : 0);
	return error;
}
