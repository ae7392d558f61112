/*
 * VOP_RENAME.  The whole operation runs under the mount's directory lock
 * (writer), so the checks and the update see one consistent tree.  Vnodes
 * of the moved and the replaced node are only referenced here (for the
 * sticky-bit rule and the name cache) and released after the lock.
 */
#include <sys/fcntl.h>
#include <sys/kauth.h>

#include "rumpfs_int.h"

struct rename_ctx {
	struct vnode *fdvp, *tdvp;
	struct rumpfs_node *fdir, *tdir, *fn, *tn;
	struct rumpfs_dirent *fde, *tde;
	struct vnode *fvp, *tvp;
	kauth_cred_t cred;
};

static bool
isdots(const struct componentname *cnp)
{

	return (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.');
}

/* is dir at or below top? */
static bool
is_descendant(struct rumpfs_node *dir, struct rumpfs_node *top)
{

	for (; dir != NULL; dir = dir->rn_parent)
		if (dir == top)
			return true;
	return false;
}

static int
rename_sticky(struct vnode *dvp, struct rumpfs_node *dir, struct vnode *vp,
    kauth_cred_t cred)
{

	if (!(dir->rn_mode & S_ISVTX))
		return 0;
	return genfs_can_sticky(dvp, vp, cred, dir->rn_uid,
	    VTORN(vp)->rn_uid);
}

/* the rules; 0 to go ahead, EJUSTRETURN for "nothing to do" */
static int
rename_check(struct rename_ctx *c, unsigned int flags)
{
	struct rumpfs_node *fn = c->fn, *tn = c->tn;
	int error;

	if ((error = rumpfs_node_access(c->fdvp, c->fdir, VWRITE | VEXEC,
	    c->cred)) != 0 || (error = rumpfs_node_access(c->tdvp, c->tdir,
	    VWRITE | VEXEC, c->cred)) != 0)
		return error;
	if ((error = rename_sticky(c->fdvp, c->fdir, c->fvp, c->cred)) != 0)
		return error;
	if (tn != NULL && (flags & RENAME_NOREPLACE))
		return EEXIST;
	if (tn == fn)
		return EJUSTRETURN;	/* links to one file: POSIX no-op */
	if (tn != NULL &&
	    (error = rename_sticky(c->tdvp, c->tdir, c->tvp, c->cred)) != 0)
		return error;
	if (fn->rn_type == VDIR) {
		if (is_descendant(c->tdir, fn))
			return EINVAL;
		if (tn != NULL && tn->rn_type != VDIR)
			return ENOTDIR;
		if (tn != NULL && tn->rn_nentries != 0)
			return ENOTEMPTY;
		if (tn != NULL && c->tvp->v_mountedhere != NULL)
			return EBUSY;
		if (c->fdir != c->tdir) {
			/* '..' of the moved directory changes */
			if ((error = rumpfs_node_access(c->fvp, fn, VWRITE,
			    c->cred)) != 0)
				return error;
			if (tn == NULL &&
			    c->tdir->rn_nlink >= RUMPFS_LINK_MAX)
				return EMLINK;
		}
	} else if (tn != NULL && tn->rn_type == VDIR) {
		return EISDIR;
	}
	if (c->tdir->rn_nlink == 0)
		return ENOENT;
	return 0;
}

static int
rename_apply(struct rename_ctx *c, struct componentname *tcnp)
{
	struct rumpfs_node *fn = c->fn, *tn = c->tn;
	bool isdir = fn->rn_type == VDIR;
	int error;

	if (c->tde != NULL) {
		/* reuse the target's entry: nothing to allocate */
		c->tde->de_node = fn;
		if (tn->rn_type == VDIR) {
			tn->rn_nlink = 0;
			c->tdir->rn_nlink--;
		} else {
			tn->rn_nlink--;
		}
		rumpfs_itimes(tn, RN_CTIME);
	} else {
		error = rumpfs_dir_add(c->tdir, tcnp->cn_nameptr,
		    tcnp->cn_namelen, fn);
		if (error != 0)
			return error;
	}
	rumpfs_dir_remove(c->fde);
	if (isdir) {
		fn->rn_parent = c->tdir;
		if (c->fdir != c->tdir) {
			c->fdir->rn_nlink--;
			c->tdir->rn_nlink++;
		}
	}
	rumpfs_itimes(fn, RN_CTIME);
	rumpfs_itimes(c->fdir, RN_MTIME | RN_CTIME);
	rumpfs_itimes(c->tdir, RN_MTIME | RN_CTIME);
	return 0;
}

static int
rename_vget(struct mount *mp, struct rumpfs_node *rn, struct vnode **vpp)
{

	return vcache_get(mp, &rn->rn_ino, sizeof(rn->rn_ino), vpp);
}

int
rumpfs_rename(struct vop_rename_args *ap)
{
	struct componentname *fcnp = ap->a_fcnp, *tcnp = ap->a_tcnp;
	struct rename_ctx c;
	struct rumpfs_mount *rm;
	struct mount *mp = ap->a_fdvp->v_mount;
	int error;

	memset(&c, 0, sizeof(c));
	c.fdvp = ap->a_fdvp;
	c.tdvp = ap->a_tdvp;
	c.cred = fcnp->cn_cred;
	if (ap->a_flags & ~(unsigned int)RENAME_NOREPLACE)
		return EINVAL;
	if (c.tdvp->v_mount != mp)
		return EXDEV;
	if (c.fdvp->v_type != VDIR || c.tdvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = genfs_writable(c.fdvp)) != 0)
		return error;
	if (isdots(fcnp) || isdots(tcnp))
		return EINVAL;
	if (tcnp->cn_namelen > MAXNAMLEN)
		return ENAMETOOLONG;
	rm = mp->mnt_data;
	c.fdir = VTORN(c.fdvp);
	c.tdir = VTORN(c.tdvp);
	rw_enter(&rm->rm_dirlock, RW_WRITER);
	if (c.fdir->rn_etfs != NULL || c.tdir->rn_etfs != NULL) {
		error = EOPNOTSUPP;
		goto out;
	}
	if (rm->rm_isroot &&
	    (rumpfs_etfs_lookup(c.fdir, fcnp->cn_nameptr,
	    fcnp->cn_namelen) != NULL ||
	    rumpfs_etfs_lookup(c.tdir, tcnp->cn_nameptr,
	    tcnp->cn_namelen) != NULL)) {
		error = EOPNOTSUPP;
		goto out;
	}
	c.fde = rumpfs_dir_lookup(c.fdir, fcnp->cn_nameptr, fcnp->cn_namelen);
	if (c.fde == NULL) {
		error = ENOENT;
		goto out;
	}
	c.fn = c.fde->de_node;
	c.tde = rumpfs_dir_lookup(c.tdir, tcnp->cn_nameptr, tcnp->cn_namelen);
	c.tn = c.tde != NULL ? c.tde->de_node : NULL;
	if ((error = rename_vget(mp, c.fn, &c.fvp)) != 0 ||
	    (c.tn != NULL && (error = rename_vget(mp, c.tn, &c.tvp)) != 0))
		goto out;
	error = rename_check(&c, ap->a_flags);
	if (error == 0)
		error = rename_apply(&c, tcnp);
	else if (error == EJUSTRETURN)
		error = 0;
out:
	rw_exit(&rm->rm_dirlock);
	cache_purge_name(c.fdvp, fcnp->cn_nameptr, fcnp->cn_namelen);
	cache_purge_name(c.tdvp, tcnp->cn_nameptr, tcnp->cn_namelen);
	if (c.fvp != NULL) {
		cache_purge(c.fvp);
		vrele(c.fvp);
	}
	if (c.tvp != NULL) {
		cache_purge(c.tvp);
		vrele(c.tvp);
	}
	return error;
}
