/*
 * Small VOPs and VOP parts that are the same in every file system.
 *
 * The driver supplies: nothing for genfs_seek and genfs_advlock (they
 * go in the VOP table as they are; advlock needs v_size kept); for genfs_setsize_type, the vnode whose size a
 * SETATTR changes (the truncation itself stays the driver's).
 */
#include <sys/types.h>
#include <sys/genfs.h>
#include <sys/lockf.h>
#include <sys/vnode.h>

int
genfs_seek(struct vop_seek_args *ap)
{

	/* a file has no other limit: the offset is checked at each I/O */
	return ap->a_newoff < 0 ? EINVAL : 0;
}

int
genfs_regular(struct vnode *vp)
{

	if (vp->v_type == VDIR)
		return EISDIR;
	return vp->v_type == VREG ? 0 : EINVAL;
}

int
genfs_rmdir_check(struct vnode *dvp, struct vnode *vp)
{

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (vp == dvp)
		return EINVAL;
	if (vp->v_mountedhere != NULL || (vp->v_vflag & VV_ROOT) != 0)
		return EBUSY;
	return genfs_writable(dvp);
}

int
genfs_setsize_type(struct vnode *vp, bool *truncatep)
{

	*truncatep = false;
	switch (vp->v_type) {
	case VDIR:
		return EISDIR;
	case VREG:
		*truncatep = true;
		return 0;
	default:
		return 0;	/* devices, fifos: no data, ignored */
	}
}

int
genfs_advlock(struct vop_advlock_args *ap)
{
	struct vnode *vp = ap->a_vp;

	/* v_size: every driver keeps it with its inode's size */
	return lf_advlock(ap, &vp->v_lockf, vp->v_size);
}
