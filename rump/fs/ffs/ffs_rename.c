/*
 * VOP_RENAME: genfs_rename (sys/genfs_rename.h) looks the names up,
 * checks the rules and takes the locks; here are the lookups it calls
 * and the on-disk change, in the order ffs_int.h needs for a crash to
 * leave what fsck_ffs -p repairs.
 */
#include <sys/types.h>
#include <sys/genfs_rename.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

static void
ufs_rn_attr(struct vnode *vp, struct genfs_rename_attr *ra)
{
	struct inode *ip = VTOI(vp);

	ra->ra_ino = ip->i_number;
	ra->ra_mode = ip->i_din.mode;
	ra->ra_uid = ip->i_din.uid;
	ra->ra_nlink = ip->i_din.nlink;
}

static int
ufs_rn_lookup(struct vnode *dvp, const char *name, size_t len, ino_t *inop)
{
	return ufs_dirlookup(VTOI(dvp), name, len, inop);
}

static int
ufs_rn_dirempty(struct vnode *vp, bool *emptyp)
{
	return ufs_dirempty(VTOI(vp), 0, emptyp);
}

/* the flags: a file that may not lose a name, a directory append-only */
static int
ufs_rn_flags(const struct genfs_rename *r)
{
	if ((VTOI(r->gr_fvp)->i_din.flags & UFS_NOUNLINK) ||
	    (VTOI(r->gr_fdvp)->i_din.flags & UFS_APPENDONLY))
		return EPERM;
	if (r->gr_tvp != NULL &&
	    (VTOI(r->gr_tvp)->i_din.flags & UFS_NOUNLINK))
		return EPERM;
	return 0;
}

static int
ufs_rn_corrupt(struct vnode *vp, const char *why)
{
	struct inode *ip = VTOI(vp);

	ffs_corrupt(ip->i_ump, "inode %llu: %s",
	    (unsigned long long)ip->i_number, why);
	return EIO;
}

/* the target name: replaced (its old file loses a link) or new */
static int
ufs_rn_enter(const struct genfs_rename *r, uint8_t ftype)
{
	struct inode *tdp = VTOI(r->gr_tdvp), *tip;
	int error;

	if (r->gr_tvp == NULL)
		return ufs_direnter(tdp, r->gr_tcnp->cn_nameptr,
		    r->gr_tcnp->cn_namelen, r->gr_fino, ftype, true);
	error = ufs_dirrewrite(tdp, r->gr_tcnp->cn_nameptr,
	    r->gr_tcnp->cn_namelen, r->gr_fino, ftype);
	if (error != 0)
		return error;
	tip = VTOI(r->gr_tvp);
	if (r->gr_tvp->v_type == VDIR) {
		tip->i_din.nlink = 0;
		tdp->i_din.nlink--;
		(void)ffs_truncate(tip, 0, r->gr_cred);
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
ufs_rn_apply(const struct genfs_rename *r)
{
	struct inode *fdp = VTOI(r->gr_fdvp), *tdp = VTOI(r->gr_tdvp);
	struct inode *fip = VTOI(r->gr_fvp);
	bool fdir = r->gr_dir, moved = r->gr_moved;
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
	error = ufs_dirremove(fdp, r->gr_fcnp->cn_nameptr,
	    r->gr_fcnp->cn_namelen, r->gr_fino);
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

static const struct genfs_rename_ops ufs_rename_ops = {
	.gro_maxnamlen = UFS_MAXNAMLEN,
	.gro_linkmax = UFS_LINK_MAX,
	.gro_rootino = UFS_ROOTINO,
	.gro_attr = ufs_rn_attr,
	.gro_lookup = ufs_rn_lookup,
	.gro_dirempty = ufs_rn_dirempty,
	.gro_check = ufs_rn_flags,
	.gro_corrupt = ufs_rn_corrupt,
	.gro_apply = ufs_rn_apply,
};

int
ufs_rename(struct vop_rename_args *ap)
{
	return genfs_rename(&ufs_rename_ops, ap);
}
