/*
 * I/O helpers (nfs_iod.c): a few kernel threads per mount that run the
 * pieces of one READ or WRITE request at the same time, so that a file
 * streams with several calls in flight (one per RPC channel).
 */
#ifndef _NFS_IOD_H_
#define _NFS_IOD_H_

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/condvar.h>

#define NFS_NIOD	3	/* helpers: the caller is one more */

enum nfs_jstate { NFS_JQUEUED, NFS_JRUNNING, NFS_JDONE };

/* the first member of a piece: what to run */
struct nfs_iojob {
	void		(*j_fn)(struct nfs_iojob *);
	struct nfs_iojob *j_next;
	enum nfs_jstate	j_state;
};

struct nfs_iod {
	kmutex_t	io_lock;
	kcondvar_t	io_work;	/* a job queued, or stop */
	kcondvar_t	io_done;	/* a job done */
	struct nfs_iojob *io_head;
	bool		io_stop;
	unsigned	io_nthreads;
	struct lwp	*io_lwps[NFS_NIOD];
};

void nfs_iod_start(struct nfs_iod *io);
void nfs_iod_stop(struct nfs_iod *io);
/* run the n jobs (some in helpers, some here); back when all are done */
void nfs_iod_run(struct nfs_iod *io, struct nfs_iojob **jobs, unsigned n);
/* queue j for a helper (without helpers: run it now) */
void nfs_iod_queue(struct nfs_iod *io, struct nfs_iojob *j);
/* back when queued j is done: run here if no helper took it yet */
void nfs_iod_wait(struct nfs_iod *io, struct nfs_iojob *j);
/* as nfs_iod_wait, but a job no helper took yet is not run at all */
void nfs_iod_cancel(struct nfs_iod *io, struct nfs_iojob *j);

#endif /* _NFS_IOD_H_ */
