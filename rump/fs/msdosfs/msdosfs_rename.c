/*
 * VOP_RENAME through genfs_rename: the lookups it calls, and the change
 * on disk, in an order that leaves what fsck.fat -a repairs (msdosfs.h;
 * every write here is synchronous unless -o async).  fsck.fat knows a
 * file by its entry alone: two entries sharing a chain lose the second
 * one's clusters (a file is left empty; a directory is left an entry
 * the next run deletes), an entry it finds nowhere loses its chain.  So:
 *   - within one directory the entry is rewritten in place (its short
 *     entry's slot, msdosfs_direnter_at): one write moves the file; a
 *     replaced file goes first (an instant with the target gone, never
 *     one with two names).  A name that does not fit there is written
 *     as a move to another directory is;
 *   - a file moved over a file in another directory is written into the
 *     replaced one's slot, then its old entry goes; a file moved into
 *     another directory gets a new entry, then the old one goes: two
 *     names for a moment, of which fsck.fat keeps the first it meets;
 *   - a directory moved to another parent: any replaced (empty)
 *     directory goes first, then the new entry, the old one's removal
 *     and ".." back to back.  Between the first two it has two names,
 *     which fsck.fat -a repairs in two runs, not one (rump_msdos(8));
 *     no order does better: the two entries are in two sectors, and
 *     with neither written, or both, the directory has two names or
 *     none.  A stale ".." it fixes.
 * The file's inode number is its entry's position, so a file's vnode is
 * re-keyed to the new entry (a directory's number, its first cluster,
 * stays).  A rename that changes only the case of a name finds the file
 * itself as the target: genfs_rename (gro_casefold) passes it on with
 * no target, and the entry is written again in place under the new
 * name.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/genfs_rename.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "msdosfs.h"

static void
rn_attr(struct vnode *vp, struct genfs_rename_attr *ra)
{
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;

	ra->ra_ino = dep->de_ino;
	ra->ra_mode = DE_ISDIR(dep) ? S_IFDIR | (pmp->pm_dirmask & 0777) :
	    S_IFREG | (pmp->pm_mask & 0777);
	ra->ra_uid = pmp->pm_uid;
	ra->ra_nlink = (dep->de_flag & DE_REMOVED) ? 0 : 1;
}

static int
rn_lookup(struct vnode *dvp, const char *name, size_t len, ino_t *inop)
{
	struct denode *dp = VTODE(dvp);
	struct msdosfs_dirent *dn;
	int error;

	*inop = 0;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return msdosfs_parent_ino(dp, inop);
	if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
		return ENOMEM;
	error = msdosfs_dirfind(dp, name, len, dn);
	if (error == 0)
		*inop = msdosfs_ent_ino(dp->de_pmp, dn->dn_ent, dn->dn_off);
	if (error == 0 && (*inop & MSDOSFS_DIRINO))
		msdosfs_hint(dp->de_pmp, (uint32_t)(*inop & ~MSDOSFS_DIRINO),
		    dn->dn_off);
	kmem_free(dn, sizeof(*dn));
	return error == ENOENT ? 0 : error;
}

static int
rn_dirempty(struct vnode *vp, bool *emptyp)
{
	return msdosfs_dirempty(VTODE(vp), emptyp);
}

static int
rn_check(const struct genfs_rename *gr)
{
	(void)gr;
	return 0;
}

static int
rn_corrupt(struct vnode *vp, const char *why)
{
	struct denode *dep = VTODE(vp);

	return msdosfs_corrupt(dep->de_pmp, "inode", dep->de_ino, why);
}

/* The entry of cnp in dp, which must be dep's. */
static int
rn_find(struct denode *dp, struct componentname *cnp, struct denode *dep,
    struct msdosfs_dirent *dn)
{
	int error;

	error = msdosfs_dirfind(dp, cnp->cn_nameptr, cnp->cn_namelen, dn);
	if (error == 0 && dn->dn_off != dep->de_entoff)
		error = EAGAIN;
	return error;
}

/* Reread the entry at off into dep (its name changed). */
static int
rn_reload(struct denode *dep, uint64_t off)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	struct buf *bp;
	int error;

	if ((error = msdosfs_bread(pmp, off / pmp->pm_g.g_bps, &bp)) != 0)
		return error;
	memcpy(dep->de_ent, (uint8_t *)bp->b_data + off % pmp->pm_g.g_bps,
	    DIRENT_SIZE);
	brelse(bp, 0);
	return msdosfs_rekey(dep, msdosfs_ent_ino(pmp, dep->de_ent, off), off);
}

/* A directory moved to tdp: its ".." names tdp's first cluster. */
static int
rn_dotdot(struct denode *dep, struct denode *tdp)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	struct buf *bp;
	uint8_t *e;
	int error;

	if ((error = msdosfs_slot(dep, 1, &bp, &e)) != 0)
		return error;
	if (memcmp(e, "..         ", 11) != 0) {
		brelse(bp, 0);
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "no '..' entry");
	}
	msdosfs_ent_setcluster(pmp, e, DE_ISROOT(tdp) ? 0 : tdp->de_startcl);
	return msdosfs_bwrite_ordered(pmp, bp);
}

/* The replaced file's entry removed, its clusters left to inactive. */
static int
rn_unlink_target(const struct genfs_rename *gr, struct msdosfs_dirent *tdn)
{
	int error;

	if ((error = msdosfs_dirremove(VTODE(gr->gr_tdvp), tdn)) == 0)
		msdosfs_deremoved(VTODE(gr->gr_tvp));
	return error;
}

/*
 * Write the moving file's entry proto under its new name, in place over
 * the entry at if it fits there (at: the source or the target entry),
 * else in new slots.  *offp: where the short entry went; *inplacep: it
 * went over at.
 */
static int
rn_enter(const struct genfs_rename *gr, const uint8_t *proto,
    const struct msdosfs_dirent *at, uint64_t *offp, bool *inplacep)
{
	struct denode *tdp = VTODE(gr->gr_tdvp);
	const char *name = gr->gr_tcnp->cn_nameptr;
	size_t len = gr->gr_tcnp->cn_namelen;
	int error = EAGAIN;

	*inplacep = false;
	if (at != NULL)
		error = msdosfs_direnter_at(tdp, name, len, proto, at);
	if (error == 0) {
		*offp = at->dn_off;
		*inplacep = true;
		return 0;
	}
	if (error != EAGAIN)
		return error;
	return msdosfs_direnter(tdp, name, len, proto, offp);
}

static int
rn_apply_dn(const struct genfs_rename *gr, struct msdosfs_dirent *fdn,
    struct msdosfs_dirent *tdn)
{
	struct denode *fdp = VTODE(gr->gr_fdvp), *tdp = VTODE(gr->gr_tdvp);
	struct denode *fdep = VTODE(gr->gr_fvp);
	struct msdosfsmount *pmp = fdp->de_pmp;
	const struct msdosfs_dirent *at = NULL;
	bool target = gr->gr_tvp != NULL, same = fdp == tdp, inplace;
	uint8_t proto[DIRENT_SIZE];
	uint64_t off;
	int error;

	/* both old entries located before anything changes */
	if ((error = rn_find(fdp, gr->gr_fcnp, fdep, fdn)) != 0)
		return error;
	if (target && (error = rn_find(tdp, gr->gr_tcnp,
	    VTODE(gr->gr_tvp), tdn)) != 0)
		return error;
	msdosfs_detimes(fdep);
	memcpy(proto, fdep->de_ent, DIRENT_SIZE);
	msdosfs_ent_setcluster(pmp, proto, fdep->de_startcl);
	msdosfs_setle32(proto + DE_SIZE, DE_ISDIR(fdep) ? 0 : fdep->de_size);
	/* a replaced directory, or a file renamed in place, goes first */
	if (target && (DE_ISDIR(fdep) || same)) {
		if ((error = rn_unlink_target(gr, tdn)) != 0)
			return error;
		target = false;
	}
	if (target)
		at = tdn;
	else if (same)
		at = fdn;
	if ((error = rn_enter(gr, proto, at, &off, &inplace)) != 0)
		return error;
	if (target && inplace)
		msdosfs_deremoved(VTODE(gr->gr_tvp));
	else if (target && (error = rn_unlink_target(gr, tdn)) != 0)
		return error;
	if (!(inplace && at == fdn) &&
	    (error = msdosfs_dirremove(fdp, fdn)) != 0)
		return error;
	fdep->de_flag &= ~DE_MODIFIED;	/* the new entry has it all */
	if ((error = rn_reload(fdep, off)) != 0)
		return error;
	if (gr->gr_dir && gr->gr_moved)
		error = rn_dotdot(fdep, tdp);
	return error;
}

static int
rn_apply(const struct genfs_rename *gr)
{
	struct msdosfs_dirent *dn;
	int error;

	if ((dn = kmem_alloc(2 * sizeof(*dn), KM_SLEEP)) == NULL)
		return ENOMEM;
	error = rn_apply_dn(gr, &dn[0], &dn[1]);
	kmem_free(dn, 2 * sizeof(*dn));
	return error;
}

static const struct genfs_rename_ops msdosfs_rename_ops = {
	.gro_maxnamlen = MSDOSFS_NAMEMAX,
	.gro_linkmax = INT64_MAX,
	.gro_rootino = MSDOSFS_ROOTINO,
	.gro_casefold = true,
	.gro_attr = rn_attr,
	.gro_lookup = rn_lookup,
	.gro_dirempty = rn_dirempty,
	.gro_check = rn_check,
	.gro_corrupt = rn_corrupt,
	.gro_apply = rn_apply,
};

int
msdosfs_rename(struct vop_rename_args *ap)
{
	return genfs_rename(&msdosfs_rename_ops, ap);
}
