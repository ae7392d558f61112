/*
 * Advisory locks as FUSE defines them, on the kernel's lockf.
 *
 * POSIX (fcntl) locks belong to a lock owner (the host process's file
 * table): FUSE sends a flush with that owner on every close(2), and a
 * close drops all of the owner's locks on the file, as on a local file
 * system.  flock locks belong to the open file description: FUSE marks
 * its last release with flock_release.  A lock request that waits is
 * interruptible (p2k_intr.c): Ctrl-C on the waiting program, or the
 * server's shutdown, ends it with EINTR.
 */
#include <sys/file.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

#define P2K_OWNER(fi)	((void *)(uintptr_t)(fi)->lock_owner)

static void
p2k_fl_to_rump(const struct flock *lock, struct rump_flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = lock->l_type;
	fl->l_whence = SEEK_SET;
	fl->l_start = lock->l_start;
	fl->l_len = lock->l_len;
	fl->l_pid = lock->l_pid;
}

/* a lock request; one that may wait can be interrupted */
static int
p2k_advlock(fuse_req_t req, struct vnode *vp, void *owner, int op,
    struct rump_flock *fl, int flags)
{
	struct p2k_wait w;
	int error;

	if (!(flags & RUMP_F_WAIT))
		return RUMP_VOP_ADVLOCK(vp, owner, op, fl, flags);
	p2k_wait_begin(req, &w);
	error = RUMP_VOP_ADVLOCK(vp, owner, op, fl, flags);
	p2k_wait_end(req, &w);
	/*
	 * Not the caller's signal but our shutdown: the host kernel would
	 * restart the call on EINTR (and leak ERESTARTSYS to the caller).
	 */
	if (error == EINTR && !fuse_req_interrupted(req))
		error = ENOTCONN;
	return error;
}

struct p2k_lockwait {
	fuse_req_t lw_req;
	struct vnode *lw_vp;
	void *lw_owner;
	struct rump_flock lw_fl;
	int lw_flags;
};

static void *
p2k_lockwait(void *arg)
{
	struct p2k_lockwait *lw = arg;
	struct p2k_mount *p2m = P2M(lw->lw_req);

	fuse_reply_err(lw->lw_req, p2k_advlock(lw->lw_req, lw->lw_vp,
	    lw->lw_owner, F_SETLK, &lw->lw_fl, lw->lw_flags));
	p2k_vput(lw->lw_vp);
	free(lw);
	__atomic_sub_fetch(&p2m->p2m_lockthreads, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * Answer a set-lock request on vp (a reference, which this drops).  A
 * single-threaded server waits in a thread of its own: its one thread
 * must stay free to read the interrupt.
 */
static void
p2k_setlock_reply(fuse_req_t req, struct vnode *vp, void *owner, int op,
    struct rump_flock *fl, int flags)
{
	struct p2k_lockwait *lw;
	pthread_attr_t attr;
	pthread_t t;

	if (!(flags & RUMP_F_WAIT) || !P2M(req)->p2m_singlethread ||
	    (lw = malloc(sizeof(*lw))) == NULL) {
		fuse_reply_err(req, p2k_advlock(req, vp, owner, op, fl,
		    flags));
		p2k_vput(vp);
		return;
	}
	*lw = (struct p2k_lockwait){ req, vp, owner, *fl, flags };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	__atomic_add_fetch(&P2M(req)->p2m_lockthreads, 1, __ATOMIC_RELAXED);
	if (pthread_create(&t, &attr, p2k_lockwait, lw) != 0) {
		__atomic_sub_fetch(&P2M(req)->p2m_lockthreads, 1,
		    __ATOMIC_RELAXED);
		free(lw);
		fuse_reply_err(req, p2k_advlock(req, vp, owner, op, fl,
		    flags));
		p2k_vput(vp);
	}
	pthread_attr_destroy(&attr);
}

/* drop every lock of one kind that owner holds on vp (close, release) */
int
p2k_unlock_owner(struct vnode *vp, uint64_t owner, int kind)
{
	struct rump_flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_UNLCK;
	fl.l_whence = SEEK_SET;		/* from 0, length 0: the whole file */
	return RUMP_VOP_ADVLOCK(vp, (void *)(uintptr_t)owner, F_UNLCK, &fl,
	    kind);
}

static void
p2k_getlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    struct flock *lock)
{
	struct rump_flock fl;
	struct vnode *vp;
	int error;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	p2k_fl_to_rump(lock, &fl);
	error = RUMP_VOP_ADVLOCK(vp, P2K_OWNER(fi), F_GETLK, &fl,
	    RUMP_F_POSIX);
	p2k_vput(vp);
	if (error) {
		fuse_reply_err(req, error);
		return;
	}
	lock->l_type = fl.l_type;
	lock->l_start = fl.l_start;
	lock->l_len = fl.l_len;
	lock->l_pid = fl.l_pid;
	lock->l_whence = SEEK_SET;
	fuse_reply_lock(req, lock);
}

static void
p2k_setlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    struct flock *lock, int sleep)
{
	struct rump_flock fl;
	struct vnode *vp;
	int op;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	p2k_fl_to_rump(lock, &fl);
	op = lock->l_type == F_UNLCK ? F_UNLCK : F_SETLK;
	p2k_setlock_reply(req, vp, P2K_OWNER(fi), op, &fl,
	    RUMP_F_POSIX | (sleep && op == F_SETLK ? RUMP_F_WAIT : 0));
}

static void
p2k_flock(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    int op)
{
	struct rump_flock fl;
	struct vnode *vp;
	int how = op & ~LOCK_NB;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	memset(&fl, 0, sizeof(fl));
	fl.l_whence = SEEK_SET;
	fl.l_type = how == LOCK_SH ? F_RDLCK : how == LOCK_EX ? F_WRLCK :
	    F_UNLCK;
	p2k_setlock_reply(req, vp, P2K_OWNER(fi),
	    fl.l_type == F_UNLCK ? F_UNLCK : F_SETLK, &fl, RUMP_F_FLOCK |
	    ((op & LOCK_NB) || fl.l_type == F_UNLCK ? 0 : RUMP_F_WAIT));
}

void
p2k_ops_lock(struct fuse_lowlevel_ops *ops)
{
	ops->getlk = p2k_getlk;
	ops->setlk = p2k_setlk;
	ops->flock = p2k_flock;
}
