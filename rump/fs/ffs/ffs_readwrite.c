/*
 * File data: reads go through the buffer cache on the file vnode (logical
 * blocks; genfs_strategy maps them through ufs_bmap to the device).  The
 * last block of a small file is a run of fragments and is read at its
 * fragment size.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#include "ffs_int.h"

int
ufs_readblk(struct inode *ip, int64_t lbn, struct buf **bpp)
{
	struct buf *bp = NULL;
	int64_t size;
	int error;

	*bpp = NULL;
	size = ffs_blksize(ip->i_fs, ip->i_din.size, lbn);
	error = bread(ITOV(ip), lbn, (int)size, 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	*bpp = bp;
	return 0;
}

/* [uio_offset, ...) of a regular file or long symlink into uio */
static int
ufs_readdata(struct inode *ip, struct uio *uio)
{
	struct fs *fs = ip->i_fs;
	struct buf *bp;
	uint64_t size = ip->i_din.size;
	int64_t lbn, on, n;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < size) {
		lbn = ffs_lblkno(fs, uio->uio_offset);
		on = ffs_blkoff(fs, uio->uio_offset);
		n = ffs_blksize(fs, size, lbn) - on;
		if ((uint64_t)n > uio->uio_resid)
			n = (int64_t)uio->uio_resid;
		if ((uint64_t)n > size - (uint64_t)uio->uio_offset)
			n = (int64_t)(size - (uint64_t)uio->uio_offset);
		if (n <= 0)
			break;
		if ((error = ufs_readblk(ip, lbn, &bp)) != 0)
			break;
		error = uiomove((uint8_t *)bp->b_data + on, (size_t)n, uio);
		brelse(bp, 0);
		if (error != 0)
			break;
	}
	return error;
}

int
ffs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;

	switch (vp->v_type) {
	case VREG:
		/* readers share the vnode lock: one atomic bit */
		if ((vp->v_mount->mnt_flag & (MNT_NOATIME | MNT_RDONLY)) == 0)
			__atomic_or_fetch(&VTOI(vp)->i_flag, IN_ACCESS,
			    __ATOMIC_RELAXED);
		return ufs_readdata(VTOI(vp), ap->a_uio);
	case VDIR:
		return EISDIR;
	default:
		return EOPNOTSUPP;
	}
}

/* write uio into ip (locked exclusive), allocating as needed */
int
ufs_writedata(struct inode *ip, struct uio *uio, int ioflag,
    kauth_cred_t cred)
{
	struct vnode *vp = ITOV(ip);
	struct fs *fs = ip->i_fs;
	uint64_t osize = ip->i_din.size;
	size_t oresid = uio->uio_resid;
	struct buf *bp;
	int64_t on, n;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	if ((uint64_t)uio->uio_offset + uio->uio_resid > fs->fs_maxfilesize)
		return EFBIG;
	while (uio->uio_resid > 0) {
		on = ffs_blkoff(fs, uio->uio_offset);
		n = MIN((int64_t)fs->fs_bsize - on, (int64_t)uio->uio_resid);
		error = ffs_balloc(ip, uio->uio_offset, (int)n, cred,
		    (n < fs->fs_bsize ? B_CLRBUF : 0) |
		    (ioflag & (IO_SYNC | IO_DSYNC) ? B_SYNC : 0), &bp);
		if (error != 0)
			break;
		/* flagged here: balloc may have written the inode already */
		if ((uint64_t)(uio->uio_offset + n) > ip->i_din.size) {
			ip->i_din.size = (uint64_t)(uio->uio_offset + n);
			vp->v_size = (off_t)ip->i_din.size;
			ip->i_flag |= IN_MODIFIED;
		}
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		error = uiomove((uint8_t *)bp->b_data + on, (size_t)n, uio);
		if (ioflag & (IO_SYNC | IO_DSYNC)) {
			int e2 = bwrite(bp);

			error = error != 0 ? error : e2;
		} else
			bdwrite(bp);
		if (error != 0)
			break;
	}
	/*
	 * A failed block (ENOSPC) may have left blocks allocated past what
	 * was written, indirect ones or a whole new block: they go.
	 */
	if (error != 0)
		(void)ffs_truncate(ip, uio->uio_resid != oresid ?
		    ip->i_din.size : osize, cred);
	if (uio->uio_resid != oresid) {
		ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
		error = 0;	/* a short write is a success */
	}
	return error;
}

int
ffs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct uio *uio = ap->a_uio;
	size_t oresid = uio->uio_resid;
	int error;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EINVAL;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if ((ap->a_ioflag & IO_APPEND) != 0)
		uio->uio_offset = (off_t)ip->i_din.size;
	if ((ip->i_din.flags & UFS_APPENDONLY) &&
	    uio->uio_offset != (off_t)ip->i_din.size)
		return EPERM;
	if (uio->uio_resid == 0)
		return 0;
	if (ffs_syncmount(ip->i_ump))
		ap->a_ioflag |= IO_SYNC;
	error = ufs_writedata(ip, uio, ap->a_ioflag, ap->a_cred);
	if (uio->uio_resid != oresid && ap->a_cred != NOCRED &&
	    ap->a_cred != FSCRED && !kauth_cred_issuser(ap->a_cred))
		ip->i_din.mode &= (uint16_t)~(S_ISUID | S_ISGID);
	if (error == 0)
		error = ffs_update(ip, (ap->a_ioflag & IO_SYNC) != 0);
	return error;
}

int ufs_readlink(struct vop_readlink_args *);
int
ufs_readlink(struct vop_readlink_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct uio *uio = ap->a_uio;
	size_t len = (size_t)ip->i_din.size;

	if (ap->a_vp->v_type != VLNK)
		return EINVAL;
	if (ffs_is_shortlink(ip)) {
		if (uio->uio_offset < 0 || (uint64_t)uio->uio_offset >= len)
			return 0;
		return uiomove(ip->i_din.shortlink + uio->uio_offset,
		    MIN(len - (size_t)uio->uio_offset, uio->uio_resid), uio);
	}
	return ufs_readdata(ip, uio);
}
