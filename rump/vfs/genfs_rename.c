/*
 * VOP_RENAME for disk file systems.  Nothing is locked on entry and the
 * mount's rename lock keeps other renames out, but not creates, removes
 * or links.  So: look both names up, check every rule with short locks,
 * lock all the vnodes in the one order of docs/CONVENTIONS.md, look
 * again, and only then let the driver change the disk.  A name that
 * changed in between sends the whole plan round again, a bounded
 * number of times.
 */
#include <sys/types.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/genfs_rename.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>

#define GR_TRIES	8	/* then EBUSY: someone keeps changing names */
#define GR_MAXDEPTH	100000	/* a deeper '..' chain is a loop on disk */

/* The vnodes one rename locks, in the order it locked them. */
struct gr_locks {
	struct vnode *gl_v[4];
	int gl_n;
};

static bool
gr_isdots(const struct componentname *cnp)
{
	return (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.');
}

static ino_t
gr_ino(const struct genfs_rename_ops *ops, struct vnode *vp)
{
	struct genfs_rename_attr ra;

	ops->gro_attr(vp, &ra);
	return ra.ra_ino;
}

static int64_t
gr_nlink(const struct genfs_rename_ops *ops, struct vnode *vp)
{
	struct genfs_rename_attr ra;

	ops->gro_attr(vp, &ra);
	return ra.ra_nlink;
}

/* The vnode of ino, named by an entry of dvp (locked). */
static int
gr_get(const struct genfs_rename_ops *ops, struct vnode *dvp, ino_t ino,
    struct vnode **vpp)
{
	int error;

	error = vcache_get(dvp->v_mount, &ino, sizeof(ino), vpp);
	if (error == ENOENT)	/* named, yet free: the directory is bad */
		error = ops->gro_corrupt(dvp, "entry names a free inode");
	return error;
}

/* Look cnp up in dvp: its inode (0 if none) and referenced vnode. */
static int
gr_lookup(const struct genfs_rename_ops *ops, struct vnode *dvp,
    const struct componentname *cnp, kauth_cred_t cred, ino_t *inop,
    struct vnode **vpp)
{
	int error;

	*inop = 0;
	*vpp = NULL;
	vn_lock(dvp, LK_SHARED | LK_RETRY);
	error = VOP_ACCESS(dvp, VWRITE | VEXEC, cred);
	if (error == 0)
		error = ops->gro_lookup(dvp, cnp->cn_nameptr, cnp->cn_namelen,
		    inop);
	/*
	 * The reference is taken before dvp is unlocked: after, a remove
	 * (which does not take the rename lock) could free the inode.
	 */
	if (error == 0 && *inop != 0)
		error = gr_get(ops, dvp, *inop, vpp);
	VOP_UNLOCK(dvp);
	return error;
}

/* One step of the ancestor walk: vp's parent, referenced. */
static int
gr_parent(const struct genfs_rename_ops *ops, struct vnode *vp,
    struct vnode **upp)
{
	struct genfs_rename_attr ra;
	ino_t up = 0;
	int error;

	vn_lock(vp, LK_SHARED | LK_RETRY);
	ops->gro_attr(vp, &ra);
	/* removed meanwhile (rmdir takes no rename lock) */
	error = ra.ra_nlink <= 0 ? ENOENT : ops->gro_lookup(vp, "..", 2, &up);
	if (error == 0 && (up == 0 || up == ra.ra_ino))
		error = ops->gro_corrupt(vp, "no usable '..' entry");
	if (error == 0)		/* under vp's lock, as in gr_lookup */
		error = gr_get(ops, vp, up, upp);
	VOP_UNLOCK(vp);
	if (error == 0 && (*upp)->v_type != VDIR) {
		error = ops->gro_corrupt(*upp, "'..' not a directory");
		vrele(*upp);
	}
	return error;
}

/* Is ino the directory vp itself or one of its ancestors? */
static int
gr_ancestor(const struct genfs_rename_ops *ops, struct vnode *vp, ino_t ino,
    bool *isp)
{
	struct vnode *up;
	ino_t cur;
	int error = 0, steps;

	*isp = false;
	vref(vp);
	for (steps = 0; steps < GR_MAXDEPTH; steps++) {
		cur = gr_ino(ops, vp);
		if (cur == ino)
			*isp = true;
		if (cur == ino || cur == ops->gro_rootino)
			break;
		error = gr_parent(ops, vp, &up);
		vrele(vp);
		if (error != 0)
			return error;
		vp = up;
	}
	if (steps == GR_MAXDEPTH)
		error = ops->gro_corrupt(vp, "directory loop");
	vrele(vp);
	return error;
}

/* The sticky-directory rule for taking vp's name out of dvp. */
static int
gr_sticky(const struct genfs_rename_ops *ops, struct vnode *dvp,
    struct vnode *vp, kauth_cred_t cred)
{
	struct genfs_rename_attr da, a;

	ops->gro_attr(dvp, &da);
	if (!(da.ra_mode & S_ISVTX))
		return 0;
	ops->gro_attr(vp, &a);
	return genfs_can_sticky(dvp, vp, cred, da.ra_uid, a.ra_uid);
}

/* The target that will be replaced: same kind, and an empty directory. */
static int
gr_check_target(const struct genfs_rename_ops *ops,
    const struct genfs_rename *gr)
{
	struct vnode *tvp = gr->gr_tvp;
	bool empty;
	int error;

	if (gr->gr_dir && tvp->v_type != VDIR)
		return ENOTDIR;
	if (!gr->gr_dir && tvp->v_type == VDIR)
		return EISDIR;
	if (tvp->v_type != VDIR)
		return 0;
	vn_lock(tvp, LK_SHARED | LK_RETRY);
	error = ops->gro_dirempty(tvp, &empty);
	VOP_UNLOCK(tvp);
	if (error != 0)
		return error;
	if (!empty)
		return ENOTEMPTY;
	return tvp->v_mountedhere != NULL ? EBUSY : 0;
}

/*
 * A directory moving: never into itself or below (the walk up from
 * the new parent), its '..' is written (VWRITE on it), and a new
 * parent gains a link.
 */
static int
gr_check_dir(const struct genfs_rename_ops *ops,
    const struct genfs_rename *gr)
{
	bool below;
	int error;

	if (!gr->gr_moved)	/* a same-directory rename moves nothing */
		return gr->gr_fvp == gr->gr_tdvp ? EINVAL : 0;
	if ((error = gr_ancestor(ops, gr->gr_tdvp, gr->gr_fino, &below)) != 0)
		return error;
	if (below)
		return EINVAL;
	vn_lock(gr->gr_fvp, LK_SHARED | LK_RETRY);
	error = VOP_ACCESS(gr->gr_fvp, VWRITE, gr->gr_cred);
	VOP_UNLOCK(gr->gr_fvp);
	if (error != 0)
		return error;
	if (gr->gr_tvp == NULL &&
	    gr_nlink(ops, gr->gr_tdvp) >= ops->gro_linkmax)
		return EMLINK;
	return 0;
}

/* Every rule, before the locks: they are taken only for a rename. */
static int
gr_checks(const struct genfs_rename_ops *ops, const struct genfs_rename *gr,
    unsigned int flags)
{
	int error;

	if (gr->gr_tvp != NULL && (flags & RENAME_NOREPLACE))
		return EEXIST;
	if ((error = ops->gro_check(gr)) != 0)
		return error;
	if ((error = gr_sticky(ops, gr->gr_fdvp, gr->gr_fvp,
	    gr->gr_cred)) != 0)
		return error;
	if (gr->gr_tvp != NULL) {
		if ((error = gr_sticky(ops, gr->gr_tdvp, gr->gr_tvp,
		    gr->gr_cred)) != 0)
			return error;
		if ((error = gr_check_target(ops, gr)) != 0)
			return error;
	}
	return gr->gr_dir ? gr_check_dir(ops, gr) : 0;
}

static void
gr_add(struct gr_locks *l, struct vnode *vp)
{
	int i;

	if (vp == NULL)
		return;
	for (i = 0; i < l->gl_n; i++)
		if (l->gl_v[i] == vp)
			return;
	l->gl_v[l->gl_n++] = vp;
}

/*
 * The lock order (docs/CONVENTIONS.md): the parents, the target's
 * first only if it is an ancestor of the source's (tfirst), then the
 * two files, the lower inode number first; each vnode once.
 */
static void
gr_lock(const struct genfs_rename *gr, bool tfirst, struct gr_locks *l)
{
	struct vnode *a = gr->gr_fvp, *b = gr->gr_tvp;
	int i;

	l->gl_n = 0;
	gr_add(l, tfirst ? gr->gr_tdvp : gr->gr_fdvp);
	gr_add(l, tfirst ? gr->gr_fdvp : gr->gr_tdvp);
	if (b != NULL && gr->gr_tino < gr->gr_fino) {
		a = gr->gr_tvp;
		b = gr->gr_fvp;
	}
	gr_add(l, a);
	gr_add(l, b);
	for (i = 0; i < l->gl_n; i++)
		vn_lock(l->gl_v[i], LK_EXCLUSIVE | LK_RETRY);
}

static void
gr_unlock(struct gr_locks *l)
{
	while (l->gl_n > 0)
		VOP_UNLOCK(l->gl_v[--l->gl_n]);
}

/*
 * Under the locks, what may have changed while nothing was held: a
 * parent removed (no new entries in it), either name pointing
 * elsewhere (EAGAIN: plan again), the directory to replace filled.
 */
static int
gr_recheck(const struct genfs_rename_ops *ops, const struct genfs_rename *gr)
{
	ino_t f2, t2;
	bool empty;
	int error;

	if (gr_nlink(ops, gr->gr_fdvp) <= 0 || gr_nlink(ops, gr->gr_tdvp) <= 0)
		return ENOENT;
	error = ops->gro_lookup(gr->gr_fdvp, gr->gr_fcnp->cn_nameptr,
	    gr->gr_fcnp->cn_namelen, &f2);
	if (error == 0)
		error = ops->gro_lookup(gr->gr_tdvp, gr->gr_tcnp->cn_nameptr,
		    gr->gr_tcnp->cn_namelen, &t2);
	if (error != 0)
		return error;
	if (f2 != gr->gr_fino || t2 != gr->gr_tino)
		return EAGAIN;
	if (gr->gr_tvp == NULL || gr->gr_tvp->v_type != VDIR)
		return 0;
	if ((error = ops->gro_dirempty(gr->gr_tvp, &empty)) != 0)
		return error;
	return empty ? 0 : ENOTEMPTY;
}

/* Names cached for the old places now lie. */
static void
gr_purge(const struct genfs_rename *gr)
{
	cache_purge(gr->gr_fvp);
	if (gr->gr_tvp != NULL)
		cache_purge(gr->gr_tvp);
	cache_purge_name(gr->gr_fdvp, gr->gr_fcnp->cn_nameptr,
	    gr->gr_fcnp->cn_namelen);
	cache_purge_name(gr->gr_tdvp, gr->gr_tcnp->cn_nameptr,
	    gr->gr_tcnp->cn_namelen);
}

static bool
gr_samename(const struct genfs_rename *gr)
{
	const struct componentname *f = gr->gr_fcnp, *t = gr->gr_tcnp;

	return f->cn_namelen == t->cn_namelen &&
	    memcmp(f->cn_nameptr, t->cn_nameptr, f->cn_namelen) == 0;
}

/* One pass of the plan; EAGAIN if a name changed before the locks. */
static int
gr_try(const struct genfs_rename_ops *ops, struct genfs_rename *gr,
    unsigned int flags)
{
	struct gr_locks l;
	bool tfirst = false;
	int error;

	gr->gr_recase = false;
	error = gr_lookup(ops, gr->gr_fdvp, gr->gr_fcnp, gr->gr_cred,
	    &gr->gr_fino, &gr->gr_fvp);
	if (error == 0 && gr->gr_fino == 0)
		error = ENOENT;
	if (error == 0)
		error = gr_lookup(ops, gr->gr_tdvp, gr->gr_tcnp, gr->gr_cred,
		    &gr->gr_tino, &gr->gr_tvp);
	if (error != 0)
		return error;
	if (gr->gr_fvp == gr->gr_tvp) {
		/* the same file: nothing to do, unless the case of its name
		 * changes where names fold case */
		if (!ops->gro_casefold || gr->gr_moved || gr_samename(gr))
			return 0;
		vrele(gr->gr_tvp);
		gr->gr_tvp = NULL;
		gr->gr_recase = true;
	}
	gr->gr_dir = gr->gr_fvp->v_type == VDIR;
	if ((error = gr_checks(ops, gr, flags)) != 0)
		return error;
	if (gr->gr_moved && (error = gr_ancestor(ops, gr->gr_fdvp,
	    gr_ino(ops, gr->gr_tdvp), &tfirst)) != 0)
		return error;
	gr_lock(gr, tfirst, &l);
	error = gr_recheck(ops, gr);
	if (error == 0) {
		error = ops->gro_apply(gr);
		gr_purge(gr);
	}
	gr_unlock(&l);
	return error;
}

static void
gr_release(struct genfs_rename *gr)
{
	if (gr->gr_fvp != NULL)
		vrele(gr->gr_fvp);
	if (gr->gr_tvp != NULL)
		vrele(gr->gr_tvp);
	gr->gr_fvp = gr->gr_tvp = NULL;
}

/* What needs no lookup: flags, one mount, writable, the names. */
static int
gr_args(const struct genfs_rename_ops *ops, const struct vop_rename_args *ap)
{
	int error;

	if (ap->a_flags & ~RENAME_NOREPLACE)
		return EINVAL;
	if (ap->a_tdvp->v_mount != ap->a_fdvp->v_mount)
		return EXDEV;
	if ((error = genfs_writable(ap->a_fdvp)) != 0)
		return error;
	if (gr_isdots(ap->a_fcnp) || gr_isdots(ap->a_tcnp))
		return EINVAL;
	if (ap->a_tcnp->cn_namelen > ops->gro_maxnamlen)
		return ENAMETOOLONG;
	return 0;
}

int
genfs_rename(const struct genfs_rename_ops *ops, struct vop_rename_args *ap)
{
	struct genfs_rename gr = {
		.gr_fdvp = ap->a_fdvp, .gr_tdvp = ap->a_tdvp,
		.gr_fcnp = ap->a_fcnp, .gr_tcnp = ap->a_tcnp,
		.gr_cred = ap->a_fcnp->cn_cred,
		.gr_moved = ap->a_fdvp != ap->a_tdvp,
	};
	int error, tries;

	if ((error = gr_args(ops, ap)) != 0)
		return error;
	for (tries = 0; tries < GR_TRIES; tries++) {
		error = gr_try(ops, &gr, ap->a_flags);
		gr_release(&gr);
		if (error != EAGAIN)
			return error;
	}
	return EBUSY;
}
