/*
 * Private state of the buffer cache (vfs_bio*.c).
 *
 * One mutex, bio_lock, protects the hash, the queues, the per-vnode
 * buffer lists, b_busy, b_flags of unbusy buffers and the accounting.  A
 * buffer is owned by whoever set b_busy; nobody holds bio_lock across I/O or
 * memory allocation (the kmem reclaim hook takes it).
 *
 * Unbusy buffers sit on one queue through b_freelist: clean ones on
 * bio_lru (least recently used first), dirty ones on bio_dirtyq (files)
 * or bio_devdirtyq (devices: metadata, which can be written for memory
 * under any driver's lock, so it must be found without a walk past every
 * dirty file buffer), and dead ones that still have sleepers on
 * bio_zombies until they leave.
 */
#ifndef _RUMP_VFS_VFS_BIO_IMPL_H_
#define _RUMP_VFS_VFS_BIO_IMPL_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/queue.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/buf.h>
#include <sys/vnode.h>

/* private b_flags */
#define B_WERR		0x10000	/* delayed write failed; b_error */
#define B_ZOMBIE	0x20000	/* identity gone, sleepers on it */

TAILQ_HEAD(bio_queue, buf);

extern kmutex_t bio_lock;
extern kcondvar_t bio_outputcv;		/* some v_numoutput reached 0 */
extern struct bio_queue bio_lru, bio_dirtyq, bio_devdirtyq, bio_zombies;
extern size_t bio_mem;			/* data bytes of cached buffers */
extern int64_t bio_syncdelay_ns;	/* age before the syncer writes */
extern int64_t bio_syncperiod_ns;	/* how often the syncer runs */

/* vfs_bio.c */
void bio_init(void);
size_t bio_max(void);
void bio_unqueue_locked(struct buf *);
void bio_release_locked(struct buf *);
void bio_destroy_locked(struct buf *);
void bio_setdirty_locked(struct buf *);
void bio_setclean_locked(struct buf *);
struct buf *bio_lookup_locked(struct vnode *, daddr_t);
#define BIO_NOWAIT	0x01
int bio_getblk(struct vnode *, daddr_t, int, int, struct buf **);
bool bio_isdev(const struct vnode *);
struct bio_queue *bio_dirtyq_of(const struct buf *);
void bio_freebuf_data(struct buf *);
int64_t bio_now(void);

/* vfs_bio_mem.c */
void *bio_data_alloc(size_t, int, bool zero);
void bio_data_free(void *, size_t);
size_t bio_trim_locked(size_t target);
size_t bio_reclaim(size_t want);
void bio_makeroom(size_t want, bool canflush, bool devonly);

/* vfs_bio_pool.c: recycled headers, their condvars made */
void bio_pool_init(void);
void bio_hdr_reset(struct buf *);
struct buf *bio_pool_gethdr(int kmflags);
void bio_pool_puthdr(struct buf *);
size_t bio_pool_drain(void);

/* vfs_bio_io.c */
void bio_strategy(struct buf *);
void bio_write_finish(struct buf *);
void bio_readahead(struct vnode *, daddr_t, int);
void bio_seqra(struct vnode *, daddr_t, int);

/* vfs_bio_cluster.c: bps are pinned dirty buffers of vp; consumed */
#define BIO_CHUNK	512
void bio_writeout(struct vnode *, struct buf **, int, bool wait);
int bio_collect_locked(struct vnode *, struct buf **, int, int *errorp);
void bio_pin_locked(struct buf *);
void bio_unpin_locked(struct buf *);
void bio_readahead_range(struct vnode *, daddr_t, daddr_t, daddr_t, int);

/* vfs_bio_flush.c */
void bio_wait_output(struct vnode *);

/* vfs_bio_syncer.c */
void bio_syncer_start(void);
void bio_syncer_kick(void);
void bio_syncer_urge_locked(void);

#endif /* _RUMP_VFS_VFS_BIO_IMPL_H_ */
