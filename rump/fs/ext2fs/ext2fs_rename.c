/*
 * VOP_RENAME: genfs_rename (sys/genfs_rename.h) looks the names up,
 * checks the rules and takes the locks; here are the lookups it calls
 * and the on-disk change, in the order ext2fs.h needs for a crash to
 * leave what e2fsck -p repairs.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/genfs_rename.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"

#define EXT2_LINK_MAX	32000

static void
rn_attr(struct vnode *vp, struct genfs_rename_attr *ra)
{
	struct inode *ip = VTOI(vp);

	ra->ra_ino = ip->i_number;
	ra->ra_mode = ip->i_mode;
	ra->ra_uid = ip->i_uid;
	ra->ra_nlink = ip->i_nlink;
}

static int
rn_lookup(struct vnode *dvp, const char *name, size_t len, ino_t *inop)
{
	struct ext2fs_slot sl;
	int error;

	*inop = 0;
	error = ext2fs_dirfind(dvp, name, len, &sl);
	if (error == 0)
		*inop = sl.sl_ino;
	return error == ENOENT ? 0 : error;
}

static int
rn_dirempty(struct vnode *vp, bool *emptyp)
{
	return ext2fs_dirempty(vp, 0, emptyp);
}

/* the flags: a file that may not change, a directory append-only */
static int
rn_flags(const struct genfs_rename *r)
{
	uint32_t ff = VTOI(r->gr_fvp)->i_flags;

	if ((ff & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL)) ||
	    (VTOI(r->gr_fdvp)->i_flags & EXT2_APPEND_FL))
		return EPERM;
	return 0;
}

static int
rn_corrupt(struct vnode *vp, const char *why)
{
	return ext2fs_corrupt(VTOI(vp), why);
}

/*
 * The replaced file loses the name's link on disk before the entry
 * names another (a directory all of them, and its parent the '..').
 * Were the rewrite to fail, the file keeps too few links: the name stays
 * and fsck raises the count.
 */
static void
rn_droptarget(const struct genfs_rename *r)
{
	struct inode *tip = VTOI(r->gr_tvp), *tdp = VTOI(r->gr_tdvp);

	if (r->gr_dir) {
		tip->i_nlink = 1;	/* its "." goes with it */
		if (tdp->i_nlink > 0)
			tdp->i_nlink--;	/* its ".." */
		tdp->i_flag |= IN_CHANGE | IN_MODIFIED;
	}
	ext2fs_droplink(tip);
	(void)ext2fs_update_dirop(tip);
}

/* the new name, then the old one gone: two writes */
static int
rn_twostep(const struct genfs_rename *r, struct inode *fip,
    const struct ext2fs_slot *tsl)
{
	struct ext2fs_slot fsl;
	int error;

	if (r->gr_tvp != NULL)
		error = ext2fs_dirrewrite(r->gr_tdvp, tsl, fip->i_number,
		    fip->i_mode);
	else
		error = ext2fs_direnter(r->gr_tdvp, r->gr_tcnp->cn_nameptr,
		    r->gr_tcnp->cn_namelen, fip->i_number, fip->i_mode,
		    r->gr_cred);
	if (error)
		return error;
	/* the old name: its slot may have moved if the block changed */
	error = ext2fs_dirfind(r->gr_fdvp, r->gr_fcnp->cn_nameptr,
	    r->gr_fcnp->cn_namelen, &fsl);
	if (error == 0)
		error = ext2fs_dirremove(r->gr_fdvp, &fsl);
	return error;
}

/* With everything locked and checked: the entries and the counts. */
static int
rn_apply(const struct genfs_rename *r)
{
	struct inode *fip = VTOI(r->gr_fvp), *fdp = VTOI(r->gr_fdvp);
	struct inode *tdp = VTOI(r->gr_tdvp);
	struct ext2fs_slot fsl, tsl, dsl;
	int error;

	/* genfs_rename looked it up: here for the slot to rewrite */
	if (r->gr_tvp != NULL && (error = ext2fs_dirfind(r->gr_tdvp,
	    r->gr_tcnp->cn_nameptr, r->gr_tcnp->cn_namelen, &tsl)) != 0)
		return error;
	/*
	 * The order of ext2fs.h: the file's count raised on disk, a
	 * replaced file's lowered, then the new name, then the old name
	 * gone, then '..'.  A crash leaves counts e2fsck -p fixes (for a
	 * directory moved to another parent, see ext2fs.h).
	 */
	fip->i_nlink++;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ext2fs_update_dirop(fip);
	if (r->gr_tvp != NULL)
		rn_droptarget(r);
	/* within one block of one directory: both names in one write */
	error = ENOSPC;
	if (!r->gr_moved && ext2fs_dirfind(r->gr_fdvp,
	    r->gr_fcnp->cn_nameptr, r->gr_fcnp->cn_namelen, &fsl) == 0)
		error = ext2fs_dirrename_local(r->gr_fdvp, &fsl,
		    r->gr_tvp != NULL ? &tsl : NULL, r->gr_tcnp->cn_nameptr,
		    r->gr_tcnp->cn_namelen, fip->i_mode);
	if (error == ENOSPC)
		error = rn_twostep(r, fip, &tsl);
	if (error) {
		fip->i_nlink--;
		(void)ext2fs_iupdate(fip, 0);
		return error;
	}
	if (r->gr_tvp != NULL && r->gr_dir)
		(void)ext2fs_truncate(r->gr_tvp, 0, 0, r->gr_cred);
	fip->i_nlink--;
	fip->i_flag |= IN_CHANGE | IN_MODIFIED;
	if (r->gr_dir && r->gr_moved) {
		error = ext2fs_dirfind(r->gr_fvp, "..", 2, &dsl);
		if (error == 0)
			error = ext2fs_dirrewrite(r->gr_fvp, &dsl,
			    tdp->i_number, S_IFDIR);
		if (error == 0) {
			if (fdp->i_nlink > 0)
				fdp->i_nlink--;
			tdp->i_nlink++;
			fdp->i_flag |= IN_CHANGE | IN_MODIFIED;
			tdp->i_flag |= IN_CHANGE | IN_MODIFIED;
		}
	}
	(void)ext2fs_iupdate(fdp, 0);
	if (r->gr_moved)
		(void)ext2fs_iupdate(tdp, 0);
	return ext2fs_iupdate(fip, 0);
}

static const struct genfs_rename_ops ext2fs_rename_ops = {
	.gro_maxnamlen = E2FS_MAXNAMLEN,
	.gro_linkmax = EXT2_LINK_MAX,
	.gro_rootino = E2FS_ROOTINO,
	.gro_attr = rn_attr,
	.gro_lookup = rn_lookup,
	.gro_dirempty = rn_dirempty,
	.gro_check = rn_flags,
	.gro_corrupt = rn_corrupt,
	.gro_apply = rn_apply,
};

int
ext2fs_rename(struct vop_rename_args *ap)
{
	return genfs_rename(&ext2fs_rename_ops, ap);
}
