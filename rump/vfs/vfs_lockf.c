/*
 * Advisory byte-range locks.  Each file's locks are a list of ranges
 * [lf_start, lf_end] (LF_EOF: to the end of the file, however long) with
 * an owner and a type.  One owner's ranges never overlap: setting a lock
 * first cuts the owner's old ranges out, then merges neighbours of the
 * same type.  Waiters sleep on one condition variable and re-check after
 * any change; each records the owner it waits for, which is what the
 * POSIX deadlock check follows.  The sleep is interruptible (EINTR): a
 * lock wait may last forever, and its caller must be able to give up.
 */
#include <sys/types.h>
#include <sys/fcntl.h>
#include <sys/kmem.h>
#include <sys/lockf.h>
#include <sys/lwp.h>
#include <sys/proc.h>

#include "vfs_impl.h"

#define LF_EOF		OFF_MAX
#define LF_MAXCHAIN	128	/* waits followed by the deadlock check */

struct lockf {
	struct lockf *lf_next;
	void *lf_id;
	off_t lf_start;
	off_t lf_end;
	pid_t lf_pid;
	short lf_type;		/* F_RDLCK, F_WRLCK */
	short lf_flags;		/* F_POSIX, F_FLOCK */
};

struct lf_waiter {
	TAILQ_ENTRY(lf_waiter) w_list;
	void *w_id;		/* who waits */
	void *w_blocker;	/* for whom */
};

static TAILQ_HEAD(, lf_waiter) lf_waiters =
    TAILQ_HEAD_INITIALIZER(lf_waiters);
static kmutex_t lf_lock;
static kcondvar_t lf_cv;

void
lf_init(void)
{

	mutex_init(&lf_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&lf_cv, "lockf");
}

static bool
lf_overlap(const struct lockf *l, off_t start, off_t end)
{

	return l->lf_start <= end && start <= l->lf_end;
}

/*
 * The lock blocking req, if any.  flock and POSIX locks never conflict
 * with each other, as on Linux: the programs served are Linux programs,
 * and some take both kinds of lock on one file.
 */
static struct lockf *
lf_conflict(struct lockf *head, const struct lockf *req)
{
	struct lockf *l;

	for (l = head; l != NULL; l = l->lf_next) {
		if (l->lf_id != req->lf_id && l->lf_flags == req->lf_flags &&
		    lf_overlap(l, req->lf_start, req->lf_end) &&
		    (req->lf_type == F_WRLCK || l->lf_type == F_WRLCK))
			return l;
	}
	return NULL;
}

/* would id waiting for blocker close a cycle of waits? */
static bool
lf_deadlock(void *id, void *blocker)
{
	struct lf_waiter *w;
	int i;

	for (i = 0; i < LF_MAXCHAIN; i++) {
		TAILQ_FOREACH(w, &lf_waiters, w_list) {
			if (w->w_id == blocker)
				break;
		}
		if (w == NULL)
			return false;
		if (w->w_blocker == id)
			return true;
		blocker = w->w_blocker;
	}
	return false;
}

/* remove id's ranges within [start, end]; *sparep may take a split off */
static void
lf_cut(struct lockf **head, void *id, off_t start, off_t end,
    struct lockf **sparep)
{
	struct lockf **pp, *l, *r;

	for (pp = head; (l = *pp) != NULL;) {
		if (l->lf_id != id || !lf_overlap(l, start, end)) {
			pp = &l->lf_next;
			continue;
		}
		if (l->lf_start < start && l->lf_end > end) {
			r = *sparep;
			*sparep = NULL;
			*r = *l;
			r->lf_start = end + 1;
			l->lf_end = start - 1;
			l->lf_next = r;
			return;
		}
		if (l->lf_start < start) {
			l->lf_end = start - 1;
			pp = &l->lf_next;
		} else if (l->lf_end > end) {
			l->lf_start = end + 1;
			pp = &l->lf_next;
		} else {
			*pp = l->lf_next;
			kmem_free(l, sizeof(*l));
		}
	}
}

static bool
lf_adjacent(const struct lockf *a, const struct lockf *b)
{

	return (a->lf_end != LF_EOF && a->lf_end + 1 == b->lf_start) ||
	    (b->lf_end != LF_EOF && b->lf_end + 1 == a->lf_start);
}

/* insert nl, absorbing the owner's touching ranges of the same type */
static void
lf_insert(struct lockf **head, struct lockf *nl)
{
	struct lockf **pp, *l;

	for (pp = head; (l = *pp) != NULL;) {
		if (l->lf_id == nl->lf_id && l->lf_type == nl->lf_type &&
		    lf_adjacent(l, nl)) {
			nl->lf_start = MIN(nl->lf_start, l->lf_start);
			nl->lf_end = MAX(nl->lf_end, l->lf_end);
			*pp = l->lf_next;
			kmem_free(l, sizeof(*l));
			pp = head;	/* the grown range may touch more */
			continue;
		}
		pp = &l->lf_next;
	}
	nl->lf_next = *head;
	*head = nl;
}

static int
lf_setlock(struct lockf **head, struct lockf *nl, int flags,
    struct lockf **sparep)
{
	struct lf_waiter w;
	struct lockf *blk;
	int error;

	w.w_id = nl->lf_id;
	while ((blk = lf_conflict(*head, nl)) != NULL) {
		if ((flags & F_WAIT) == 0)
			return EAGAIN;
		if ((flags & F_POSIX) && lf_deadlock(nl->lf_id, blk->lf_id))
			return EDEADLK;
		w.w_blocker = blk->lf_id;
		TAILQ_INSERT_TAIL(&lf_waiters, &w, w_list);
		error = cv_wait_sig(&lf_cv, &lf_lock);
		TAILQ_REMOVE(&lf_waiters, &w, w_list);
		if (error)	/* the waiting request was cancelled */
			return error;
	}
	lf_cut(head, nl->lf_id, nl->lf_start, nl->lf_end, sparep);
	lf_insert(head, nl);
	cv_broadcast(&lf_cv);	/* a downgrade may let others in */
	return 0;
}

static void
lf_getlock(struct lockf *head, struct lockf *req, struct flock *fl)
{
	struct lockf *blk;

	blk = lf_conflict(head, req);
	if (blk == NULL) {
		fl->l_type = F_UNLCK;
		return;
	}
	fl->l_type = blk->lf_type;
	fl->l_whence = SEEK_SET;
	fl->l_start = blk->lf_start;
	fl->l_len = blk->lf_end == LF_EOF ? 0 :
	    blk->lf_end - blk->lf_start + 1;
	fl->l_pid = blk->lf_pid;
}

/* the byte range of fl as [*startp, *endp] */
static int
lf_range(const struct flock *fl, off_t size, off_t *startp, off_t *endp)
{
	off_t start;

	switch (fl->l_whence) {
	case SEEK_SET:
	case SEEK_CUR:		/* made absolute by the caller */
		start = fl->l_start;
		break;
	case SEEK_END:
		if (size > 0 && fl->l_start > OFF_MAX - size)
			return EOVERFLOW;
		start = size + fl->l_start;
		break;
	default:
		return EINVAL;
	}
	if (start < 0)
		return EINVAL;
	if (fl->l_len > 0) {
		if (start > OFF_MAX - (fl->l_len - 1))
			return EOVERFLOW;
		*endp = start + fl->l_len - 1;
	} else if (fl->l_len == 0)
		*endp = LF_EOF;
	else {
		/* POSIX: the bytes before l_start */
		if (start + fl->l_len < 0)
			return EINVAL;
		*endp = start - 1;
		start += fl->l_len;
	}
	*startp = start;
	return 0;
}

int
lf_advlock(struct vop_advlock_args *ap, struct lockf **head, off_t size)
{
	struct flock *fl = ap->a_fl;
	struct lockf *nl, *spare;
	off_t start, end;
	int error;

	if ((error = lf_range(fl, size, &start, &end)) != 0)
		return error;
	if (ap->a_op == F_SETLK && fl->l_type != F_RDLCK &&
	    fl->l_type != F_WRLCK)
		return EINVAL;
	if (ap->a_op != F_SETLK && ap->a_op != F_UNLCK && ap->a_op != F_GETLK)
		return EINVAL;
	nl = kmem_zalloc(sizeof(*nl), KM_SLEEP);
	spare = kmem_zalloc(sizeof(*spare), KM_SLEEP);
	if (nl == NULL || spare == NULL) {
		error = ENOLCK;
		goto out;
	}
	nl->lf_id = ap->a_id;
	nl->lf_start = start;
	nl->lf_end = end;
	nl->lf_type = fl->l_type;
	nl->lf_flags = ap->a_flags & (F_POSIX | F_FLOCK);
	if ((ap->a_flags & F_POSIX) && ap->a_id == (void *)curproc)
		nl->lf_pid = curproc->p_pid;
	else
		nl->lf_pid = (ap->a_flags & F_POSIX) ? fl->l_pid : -1;

	mutex_enter(&lf_lock);
	switch (ap->a_op) {
	case F_SETLK:
		error = lf_setlock(head, nl, ap->a_flags, &spare);
		if (error == 0)
			nl = NULL;
		break;
	case F_UNLCK:
		lf_cut(head, ap->a_id, start, end, &spare);
		cv_broadcast(&lf_cv);
		break;
	case F_GETLK:
		lf_getlock(*head, nl, fl);
		break;
	}
	mutex_exit(&lf_lock);
out:
	if (nl != NULL)
		kmem_free(nl, sizeof(*nl));
	if (spare != NULL)
		kmem_free(spare, sizeof(*spare));
	return error;
}

void
lf_purge(struct lockf **head)
{
	struct lockf *l;

	mutex_enter(&lf_lock);
	while ((l = *head) != NULL) {
		*head = l->lf_next;
		kmem_free(l, sizeof(*l));
	}
	cv_broadcast(&lf_cv);
	mutex_exit(&lf_lock);
}

/* for tests: lock requests asleep right now */
int
lf_nwaiters(void)
{
	struct lf_waiter *w;
	int n = 0;

	mutex_enter(&lf_lock);
	TAILQ_FOREACH(w, &lf_waiters, w_list)
		n++;
	mutex_exit(&lf_lock);
	return n;
}
