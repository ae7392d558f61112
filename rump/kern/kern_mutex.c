/*
 * Kernel mutexes and reader/writer locks on the host's, through hypercalls.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/kmem.h>
#include <sys/lwp.h>
#include <sys/atomic.h>

#include <rump/rumpuser.h>

void
mutex_init(kmutex_t *mtx, kmutex_type_t type, int ipl)
{
	rumpuser_mutex_init(&mtx->mtx_hyp, RUMPUSER_MTX_KMUTEX |
	    (type == MUTEX_SPIN ? RUMPUSER_MTX_SPIN : 0));
}

void
mutex_destroy(kmutex_t *mtx)
{
	rumpuser_mutex_destroy(mtx->mtx_hyp);
	mtx->mtx_hyp = NULL;
}

void
mutex_enter(kmutex_t *mtx)
{
	(void)curlwp;	/* the owner recorded is the current lwp */
	rumpuser_mutex_enter(mtx->mtx_hyp);
}

void
mutex_exit(kmutex_t *mtx)
{
	rumpuser_mutex_exit(mtx->mtx_hyp);
}

int
mutex_tryenter(kmutex_t *mtx)
{
	(void)curlwp;
	return rumpuser_mutex_tryenter(mtx->mtx_hyp) == 0;
}

struct lwp *
mutex_owner(const kmutex_t *mtx)
{
	struct lwp *l;

	rumpuser_mutex_owner(mtx->mtx_hyp, &l);
	return l;
}

int
mutex_owned(const kmutex_t *mtx)
{
	return mutex_owner(mtx) == curlwp;
}

/* reference-counted mutexes: the count lives in front of the mutex */
struct kmutexobj {
	kmutex_t mo_lock;	/* first: the kmutex_t * points here */
	unsigned int mo_refcnt;
};

kmutex_t *
mutex_obj_alloc(kmutex_type_t type, int ipl)
{
	struct kmutexobj *mo = kmem_alloc(sizeof(*mo), KM_SLEEP);

	if (mo == NULL)
		return NULL;
	mutex_init(&mo->mo_lock, type, ipl);
	mo->mo_refcnt = 1;
	return &mo->mo_lock;
}

void
mutex_obj_hold(kmutex_t *mtx)
{
	atomic_inc_uint(&((struct kmutexobj *)(void *)mtx)->mo_refcnt);
}

int
mutex_obj_free(kmutex_t *mtx)
{
	struct kmutexobj *mo = (struct kmutexobj *)(void *)mtx;

	if (atomic_dec_uint_nv(&mo->mo_refcnt) > 0)
		return 0;
	mutex_destroy(&mo->mo_lock);
	kmem_free(mo, sizeof(*mo));
	return 1;
}

void
rw_init(krwlock_t *rw)
{
	rumpuser_rw_init(&rw->rw_hyp);
}

void
rw_destroy(krwlock_t *rw)
{
	rumpuser_rw_destroy(rw->rw_hyp);
	rw->rw_hyp = NULL;
}

void
rw_enter(krwlock_t *rw, krw_t op)
{
	rumpuser_rw_enter(op == RW_WRITER ? RUMPUSER_RW_WRITER :
	    RUMPUSER_RW_READER, rw->rw_hyp);
}

int
rw_tryenter(krwlock_t *rw, krw_t op)
{
	return rumpuser_rw_tryenter(op == RW_WRITER ? RUMPUSER_RW_WRITER :
	    RUMPUSER_RW_READER, rw->rw_hyp) == 0;
}

void
rw_exit(krwlock_t *rw)
{
	rumpuser_rw_exit(rw->rw_hyp);
}

int
rw_tryupgrade(krwlock_t *rw)
{
	return rumpuser_rw_tryupgrade(rw->rw_hyp) == 0;
}

void
rw_downgrade(krwlock_t *rw)
{
	rumpuser_rw_downgrade(rw->rw_hyp);
}

int
rw_read_held(krwlock_t *rw)
{
	int held;

	rumpuser_rw_held(RUMPUSER_RW_READER, rw->rw_hyp, &held);
	return held;
}

int
rw_write_held(krwlock_t *rw)
{
	int held;

	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw->rw_hyp, &held);
	return held;
}

int
rw_lock_held(krwlock_t *rw)
{
	return rw_read_held(rw) || rw_write_held(rw);
}
