/*
 * The ext2fs driver's in-core state: the decoded superblock and group
 * descriptors (struct m_ext2fs), the mount (struct ext2fs_mount) and the
 * in-core inode (struct inode), plus the functions the files share.
 */
#ifndef _EXT2FS_H_
#define _EXT2FS_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/genfs.h>
#include <sys/genfs_node.h>
#include <sys/genfs_dirhash.h>
#include <sys/genfs_freelist.h>

#include "ext2fs_format.h"
#include "ext2fs_dinode.h"
#include "ext2fs_dir.h"

struct buf;
struct uio;
struct componentname;

/* A decoded group descriptor. */
struct ext2fs_cg {
	uint64_t cg_bbitmap;		/* block bitmap block */
	uint64_t cg_ibitmap;		/* inode bitmap block */
	uint64_t cg_itable;		/* first inode table block */
	uint32_t cg_nbfree;
	uint32_t cg_nifree;
	uint32_t cg_ndirs;
	uint16_t cg_flags;
};

/* The decoded superblock. */
struct m_ext2fs {
	struct ext2fs_sb e2fs_sb;	/* raw copy, little-endian */
	uint64_t e2fs_bcount;		/* blocks */
	uint64_t e2fs_rbcount;		/* reserved for root */
	uint64_t e2fs_fbcount;		/* free blocks */
	uint32_t e2fs_icount;		/* inodes */
	uint32_t e2fs_ficount;		/* free inodes */
	uint32_t e2fs_first_dblock;
	uint32_t e2fs_bsize;
	uint32_t e2fs_bshift;		/* log2(bsize) */
	uint32_t e2fs_fsbtodb;		/* log2(bsize / DEV_BSIZE) */
	uint32_t e2fs_bpg;		/* blocks per group */
	uint32_t e2fs_ipg;		/* inodes per group */
	uint32_t e2fs_ncg;		/* groups */
	uint32_t e2fs_isize;		/* inode size */
	uint32_t e2fs_ipb;		/* inodes per block */
	uint32_t e2fs_itpg;		/* inode table blocks per group */
	uint32_t e2fs_first_ino;	/* first non-reserved inode */
	uint32_t e2fs_rev;
	uint32_t e2fs_compat;
	uint32_t e2fs_incompat;
	uint32_t e2fs_rocompat;
	uint32_t e2fs_gdsize;		/* group descriptor size */
	uint32_t e2fs_ngdb;		/* group descriptor blocks */
	uint32_t e2fs_nindir;		/* block pointers per block */
	uint16_t e2fs_state;
	uint32_t e2fs_last_orphan;
	uint64_t e2fs_maxfilesize;
	struct ext2fs_cg *e2fs_gd;	/* e2fs_ncg decoded descriptors */
	uint8_t *e2fs_gdraw;		/* e2fs_ngdb raw blocks */
	uint64_t *e2fs_gdblk;		/* where each raw block lives */
	bool e2fs_ronly;
	bool e2fs_fmod;			/* superblock/descriptors dirty */
};

#define E2FS_HAS_COMPAT(fs, f)		(((fs)->e2fs_compat & (f)) != 0)
#define E2FS_HAS_INCOMPAT(fs, f)	(((fs)->e2fs_incompat & (f)) != 0)
#define E2FS_HAS_ROCOMPAT(fs, f)	(((fs)->e2fs_rocompat & (f)) != 0)

/* fs block -> DEV_BSIZE block */
#define EXT2_FSBTODB(fs, b)	((daddr_t)(b) << (fs)->e2fs_fsbtodb)
#define EXT2_BLKSIZE(fs)	((fs)->e2fs_bsize)
#define ino_to_cg(fs, ino)	(((ino) - 1) / (fs)->e2fs_ipg)
#define cg_first_block(fs, cg) \
	((uint64_t)(fs)->e2fs_first_dblock + (uint64_t)(cg) * (fs)->e2fs_bpg)
#define blk_to_cg(fs, b) \
	((uint32_t)(((b) - (fs)->e2fs_first_dblock) / (fs)->e2fs_bpg))

/* The mount. */
struct ext2fs_mount {
	struct mount *um_mountp;
	struct vnode *um_devvp;
	dev_t um_dev;
	struct m_ext2fs *um_e2fs;
	kmutex_t um_lock;		/* counts, bitmaps, orphan list */
	/*
	 * i_flag's IN_ACCESS/CHANGE/UPDATE and the times they turn into:
	 * readers (read, readdir, getattr) change them under a shared
	 * vnode lock, so they need a lock of their own.
	 */
	kmutex_t um_itimelock;
	kmutex_t um_bmclock;		/* i_bmc_* (bmap under shared locks) */
	TAILQ_HEAD(ext2fs_orphanq, inode) um_orphans; /* disk order */
	LIST_HEAD(, inode) um_inodes;	/* every in-core inode */
	bool um_orphan_recovery;	/* loading orphans is allowed */
	int um_devmode;			/* FREAD|FWRITE the device is open */
};
#define VFSTOUFS(mp)	((struct ext2fs_mount *)(mp)->mnt_data)

/*
 * Write ordering, without a journal: what a crash can leave must be what
 * e2fsck -p repairs on its own.  It clears an entry naming an inode with
 * no links and an unattached inode of length zero, and fixes link counts
 * and bitmaps; an unattached inode with contents, an unconnected
 * directory or a block claimed twice need a person.  So, when ordered: a
 * new inode is on disk before its entry, a new directory or symbolic
 * link with no links until its entry is; a removed name's inode loses
 * its link on disk before the entry goes; the entry of a new file is on
 * disk before its data can be; a block is freed only once the inode no
 * longer naming it is on disk.  These writes are synchronous (they reach
 * the host; its cache is flushed by fsync, sync and unmount).  -o async
 * drops the ordering; -o sync makes every write synchronous.  A directory
 * renamed to another parent has no order e2fsck -p accepts at every
 * point (two names, or a stale '..'): its three writes go back to back.
 */
static inline bool
ext2fs_ordered(const struct ext2fs_mount *ump)
{
	return (ump->um_mountp->mnt_flag & MNT_ASYNC) == 0;
}

/* The in-core inode. */
struct inode {
	struct vnode *i_vnode;
	struct ext2fs_mount *i_ump;
	struct m_ext2fs *i_e2fs;
	ino_t i_number;			/* the vcache key */
	int i_flag;			/* IN_* (sys/genfs_node.h), and: */
#define IN_ORPHAN	GENFS_IN_DRIVER	/* on the orphan list */
	struct ext2fs_icore i_din;
	uint8_t *i_raw;			/* e2fs_isize on-disk bytes */
	uint64_t i_nextlbn;		/* next block of a sequential write */
	uint64_t i_nextpbn;		/* where it should go */
	uint64_t i_pa_end;		/* a write in progress ends before */
	uint64_t i_pa_next;		/* blocks claimed for it, unnamed */
	uint32_t i_pa_count;
	uint64_t i_bmc_lbn;		/* last indirect mapping: lbn ... */
	uint64_t i_bmc_pbn;		/* ... its block (0: none) ... */
	uint32_t i_bmc_run;		/* ... and how many follow it */
	struct genfs_dirhash *i_dirhash; /* large directory: its index */
	unsigned int i_badent;		/* directory: hidden entry reported */
	TAILQ_ENTRY(inode) i_orphan;
	LIST_ENTRY(inode) i_all;	/* on um_inodes */
};
#define VTOI(vp)	((struct inode *)(vp)->v_data)
#define ITOV(ip)	((ip)->i_vnode)
#define i_mode		i_din.ic_mode
#define i_size		i_din.ic_size
#define i_nlink		i_din.ic_nlink
#define i_uid		i_din.ic_uid
#define i_gid		i_din.ic_gid
#define i_flags		i_din.ic_flags

/* ext2fs_sb.c: superblock decode, validation, encode (pure) */
int ext2fs_sb_decode(const struct ext2fs_sb *sb, uint64_t devsize,
    struct m_ext2fs *fs, const char **why);
void ext2fs_sb_encode(struct m_ext2fs *fs);
bool ext2fs_cg_has_sb(const struct m_ext2fs *fs, uint32_t cg);
/* ext2fs_gd.c: group descriptors (pure) */
uint64_t ext2fs_gdblock(const struct m_ext2fs *fs, uint32_t i);
int ext2fs_gd_decode(struct m_ext2fs *fs, const char **why, uint32_t *bad);
void ext2fs_gd_encode(struct m_ext2fs *fs, uint32_t cg);

/* ext2fs_vfsops.c / ext2fs_mount.c / ext2fs_sync.c */
extern struct vfsops ext2fs_vfsops;
extern const struct vnodeops ext2fs_vnodeops;
int ext2fs_sbupdate(struct ext2fs_mount *ump, int waitfor);
int ext2fs_cgupdate(struct ext2fs_mount *ump, int waitfor);
int ext2fs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred);
int ext2fs_loadvnode(struct mount *mp, struct vnode *vp,
    const void *key, size_t key_len, const void **new_key);
int ext2fs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key);
int ext2fs_orphan_recover(struct ext2fs_mount *ump);
void ext2fs_orphan_add(struct inode *ip);
void ext2fs_orphan_remove(struct inode *ip);
void ext2fs_droplink(struct inode *ip);
void ext2fs_inode_free(struct inode *ip);

/* ext2fs_inode.c */
void ext2fs_ino_locate(const struct m_ext2fs *fs, ino_t ino, uint64_t *blk,
    size_t *off);
int ext2fs_iread(struct ext2fs_mount *ump, ino_t ino, struct inode *ip);
int ext2fs_update(struct vnode *vp, int waitfor);
int ext2fs_iupdate(struct inode *ip, int waitfor);
int ext2fs_update_dirop(struct inode *ip);
int ext2fs_iupdate_unlinked(struct inode *ip);
bool ext2fs_isfastlink(const struct inode *ip);
void ext2fs_itimes(struct inode *ip);
void ext2fs_itimes_locked(struct inode *ip);
void ext2fs_accessed(struct inode *ip);
int ext2fs_icheck(struct inode *ip, const char **why);
int ext2fs_truncate(struct vnode *vp, off_t length, int ioflag,
    kauth_cred_t cred);
int ext2fs_fdiscard(struct vop_fdiscard_args *ap);
uint64_t ext2fs_getsize(struct inode *ip);
void ext2fs_setsize(struct inode *ip, uint64_t size);
void ext2fs_addblocks(struct inode *ip, int64_t nfsblocks);
int ext2fs_corrupt(struct inode *ip, const char *what);

/* ext2fs_bmap.c */
int ext2fs_bmap_lookup(struct inode *ip, uint64_t lbn, uint64_t *pbn,
    int *runp);
bool ext2fs_blk_valid(const struct m_ext2fs *fs, uint64_t b);
void ext2fs_bmap_forget(struct inode *ip);
/* ext2fs_extents.c */
int ext2fs_extent_lookup(struct inode *ip, uint64_t lbn, uint64_t *pbn,
    int *runp);
int ext2fs_extent_check_root(struct inode *ip);

/* ext2fs_alloc.c */
int ext2fs_blkalloc(struct inode *ip, uint64_t goal, uint64_t *bnp);
int ext2fs_blkalloc_run(struct inode *ip, uint64_t goal, uint32_t want,
    uint64_t *bnp, uint32_t *gotp);
void ext2fs_blkfree(struct ext2fs_mount *ump, uint64_t bno);
int ext2fs_inoalloc(struct inode *pip, int mode, ino_t *inop);
void ext2fs_inofree(struct ext2fs_mount *ump, ino_t ino, int mode);
/* ext2fs_balloc.c */
int ext2fs_balloc(struct inode *ip, uint64_t lbn, kauth_cred_t cred,
    uint64_t *pbnp, bool *newp);
int ext2fs_free_range(struct inode *ip, uint64_t from, uint64_t to,
    struct genfs_freelist *fl);
void ext2fs_prealloc_begin(struct inode *ip, uint64_t off, uint64_t len);
void ext2fs_prealloc_end(struct inode *ip);
/* blocks freed once the inode no longer naming them is on disk */
void ext2fs_freelist_init(struct genfs_freelist *fl, struct inode *ip);
int ext2fs_freelist_commit(struct inode *ip, struct genfs_freelist *fl);

/* ext2fs_lookup.c / ext2fs_dirops.c */
struct ext2fs_slot {
	uint32_t sl_off;	/* offset of the found entry */
	uint32_t sl_prevoff;	/* its predecessor in the block, or sl_off */
	uint32_t sl_ino;
	uint8_t sl_type;
};
int ext2fs_dirfind(struct vnode *dvp, const char *name, size_t namelen,
    struct ext2fs_slot *sl);
/*
 * Is the parsed record de, at offset off of directory dp and in place idx
 * (ext2fs_dirent_namecheck), a live entry with a bad name?  Such an entry
 * is hidden: readdir skips it, no lookup matches it, it keeps its
 * directory from being empty.  Said on the console once per directory.
 */
struct ext2fs_dent;
bool ext2fs_dent_hidden(struct inode *dp, const struct ext2fs_dent *de,
    uint64_t off, unsigned idx);
int ext2fs_direnter(struct vnode *dvp, const char *name, size_t namelen,
    ino_t ino, int mode, kauth_cred_t cred);
/* the entry of slot sl, checked (ext2fs_dirops.c), and its removal from
 * a block in memory */
int ext2fs_slot_read(struct vnode *dvp, const struct ext2fs_slot *sl,
    const char *what, struct buf **bpp, uint32_t *inb,
    struct ext2fs_dent *de);
int ext2fs_slot_drop(struct inode *dp, uint8_t *blk, uint32_t pinb,
    uint32_t inb, const struct ext2fs_dent *de);
int ext2fs_dirremove(struct vnode *dvp, const struct ext2fs_slot *sl);
int ext2fs_dirrewrite(struct vnode *dvp, const struct ext2fs_slot *sl,
    ino_t ino, int mode);
int ext2fs_dirempty(struct vnode *vp, ino_t parent, bool *empty);
int ext2fs_dirinit(struct vnode *vp, ino_t parent, kauth_cred_t cred);
int ext2fs_blkread(struct vnode *vp, uint64_t lbn, struct buf **bpp);
/* a changed directory block out, in the order the mount asks */
void ext2fs_dir_write(struct inode *dp, struct buf *bp);
/* tell dp's index (if any) of block lbn: the entry added at in-block
 * offset off (name non-NULL) and the block's free space */
void ext2fs_dir_index(struct inode *dp, uint64_t lbn, const uint8_t *blk,
    const char *name, size_t namelen, uint32_t off);
/* ext2fs_dirlocal.c: a rename inside one block, in one write: 0, or
 * ENOSPC when it cannot be (then the two-step rename) */
int ext2fs_dirrename_local(struct vnode *dvp, const struct ext2fs_slot *fsl,
    const struct ext2fs_slot *tsl, const char *name, size_t namelen,
    int mode);
/* ext2fs_dirhash.c: a large directory's index, NULL while there is none
 * (small, damaged, or no memory for it): then the blocks are scanned */
struct genfs_dirhash *ext2fs_dirhash(struct inode *dp);
void ext2fs_dirhash_drop(struct inode *dp);
uint32_t ext2fs_dirhash_blkfree(const struct m_ext2fs *fs, const uint8_t *blk);

/* ext2fs_vnops.c and friends: the VOPs other files refer to */
int ext2fs_lookup(struct vop_lookup_args *);
int ext2fs_readdir(struct vop_readdir_args *);
int ext2fs_read(struct vop_read_args *);
int ext2fs_write(struct vop_write_args *);
int ext2fs_rename(struct vop_rename_args *);
int ext2fs_bmap(struct vop_bmap_args *);
int ext2fs_fsync(struct vop_fsync_args *);
int ext2fs_inactive(struct vop_inactive_args *);
int ext2fs_reclaim(struct vop_reclaim_args *);
int ext2fs_getattr(struct vop_getattr_args *);
int ext2fs_setattr(struct vop_setattr_args *);
int ext2fs_getextattr(struct vop_getextattr_args *);
int ext2fs_listextattr(struct vop_listextattr_args *);
int ext2fs_create(struct vop_create_args *);
int ext2fs_mknod(struct vop_mknod_args *);
int ext2fs_mkdir(struct vop_mkdir_args *);
int ext2fs_symlink(struct vop_symlink_args *);
int ext2fs_remove(struct vop_remove_args *);
int ext2fs_rmdir(struct vop_rmdir_args *);
int ext2fs_link(struct vop_link_args *);
int ext2fs_access(struct vop_access_args *);
int ext2fs_accessx(struct vnode *vp, int mode, kauth_cred_t cred);
int ext2fs_writeuio(struct vnode *vp, struct uio *uio, int ioflag,
    kauth_cred_t cred);
void ext2fs_setrdev(struct inode *ip, dev_t rdev);
dev_t ext2fs_rdev(const struct inode *ip);
int ext2fs_xattr_release(struct inode *ip);

#endif /* _EXT2FS_H_ */
