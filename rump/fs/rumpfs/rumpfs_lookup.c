/*
 * VOP_LOOKUP: one name in a directory, with the permission checks that
 * belong to it (search permission on the directory; write permission and
 * the sticky rule for the last component of a create, delete or rename).
 * In the kernel's root rumpfs, etfs keys are found before directory
 * entries.
 */
#include <sys/kauth.h>

#include "rumpfs_int.h"

static int
lookup_vget(struct mount *mp, ino_t ino, struct vnode **vpp)
{

	return vcache_get(mp, &ino, sizeof(ino), vpp);
}

/* may cnp's caller change the directory (create/delete/rename)? */
static int
lookup_canmodify(struct vnode *dvp, struct rumpfs_node *dir,
    kauth_cred_t cred)
{
	int error;

	if ((error = genfs_writable(dvp)) != 0)
		return error;
	return rumpfs_node_access(dvp, dir, VWRITE, cred);
}

static int
lookup_found(struct vnode *dvp, struct componentname *cnp,
    struct rumpfs_node *rn, struct vnode **vpp)
{
	struct rumpfs_node *dir = VTORN(dvp);
	struct vnode *vp;
	int error;

	if ((error = lookup_vget(dvp->v_mount, rn->rn_ino, &vp)) != 0)
		return error;
	if ((cnp->cn_flags & ISLASTCN) &&
	    (cnp->cn_nameiop == DELETE || cnp->cn_nameiop == RENAME)) {
		error = lookup_canmodify(dvp, dir, cnp->cn_cred);
		if (error == 0 && (dir->rn_mode & S_ISVTX))
			error = genfs_can_sticky(dvp, vp, cnp->cn_cred,
			    dir->rn_uid, VTORN(vp)->rn_uid);
		if (error != 0) {
			vrele(vp);
			return error;
		}
	}
	*vpp = vp;
	return 0;
}

int
rumpfs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct rumpfs_node *dir = VTORN(dvp), *rn = NULL, *parent;
	struct rumpfs_mount *rm = VTORM(dvp);
	struct rumpfs_dirent *de;
	const char *name = cnp->cn_nameptr;
	size_t len = cnp->cn_namelen;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = rumpfs_node_access(dvp, dir, VEXEC, cnp->cn_cred)) != 0)
		return error;
	if (len > MAXNAMLEN)
		return ENAMETOOLONG;
	if (len == 1 && name[0] == '.') {
		if ((cnp->cn_flags & ISLASTCN) && cnp->cn_nameiop != LOOKUP &&
		    cnp->cn_nameiop != CREATE &&
		    (error = lookup_canmodify(dvp, dir, cnp->cn_cred)) != 0)
			return error;
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	rw_enter(&rm->rm_dirlock, RW_READER);
	if ((cnp->cn_flags & ISDOTDOT) || (len == 2 && name[0] == '.' &&
	    name[1] == '.')) {
		parent = dir->rn_parent != NULL ? dir->rn_parent : dir;
		error = dir->rn_nlink == 0 ? ENOENT :
		    lookup_found(dvp, cnp, parent, ap->a_vpp);
		rw_exit(&rm->rm_dirlock);
		return error;
	}
	if (rm->rm_isroot)
		rn = rumpfs_etfs_lookup(dir, name, len);
	if (rn == NULL && (de = rumpfs_dir_lookup(dir, name, len)) != NULL)
		rn = de->de_node;
	if (rn != NULL) {
		error = lookup_found(dvp, cnp, rn, ap->a_vpp);
		rw_exit(&rm->rm_dirlock);
		return error;
	}
	rw_exit(&rm->rm_dirlock);
	if ((cnp->cn_flags & ISLASTCN) &&
	    (cnp->cn_nameiop == CREATE || cnp->cn_nameiop == RENAME)) {
		if ((error = lookup_canmodify(dvp, dir, cnp->cn_cred)) != 0)
			return error;
		return EJUSTRETURN;
	}
	return ENOENT;
}
