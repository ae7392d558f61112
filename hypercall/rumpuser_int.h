/*
 * Internal declarations shared by the hypercall sources.  Nothing here
 * crosses the rumpuser interface.
 */
#ifndef RUMPUSER_INT_H
#define RUMPUSER_INT_H

#include <pthread.h>
#include <stdint.h>
#include <sys/types.h>

#include <rump/rumpuser.h>

/* The upcalls recorded by rumpuser_init(); either may be NULL. */
extern struct rumpuser_hyperup rumpuser__hyp;

/* Release / re-take the rump CPU around a blocking host call. */
void rumpuser__unschedule(void);
void rumpuser__schedule(void);

/* Host errno -> kernel errno; anything unexpected becomes EIO. */
int rumpuser__errtrans(int error);
void rumpuser__mem_init(void);

/* Flush what rumpuser_putchar() buffered for this thread. */
void rumpuser__flushcons(void);

struct rumpuser_mtx {
	pthread_mutex_t	m_mtx;
	struct lwp	*m_owner;	/* curlwp of the holder, or NULL */
	int		m_flags;	/* RUMPUSER_MTX_* */
};

/* Take / drop the host mutex and keep the owner field right. */
void rumpuser__mtx_lock(struct rumpuser_mtx *);
void rumpuser__mtx_unlock(struct rumpuser_mtx *);

/*
 * Per-descriptor state for files opened with rumpuser_open(): the block
 * backend chosen at open time and, for RUMPUSER_OPEN_DIR, the directory
 * stream.  Looked up by host fd.
 */
struct rumpuser_fdinfo;

struct rumpuser_blkops {
	const char *bo_name;
	/* Transfer len bytes at off; *donep gets the count moved. */
	int (*bo_rw)(struct rumpuser_fdinfo *, int op, void *buf,
	    size_t len, int64_t off, size_t *donep);
	/* The file's size changed underneath (truncate). */
	void (*bo_resize)(struct rumpuser_fdinfo *, uint64_t size);
	void (*bo_fini)(struct rumpuser_fdinfo *);
};

struct rumpuser_fdinfo {
	int		fi_fd;
	int		fi_mode;	/* RUMPUSER_OPEN_* given at open */
	const struct rumpuser_blkops *fi_ops;
	void		*fi_priv;	/* backend state */
	void		*fi_dir;	/* DIR * for RUMPUSER_OPEN_DIR */
	int64_t		fi_dirpos;	/* cookie fi_dir is at */
	pthread_mutex_t	fi_lock;	/* serialises directory reads */
};

int rumpuser__fd_insert(struct rumpuser_fdinfo *);
struct rumpuser_fdinfo *rumpuser__fd_lookup(int fd);
struct rumpuser_fdinfo *rumpuser__fd_remove(int fd);

extern const struct rumpuser_blkops rumpuser__blk_buffered;
extern const struct rumpuser_blkops rumpuser__blk_direct;
extern const struct rumpuser_blkops rumpuser__blk_mmap;

int rumpuser__blk_direct_init(struct rumpuser_fdinfo *);
int rumpuser__blk_mmap_init(struct rumpuser_fdinfo *);
int rumpuser__blk_direct_active(struct rumpuser_fdinfo *);

/* Do one transfer on fd through its backend (buffered if none). */
int rumpuser__blk_rw(int fd, int op, void *buf, size_t len, int64_t off,
    size_t *donep);

/* The whole-file range lock of RUMPUSER_OPEN_BIO. */
int rumpuser__rangelock(int fd, const char *name, int writable);
void rumpuser__rangeunlock(int fd);

/*
 * The RUMP_CRASH_AFTER_WRITES test knob (rumpuser_crash.c): when armed,
 * every block write calls enter before and leave after the host write.
 */
extern int rumpuser__crash_armed;
void rumpuser__crash_init(void);
void rumpuser__crash_enter(void);
void rumpuser__crash_leave(void);

/* Size of an open file or block device. */
int rumpuser__fdsize(int fd, uint64_t *sizep);

#endif /* RUMPUSER_INT_H */
