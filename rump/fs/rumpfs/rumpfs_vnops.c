/*
 * Namespace VOPs: create, mknod, mkdir, symlink, link, remove, rmdir.
 */
#include <sys/kauth.h>

#include "rumpfs_int.h"

/* a new node through the vnode cache, entered in the locked dvp */
static int
rumpfs_mkobj(struct vnode *dvp, struct vnode **vpp,
    struct componentname *cnp, struct vattr *vap, const char *target)
{
	struct rumpfs_node *dir = VTORN(dvp), *rn;
	struct rumpfs_mount *rm = VTORM(dvp);
	struct vnode *vp;
	bool isdir = vap->va_type == VDIR;
	int error;

	*vpp = NULL;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen == 0)
		return ENOENT;
	if (cnp->cn_namelen > MAXNAMLEN)
		return ENAMETOOLONG;
	if (dir->rn_nlink == 0)
		return ENOENT;		/* a removed directory */
	if (dir->rn_etfs != NULL)
		return EOPNOTSUPP;	/* the host's directory */
	if (isdir && dir->rn_nlink >= RUMPFS_LINK_MAX)
		return EMLINK;
	error = vcache_new(dvp->v_mount, dvp, vap, cnp->cn_cred,
	    (void *)(uintptr_t)target, &vp);
	if (error != 0)
		return error;
	rn = VTORN(vp);
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if (rumpfs_dir_lookup(dir, cnp->cn_nameptr, cnp->cn_namelen) != NULL)
		error = EEXIST;
	else
		error = rumpfs_dir_add(dir, cnp->cn_nameptr, cnp->cn_namelen,
		    rn);
	if (error == 0) {
		rn->rn_nlink = isdir ? 2 : 1;
		if (isdir)
			dir->rn_nlink++;
		rumpfs_itimes(dir, RN_MTIME | RN_CTIME);
	}
	rw_exit(&rm->rm_dirlock);
	if (error != 0) {
		vrele(vp);	/* unlinked: inactive recycles it */
		return error;
	}
	*vpp = vp;
	return 0;
}

int
rumpfs_create(struct vop_create_args *ap)
{

	if (ap->a_vap->va_type != VREG && ap->a_vap->va_type != VSOCK)
		return EINVAL;
	return rumpfs_mkobj(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap, NULL);
}

int
rumpfs_mknod(struct vop_mknod_args *ap)
{
	int type = ap->a_vap->va_type;

	if (type != VBLK && type != VCHR && type != VFIFO && type != VSOCK &&
	    type != VREG)
		return EINVAL;
	return rumpfs_mkobj(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap, NULL);
}

int
rumpfs_mkdir(struct vop_mkdir_args *ap)
{

	ap->a_vap->va_type = VDIR;
	return rumpfs_mkobj(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap, NULL);
}

int
rumpfs_symlink(struct vop_symlink_args *ap)
{

	ap->a_vap->va_type = VLNK;
	if (strnlen(ap->a_target, MAXPATHLEN) >= MAXPATHLEN)
		return ENAMETOOLONG;
	return rumpfs_mkobj(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap,
	    ap->a_target);
}

int
rumpfs_link(struct vop_link_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct componentname *cnp = ap->a_cnp;
	struct rumpfs_node *dir = VTORN(dvp), *rn;
	struct rumpfs_mount *rm = VTORM(dvp);
	int error;

	if (vp->v_mount != dvp->v_mount)
		return EXDEV;
	if (vp->v_type == VDIR)
		return EPERM;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen > MAXNAMLEN)
		return ENAMETOOLONG;
	if (vp != dvp && (error = vn_lock(vp, LK_EXCLUSIVE)) != 0)
		return ENOENT;
	rn = VTORN(vp);
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if (rn->rn_etfs != NULL || dir->rn_etfs != NULL)
		error = EOPNOTSUPP;
	else if (rn->rn_nlink == 0 || dir->rn_nlink == 0)
		error = ENOENT;
	else if (rn->rn_nlink >= RUMPFS_LINK_MAX)
		error = EMLINK;
	else if (rumpfs_dir_lookup(dir, cnp->cn_nameptr, cnp->cn_namelen))
		error = EEXIST;
	else
		error = rumpfs_dir_add(dir, cnp->cn_nameptr, cnp->cn_namelen,
		    rn);
	if (error == 0) {
		rn->rn_nlink++;
		rumpfs_itimes(rn, RN_CTIME);
		rumpfs_itimes(dir, RN_MTIME | RN_CTIME);
	}
	rw_exit(&rm->rm_dirlock);
	if (vp != dvp)
		VOP_UNLOCK(vp);
	return error;
}

/* the entry of cnp in dir, if it names rn */
static struct rumpfs_dirent *
entry_of(struct rumpfs_node *dir, struct componentname *cnp,
    struct rumpfs_node *rn)
{
	struct rumpfs_dirent *de;

	de = rumpfs_dir_lookup(dir, cnp->cn_nameptr, cnp->cn_namelen);
	return de != NULL && de->de_node == rn ? de : NULL;
}

int
rumpfs_remove(struct vop_remove_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct rumpfs_node *dir = VTORN(dvp), *rn = VTORN(vp);
	struct rumpfs_mount *rm = VTORM(dvp);
	struct rumpfs_dirent *de;
	int error = 0;

	if (vp->v_type == VDIR)
		return EPERM;
	if (rn->rn_etfs != NULL)
		return EOPNOTSUPP;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if ((de = entry_of(dir, ap->a_cnp, rn)) == NULL) {
		error = ENOENT;
	} else {
		rumpfs_dir_remove(de);
		rn->rn_nlink--;
		rumpfs_itimes(rn, RN_CTIME);
		rumpfs_itimes(dir, RN_MTIME | RN_CTIME);
	}
	rw_exit(&rm->rm_dirlock);
	if (error == 0)
		cache_purge(vp);
	return error;
}

int
rumpfs_rmdir(struct vop_rmdir_args *ap)
{
	struct vnode *dvp = ap->a_dvp, *vp = ap->a_vp;
	struct rumpfs_node *dir = VTORN(dvp), *rn = VTORN(vp);
	struct rumpfs_mount *rm = VTORM(dvp);
	struct rumpfs_dirent *de;
	int error = 0;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (vp == dvp)
		return EINVAL;
	if (rn->rn_etfs != NULL)
		return EOPNOTSUPP;
	if (vp->v_mountedhere != NULL)
		return EBUSY;
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if ((de = entry_of(dir, ap->a_cnp, rn)) == NULL) {
		error = ENOENT;
	} else if (rn->rn_nentries != 0) {
		error = ENOTEMPTY;
	} else {
		rumpfs_dir_remove(de);
		rn->rn_nlink = 0;
		dir->rn_nlink--;
		rumpfs_itimes(dir, RN_MTIME | RN_CTIME);
	}
	rw_exit(&rm->rm_dirlock);
	if (error == 0)
		cache_purge(vp);
	return error;
}
