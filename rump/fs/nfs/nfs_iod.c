/*
 * The I/O helpers: a queue of jobs and NFS_NIOD kernel threads taking
 * them.  The caller of nfs_iod_run runs its first job itself, then any
 * of its jobs no helper has taken yet, then waits: a request never
 * waits for helpers busy with someone else's.  Without helpers (they
 * could not be made) everything runs in the caller.  A job may also be
 * queued alone (read-ahead, write-behind) and waited for later.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kthread.h>

#include "nfs_iod.h"

static void
iod_main(void *arg)
{
	struct nfs_iod *io = arg;
	struct nfs_iojob *j;

	mutex_enter(&io->io_lock);
	for (;;) {
		while (io->io_head == NULL && !io->io_stop)
			cv_wait(&io->io_work, &io->io_lock);
		if (io->io_stop)
			break;
		j = io->io_head;
		io->io_head = j->j_next;
		j->j_state = NFS_JRUNNING;
		mutex_exit(&io->io_lock);
		j->j_fn(j);
		mutex_enter(&io->io_lock);
		j->j_state = NFS_JDONE;
		cv_broadcast(&io->io_done);
	}
	mutex_exit(&io->io_lock);
	kthread_exit(0);
}

void
nfs_iod_start(struct nfs_iod *io)
{
	unsigned i;

	memset(io, 0, sizeof(*io));
	mutex_init(&io->io_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&io->io_work, "nfsiodw");
	cv_init(&io->io_done, "nfsiodd");
	for (i = 0; i < NFS_NIOD; i++) {
		if (kthread_create(PRI_BIO, KTHREAD_MUSTJOIN | KTHREAD_MPSAFE,
		    NULL, iod_main, io, &io->io_lwps[i], "nfsiod%u", i) != 0)
			break;
		io->io_nthreads++;
	}
}

void
nfs_iod_stop(struct nfs_iod *io)
{
	unsigned i;

	mutex_enter(&io->io_lock);
	io->io_stop = true;
	cv_broadcast(&io->io_work);
	mutex_exit(&io->io_lock);
	for (i = 0; i < io->io_nthreads; i++)
		(void)kthread_join(io->io_lwps[i]);
	cv_destroy(&io->io_done);
	cv_destroy(&io->io_work);
	mutex_destroy(&io->io_lock);
}

/* take job j off the queue if it is still there */
static bool
iod_unqueue(struct nfs_iod *io, struct nfs_iojob *j)
{
	struct nfs_iojob **pp;

	for (pp = &io->io_head; *pp != NULL; pp = &(*pp)->j_next) {
		if (*pp == j) {
			*pp = j->j_next;
			j->j_state = NFS_JRUNNING;
			return true;
		}
	}
	return false;
}

void
nfs_iod_queue(struct nfs_iod *io, struct nfs_iojob *j)
{
	struct nfs_iojob **tail;

	if (io->io_nthreads == 0) {
		j->j_fn(j);
		j->j_state = NFS_JDONE;
		return;
	}
	mutex_enter(&io->io_lock);
	for (tail = &io->io_head; *tail != NULL; tail = &(*tail)->j_next)
		continue;
	j->j_state = NFS_JQUEUED;
	j->j_next = NULL;
	*tail = j;
	cv_signal(&io->io_work);
	mutex_exit(&io->io_lock);
}

/* j done: by a helper, or here if none took it (and run) */
static void
iod_finish(struct nfs_iod *io, struct nfs_iojob *j, bool run)
{
	mutex_enter(&io->io_lock);
	if (iod_unqueue(io, j)) {
		mutex_exit(&io->io_lock);
		if (run)
			j->j_fn(j);
		mutex_enter(&io->io_lock);
		j->j_state = NFS_JDONE;
	}
	while (j->j_state != NFS_JDONE)
		cv_wait(&io->io_done, &io->io_lock);
	mutex_exit(&io->io_lock);
}

void
nfs_iod_wait(struct nfs_iod *io, struct nfs_iojob *j)
{
	iod_finish(io, j, true);
}

void
nfs_iod_cancel(struct nfs_iod *io, struct nfs_iojob *j)
{
	iod_finish(io, j, false);
}

void
nfs_iod_run(struct nfs_iod *io, struct nfs_iojob **jobs, unsigned n)
{
	unsigned i;

	for (i = 1; i < n; i++)
		nfs_iod_queue(io, jobs[i]);
	jobs[0]->j_fn(jobs[0]);
	for (i = 1; i < n; i++)
		nfs_iod_wait(io, jobs[i]);
}
