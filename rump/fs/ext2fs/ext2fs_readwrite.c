/*
 * VOP_READ and VOP_WRITE through genfs_read and genfs_write (the file's
 * buffers, mapped by genfs_strategy through ext2fs_bmap).  Writes
 * allocate blocks with ext2fs_balloc and never read a block they
 * overwrite whole.
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

/*
 * The geometry and allocator genfs_read and genfs_write work with:
 * blocks of e2fs_bsize, all whole.
 */
/* the buffer of a block about to be written [on, on + len) */
static int
ext2fs_rdwr_balloc(struct vnode *vp, off_t off, int len, kauth_cred_t cred,
    int ioflag, struct buf **bpp)
{
	struct inode *ip = VTOI(vp);
	uint32_t bsize = ip->i_e2fs->e2fs_bsize;
	uint64_t lbn = (uint64_t)off >> ip->i_e2fs->e2fs_bshift, pbn;
	struct buf *bp;
	bool isnew;
	int error;

	(void)ioflag;
	if ((error = ext2fs_balloc(ip, lbn, cred, &pbn, &isnew)) != 0)
		return error;
	if ((uint32_t)len != bsize && !isnew)
		return bread(vp, (daddr_t)lbn, (int)bsize, 0, bpp);
	/* overwritten whole, or new: never read */
	if ((bp = getblk(vp, (daddr_t)lbn, (int)bsize, 0, 0)) == NULL)
		return ENOMEM;
	if ((uint32_t)len != bsize)
		memset(bp->b_data, 0, bsize);
	*bpp = bp;
	return 0;
}

static void
ext2fs_rdwr_setsize(struct vnode *vp, uint64_t size)
{

	ext2fs_setsize(VTOI(vp), size);
}

static int
ext2fs_rdwr_trim(struct vnode *vp, uint64_t size, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct genfs_freelist fl;

	(void)cred;
	ext2fs_freelist_init(&fl, ip);
	(void)ext2fs_free_range(ip, howmany(size, ip->i_e2fs->e2fs_bsize),
	    UINT64_MAX, &fl);
	return ext2fs_freelist_commit(ip, &fl);
}

static void
ext2fs_rdwr_written(struct vnode *vp, bool killpriv)
{
	struct inode *ip = VTOI(vp);

	ip->i_flag |= IN_CHANGE | IN_UPDATE;
	if (killpriv)
		ip->i_mode &= ~(S_ISUID | S_ISGID);
}

static const struct genfs_rdwr_ops ext2fs_rdwr_ops = {
	.ro_balloc = ext2fs_rdwr_balloc,
	.ro_setsize = ext2fs_rdwr_setsize,
	.ro_trim = ext2fs_rdwr_trim,
	.ro_written = ext2fs_rdwr_written,
};

static void
ext2fs_rdwr_init(struct inode *ip, struct genfs_rdwr *gr)
{
	struct m_ext2fs *fs = ip->i_e2fs;

	gr->gr_ops = &ext2fs_rdwr_ops;
	gr->gr_size = ip->i_size;
	gr->gr_maxsize = fs->e2fs_rev == E2FS_REV0 ?
	    MIN(fs->e2fs_maxfilesize, INT32_MAX) : fs->e2fs_maxfilesize;
	gr->gr_bshift = (int)fs->e2fs_bshift;
}

int
ext2fs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct genfs_rdwr gr;
	int error;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG && vp->v_type != VLNK)
		return EOPNOTSUPP;
	ext2fs_rdwr_init(ip, &gr);
	error = genfs_read(vp, ap->a_uio, &gr);
	if (!ip->i_e2fs->e2fs_ronly &&
	    !(vp->v_mount->mnt_flag & MNT_NOATIME))
		ext2fs_accessed(ip);
	return error;
}

/* The write proper, then the inode; also used for slow symlinks. */
int
ext2fs_writeuio(struct vnode *vp, struct uio *uio, int ioflag,
    kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct genfs_rdwr gr;
	int error;

	if (ip->i_e2fs->e2fs_ronly)
		return EROFS;
	ext2fs_rdwr_init(ip, &gr);
	ext2fs_prealloc_begin(ip, (ioflag & IO_APPEND) ? ip->i_size :
	    (uint64_t)uio->uio_offset, uio->uio_resid);
	error = genfs_write(vp, uio, ioflag, cred, &gr);
	ext2fs_prealloc_end(ip);
	if (ioflag & IO_SYNC)
		return error ? error : ext2fs_iupdate(ip, MNT_WAIT);
	return error ? error : ext2fs_iupdate(ip, 0);
}

int
ext2fs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	int error;

	if ((error = genfs_regular(vp)) != 0)
		return error;
	if ((ip->i_flags & EXT2_APPEND_FL) &&
	    (uint64_t)ap->a_uio->uio_offset != ip->i_size &&
	    !(ap->a_ioflag & IO_APPEND))
		return EPERM;
	/* -o sync: every write synchronous, as mount(8) says */
	if (vp->v_mount->mnt_flag & MNT_SYNCHRONOUS)
		ap->a_ioflag |= IO_SYNC;
	return ext2fs_writeuio(vp, ap->a_uio, ap->a_ioflag, ap->a_cred);
}
