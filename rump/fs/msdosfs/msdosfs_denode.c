/*
 * Denodes: the in-core file, loaded from its directory entry by inode
 * number (vfs_loadvnode), made with a new entry (vfs_newvnode, which
 * gets the name through vcache_new's extra argument: the entry is the
 * inode), written back (msdosfs_deupdate), re-keyed when the entry
 * moves or goes.  See msdosfs.h for what the inode number is.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/kmem.h>
#include <sys/time.h>
#include <sys/buf.h>
#include <sys/atomic.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "msdosfs.h"

static struct denode *
denode_alloc(struct msdosfsmount *pmp, ino_t ino)
{
	struct denode *dep;

	if ((dep = kmem_zalloc(sizeof(*dep), KM_SLEEP)) == NULL)
		return NULL;
	dep->de_pmp = pmp;
	dep->de_ino = ino;
	mutex_init(&dep->de_cllock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&dep->de_dclock, MUTEX_DEFAULT, IPL_NONE);
	return dep;
}

void
msdosfs_denode_free(struct denode *dep)
{
	msdosfs_clcache_free(dep);
	msdosfs_dircache_drop(dep);
	mutex_destroy(&dep->de_cllock);
	mutex_destroy(&dep->de_dclock);
	kmem_free(dep, sizeof(*dep));
}

static void
vnode_setup(struct vnode *vp, struct denode *dep, const void **new_key)
{
	dep->de_vnode = vp;
	vp->v_data = dep;
	vp->v_op = &msdosfs_vnodeops;
	vp->v_type = DE_ISDIR(dep) ? VDIR : VREG;
	vp->v_size = (off_t)dep->de_size;
	if (DE_ISROOT(dep))
		vp->v_vflag |= VV_ROOT;
	*new_key = &dep->de_ino;
}

/* Is the entry at device byte offset off inside a directory area? */
static bool
entoff_valid(const struct msdosfsmount *pmp, uint64_t off)
{
	const struct msdosfs_geom *g = &pmp->pm_g;
	uint64_t sec = off / g->g_bps;

	if (g->g_fatbits != 32 && sec >= g->g_rootsec &&
	    sec < (uint64_t)g->g_rootsec + g->g_rootsecs)
		return true;
	return sec >= g->g_datasec && sec < g->g_totsec;
}

/* Fill dep from its entry e: cluster, size, a directory's chain. */
static int
denode_from_entry(struct denode *dep, const uint8_t *e)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	uint32_t n;
	int error;

	memcpy(dep->de_ent, e, DIRENT_SIZE);
	dep->de_startcl = msdosfs_ent_cluster(pmp, e);
	if (dep->de_startcl != 0 && !msdosfs_cl_valid(pmp, dep->de_startcl))
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "first cluster out of range");
	if (!DE_ISDIR(dep)) {
		dep->de_size = msdosfs_le32(e + DE_SIZE);
		if (dep->de_size != 0 && dep->de_startcl == 0) {
			(void)msdosfs_corrupt(pmp, "inode", dep->de_ino,
			    "file with a size and no clusters");
			dep->de_size = 0;
		}
		return msdosfs_chain_check(dep);
	}
	if (dep->de_startcl == 0 && !DE_ISROOT(dep))
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "directory without clusters");
	if ((error = msdosfs_chain_len(dep, &n)) != 0)
		return error;
	dep->de_size = n << pmp->pm_g.g_clshift;
	return 0;
}

static int
load_root(struct msdosfsmount *pmp, struct denode *dep)
{
	dep->de_entoff = 0;
	dep->de_ent[DE_ATTR] = ATTR_DIRECTORY;
	dep->de_startcl = pmp->pm_g.g_fatbits == 32 ? pmp->pm_g.g_rootclus : 0;
	msdosfs_ent_setcluster(pmp, dep->de_ent, dep->de_startcl);
	if (dep->de_startcl == 0) {
		dep->de_size = pmp->pm_g.g_rootents * DIRENT_SIZE;
		return 0;
	}
	return denode_from_entry(dep, dep->de_ent);
}

/* Load dep from the entry at device offset off (a directory or not). */
static int
load_entry(struct msdosfsmount *pmp, struct denode *dep, uint64_t off,
    bool dir)
{
	struct buf *bp;
	const uint8_t *e;
	int error;

	if (!entoff_valid(pmp, off))
		return ENOENT;
	if ((error = msdosfs_bread(pmp, off / pmp->pm_g.g_bps, &bp)) != 0)
		return error;
	e = (const uint8_t *)bp->b_data + off % pmp->pm_g.g_bps;
	if (e[0] == SLOT_EMPTY || e[0] == SLOT_DELETED || e[0] == '.' ||
	    (e[DE_ATTR] & ATTR_VOLUME) ||
	    ((e[DE_ATTR] & ATTR_DIRECTORY) != 0) != dir ||
	    (dir && (dep->de_ino & ~MSDOSFS_DIRINO) !=
	    msdosfs_ent_cluster(pmp, e))) {
		brelse(bp, 0);
		return ENOENT;		/* no such file there (stale) */
	}
	dep->de_entoff = off;
	error = denode_from_entry(dep, e);
	brelse(bp, 0);
	return error;
}

void
msdosfs_hint(struct msdosfsmount *pmp, uint32_t cn, uint64_t off)
{
	mutex_enter(&pmp->pm_hintlock);
	pmp->pm_hint_cl = cn;
	pmp->pm_hint_off = off;
	mutex_exit(&pmp->pm_hintlock);
}

/* A directory by its first cluster: its entry where lookup saw it,
 * else looked for in its parent. */
static int
load_dir(struct msdosfsmount *pmp, struct denode *dep)
{
	uint32_t cn = (uint32_t)(dep->de_ino & ~MSDOSFS_DIRINO);
	uint64_t off = 0;
	int error;

	if (!msdosfs_cl_valid(pmp, cn))
		return ENOENT;
	mutex_enter(&pmp->pm_hintlock);
	if (pmp->pm_hint_cl == cn)
		off = pmp->pm_hint_off;
	mutex_exit(&pmp->pm_hintlock);
	if (off != 0 && (error = load_entry(pmp, dep, off, true)) != ENOENT)
		return error;
	if ((error = msdosfs_dir_locate(pmp, cn, &off)) != 0)
		return error;
	return load_entry(pmp, dep, off, true);
}

int
msdosfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);
	struct denode *dep;
	ino_t ino;
	int error;

	if ((error = genfs_vcache_ino(key, key_len, &ino)) != 0)
		return error;
	if (ino == 0 || (ino & MSDOSFS_ANONINO) ||
	    ino >= (MSDOSFS_DIRINO << 1))
		return ENOENT;
	if ((dep = denode_alloc(pmp, ino)) == NULL)
		return ENOMEM;
	if (ino == MSDOSFS_ROOTINO)
		error = load_root(pmp, dep);
	else if (ino & MSDOSFS_DIRINO)
		error = load_dir(pmp, dep);
	else
		error = load_entry(pmp, dep, ino * DIRENT_SIZE, false);
	if (error) {
		msdosfs_denode_free(dep);
		return error;
	}
	vnode_setup(vp, dep, new_key);
	return 0;
}

/* A new short entry, name aside: attributes, first cluster, now. */
void
msdosfs_ent_init(struct msdosfsmount *pmp, uint8_t *e, uint8_t attr,
    uint32_t cn)
{
	struct timespec now;
	uint16_t d, t;

	memset(e, 0, DIRENT_SIZE);
	memset(e, ' ', 11);
	e[DE_ATTR] = attr;
	msdosfs_ent_setcluster(pmp, e, cn);
	getnanotime(&now);
	msdosfs_unix2dos(now.tv_sec, pmp->pm_gmtoff, &d, &t);
	e[DE_CTIME_CS] = (uint8_t)((now.tv_sec & 1) * 100 +
	    now.tv_nsec / 10000000);
	msdosfs_setle16(e + DE_CTIME, t);
	msdosfs_setle16(e + DE_CDATE, d);
	msdosfs_setle16(e + DE_ADATE, d);
	msdosfs_setle16(e + DE_MTIME, t);
	msdosfs_setle16(e + DE_MDATE, d);
}

/* A new directory's first cluster: "." and ".." (0 for the root). */
static int
dir_init(struct msdosfsmount *pmp, struct denode *pdp, uint32_t *cnp)
{
	uint32_t pcn = DE_ISROOT(pdp) ? 0 : pdp->de_startcl;
	struct buf *bp;
	uint8_t *e;
	uint32_t i;
	int error;

	/* its FAT entry, then the cluster, then the entry naming it */
	if ((error = msdosfs_clalloc(pmp, 0, cnp,
	    msdosfs_ordered(pmp))) != 0)
		return error;
	for (i = 0; i < pmp->pm_g.g_spc && error == 0; i++) {
		bp = msdosfs_getblk(pmp, msdosfs_cl2sec(pmp, *cnp) + i);
		if (bp == NULL) {
			error = ENOMEM;
			break;
		}
		memset(bp->b_data, 0, pmp->pm_g.g_bps);
		if (i == 0) {
			e = bp->b_data;
			msdosfs_ent_init(pmp, e, ATTR_DIRECTORY, *cnp);
			e[0] = '.';
			msdosfs_ent_init(pmp, e + DIRENT_SIZE, ATTR_DIRECTORY,
			    pcn);
			e[DIRENT_SIZE] = e[DIRENT_SIZE + 1] = '.';
		}
		/* on disk before an entry names it */
		error = bwrite(bp);
	}
	if (error)
		(void)msdosfs_chain_free(pmp, *cnp);
	return error;
}

int
msdosfs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key)
{
	struct msdosfsmount *pmp = VFSTOMSDOSFS(mp);
	struct componentname *cnp = extra;
	struct denode *dep;
	uint8_t attr = ATTR_ARCHIVE, e[DIRENT_SIZE];
	uint32_t cn = 0;
	uint64_t off;
	int error;

	(void)cred;
	if ((error = msdosfs_writable(pmp)) != 0)
		return error;
	if (vap->va_type == VDIR) {
		attr = ATTR_DIRECTORY;
		if ((error = dir_init(pmp, VTODE(dvp), &cn)) != 0)
			return error;
	} else if (!(vap->va_mode & S_IWUSR))
		attr |= ATTR_READONLY;
	msdosfs_ent_init(pmp, e, attr, cn);
	error = msdosfs_direnter(VTODE(dvp), cnp->cn_nameptr, cnp->cn_namelen,
	    e, &off);
	if (error == 0 && (dep = denode_alloc(pmp, msdosfs_ent_ino(pmp, e,
	    off))) == NULL)
		error = ENOMEM;	/* the entry stays, an empty file */
	if (error == 0) {
		error = load_entry(pmp, dep, off, vap->va_type == VDIR);
		if (error)
			msdosfs_denode_free(dep);
	}
	if (error) {
		if (cn != 0)
			(void)msdosfs_chain_free(pmp, cn);
		return error;
	}
	vnode_setup(vp, dep, new_key);
	*key_len = sizeof(dep->de_ino);
	return 0;
}

/* Fold pending time updates into the entry. */
void
msdosfs_detimes(struct denode *dep)
{
	struct timespec now;
	uint16_t d, t;

	if (!(dep->de_flag & (DE_UPDATE | DE_ACCESS)))
		return;
	getnanotime(&now);
	msdosfs_unix2dos(now.tv_sec, dep->de_pmp->pm_gmtoff, &d, &t);
	if (dep->de_flag & DE_UPDATE) {
		msdosfs_setle16(dep->de_ent + DE_MTIME, t);
		msdosfs_setle16(dep->de_ent + DE_MDATE, d);
		if (!DE_ISDIR(dep))
			dep->de_ent[DE_ATTR] |= ATTR_ARCHIVE;
	}
	if (dep->de_flag & DE_ACCESS)
		msdosfs_setle16(dep->de_ent + DE_ADATE, d);
	dep->de_flag = (dep->de_flag & ~(DE_UPDATE | DE_ACCESS)) | DE_MODIFIED;
}

/* Write the entry back (wait: synchronously). */
int
msdosfs_deupdate(struct denode *dep, bool wait)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	struct buf *bp;
	uint8_t *e;
	int error;

	msdosfs_detimes(dep);
	if (!(dep->de_flag & DE_MODIFIED))
		return 0;
	dep->de_flag &= ~DE_MODIFIED;
	if (DE_ISROOT(dep) || (dep->de_flag & DE_REMOVED) ||
	    msdosfs_writable(pmp) != 0)
		return 0;
	error = msdosfs_bread(pmp, dep->de_entoff / pmp->pm_g.g_bps, &bp);
	if (error)
		return error;
	e = (uint8_t *)bp->b_data + dep->de_entoff % pmp->pm_g.g_bps;
	if (memcmp(e, dep->de_ent, 11) != 0) {
		brelse(bp, 0);
		return msdosfs_corrupt(pmp, "inode", dep->de_ino,
		    "directory entry changed under the file");
	}
	msdosfs_ent_setcluster(pmp, dep->de_ent, dep->de_startcl);
	msdosfs_setle32(dep->de_ent + DE_SIZE, DE_ISDIR(dep) ? 0 :
	    dep->de_size);
	memcpy(e, dep->de_ent, DIRENT_SIZE);
	if (wait)
		return bwrite(bp);
	return msdosfs_bwrite_meta(pmp, bp);
}

/* File dep under inode number ino, its entry now at entoff. */
int
msdosfs_rekey(struct denode *dep, ino_t ino, uint64_t entoff)
{
	struct mount *mp = dep->de_pmp->pm_mp;
	struct vnode *vp = dep->de_vnode;
	ino_t old = dep->de_ino, nk = ino;
	int error;

	if (old == ino) {
		dep->de_entoff = entoff;
		return 0;
	}
	error = vcache_rekey_enter(mp, vp, &old, sizeof(old), &nk, sizeof(nk));
	if (error)
		return error;
	dep->de_ino = ino;
	dep->de_entoff = entoff;
	vcache_rekey_exit(mp, vp, &old, sizeof(old), &dep->de_ino,
	    sizeof(dep->de_ino));
	return 0;
}

/* The entry is gone: the number goes too (msdosfs.h), clusters later. */
void
msdosfs_deremoved(struct denode *dep)
{
	struct msdosfsmount *pmp = dep->de_pmp;
	ino_t ino;

	dep->de_flag |= DE_REMOVED;
	ino = MSDOSFS_ANONINO | atomic_add_64_nv(&pmp->pm_anon, 1);
	(void)msdosfs_rekey(dep, ino, 0);
}
