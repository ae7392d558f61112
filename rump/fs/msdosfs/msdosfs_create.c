/*
 * Making and removing names: create and mkdir (the entry is the inode,
 * so vcache_new's newvnode writes it, see msdosfs_denode.c), remove and
 * rmdir (the entry goes at once; the clusters when the last user of the
 * file is gone, VOP_INACTIVE).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "msdosfs.h"

static int
makeentry(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap)
{
	struct denode *dp = VTODE(dvp);
	int error;

	*vpp = NULL;
	if ((error = msdosfs_writable(dp->de_pmp)) != 0)
		return error;
	if (dp->de_flag & DE_REMOVED)
		return ENOENT;
	return vcache_new(dvp->v_mount, dvp, vap, cnp->cn_cred, cnp, vpp);
}

int
msdosfs_create(struct vop_create_args *ap)
{
	if (ap->a_vap->va_type != VREG)
		return EPERM;
	return makeentry(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap);
}

int
msdosfs_mkdir(struct vop_mkdir_args *ap)
{
	return makeentry(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap);
}

/* Remove cnp's entry from dvp if it still names vp. */
static int
unlink_entry(struct vnode *dvp, struct vnode *vp, struct componentname *cnp)
{
	struct denode *dp = VTODE(dvp), *dep = VTODE(vp);
	struct msdosfs_dirent *dn;
	int error;

	if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
		return ENOMEM;
	error = msdosfs_dirfind(dp, cnp->cn_nameptr, cnp->cn_namelen, dn);
	if (error == 0 && dn->dn_off != dep->de_entoff)
		error = ENOENT;
	if (error == 0)
		error = msdosfs_dirremove(dp, dn);
	kmem_free(dn, sizeof(*dn));
	if (error == 0)
		msdosfs_deremoved(dep);
	return error;
}

int
msdosfs_remove(struct vop_remove_args *ap)
{
	int error;

	if (ap->a_vp->v_type == VDIR)
		return EISDIR;
	if ((error = msdosfs_writable(VTODE(ap->a_dvp)->de_pmp)) != 0)
		return error;
	return unlink_entry(ap->a_dvp, ap->a_vp, ap->a_cnp);
}

int
msdosfs_rmdir(struct vop_rmdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	bool empty;
	int error;

	if ((error = genfs_rmdir_check(dvp, vp)) != 0 ||
	    (error = msdosfs_writable(VTODE(dvp)->de_pmp)) != 0)
		return error;
	if ((error = msdosfs_dirempty(VTODE(vp), &empty)) != 0)
		return error;
	if (!empty)
		return ENOTEMPTY;
	return unlink_entry(dvp, vp, ap->a_cnp);
}
