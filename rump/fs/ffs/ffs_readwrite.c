/*
 * File data through genfs_read and genfs_write (the buffer cache on the
 * file vnode; genfs_strategy maps the blocks through ffs_bmap).  The last
 * block of a small file is a run of fragments and is read at its
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

/*
 * The geometry and allocator genfs_read and genfs_write work with: blocks
 * of fs_bsize, the last one of a small file a run of fragments.
 */
static long
ffs_rdwr_blksize(struct vnode *vp, uint64_t size, daddr_t lbn)
{

	return (long)ffs_blksize(VTOI(vp)->i_fs, size, lbn);
}

static int
ffs_rdwr_balloc(struct vnode *vp, off_t off, int len, kauth_cred_t cred,
    int ioflag, struct buf **bpp)
{
	struct inode *ip = VTOI(vp);

	return ffs_balloc(ip, off, len, cred,
	    (len < ip->i_fs->fs_bsize ? B_CLRBUF : 0) |
	    (ioflag & (IO_SYNC | IO_DSYNC) ? B_SYNC : 0), bpp);
}

/* flagged after balloc, which may have written the inode already */
static void
ffs_rdwr_setsize(struct vnode *vp, uint64_t size)
{
	struct inode *ip = VTOI(vp);

	ip->i_din.size = size;
	vp->v_size = (off_t)size;
	ip->i_flag |= IN_MODIFIED;
}

static int
ffs_rdwr_trim(struct vnode *vp, uint64_t size, kauth_cred_t cred)
{

	return ffs_truncate(VTOI(vp), size, cred);
}

static void
ffs_rdwr_written(struct vnode *vp, bool killpriv)
{
	struct inode *ip = VTOI(vp);

	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	if (killpriv)
		ip->i_din.mode &= (uint16_t)~(S_ISUID | S_ISGID);
}

static const struct genfs_rdwr_ops ffs_rdwr_ops = {
	.ro_blksize = ffs_rdwr_blksize,
	.ro_balloc = ffs_rdwr_balloc,
	.ro_setsize = ffs_rdwr_setsize,
	.ro_trim = ffs_rdwr_trim,
	.ro_written = ffs_rdwr_written,
};

static void
ffs_rdwr_init(struct inode *ip, struct genfs_rdwr *gr)
{

	gr->gr_ops = &ffs_rdwr_ops;
	gr->gr_size = ip->i_din.size;
	gr->gr_maxsize = ip->i_fs->fs_maxfilesize;
	gr->gr_bshift = ip->i_fs->fs_bshift;
}

/* [uio_offset, ...) of a regular file or long symlink into uio */
static int
ufs_readdata(struct inode *ip, struct uio *uio)
{
	struct genfs_rdwr gr;

	ffs_rdwr_init(ip, &gr);
	return genfs_read(ITOV(ip), uio, &gr);
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
	struct genfs_rdwr gr;

	ffs_rdwr_init(ip, &gr);
	return genfs_write(ITOV(ip), uio, ioflag, cred, &gr);
}

int
ffs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct uio *uio = ap->a_uio;
	int error;

	if ((error = genfs_regular(vp)) != 0 ||
	    (error = genfs_writable(vp)) != 0)
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
