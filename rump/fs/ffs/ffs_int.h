/*
 * The FFS driver's in-core structures: the mount (struct ufsmount) and
 * the inode hanging off each vnode (struct inode).  Kernel only.
 */
#ifndef _UFS_FFS_INT_H_
#define _UFS_FFS_INT_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/mount.h>
#include <sys/mutex.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/genfs.h>
#include <sys/genfs_node.h>
#include <sys/genfs_dirhash.h>
#include <sys/genfs_freelist.h>

#include "ffs_fs.h"
#include "ffs_bswap.h"
#include "ufs_dinode.h"
#include "ufs_dir.h"

struct ufsmount {
	struct mount *um_mountp;
	struct vnode *um_devvp;		/* the block device, opened */
	struct fs *um_fs;		/* superblock, host order */
	int64_t um_sbloc;		/* where it was found */
	uint64_t um_mediasize;		/* bytes, from DIOCGMEDIASIZE */
	uint64_t um_ninodes;		/* ncg * ipg */
	bool um_needswap;		/* image byte order is not ours */
	bool um_ufs2;
	bool um_oldfmt;			/* 4.2BSD directory entries */
	bool um_ronly;
	int um_maxsymlinklen;
	bool um_wasclean;		/* clean when mounted read-write */
	bool um_devopen_rw;		/* device opened with FWRITE */
	struct csum *um_csum;		/* per-cg summaries, host order */
	kmutex_t um_lock;		/* cg maps, summaries, superblock */
	char um_fspec[64];		/* for console messages */
};

struct inode {
	struct vnode *i_vnode;
	struct ufsmount *i_ump;
	struct fs *i_fs;
	ino_t i_number;			/* the vcache key */
	struct ufs_dino i_din;		/* host order */
	int i_flag;			/* IN_* (sys/genfs_node.h) */
	uint64_t i_dsize;		/* size and blocks as last stored */
	uint64_t i_dblocks;		/* (fdatasync skips a same inode) */
	unsigned int i_badent;		/* directory: hidden entry reported */
	struct genfs_dirhash *i_dirhash; /* large directory: its index */
};

/* chflags(2) flags kept in di_flags */
#define UF_IMMUTABLE	0x00000002
#define UF_APPEND	0x00000004
#define SF_IMMUTABLE	0x00020000
#define SF_APPEND	0x00040000
#define UFS_APPENDONLY	(UF_APPEND | SF_APPEND)
#define UFS_NOUNLINK	(UF_IMMUTABLE | UF_APPEND | SF_IMMUTABLE | SF_APPEND)
#define UFS_LINK_MAX	32767

#define VTOI(vp)	((struct inode *)(vp)->v_data)
#define ITOV(ip)	((ip)->i_vnode)
#define VFSTOUFS(mp)	((struct ufsmount *)(mp)->mnt_data)

/* file handle: inode number and generation */
struct ufid {
	uint64_t ufid_ino;
	uint32_t ufid_gen;
	uint32_t ufid_pad;
};

extern const struct vnodeops ffs_vnodeops;

/* ffs_inode.c */
int ffs_loadvnode(struct mount *, struct vnode *, const void *, size_t,
    const void **);
int ffs_inactive(struct vop_inactive_args *);
int ffs_reclaim(struct vop_reclaim_args *);
bool ffs_is_shortlink(const struct inode *);
int ffs_readino(struct ufsmount *, ino_t, struct inode *);
int ffs_newvnode(struct mount *, struct vnode *, struct vnode *,
    struct vattr *, kauth_cred_t, void *, size_t *, const void **);

/* ffs_bmap.c: file block lbn -> fragment address (0: hole) */
int ufs_bmap_frag(struct inode *, int64_t lbn, int64_t *fragp);
/* an indirect block, read busy; its entry idx */
int ffs_indir_read(struct ufsmount *, int64_t blk, struct buf **bpp);
int64_t ffs_indir_entry(const struct ufsmount *, const void *data,
    int64_t idx);
int ufs_bmap(struct vop_bmap_args *);

/* ffs_readwrite.c */
int ffs_read(struct vop_read_args *);
int ffs_write(struct vop_write_args *);
int ufs_writedata(struct inode *, struct uio *, int ioflag, kauth_cred_t);
/* read [off, off+len) of a file into kernel memory (directory, symlink) */
int ufs_readblk(struct inode *, int64_t lbn, struct buf **bpp);

int ufs_readlink(struct vop_readlink_args *);

/*
 * ffs_dirent.c: walk a directory's entries from byte offset start.  fn
 * gets each live entry with its offset; a non-zero return stops the walk
 * and is returned (UFS_DIR_STOP: stop, success).  A malformed record or
 * a hole is EIO with a console line; an entry with a bad name is skipped.
 */
#define UFS_DIR_STOP	(-1)
typedef int (*ufs_dirfn_t)(void *arg, const struct ufs_dent *de, int64_t off);
int ufs_dir_walk(struct inode *dp, int64_t start, ufs_dirfn_t fn, void *arg);
/*
 * A live entry whose name fails ufs_dent_namecheck is hidden: readdir
 * skips it, no lookup matches it, it keeps its directory from being
 * empty.  Said on the console once per directory.
 */
void ufs_dent_hidden(struct inode *dp, int64_t off, const char *why);

/* ffs_vnops_ns.c, ffs_rename.c */
int ufs_create(struct vop_create_args *);
int ufs_mknod(struct vop_mknod_args *);
int ufs_mkdir(struct vop_mkdir_args *);
int ufs_symlink(struct vop_symlink_args *);
int ufs_remove(struct vop_remove_args *);
int ufs_link(struct vop_link_args *);
int ufs_rmdir(struct vop_rmdir_args *);
int ufs_rename(struct vop_rename_args *);

/* ffs_extattr.c: UFS2 extended attributes, read only */
int ufs_getextattr(struct vop_getextattr_args *);
int ufs_listextattr(struct vop_listextattr_args *);

/* ffs_lookup.c */
int ufs_lookup(struct vop_lookup_args *);
/* ffs_readdir.c */
int ufs_readdir(struct vop_readdir_args *);

/* ffs_mountfs.c: read and vet the superblock, apply the mount policy */
int ffs_mountfs(struct vnode *devvp, struct mount *mp, const char *fspec,
    const char *path);
int ffs_policy(struct ufsmount *, int mntflag);
int ffs_markdirty(struct ufsmount *, const char *path);
void ffs_freemount(struct ufsmount *);
int ffs_flushall(struct ufsmount *, bool clean);

/* ffs_alloc.c: allocation; sizes in bytes, addresses in fragments */
int ffs_alloc(struct inode *, int64_t pref, int size, int64_t *bnp);
int ffs_realloccg(struct inode *, int64_t bprev, int64_t pref, int osize,
    int nsize, int64_t *bnp, struct genfs_freelist *);
void ffs_blkfree(struct ufsmount *, int64_t bno, int size, ino_t owner);
int ffs_valloc(struct inode *dp, bool isdir, ino_t *inop);
void ffs_vfree(struct ufsmount *, ino_t, bool isdir);
int64_t ffs_blkpref(struct inode *, int64_t lbn);
/* write the summary array and the superblock (waitfor: synchronous) */
int ffs_sbupdate(struct ufsmount *, bool waitfor);

/* ffs_balloc.c: the block of lbn, allocated, sized for [off, off+len) */
int ffs_balloc(struct inode *, int64_t off, int len, kauth_cred_t,
    int flags, struct buf **bpp);
#define B_CLRBUF	0x01		/* the buffer must hold valid data */
#define B_SYNC		0x02		/* indirect blocks written at once */
/* grow direct block lbn from osize to nsize bytes; its buffer back */
int ffs_growblk(struct inode *, int64_t lbn, int osize, int nsize,
    kauth_cred_t, struct buf **bpp);

/* ffs_truncate.c */
int ffs_truncate(struct inode *, uint64_t length, kauth_cred_t);
int ffs_shrinkblk(struct inode *, int64_t lbn, int cur, int nsz);
int ffs_punch(struct inode *, uint64_t pos, uint64_t len);

/*
 * Write ordering, without soft updates or a log: after a crash the image
 * is repairable by preen alone if a new inode reaches it before the entry
 * naming it, an entry leaves it before its inode or blocks are freed, a
 * renamed entry is in its new place before it leaves the old, and a block
 * is freed only once no pointer on disk names it.  Those writes are
 * synchronous (they reach the host before the next step; the host's cache
 * is flushed only by fsync, sync and unmount).  -o async drops the
 * ordering (a crash may need fsck -y); -o sync makes every write
 * synchronous.
 */
static inline bool
ffs_ordered(const struct ufsmount *ump)
{
	return (ump->um_mountp->mnt_flag & MNT_ASYNC) == 0;
}

static inline bool
ffs_syncmount(const struct ufsmount *ump)
{
	return (ump->um_mountp->mnt_flag & MNT_SYNCHRONOUS) != 0;
}

/* bwrite when the order needs it (or -o sync), bdwrite otherwise */
void ffs_metawrite(struct ufsmount *, struct buf *, bool ordered);

/*
 * Blocks to free once the inode and indirect blocks no longer naming
 * them are on disk (sys/genfs_freelist.h; at once in async mode).
 */
void ffs_freelist_init(struct genfs_freelist *, struct inode *);
/* write the inode (new pointers and size set), then free the list */
int ffs_freelist_commit(struct inode *, struct genfs_freelist *);

/* ffs_update.c: write the inode to its block */
int ffs_update(struct inode *, bool waitfor);
/* for a directory operation: synchronous when ordered */
int ffs_update_dirop(struct inode *);
void ufs_itimes(struct inode *);

/* ffs_dirops.c: modify directory entries (dp locked exclusive) */
/* ordered: the changed block reaches the disk before they return */
int ufs_direnter(struct inode *dp, const char *name, size_t len, ino_t ino,
    uint8_t type, bool ordered);
int ufs_dirremove(struct inode *dp, const char *name, size_t len,
    ino_t ino);
int ufs_dirrewrite(struct inode *dp, const char *name, size_t len,
    ino_t newino, uint8_t newtype);
int ufs_dirempty(struct inode *dp, ino_t parent, bool *emptyp);
int ufs_dirlookup(struct inode *dp, const char *name, size_t len,
    ino_t *inop);
uint8_t ufs_mode2dtype(uint16_t mode);
/*
 * Visit the entries of dp (or of its block lbn) one directory block at a
 * time, with the buffer: fn returns 1 when it has used (and released or
 * kept) bp, -1 when done with bp released; ENOENT when no fn was done.
 */
struct dirpos {
	struct buf *bp;
	uint32_t off;		/* of the entry in the buffer */
	uint32_t prev;		/* previous entry in its chunk, or ~0 */
	uint32_t len;		/* bytes of the buffer in the directory */
	int64_t base;		/* directory offset of the buffer */
	unsigned idx;		/* record's place: 0, 1, 2 for any later */
	bool hidden;		/* live, with a bad name (ufs_dent_namecheck) */
	struct ufs_dent de;
};
typedef int (*dirvisit_t)(struct inode *dp, struct dirpos *pos, void *arg);
int ufs_dir_visit(struct inode *dp, dirvisit_t fn, void *arg);
int ufs_dir_visit_block(struct inode *dp, int64_t lbn, dirvisit_t fn,
    void *arg);

/* ffs_dirhash.c: a large directory's index, NULL while there is none
 * (small, damaged, no memory for it): then every block is visited */
struct genfs_dirhash *ffs_dirhash(struct inode *dp);
void ffs_dirhash_drop(struct inode *dp);
/* what changed in the block at pos: the entry added at off (name
 * non-NULL) and the block's free space */
void ffs_dirhash_update(struct inode *dp, const struct dirpos *pos,
    const char *name, size_t len, int64_t off);

/* ffs_fsync.c */
int ufs_fsync(struct vop_fsync_args *);

/* ffs_vfsops.c */
void ffs_corrupt(struct ufsmount *, const char *fmt, ...) __printflike(2, 3);

#endif /* _UFS_FFS_INT_H_ */
