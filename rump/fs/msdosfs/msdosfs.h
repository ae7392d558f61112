/*
 * msdosfs: FAT12/16/32 with VFAT long names, in-core structures.
 *
 * Identity.  A FAT file has no inode: its directory entry is all there
 * is.  The inode number (the vcache key) of a file is the device byte
 * offset of its short entry divided by 32, which no boot sector byte
 * can be, so MSDOSFS_ROOTINO (1) is free for the root.  A rename moves
 * the entry: the file's vnode is re-keyed to the new number
 * (vcache_rekey_*), as NetBSD does.  A directory always has clusters
 * and its children's ".." name it by its first cluster, which a rename
 * keeps: its number is MSDOSFS_DIRINO | first cluster, stable across
 * renames, and its parent's number comes straight from its ".."; its
 * entry is found by that cluster in the parent (msdosfs_dir_locate;
 * lookup leaves a hint of where it saw it).  A removed file or
 * directory still in use keeps its clusters till VOP_INACTIVE; its
 * vnode is re-keyed at once to a number with MSDOSFS_ANONINO set, which
 * no lookup produces, so the freed entry or cluster may name a new file
 * meanwhile.
 *
 * Directory entries are read and written through the device vnode in
 * sectors (a directory's blocks never go through its own vnode, so the
 * fixed FAT12/16 root needs no special buffer size); file data goes
 * through the file vnode in clusters (genfs_read/genfs_write,
 * genfs_strategy over msdosfs_bmap).
 *
 * Names: long names are read and made unless -s (8.3 only, shown with
 * their NT case bits; long names are still removed with their file) or
 * -9 (long names not even seen); with neither flag, long names are on,
 * as -l says (mount_msdos's guess from the root directory would make an
 * empty volume refuse every long name).
 *
 * Writes: file data, a file's FAT links and the times and size in its
 * entry are delayed writes (synchronous on a -o sync mount); fsync writes
 * the data, then the FAT, then the entry.  Unless -o async, what names,
 * unnames or moves an entry, and the FAT links of directories, are
 * synchronous and ordered so that a kill -9 leaves what fsck.fat -a
 * repairs in one run (fsck.fat truncates the second of two entries sharing
 * a chain to no clusters, which leaves a directory entry it deletes only
 * in its next run; an entry it finds nowhere loses its chain): a new
 * directory's FAT entry and its "." and ".." are on the disk before its
 * entry; a directory's new cluster is zeroed before the FAT links it; an
 * entry is gone from the disk before its clusters are freed; a rename
 * within one directory rewrites the entry in place if the name fits there
 * (its short entry is the one write that moves the file); a file moved to
 * another directory has its new entry on the disk before the old one goes
 * (two names for a moment: fsck.fat leaves the second one empty); a
 * directory moved to another parent has no order fsck.fat -a repairs in
 * one run at every point: its new entry and the removal of the old one go
 * back to back (two names in between: a second run of fsck.fat -a deletes
 * the one the first run emptied), then its "..".
 * The FAT[1] clean bit is cleared on the disk at a read-write mount,
 * before anything else, and set again at a clean unmount, unless the
 * volume was dirty already or damage was found (pm_broken: every write
 * is EROFS from then on), which leaves the repair to fsck.fat.
 *
 * Locks: the vnode lock covers the denode and its entry; pm_fatlock
 * covers the changes of the FAT (every read-modify-write of a FAT
 * sector, in every copy), the free count and the next-free hint, while
 * a walk along a chain reads the FAT with no lock, the sector's busy
 * buffer keeping each entry whole (msdosfs_fat.c); de_cllock covers a
 * denode's chain cache, which readers holding the vnode shared update
 * (msdosfs_clmap.c), and is taken before pm_fatlock.
 */
#ifndef _MSDOSFS_H_
#define _MSDOSFS_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/mutex.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/genfs.h>

#include "msdosfs_format.h"
#include "msdosfs_args.h"

#define MSDOSFS_ROOTINO		((ino_t)1)
#define MSDOSFS_DIRINO		((ino_t)1 << 40)
#define MSDOSFS_ANONINO		((ino_t)1 << 62)
#define MSDOSFS_MAXFILESIZE	0xffffffffULL
#define MSDOSFS_NAMEMAX		255	/* bytes of a user's name */
#define MSDOSFS_NAMESLOTS	(LFN_MAXENTS + 1) /* slots a name can take */

struct msdosfsmount {
	struct mount	*pm_mp;
	struct vnode	*pm_devvp;
	int		pm_devmode;
	struct msdosfs_geom pm_g;
	int		pm_secshift;	/* sector to DEV_BSIZE block */
	uint32_t	pm_uid, pm_gid, pm_mask, pm_dirmask;
	int		pm_flags;	/* MSDOSFSMNT_* */
	int32_t		pm_gmtoff;
	bool		pm_ronly;
	bool		pm_broken;	/* damage seen: no more writes */
	bool		pm_wasdirty;	/* found dirty at mount */
	bool		pm_fsinfo_ok;	/* FSInfo signed right */
	kmutex_t	pm_fatlock;
	uint32_t	pm_freecount;
	uint32_t	pm_nxtfree;
	uint64_t	pm_anon;	/* next MSDOSFS_ANONINO number */
	kmutex_t	pm_hintlock;	/* lookup's hint to loadvnode: */
	uint32_t	pm_hint_cl;	/* the directory at this cluster */
	uint64_t	pm_hint_off;	/* has its entry here */
};

struct denode {
	struct vnode	*de_vnode;
	struct msdosfsmount *de_pmp;
	ino_t		de_ino;		/* the vcache key */
	uint64_t	de_entoff;	/* device offset of the entry */
	uint8_t		de_ent[DIRENT_SIZE]; /* name, attr, times */
	uint32_t	de_startcl;	/* 0: none (or FAT12/16 root) */
	uint32_t	de_size;	/* files: bytes; dirs: chain bytes */
	int		de_flag;
#define DE_MODIFIED	0x01	/* the entry needs writing */
#define DE_UPDATE	0x02	/* set the modification time */
#define DE_ACCESS	0x04	/* set the access date */
#define DE_REMOVED	0x08	/* entry gone: clusters go at inactive */
	kmutex_t	de_cllock;	/* the chain walked so far: */
	struct msdosfs_run {
		uint32_t r_lcn;		/* file cluster it starts at */
		uint32_t r_cn;		/* its cluster on the volume */
		uint32_t r_len;
	}		*de_runs;
	uint32_t	de_nruns, de_maxruns;
	uint32_t	de_known;	/* clusters the runs cover */
	bool		de_chainend;	/* the end mark follows them */
	kmutex_t	de_dclock;	/* a directory's names by hash */
	struct msdosfs_dircache *de_dcache;
};

#define VFSTOMSDOSFS(mp)	((struct msdosfsmount *)(mp)->mnt_data)
#define VTODE(vp)		((struct denode *)(vp)->v_data)
#define DE_ISDIR(dep)	(((dep)->de_ent[DE_ATTR] & ATTR_DIRECTORY) != 0)
#define DE_ISROOT(dep)		((dep)->de_ino == MSDOSFS_ROOTINO)
/* the fixed root directory of FAT12/16 */
#define DE_FIXEDROOT(dep)	(DE_ISROOT(dep) && (dep)->de_startcl == 0)

extern const struct vnodeops msdosfs_vnodeops;

/* msdosfs_subr.c: console, sectors, clusters */
int msdosfs_corrupt(struct msdosfsmount *pmp, const char *what,
    unsigned long long where, const char *why);
int msdosfs_writable(struct msdosfsmount *pmp);
int msdosfs_bread(struct msdosfsmount *pmp, uint64_t sec, struct buf **bpp);
struct buf *msdosfs_getblk(struct msdosfsmount *pmp, uint64_t sec);
int msdosfs_bwrite_meta(struct msdosfsmount *pmp, struct buf *bp);
bool msdosfs_ordered(const struct msdosfsmount *pmp);
int msdosfs_bwrite_ordered(struct msdosfsmount *pmp, struct buf *bp);
uint64_t msdosfs_cl2sec(const struct msdosfsmount *pmp, uint32_t cn);
bool msdosfs_cl_valid(const struct msdosfsmount *pmp, uint32_t cn);
uint32_t msdosfs_ent_cluster(const struct msdosfsmount *pmp,
    const uint8_t *e);
void msdosfs_ent_setcluster(const struct msdosfsmount *pmp, uint8_t *e,
    uint32_t cn);

/* msdosfs_fat.c: the FAT */
int msdosfs_fat_read(struct msdosfsmount *pmp, uint32_t cn, uint32_t *vp);
int msdosfs_fat_write(struct msdosfsmount *pmp, uint32_t cn, uint32_t v);
int msdosfs_fat_set(struct msdosfsmount *pmp, uint32_t cn, uint32_t v,
    bool wait);
int msdosfs_fat_scan(struct msdosfsmount *pmp);
int msdosfs_fat_setclean(struct msdosfsmount *pmp, bool clean);
int msdosfs_fsinfo_update(struct msdosfsmount *pmp);
int msdosfs_clalloc(struct msdosfsmount *pmp, uint32_t prev, uint32_t *cnp,
    bool wait);
int msdosfs_chain_free(struct msdosfsmount *pmp, uint32_t cn);
int msdosfs_chain_next(struct msdosfsmount *pmp, uint32_t cn, uint32_t *np);

/* msdosfs_clmap.c: the n-th cluster of a chain */
int msdosfs_clmap(struct denode *dep, uint32_t lcn, uint32_t *cnp);
int msdosfs_clmap_run(struct denode *dep, uint32_t lcn, uint32_t *cnp,
    uint32_t *runp);
void msdosfs_clcache_reset(struct denode *dep);
void msdosfs_clcache_grown(struct denode *dep);
void msdosfs_clcache_free(struct denode *dep);

/* msdosfs_bmap.c: chains of files and directories */
int msdosfs_chain_len(struct denode *dep, uint32_t *np);
int msdosfs_chain_check(struct denode *dep);
int msdosfs_bmap(struct vop_bmap_args *ap);
int msdosfs_dirsec(struct denode *dep, uint32_t idx, uint64_t *secp);
int msdosfs_extend(struct denode *dep, uint32_t ncl, bool zero);
int msdosfs_truncate(struct denode *dep, uint64_t size);
int msdosfs_zero_tail(struct denode *dep, uint64_t off);

/* msdosfs_dirscan.c: walking a directory's entries */
struct msdosfs_dirent {
	uint32_t dn_idx;	/* slot of the short entry */
	uint32_t dn_first;	/* first slot of its long name, or dn_idx */
	uint64_t dn_off;	/* device byte offset of the short entry */
	uint8_t	dn_ent[DIRENT_SIZE];
	int	dn_lfnlen;	/* UTF-16 units of the long name, or -1 */
	uint16_t dn_lfn[LFN_MAXENTS * LFN_CHARS];
};
struct msdosfs_dirscan {
	struct denode *ds_dp;
	uint32_t ds_idx;	/* next slot */
	struct buf *ds_bp;	/* held sector */
	uint64_t ds_sec;
	uint32_t ds_rel;	/* ds_sec's sector in the directory */
	bool	ds_uselfn;
	int	ds_ord;		/* long-name piece just read, or 0 */
	uint8_t	ds_sum;
	uint32_t ds_first;
	int	ds_nlfn;
};
void msdosfs_dirscan_init(struct msdosfs_dirscan *ds, struct denode *dp,
    uint32_t idx);
int msdosfs_dirscan_next(struct msdosfs_dirscan *ds,
    struct msdosfs_dirent *dn);
void msdosfs_dirscan_done(struct msdosfs_dirscan *ds);
int msdosfs_dirsearch(struct denode *dp,
    bool (*match)(const struct msdosfs_dirent *, void *), void *arg,
    struct msdosfs_dirent *dn);
bool msdosfs_isdots(const uint8_t *e);
int msdosfs_slot(struct denode *dp, uint32_t idx, struct buf **bpp,
    uint8_t **ep);
size_t msdosfs_dirent_name(const struct msdosfs_dirent *dn,
    const struct msdosfsmount *pmp, char *out);

/* msdosfs_dircache.c: a directory's names by hash */
int msdosfs_dircache_find(struct denode *dp, const uint16_t *u, size_t ulen,
    bool (*match)(const struct msdosfs_dirent *, void *), void *arg,
    struct msdosfs_dirent *dn);
int msdosfs_dircache_short(struct denode *dp, const uint8_t *name11,
    bool *takenp);
uint32_t msdosfs_dircache_freeslot(struct denode *dp, uint32_t n);
void msdosfs_dircache_add(struct denode *dp, uint32_t first, uint32_t idx,
    const uint16_t *u, int lfnlen, const uint8_t *e, bool placed);
void msdosfs_dircache_del(struct denode *dp, const struct msdosfs_dirent *dn);
void msdosfs_dircache_freed(struct denode *dp, uint32_t lo, uint32_t len);
bool msdosfs_dircache_on(struct denode *dp);
void msdosfs_dircache_drop(struct denode *dp);

/* msdosfs_lookup.c */
int msdosfs_dirfind(struct denode *dp, const char *name, size_t len,
    struct msdosfs_dirent *dn);
int msdosfs_parent_ino(struct denode *dp, ino_t *inop);
ino_t msdosfs_ent_ino(const struct msdosfsmount *pmp, const uint8_t *e,
    uint64_t off);
int msdosfs_dir_locate(struct msdosfsmount *pmp, uint32_t cn,
    uint64_t *offp);
int msdosfs_lookup(struct vop_lookup_args *ap);
int msdosfs_access(struct vop_access_args *ap);
int msdosfs_accessx(struct vnode *vp, int mode, kauth_cred_t cred);
int msdosfs_name_u16(struct msdosfsmount *pmp, const char *name, size_t len,
    uint16_t *u, size_t *ulenp);

/* msdosfs_direnter.c: making and removing entries */
int msdosfs_direnter(struct denode *dp, const char *name, size_t len,
    const uint8_t *proto, uint64_t *offp);
int msdosfs_direnter_at(struct denode *dp, const char *name, size_t len,
    const uint8_t *proto, const struct msdosfs_dirent *at);
int msdosfs_dirremove(struct denode *dp, const struct msdosfs_dirent *dn);
int msdosfs_dirempty(struct denode *dp, bool *emptyp);

/* msdosfs_denode.c */
int msdosfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key);
int msdosfs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key);
int msdosfs_deupdate(struct denode *dep, bool wait);
void msdosfs_detimes(struct denode *dep);
int msdosfs_rekey(struct denode *dep, ino_t ino, uint64_t entoff);
void msdosfs_hint(struct msdosfsmount *pmp, uint32_t cn, uint64_t off);
void msdosfs_denode_free(struct denode *dep);
void msdosfs_deremoved(struct denode *dep);
void msdosfs_ent_init(struct msdosfsmount *pmp, uint8_t *e, uint8_t attr,
    uint32_t cn);

/* msdosfs_vnops.c, msdosfs_rdwr.c, msdosfs_create.c, msdosfs_rename.c */
int msdosfs_readdir(struct vop_readdir_args *ap);
int msdosfs_read(struct vop_read_args *ap);
int msdosfs_write(struct vop_write_args *ap);
int msdosfs_fsync(struct vop_fsync_args *ap);
int msdosfs_setattr(struct vop_setattr_args *ap);
int msdosfs_getattr(struct vop_getattr_args *ap);
int msdosfs_create(struct vop_create_args *ap);
int msdosfs_mkdir(struct vop_mkdir_args *ap);
int msdosfs_remove(struct vop_remove_args *ap);
int msdosfs_rmdir(struct vop_rmdir_args *ap);
int msdosfs_rename(struct vop_rename_args *ap);
int msdosfs_inactive(struct vop_inactive_args *ap);
int msdosfs_reclaim(struct vop_reclaim_args *ap);
int msdosfs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred);

#endif /* _MSDOSFS_H_ */
