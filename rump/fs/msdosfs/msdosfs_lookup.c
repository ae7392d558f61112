/*
 * Name lookup: a linear scan of the directory comparing the name, case
 * folded, with each entry's long name and its short name (Windows
 * opens a file by either), VOP_LOOKUP and VOP_ACCESS on top; inode
 * numbers of entries (msdosfs.h), and the entry of a directory known
 * by its first cluster, looked for in its parent.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/kmem.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "msdosfs.h"

/* The user's UTF-8 name as checked UTF-16 (trailing dots dropped). */
int
msdosfs_name_u16(struct msdosfsmount *pmp, const char *name, size_t len,
    uint16_t *u, size_t *ulenp)
{
	int n;

	(void)pmp;
	if (len > MSDOSFS_NAMEMAX)
		return ENAMETOOLONG;
	n = msdosfs_utf8_to_utf16(name, len, u, LFN_MAXLEN);
	if (n < 0)
		return len > LFN_MAXLEN ? ENAMETOOLONG : EINVAL;
	*ulenp = (size_t)n;
	return msdosfs_name_check(u, ulenp);
}

static bool
entry_matches(const struct msdosfs_dirent *dn, const uint16_t *u,
    size_t ulen)
{
	uint16_t su[MSDOSFS_SHORTTEXT];
	int sn;

	if (dn->dn_lfnlen > 0 && msdosfs_u16_eqfold(dn->dn_lfn,
	    (size_t)dn->dn_lfnlen, u, ulen))
		return true;
	sn = msdosfs_short_u16(dn->dn_ent, dn->dn_ent[DE_LCASE], su);
	return sn > 0 && msdosfs_u16_eqfold(su, (size_t)sn, u, ulen);
}

struct name_key {
	uint16_t u[LFN_MAXLEN];
	size_t	ulen;
};

static bool
name_matches(const struct msdosfs_dirent *dn, void *arg)
{
	struct name_key *k = arg;

	return !msdosfs_isdots(dn->dn_ent) && entry_matches(dn, k->u, k->ulen);
}

/* Find name in directory dp: 0 with *dn, ENOENT, or another error. */
int
msdosfs_dirfind(struct denode *dp, const char *name, size_t len,
    struct msdosfs_dirent *dn)
{
	struct name_key k;
	int error;

	error = msdosfs_name_u16(dp->de_pmp, name, len, k.u, &k.ulen);
	if (error)
		return error == ENAMETOOLONG ? error : ENOENT;
	error = msdosfs_dircache_find(dp, k.u, k.ulen, name_matches, &k, dn);
	if (error != EAGAIN)
		return error;
	return msdosfs_dirsearch(dp, name_matches, &k, dn);
}

ino_t
msdosfs_ent_ino(const struct msdosfsmount *pmp, const uint8_t *e,
    uint64_t off)
{
	if (e[DE_ATTR] & ATTR_DIRECTORY)
		return MSDOSFS_DIRINO | msdosfs_ent_cluster(pmp, e);
	return off / DIRENT_SIZE;
}

/* The cluster slot 1 ("..") of the directory starting at cn names. */
static int
dotdot_cluster(struct msdosfsmount *pmp, uint32_t cn, uint32_t *pcnp)
{
	struct buf *bp;
	const uint8_t *e;
	int error;

	if ((error = msdosfs_bread(pmp, msdosfs_cl2sec(pmp, cn), &bp)) != 0)
		return error;
	e = (const uint8_t *)bp->b_data + DIRENT_SIZE;
	if (memcmp(e, "..         ", 11) != 0 ||
	    !(e[DE_ATTR] & ATTR_DIRECTORY)) {
		brelse(bp, 0);
		return msdosfs_corrupt(pmp, "directory cluster", cn,
		    "no '..' entry");
	}
	*pcnp = msdosfs_ent_cluster(pmp, e);
	brelse(bp, 0);
	if (*pcnp == pmp->pm_g.g_rootclus)
		*pcnp = 0;	/* some writers name the FAT32 root so */
	if (*pcnp != 0 && !msdosfs_cl_valid(pmp, *pcnp))
		return msdosfs_corrupt(pmp, "directory cluster", cn,
		    "'..' out of range");
	return 0;
}

struct dir_key {
	struct msdosfsmount *pmp;
	uint32_t cn;
};

static bool
dir_at(const struct msdosfs_dirent *dn, void *arg)
{
	const struct dir_key *k = arg;

	return (dn->dn_ent[DE_ATTR] & ATTR_DIRECTORY) &&
	    !msdosfs_isdots(dn->dn_ent) &&
	    msdosfs_ent_cluster(k->pmp, dn->dn_ent) == k->cn;
}

/* The entry of the directory starting at cn, in directory gcn. */
static int
find_dir_entry(struct msdosfsmount *pmp, uint32_t gcn, uint32_t cn,
    uint64_t *offp)
{
	struct dir_key k = { pmp, cn };
	struct msdosfs_dirent *dn;
	struct denode g;
	int error;

	if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
		return ENOMEM;
	memset(&g, 0, sizeof(g));
	g.de_pmp = pmp;
	g.de_ent[DE_ATTR] = ATTR_DIRECTORY;
	g.de_ino = gcn == 0 ? MSDOSFS_ROOTINO : MSDOSFS_DIRINO | gcn;
	g.de_startcl = gcn == 0 ? pmp->pm_g.g_rootclus : gcn;
	mutex_init(&g.de_cllock, MUTEX_DEFAULT, IPL_NONE);
	error = msdosfs_dirsearch(&g, dir_at, &k, dn);
	msdosfs_clcache_free(&g);
	mutex_destroy(&g.de_cllock);
	if (error == 0)
		*offp = dn->dn_off;
	kmem_free(dn, sizeof(*dn));
	return error;
}

/* The entry of the directory starting at cn: ENOENT if it has none. */
int
msdosfs_dir_locate(struct msdosfsmount *pmp, uint32_t cn, uint64_t *offp)
{
	uint32_t pcn;
	int error;

	if ((error = dotdot_cluster(pmp, cn, &pcn)) != 0)
		return error;
	return find_dir_entry(pmp, pcn, cn, offp);
}

int
msdosfs_parent_ino(struct denode *dp, ino_t *inop)
{
	uint32_t pcn;
	int error;

	*inop = MSDOSFS_ROOTINO;
	if (DE_ISROOT(dp))
		return 0;
	if (dp->de_flag & DE_REMOVED)
		return ENOENT;	/* a removed directory has no parent */
	if ((error = dotdot_cluster(dp->de_pmp, dp->de_startcl, &pcn)) != 0)
		return error;
	if (pcn == dp->de_startcl)
		return msdosfs_corrupt(dp->de_pmp, "inode", dp->de_ino,
		    "'..' names the directory itself");
	if (pcn != 0)
		*inop = MSDOSFS_DIRINO | pcn;
	return 0;
}

int
msdosfs_accessx(struct vnode *vp, int mode, kauth_cred_t cred)
{
	struct denode *dep = VTODE(vp);
	struct msdosfsmount *pmp = dep->de_pmp;
	mode_t perm;

	if ((mode & VWRITE) && pmp->pm_ronly)
		return EROFS;
	if (DE_ISDIR(dep))
		perm = pmp->pm_dirmask & ACCESSPERMS;
	else {
		perm = pmp->pm_mask & ACCESSPERMS;
		if (dep->de_ent[DE_ATTR] & ATTR_READONLY)
			perm &= ~(mode_t)(S_IWUSR | S_IWGRP | S_IWOTH);
	}
	return genfs_can_access(vp, cred, pmp->pm_uid, pmp->pm_gid, perm,
	    mode);
}

int
msdosfs_access(struct vop_access_args *ap)
{
	return msdosfs_accessx(ap->a_vp, ap->a_mode, ap->a_cred);
}

/* Not found: may the last component of a CREATE or RENAME be made? */
static int
lookup_absent(struct vnode *dvp, struct componentname *cnp, bool last)
{
	struct denode *dp = VTODE(dvp);
	uint16_t u[LFN_MAXLEN];
	size_t ulen;
	int error;

	if (!last || (cnp->cn_nameiop != CREATE && cnp->cn_nameiop != RENAME))
		return ENOENT;
	if ((error = msdosfs_writable(dp->de_pmp)) != 0)
		return error;
	if (dp->de_flag & DE_REMOVED)
		return ENOENT;
	error = msdosfs_name_u16(dp->de_pmp, cnp->cn_nameptr,
	    cnp->cn_namelen, u, &ulen);
	if (error)
		return error;
	error = msdosfs_accessx(dvp, VWRITE, cnp->cn_cred);
	return error ? error : EJUSTRETURN;
}

int
msdosfs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct denode *dp = VTODE(dvp);
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint32_t op = cnp->cn_nameiop;
	struct msdosfs_dirent *dn;
	ino_t ino;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if ((error = msdosfs_accessx(dvp, VEXEC, cnp->cn_cred)) != 0)
		return error;
	if (last && (op == DELETE || op == RENAME) &&
	    (error = msdosfs_writable(dp->de_pmp)) != 0)
		return error;
	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	if (dp->de_flag & DE_REMOVED)
		return ENOENT;
	if (cnp->cn_flags & ISDOTDOT) {
		if ((error = msdosfs_parent_ino(dp, &ino)) != 0)
			return error;
		return vcache_get(dvp->v_mount, &ino, sizeof(ino), ap->a_vpp);
	}
	if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
		return ENOMEM;
	error = msdosfs_dirfind(dp, cnp->cn_nameptr, cnp->cn_namelen, dn);
	if (error == 0) {
		ino = msdosfs_ent_ino(dp->de_pmp, dn->dn_ent, dn->dn_off);
		if (ino & MSDOSFS_DIRINO)
			msdosfs_hint(dp->de_pmp, msdosfs_ent_cluster(dp->de_pmp,
			    dn->dn_ent), dn->dn_off);
	}
	kmem_free(dn, sizeof(*dn));
	if (error == ENOENT)
		return lookup_absent(dvp, cnp, last);
	if (error)
		return error;
	if (last && (op == DELETE || op == RENAME) &&
	    (error = msdosfs_accessx(dvp, VWRITE, cnp->cn_cred)) != 0)
		return error;
	/* an entry naming its own directory would deadlock namei */
	if (ino == dp->de_ino)
		return msdosfs_corrupt(dp->de_pmp, "inode", ino,
		    "directory entry names the directory itself");
	error = vcache_get(dvp->v_mount, &ino, sizeof(ino), ap->a_vpp);
	if (error == ENOENT)	/* a directory without clusters, say */
		error = msdosfs_corrupt(dp->de_pmp, "inode", ino,
		    "directory entry names no file");
	return error;
}
