/*
 * VOP_RENAME.  Nothing is locked on entry and the mount's rename lock
 * keeps other renames out.  The names are looked up, every rule checked
 * (no '.'/'..', not into the source's own subtree, directory over
 * directory only and only if empty, the same file: nothing to do,
 * RENAME_NOREPLACE), then the directories and files are locked (parents
 * first, then by inode number) and the names rechecked before anything
 * changes: the target name is entered or rewritten, the source name
 * removed, a moved directory's '..' repointed, link counts adjusted.
 */
#include <sys/types.h>
#include <sys/fcntl.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"


struct rn {
	struct vnode *fdvp, *tdvp, *fvp, *tvp;
	struct componentname *fcnp, *tcnp;
	ino_t fino, tino;
	kauth_cred_t cred;
};

static bool
ufs_isdots(const struct componentname *cnp)
{
	return (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.');
}

/* look name up in dvp: the inode and (if any) its vnode */
static int
ufs_rn_lookup(struct vnode *dvp, struct componentname *cnp,
    kauth_cred_t cred, ino_t *inop, struct vnode **vpp)
{
	int error;

	*vpp = NULL;
	vn_lock(dvp, LK_EXCLUSIVE | LK_RETRY);
	error = VOP_ACCESS(dvp, VWRITE | VEXEC, cred);
	if (error == 0)
		error = ufs_dirlookup(VTOI(dvp), cnp->cn_nameptr,
		    cnp->cn_namelen, inop);
	/*
	 * The reference is taken before dvp is unlocked: after, a remove
	 * (which does not take the rename lock) could free the inode.
	 */
	if (error == 0 && *inop != 0 &&
	    (error = vcache_get(dvp->v_mount, inop, sizeof(*inop), vpp)) ==
	    ENOENT)
		error = EIO;	/* named, yet free: the directory is bad */
	VOP_UNLOCK(dvp);
	return error;
}

/* is ino tdvp itself or one of its ancestors */
static int
ufs_rn_ancestor(struct vnode *tdvp, ino_t ino, bool *isp)
{
	struct inode *ip = VTOI(tdvp);
	struct vnode *vp = tdvp, *next;
	ino_t cur = ip->i_number, up;
	int error = 0, steps;

	*isp = false;
	vref(vp);
	for (steps = 0; steps < 100000; steps++) {
		if (cur == ino) {
			*isp = true;
			break;
		}
		if (cur == UFS_ROOTINO)
			break;
		vn_lock(vp, LK_SHARED | LK_RETRY);
		/* removed meanwhile (rmdir takes no rename lock): ENOENT */
		error = VTOI(vp)->i_din.nlink <= 0 ? ENOENT :
		    ufs_dirlookup(VTOI(vp), "..", 2, &up);
		if (error == 0 && (up == 0 || up == cur))
			error = EIO;
		if (error == 0)	/* under vp's lock, as above */
			error = vcache_get(tdvp->v_mount, &up, sizeof(up),
			    &next);
		VOP_UNLOCK(vp);
		vrele(vp);
		if (error != 0)
			return error;
		vp = next;
		cur = up;
	}
	vrele(vp);
	return steps == 100000 ? EIO : 0;
}

static int
ufs_rn_checks(struct rn *r, unsigned int flags)
{
	struct inode *fdp = VTOI(r->fdvp), *tdp = VTOI(r->tdvp);
	struct inode *fip = VTOI(r->fvp);
	bool fdir = r->fvp->v_type == VDIR, empty, isanc;
	int error;

	if (r->tvp != NULL && (flags & RENAME_NOREPLACE))
		return EEXIST;
	if ((fip->i_din.flags & UFS_NOUNLINK) ||
	    (fdp->i_din.flags & UFS_APPENDONLY))
		return EPERM;
	if ((fdp->i_din.mode & S_ISVTX) && genfs_can_sticky(r->fdvp, r->fvp,
	    r->cred, fdp->i_din.uid, fip->i_din.uid) != 0)
		return EPERM;
	if (r->tvp != NULL) {
		struct inode *tip = VTOI(r->tvp);

		if (tip->i_din.flags & UFS_NOUNLINK)
			return EPERM;
		if ((tdp->i_din.mode & S_ISVTX) && genfs_can_sticky(r->tdvp,
		    r->tvp, r->cred, tdp->i_din.uid, tip->i_din.uid) != 0)
			return EPERM;
		if (fdir && r->tvp->v_type != VDIR)
			return ENOTDIR;
		if (!fdir && r->tvp->v_type == VDIR)
			return EISDIR;
		if (r->tvp->v_type == VDIR) {
			vn_lock(r->tvp, LK_SHARED | LK_RETRY);
			error = ufs_dirempty(tip, tdp->i_number, &empty);
			VOP_UNLOCK(r->tvp);
			if (error != 0)
				return error;
			if (!empty)
				return ENOTEMPTY;
			if (r->tvp->v_mountedhere != NULL)
				return EBUSY;
		}
	}
	if (!fdir)
		return 0;
	if ((error = ufs_rn_ancestor(r->tdvp, r->fino, &isanc)) != 0)
		return error;
	if (isanc)
		return EINVAL;
	if (r->fdvp != r->tdvp) {
		vn_lock(r->fvp, LK_SHARED | LK_RETRY);
		error = VOP_ACCESS(r->fvp, VWRITE, r->cred);
		VOP_UNLOCK(r->fvp);
		if (error != 0)
			return error;
		if (r->tvp == NULL && tdp->i_din.nlink >= UFS_LINK_MAX)
			return EMLINK;
	}
	return 0;
}

/*
 * Lock the distinct vnodes in the tree's order, the one namei and rmdir
 * use (a directory before anything below it): the parents first, the
 * target's parent first if it is an ancestor of the source's (tfirst),
 * then the two files by inode number.  Renames are serialised by the
 * rename lock, so two unrelated parents may go in either order.
 */
static void
ufs_rn_lock(struct rn *r, bool tfirst, struct vnode **v, int *np)
{
	struct vnode *cand[4] = { r->fdvp, r->tdvp, r->fvp, r->tvp }, *t;
	int n = 0, i, j;

	if (tfirst) {
		cand[0] = r->tdvp;
		cand[1] = r->fdvp;
	}
	for (i = 0; i < 4; i++) {
		if (cand[i] == NULL)
			continue;
		for (j = 0; j < n; j++)
			if (v[j] == cand[i])
				break;
		if (j == n)
			v[n++] = cand[i];
	}
	/* the files after the parents, by inode */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			if (v[i] == r->fdvp || v[i] == r->tdvp ||
			    v[j] == r->fdvp || v[j] == r->tdvp)
				continue;
			if (VTOI(v[j])->i_number < VTOI(v[i])->i_number) {
				t = v[i];
				v[i] = v[j];
				v[j] = t;
			}
		}
	for (i = 0; i < n; i++)
		vn_lock(v[i], LK_EXCLUSIVE | LK_RETRY);
	*np = n;
}

/* the target name: replaced (its old file loses a link) or new */
static int
ufs_rn_enter(struct rn *r, uint8_t ftype)
{
	struct inode *tdp = VTOI(r->tdvp), *tip;
	int error;

	if (r->tvp == NULL)
		return ufs_direnter(tdp, r->tcnp->cn_nameptr,
		    r->tcnp->cn_namelen, r->fino, ftype, true);
	error = ufs_dirrewrite(tdp, r->tcnp->cn_nameptr, r->tcnp->cn_namelen,
	    r->fino, ftype);
	if (error != 0)
		return error;
	tip = VTOI(r->tvp);
	if (r->tvp->v_type == VDIR) {
		tip->i_din.nlink = 0;
		tdp->i_din.nlink--;
		(void)ffs_truncate(tip, 0, r->cred);
	} else
		tip->i_din.nlink--;
	tip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(tip, false);
	return 0;
}

/*
 * In the order a crash can be repaired from: the file's count (and a
 * moved directory's new parent's) raised first, the new name on disk,
 * then the old name gone, then '..' and the counts that fall.
 */
static int
ufs_rn_apply(struct rn *r)
{
	struct inode *fdp = VTOI(r->fdvp), *tdp = VTOI(r->tdvp);
	struct inode *fip = VTOI(r->fvp);
	bool fdir = r->fvp->v_type == VDIR, moved = r->fdvp != r->tdvp;
	uint8_t ftype = ufs_mode2dtype(fip->i_din.mode);
	int error;

	fip->i_din.nlink++;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update_dirop(fip);
	if (fdir && moved) {
		/* a directory moved in: its '..' is a new link to tdp */
		tdp->i_din.nlink++;
		tdp->i_flag |= IN_CHANGE | IN_MODIFIED;
		(void)ffs_update_dirop(tdp);
	}
	error = ufs_rn_enter(r, ftype);
	if (error != 0) {
		if (fdir && moved)
			tdp->i_din.nlink--;
		fip->i_din.nlink--;
		(void)ffs_update(tdp, false);
		(void)ffs_update(fip, false);
		return error;
	}
	tdp->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	error = ufs_dirremove(fdp, r->fcnp->cn_nameptr, r->fcnp->cn_namelen,
	    r->fino);
	if (error == 0 && fdir && moved) {
		error = ufs_dirrewrite(fip, "..", 2, tdp->i_number, UFS_DT_DIR);
		fdp->i_din.nlink--;
	}
	if (error == 0)
		fip->i_din.nlink--;
	fdp->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(fip, false);
	(void)ffs_update(tdp, false);
	(void)ffs_update(fdp, false);
	return error;
}

static void
ufs_rn_release(struct rn *r)
{
	if (r->fvp != NULL)
		vrele(r->fvp);
	if (r->tvp != NULL)
		vrele(r->tvp);
	r->fvp = r->tvp = NULL;
}

int
ufs_rename(struct vop_rename_args *ap)
{
	struct rn r = { .fdvp = ap->a_fdvp, .tdvp = ap->a_tdvp,
	    .fcnp = ap->a_fcnp, .tcnp = ap->a_tcnp,
	    .cred = ap->a_fcnp->cn_cred };
	struct vnode *locked[4];
	ino_t f2, t2;
	int error, n, i, tries;
	bool tfirst, empty;

	if (ap->a_flags & ~RENAME_NOREPLACE)
		return EINVAL;
	if (r.tdvp->v_mount != r.fdvp->v_mount)
		return EXDEV;
	if ((error = genfs_writable(r.fdvp)) != 0)
		return error;
	if (ufs_isdots(r.fcnp) || ufs_isdots(r.tcnp))
		return EINVAL;
	if (r.tcnp->cn_namelen > UFS_MAXNAMLEN)
		return ENAMETOOLONG;
	for (tries = 0; tries < 8; tries++) {
		error = ufs_rn_lookup(r.fdvp, r.fcnp, r.cred, &r.fino, &r.fvp);
		if (error == 0 && r.fino == 0)
			error = ENOENT;
		if (error == 0)
			error = ufs_rn_lookup(r.tdvp, r.tcnp, r.cred, &r.tino,
			    &r.tvp);
		if (error == 0 && r.fvp == r.tvp) {
			ufs_rn_release(&r);
			return 0;	/* the same file: nothing to do */
		}
		if (error == 0)
			error = ufs_rn_checks(&r, ap->a_flags);
		if (error != 0) {
			ufs_rn_release(&r);
			return error;
		}
		tfirst = false;
		if (r.fdvp != r.tdvp && (error = ufs_rn_ancestor(r.fdvp,
		    VTOI(r.tdvp)->i_number, &tfirst)) != 0) {
			ufs_rn_release(&r);
			return error;
		}
		ufs_rn_lock(&r, tfirst, locked, &n);
		/* the names may have moved while nothing was locked */
		error = ufs_dirlookup(VTOI(r.fdvp), r.fcnp->cn_nameptr,
		    r.fcnp->cn_namelen, &f2);
		if (error == 0)
			error = ufs_dirlookup(VTOI(r.tdvp), r.tcnp->cn_nameptr,
			    r.tcnp->cn_namelen, &t2);
		/* and a directory to replace may have been filled */
		if (error == 0 && t2 == r.tino && r.tvp != NULL &&
		    r.tvp->v_type == VDIR) {
			error = ufs_dirempty(VTOI(r.tvp), VTOI(r.tdvp)->i_number,
			    &empty);
			if (error == 0 && !empty)
				error = ENOTEMPTY;
		}
		if (error == 0 && f2 == r.fino && t2 == r.tino &&
		    VTOI(r.fdvp)->i_din.nlink > 0 &&
		    VTOI(r.tdvp)->i_din.nlink > 0) {
			error = ufs_rn_apply(&r);
			cache_purge(r.fvp);
			if (r.tvp != NULL)
				cache_purge(r.tvp);
			cache_purge_name(r.fdvp, r.fcnp->cn_nameptr,
			    r.fcnp->cn_namelen);
			cache_purge_name(r.tdvp, r.tcnp->cn_nameptr,
			    r.tcnp->cn_namelen);
			for (i = n - 1; i >= 0; i--)
				VOP_UNLOCK(locked[i]);
			ufs_rn_release(&r);
			return error;
		}
		for (i = n - 1; i >= 0; i--)
			VOP_UNLOCK(locked[i]);
		ufs_rn_release(&r);
		if (error != 0)
			return error;
		if (VTOI(r.fdvp)->i_din.nlink <= 0 ||
		    VTOI(r.tdvp)->i_din.nlink <= 0)
			return ENOENT;
	}
	return EBUSY;
}
