/*
 * VOP_READ and VOP_WRITE through the file's buffers (logical blocks,
 * mapped by genfs_strategy through ext2fs_bmap).  Writes allocate blocks
 * with ext2fs_balloc and never read a block they overwrite whole.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/kauth.h>

#include "ext2fs.h"

int
ext2fs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct uio *uio = ap->a_uio;
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t off, lbn;
	size_t on, n;
	struct buf *bp;
	int error = 0;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG && vp->v_type != VLNK)
		return EOPNOTSUPP;
	if (uio->uio_offset < 0)
		return EINVAL;
	while (uio->uio_resid > 0 && (uint64_t)uio->uio_offset < ip->i_size) {
		off = (uint64_t)uio->uio_offset;
		lbn = off >> fs->e2fs_bshift;
		on = off & (fs->e2fs_bsize - 1);
		n = MIN(fs->e2fs_bsize - on, uio->uio_resid);
		n = (size_t)MIN((uint64_t)n, ip->i_size - off);
		error = bread(vp, (daddr_t)lbn, (int)fs->e2fs_bsize, 0, &bp);
		if (error)
			break;
		error = uiomove((uint8_t *)bp->b_data + on, n, uio);
		brelse(bp, 0);
		if (error)
			break;
	}
	if (!fs->e2fs_ronly && !(vp->v_mount->mnt_flag & MNT_NOATIME))
		ext2fs_accessed(ip);
	return error;
}

/* Get the buffer for a block about to be written [on, on+n). */
static int
write_buf(struct inode *ip, uint64_t lbn, size_t on, size_t n, bool isnew,
    struct buf **bpp)
{
	uint32_t bsize = ip->i_e2fs->e2fs_bsize;
	struct buf *bp;

	if (n == bsize || isnew) {
		bp = getblk(ip->i_vnode, (daddr_t)lbn, (int)bsize, 0, 0);
		if (bp == NULL)
			return ENOMEM;
		if (n != bsize)
			memset(bp->b_data, 0, bsize);
		*bpp = bp;
		return 0;
	}
	return bread(ip->i_vnode, (daddr_t)lbn, (int)bsize, 0, bpp);
}

/* The write loop proper; also used for slow symlinks. */
int
ext2fs_writeuio(struct vnode *vp, struct uio *uio, int ioflag,
    kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t off, lbn, pbn, end;
	size_t on, n, resid = uio->uio_resid;
	struct genfs_freelist fl;
	struct buf *bp;
	bool isnew;
	int error = 0;

	if (fs->e2fs_ronly)
		return EROFS;
	if (ioflag & IO_APPEND)
		uio->uio_offset = (off_t)ip->i_size;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (uio->uio_resid == 0)
		return 0;
	end = (uint64_t)uio->uio_offset + uio->uio_resid;
	if (end > fs->e2fs_maxfilesize || end < (uint64_t)uio->uio_offset)
		return EFBIG;
	if (end > INT32_MAX && fs->e2fs_rev == E2FS_REV0)
		return EFBIG;
	while (uio->uio_resid > 0) {
		off = (uint64_t)uio->uio_offset;
		lbn = off >> fs->e2fs_bshift;
		on = off & (fs->e2fs_bsize - 1);
		n = MIN(fs->e2fs_bsize - on, uio->uio_resid);
		error = ext2fs_balloc(ip, lbn, cred, &pbn, &isnew);
		if (error)
			break;
		if ((error = write_buf(ip, lbn, on, n, isnew, &bp)) != 0)
			break;
		error = uiomove((uint8_t *)bp->b_data + on, n, uio);
		if (off + n > ip->i_size && error == 0)
			ext2fs_setsize(ip, off + n);
		if (ioflag & (IO_SYNC | IO_DSYNC))
			(void)bwrite(bp);
		else
			bdwrite(bp);
		if (error)
			break;
	}
	/*
	 * A failed block (ENOSPC) may have left blocks allocated past what
	 * was written (indirect ones, or the data block itself): they go.
	 */
	if (error && end > ip->i_size) {
		ext2fs_freelist_init(&fl, ip);
		(void)ext2fs_free_range(ip, howmany(ip->i_size, fs->e2fs_bsize),
		    UINT64_MAX, &fl);
		(void)ext2fs_freelist_commit(ip, &fl);
	}
	if (resid > uio->uio_resid) {
		ip->i_flag |= IN_CHANGE | IN_UPDATE;
		if ((ip->i_mode & (S_ISUID | S_ISGID)) &&
		    cred != NOCRED && cred != FSCRED &&
		    !kauth_cred_issuser(cred))
			ip->i_mode &= ~(S_ISUID | S_ISGID);
		error = 0;	/* a short write is not an error */
	}
	if (ioflag & IO_SYNC)
		return error ? error : ext2fs_iupdate(ip, MNT_WAIT);
	return error ? error : ext2fs_iupdate(ip, 0);
}

int
ext2fs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	if ((ip->i_flags & EXT2_APPEND_FL) &&
	    (uint64_t)ap->a_uio->uio_offset != ip->i_size &&
	    !(ap->a_ioflag & IO_APPEND))
		return EPERM;
	/* -o sync: every write synchronous, as mount(8) says */
	if (vp->v_mount->mnt_flag & MNT_SYNCHRONOUS)
		ap->a_ioflag |= IO_SYNC;
	return ext2fs_writeuio(vp, ap->a_uio, ap->a_ioflag, ap->a_cred);
}
