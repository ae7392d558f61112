/*
 * VOP_READ and VOP_WRITE of file data: the shared loop (genfs_read,
 * genfs_write) in blocks of one cluster, with the allocator here.  A
 * FAT file has no holes: a write past the end fills the gap with zeroed
 * clusters, and the bytes past the old end of its last cluster, which
 * another writer may have left dirty, are zeroed first.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/kauth.h>

#include "msdosfs.h"

/* A cluster about to be written: whole, or new and so all zeros. */
static int
newbuf(struct denode *dep, uint32_t lcn, int len, struct buf **bpp)
{
	uint32_t clsize = dep->de_pmp->pm_g.g_clsize;
	struct buf *bp;

	bp = getblk(dep->de_vnode, (daddr_t)lcn, (int)clsize, 0, 0);
	if (bp == NULL)
		return ENOMEM;
	if ((uint32_t)len != clsize)
		memset(bp->b_data, 0, clsize);
	*bpp = bp;
	return 0;
}

static int
msdosfs_balloc(struct vnode *vp, off_t off, int len, kauth_cred_t cred,
    int ioflag, struct buf **bpp)
{
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t lcn = (uint32_t)((uint64_t)off >> pmp->pm_g.g_clshift), cn;
	uint64_t start = (uint64_t)lcn << pmp->pm_g.g_clshift;
	int error;

	(void)cred;
	(void)ioflag;
	error = msdosfs_clmap(dep, lcn, &cn);
	if (error == 0) {
		/* a cluster wholly past the end holds nothing of the file */
		if ((uint32_t)len == pmp->pm_g.g_clsize ||
		    start >= dep->de_size)
			return newbuf(dep, lcn, len, bpp);
		return bread(vp, (daddr_t)lcn, (int)pmp->pm_g.g_clsize, 0,
		    bpp);
	}
	if (error != ENOENT)
		return error;
	if ((error = msdosfs_extend(dep, lcn, true)) != 0 ||
	    (error = msdosfs_extend(dep, lcn + 1, false)) != 0)
		return error;
	return newbuf(dep, lcn, len, bpp);
}

static void
msdosfs_setsize(struct vnode *vp, uint64_t size)
{
	struct denode *dep = VTODE(vp);

	dep->de_size = (uint32_t)size;
	vp->v_size = (off_t)size;
	dep->de_flag |= DE_MODIFIED;
}

static int
msdosfs_trim(struct vnode *vp, uint64_t size, kauth_cred_t cred)
{
	(void)cred;
	return msdosfs_truncate(VTODE(vp), size);
}

static void
msdosfs_written(struct vnode *vp, bool killpriv)
{
	struct denode *dep = VTODE(vp);

	(void)killpriv;		/* no set-ID bits on FAT */
	dep->de_flag |= DE_UPDATE;
	msdosfs_detimes(dep);
}

static const struct genfs_rdwr_ops msdosfs_rdwr_ops = {
	.ro_balloc = msdosfs_balloc,
	.ro_setsize = msdosfs_setsize,
	.ro_trim = msdosfs_trim,
	.ro_written = msdosfs_written,
};

static void
rdwr_init(struct denode *dep, struct genfs_rdwr *gr)
{
	gr->gr_ops = &msdosfs_rdwr_ops;
	gr->gr_size = dep->de_size;
	gr->gr_maxsize = MSDOSFS_MAXFILESIZE;
	gr->gr_bshift = dep->de_pmp->pm_g.g_clshift;
}

int
msdosfs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct genfs_rdwr gr;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	rdwr_init(VTODE(vp), &gr);
	return genfs_read(vp, ap->a_uio, &gr);
}

int
msdosfs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct denode *dep = VTODE(vp);
	struct uio *uio = ap->a_uio;
	int ioflag = ap->a_ioflag, error;
	struct genfs_rdwr gr;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	if ((error = msdosfs_writable(dep->de_pmp)) != 0)
		return error;
	if (vp->v_mount->mnt_flag & MNT_SYNCHRONOUS)
		ioflag |= IO_SYNC;
	if (!(ioflag & IO_APPEND) && uio->uio_offset > (off_t)dep->de_size &&
	    dep->de_startcl != 0 &&
	    (error = msdosfs_zero_tail(dep, dep->de_size)) != 0)
		return error;
	rdwr_init(dep, &gr);
	error = genfs_write(vp, uio, ioflag, ap->a_cred, &gr);
	if (error == 0)
		error = msdosfs_deupdate(dep, (ioflag & IO_SYNC) != 0);
	return error;
}
