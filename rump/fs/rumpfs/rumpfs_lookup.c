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

/* the checks on a found name, done without the directory lock */
static int
lookup_check(struct vnode *dvp, struct componentname *cnp, struct vnode *vp)
{
	struct rumpfs_node *dir = VTORN(dvp);
	int error = 0;

	if ((cnp->cn_flags & ISLASTCN) &&
	    (cnp->cn_nameiop == DELETE || cnp->cn_nameiop == RENAME)) {
		error = lookup_canmodify(dvp, dir, cnp->cn_cred);
		if (error == 0 && (dir->rn_mode & S_ISVTX))
			error = genfs_can_sticky(dvp, vp, cnp->cn_cred,
			    dir->rn_uid, VTORN(vp)->rn_uid);
	}
	return error;
}

/*
 * A name in an etfs directory not seen before: etfs attaches a node for
 * it if the host has it.  Called and returns with rm_dirlock as reader;
 * drops it meanwhile, since attaching needs it as writer.
 */
static int
lookup_etfs(struct rumpfs_node *dir, const char *name, size_t len)
{
	struct rumpfs_mount *rm = dir->rn_rmp;
	struct rumpfs_etfs *re = dir->rn_etfs;
	int error;

	if (re->re_ops->eo_lookup == NULL)
		return ENOENT;
	rw_exit(&rm->rm_dirlock);
	error = re->re_ops->eo_lookup(re->re_cookie, dir, name, len);
	rw_enter(&rm->rm_dirlock, RW_READER);
	return error == EEXIST ? 0 : error;
}

/* the node of name in dir: etfs keys first; rm_dirlock held */
static struct rumpfs_node *
lookup_name(struct rumpfs_node *dir, const char *name, size_t len,
    int *errorp)
{
	struct rumpfs_mount *rm = dir->rn_rmp;
	struct rumpfs_dirent *de;
	struct rumpfs_node *rn = NULL;
	int error;

	*errorp = ENOENT;
	if (rm->rm_isroot)
		rn = rumpfs_etfs_lookup(dir, name, len);
	if (rn == NULL && dir->rn_etfs != NULL && dir->rn_etfs->re_ops != NULL) {
		/* an etfs directory: ask the host, then look again */
		if ((error = lookup_etfs(dir, name, len)) == 0)
			rn = rumpfs_etfs_lookup(dir, name, len);
		else if (error != ENOENT)
			*errorp = error;
	}
	if (rn == NULL && (de = rumpfs_dir_lookup(dir, name, len)) != NULL)
		rn = de->de_node;
	return rn;
}

int
rumpfs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct rumpfs_node *dir = VTORN(dvp), *rn, *parent;
	struct rumpfs_mount *rm = VTORM(dvp);
	struct vnode *vp = NULL;
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
		rn = dir->rn_nlink == 0 ? NULL : parent;
		error = ENOENT;		/* a removed directory has no '..' */
	} else {
		rn = lookup_name(dir, name, len, &error);
	}
	/* the node cannot go while the lock is held: get its vnode now */
	if (rn != NULL)
		error = lookup_vget(dvp->v_mount, rn->rn_ino, &vp);
	rw_exit(&rm->rm_dirlock);
	if (rn != NULL) {
		if (error == 0 && (error = lookup_check(dvp, cnp, vp)) != 0)
			vrele(vp);
		if (error == 0)
			*ap->a_vpp = vp;
		return error;
	}
	if (error != ENOENT)
		return error;
	if ((cnp->cn_flags & ISLASTCN) && dir->rn_nlink != 0 &&
	    (cnp->cn_nameiop == CREATE || cnp->cn_nameiop == RENAME)) {
		if ((error = lookup_canmodify(dvp, dir, cnp->cn_cred)) != 0)
			return error;
		return EJUSTRETURN;
	}
	return ENOENT;
}
