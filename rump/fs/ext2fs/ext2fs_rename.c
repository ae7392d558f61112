/*
 * VOP_RENAME.  Called with nothing locked and the mount's rename lock
 * held: look both names up, apply the rules (EINVAL for "." and "..",
 * for moving a directory into its own subtree; ENOTEMPTY, EISDIR,
 * ENOTDIR; RENAME_NOREPLACE gives EEXIST; the same file is a no-op),
 * then lock parents before children and rewrite the entries, the '..'
 * of a moved directory and the link counts.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"

#define EXT2_LINK_MAX	32000

struct rn {
	struct vnode *fdvp, *tdvp, *fvp, *tvp;
	struct componentname *fcnp, *tcnp;
	kauth_cred_t cred;
	bool dir;		/* fvp is a directory */
	bool newparent;		/* fdvp != tdvp */
};

static bool
is_dot(const struct componentname *cnp)
{
	return (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.');
}

/* Look name up in dvp (locked shared here); *vpp NULL if absent. */
static int
rn_lookup(struct vnode *dvp, struct componentname *cnp, struct vnode **vpp)
{
	struct ext2fs_slot sl;
	ino_t key;
	int error;

	*vpp = NULL;
	vn_lock(dvp, LK_SHARED | LK_RETRY);
	error = ext2fs_accessx(dvp, VEXEC | VWRITE, cnp->cn_cred);
	if (error == 0)
		error = ext2fs_dirfind(dvp, cnp->cn_nameptr, cnp->cn_namelen,
		    &sl);
	/*
	 * The reference is taken before dvp is unlocked: after, a remove
	 * (which does not take the rename lock) could free the inode.
	 */
	if (error == 0) {
		key = sl.sl_ino;
		error = vcache_get(dvp->v_mount, &key, sizeof(key), vpp);
		if (error == ENOENT)
			error = ext2fs_corrupt(VTOI(dvp),
			    "entry names a free inode");
	} else if (error == ENOENT)
		error = 0;
	VOP_UNLOCK(dvp);
	return error;
}

static int
sticky(struct vnode *dvp, struct vnode *vp, kauth_cred_t cred)
{
	struct inode *dp = VTOI(dvp);

	if (!(dp->i_mode & S_ISVTX))
		return 0;
	return genfs_can_sticky(dvp, vp, cred, dp->i_uid, VTOI(vp)->i_uid);
}

/* The rules that need no locks beyond short shared ones. */
static int
rn_check(struct rn *r, unsigned int flags)
{
	bool empty;
	int error;

	if (r->fvp == NULL)
		return ENOENT;
	if ((error = sticky(r->fdvp, r->fvp, r->cred)) != 0)
		return error;
	if (r->tvp != NULL && (error = sticky(r->tdvp, r->tvp, r->cred)) != 0)
		return error;
	if (r->tvp != NULL && (flags & RENAME_NOREPLACE))
		return EEXIST;
	if ((VTOI(r->fvp)->i_flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) ||
	    (VTOI(r->fdvp)->i_flags & EXT2_APPEND_FL))
		return EPERM;
	if (r->tvp != NULL) {
		if (r->dir && r->tvp->v_type != VDIR)
			return ENOTDIR;
		if (!r->dir && r->tvp->v_type == VDIR)
			return EISDIR;
		if (r->dir) {
			vn_lock(r->tvp, LK_SHARED | LK_RETRY);
			error = ext2fs_dirempty(r->tvp, 0, &empty);
			VOP_UNLOCK(r->tvp);
			if (error)
				return error;
			if (!empty || r->tvp->v_mountedhere != NULL)
				return !empty ? ENOTEMPTY : EBUSY;
		}
	}
	if (r->dir && r->newparent) {
		if ((error = ext2fs_accessx(r->fvp, VWRITE, r->cred)) != 0)
			return error;
		if (VTOI(r->tdvp)->i_nlink >= EXT2_LINK_MAX && r->tvp == NULL)
			return EMLINK;
		return ext2fs_checkpath(r->fvp, r->tdvp, r->cred);
	}
	return 0;
}

/* Is a an ancestor of b?  (Walks b's '..' chain; both directories.) */
static bool
is_ancestor(struct vnode *a, struct vnode *b, kauth_cred_t cred)
{
	return ext2fs_checkpath(a, b, cred) == EINVAL;
}

static void
rn_lock(struct rn *r)
{
	if (!r->newparent)
		vn_lock(r->fdvp, LK_EXCLUSIVE | LK_RETRY);
	else if (is_ancestor(r->tdvp, r->fdvp, r->cred)) {
		vn_lock(r->tdvp, LK_EXCLUSIVE | LK_RETRY);
		vn_lock(r->fdvp, LK_EXCLUSIVE | LK_RETRY);
	} else {
		vn_lock(r->fdvp, LK_EXCLUSIVE | LK_RETRY);
		vn_lock(r->tdvp, LK_EXCLUSIVE | LK_RETRY);
	}
	vn_lock(r->fvp, LK_EXCLUSIVE | LK_RETRY);
	if (r->tvp != NULL)
		vn_lock(r->tvp, LK_EXCLUSIVE | LK_RETRY);
}

static void
rn_unlock(struct rn *r)
{
	if (r->tvp != NULL)
		VOP_UNLOCK(r->tvp);
	VOP_UNLOCK(r->fvp);
	if (r->newparent)
		VOP_UNLOCK(r->tdvp);
	VOP_UNLOCK(r->fdvp);
}

/*
 * The replaced file loses the name's link on disk before the entry
 * names another (a directory all of them, and its parent the '..').
 * Were the rewrite to fail, the file keeps too few links: the name stays
 * and fsck raises the count.
 */
static void
rn_droptarget(struct rn *r)
{
	struct inode *tip = VTOI(r->tvp), *tdp = VTOI(r->tdvp);

	if (r->dir) {
		tip->i_nlink = 1;	/* its "." goes with it */
		if (tdp->i_nlink > 0)
			tdp->i_nlink--;	/* its ".." */
		tdp->i_flag |= IN_CHANGE | IN_MODIFIED;
	}
	ext2fs_droplink(tip);
	(void)ext2fs_update_dirop(tip);
}

/* With everything locked: the entries and the counts. */
static int
rn_do(struct rn *r)
{
	struct inode *fip = VTOI(r->fvp), *fdp = VTOI(r->fdvp);
	struct inode *tdp = VTOI(r->tdvp);
	struct ext2fs_slot fsl, tsl, dsl;
	bool empty;
	int error;

	/* re-check under the locks: the names may have changed */
	if (tdp->i_nlink == 0)
		return ENOENT;	/* removed since the lookup: no new entries */
	error = ext2fs_dirfind(r->fdvp, r->fcnp->cn_nameptr,
	    r->fcnp->cn_namelen, &fsl);
	if (error == 0 && fsl.sl_ino != fip->i_number)
		error = ENOENT;
	if (error)
		return error;
	error = ext2fs_dirfind(r->tdvp, r->tcnp->cn_nameptr,
	    r->tcnp->cn_namelen, &tsl);
	if (error != 0 && error != ENOENT)
		return error;
	if ((error == ENOENT) != (r->tvp == NULL) ||
	    (r->tvp != NULL && tsl.sl_ino != VTOI(r->tvp)->i_number))
		return EAGAIN;
	if (r->tvp != NULL && r->dir) {
		if ((error = ext2fs_dirempty(r->tvp, 0, &empty)) != 0)
			return error;
		if (!empty)
			return ENOTEMPTY;
	}
	/*
	 * The order of ext2fs.h: the file's count raised on disk, a
	 * replaced file's lowered, then the new name, then the old name
	 * gone, then '..'.  A crash leaves counts e2fsck -p fixes (for a
	 * directory moved to another parent, see ext2fs.h).
	 */
	fip->i_nlink++;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ext2fs_update_dirop(fip);
	if (r->tvp != NULL) {
		rn_droptarget(r);
		error = ext2fs_dirrewrite(r->tdvp, &tsl, fip->i_number,
		    fip->i_mode);
	} else
		error = ext2fs_direnter(r->tdvp, r->tcnp->cn_nameptr,
		    r->tcnp->cn_namelen, fip->i_number, fip->i_mode, r->cred);
	if (error) {
		fip->i_nlink--;
		(void)ext2fs_iupdate(fip, 0);
		return error;
	}
	if (r->tvp != NULL && r->dir)
		(void)ext2fs_truncate(r->tvp, 0, 0, r->cred);
	/* the old name: its slot may have moved if the block changed */
	error = ext2fs_dirfind(r->fdvp, r->fcnp->cn_nameptr,
	    r->fcnp->cn_namelen, &fsl);
	if (error == 0)
		error = ext2fs_dirremove(r->fdvp, &fsl);
	if (error)
		return error;
	fip->i_nlink--;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	if (r->dir && r->newparent) {
		error = ext2fs_dirfind(r->fvp, "..", 2, &dsl);
		if (error == 0)
			error = ext2fs_dirrewrite(r->fvp, &dsl, tdp->i_number,
			    S_IFDIR);
		if (error == 0) {
			if (fdp->i_nlink > 0)
				fdp->i_nlink--;
			tdp->i_nlink++;
			fdp->i_flag |= IN_CHANGE | IN_MODIFIED;
			tdp->i_flag |= IN_CHANGE | IN_MODIFIED;
		}
	}
	(void)ext2fs_iupdate(fdp, 0);
	if (r->newparent)
		(void)ext2fs_iupdate(tdp, 0);
	return ext2fs_iupdate(fip, 0);
}

static void
rn_release(struct rn *r)
{
	if (r->fvp != NULL)
		vrele(r->fvp);
	if (r->tvp != NULL)
		vrele(r->tvp);
	r->fvp = r->tvp = NULL;
}

int
ext2fs_rename(struct vop_rename_args *ap)
{
	struct rn r = {
		.fdvp = ap->a_fdvp, .tdvp = ap->a_tdvp,
		.fcnp = ap->a_fcnp, .tcnp = ap->a_tcnp,
		.cred = ap->a_fcnp->cn_cred,
		.newparent = ap->a_fdvp != ap->a_tdvp,
	};
	int error, tries;

	if (ap->a_flags & ~RENAME_NOREPLACE)
		return EINVAL;
	if (is_dot(r.fcnp) || is_dot(r.tcnp))
		return EINVAL;
	if (r.fdvp->v_mount != r.tdvp->v_mount)
		return EXDEV;
	if (r.tcnp->cn_namelen > E2FS_MAXNAMLEN)
		return ENAMETOOLONG;
	if ((error = genfs_writable(r.fdvp)) != 0)
		return error;
	for (tries = 0; tries < 8; tries++) {
		if ((error = rn_lookup(r.fdvp, r.fcnp, &r.fvp)) != 0 ||
		    (error = rn_lookup(r.tdvp, r.tcnp, &r.tvp)) != 0)
			break;
		if (r.fvp == NULL) {
			error = ENOENT;
			break;
		}
		if (r.fvp == r.tvp) {
			error = 0;	/* the same file: nothing to do */
			break;
		}
		r.dir = r.fvp->v_type == VDIR;
		if (r.fvp == r.tdvp) {
			error = EINVAL;
			break;
		}
		if ((error = rn_check(&r, ap->a_flags)) != 0)
			break;
		rn_lock(&r);
		error = rn_do(&r);
		rn_unlock(&r);
		if (error != EAGAIN)
			break;
		rn_release(&r);
	}
	rn_release(&r);
	return error;
}
