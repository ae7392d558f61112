/*
 * The buffer cache.
 *
 * A buffer caches one block of a vnode: for a device vnode, b_lblkno is in
 * DEV_BSIZE units (bread(devvp, fsbtodb(fs, bno), fs_bsize, ...)); for a
 * file vnode it is the file's logical block number in the fs's units, and
 * VOP_STRATEGY on the file (the fs's own strategy) maps it with VOP_BMAP to
 * b_blkno on the device.  getblk/bread return the buffer busy (owned by
 * the caller); brelse, bwrite, bawrite and bdwrite give it back.  Buffers are
 * bounded by the kernel memory limit (kmem reclaim hook) and a cache size.
 * Delayed writes are written by the syncer after a few seconds, clustered
 * with their contiguous dirty neighbours, and by vflushbuf/vfs_sync.
 */
#ifndef _SYS_BUF_H_
#define _SYS_BUF_H_

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/condvar.h>
#include <sys/kauth.h>

struct vnode;

struct buf {
	/*
	 * Owned by someone (bio_lock; kept out of b_flags so that others
	 * may test it while the owner changes its own flags unlocked).
	 */
	bool b_busy;
	int b_flags;
#define B_DONE		0x0002	/* contents valid */
#define B_DELWRI	0x0004	/* dirty, write later */
#define B_INVAL		0x0008	/* does not hold valid data */
#define B_READ		0x0010	/* I/O direction: read */
#define B_WRITE		0x0000
#define B_ASYNC		0x0020	/* don't wait for I/O completion */
#define B_ERROR		0x0040	/* b_error is set */
#define B_NOCACHE	0x0080	/* release to the free pool, not the cache */
#define B_AGE		0x0100	/* reuse soon */
#define B_LOCKED	0x0200	/* must stay in memory */
#define B_CLUSTER	0x0400	/* part of a clustered transfer */
#define B_MANAGED	0x0800	/* belongs to the buffer cache */
	int b_error;
	struct vnode *b_vp;		/* whose block */
	daddr_t b_lblkno;		/* logical block on b_vp */
	daddr_t b_blkno;		/* device block, DEV_BSIZE units */
	dev_t b_dev;			/* device, for the driver */
	void *b_data;
	size_t b_bcount;		/* valid bytes */
	size_t b_bufsize;		/* allocated bytes */
	size_t b_resid;			/* bytes not transferred */
	void (*b_iodone)(struct buf *);	/* called by biodone, if set */
	void *b_private;
	kcondvar_t b_busycv;		/* waiting for b_busy to clear */
	kcondvar_t b_donecv;		/* waiting for B_DONE/biodone */
	int b_iodone_called;
	int64_t b_dirtytime;		/* when B_DELWRI was set (mono ns) */
	TAILQ_ENTRY(buf) b_vnbufs;	/* on v_cleanblkhd/v_dirtyblkhd */
	TAILQ_ENTRY(buf) b_freelist;	/* LRU */
	struct buf *b_hashnext;
};

/* flags for bread/getblk */
#define BC_NOCACHE	0x01
#define BC_BUSY_NOWAIT	0x02

int bread(struct vnode *vp, daddr_t blkno, int size, int flags,
    struct buf **bpp);
int breadn(struct vnode *vp, daddr_t blkno, int size, const daddr_t *rablks,
    const int *rasizes, int nrablks, int flags, struct buf **bpp);
/* NULL only if memory is exhausted */
struct buf *getblk(struct vnode *vp, daddr_t blkno, int size, int slpflag,
    int slptimeo);
struct buf *geteblk(int size);		/* anonymous buffer */
struct buf *incore(struct vnode *vp, daddr_t blkno);
int allocbuf(struct buf *bp, int size, int preserve);
void brelse(struct buf *bp, int set);
int bwrite(struct buf *bp);		/* synchronous; returns the error */
void bawrite(struct buf *bp);		/* asynchronous */
void bdwrite(struct buf *bp);		/* delayed */
int biowait(struct buf *bp);
void biodone(struct buf *bp);
/* a private (non-cached) buffer for raw device I/O */
struct buf *getiobuf(struct vnode *vp, bool waitok);
void putiobuf(struct buf *bp);

/* write all dirty buffers of vp; FSYNC_WAIT waits for them */
int vflushbuf(struct vnode *vp, int flags);
/* invalidate all buffers of vp (V_SAVE writes dirty ones first) */
#define V_SAVE	0x0001
int vinvalbuf(struct vnode *vp, int flags, kauth_cred_t cred, bool catch_p,
    int slptimeo);
/* discard buffers of vp from logical block lbn on (truncation) */
int vtruncbuf(struct vnode *vp, daddr_t lbn, bool catch_p, int slptimeo);

/* statistics and limits */
void bufcache_setmax(size_t bytes);
size_t bufcache_inuse(void);

#endif /* _SYS_BUF_H_ */
