/*
 * Condition variables.  Timed waits use CLOCK_MONOTONIC so that setting
 * the wall clock doesn't stretch or cut a kernel timeout.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "rumpuser_int.h"

struct rumpuser_cv {
	pthread_cond_t	c_cv;
	int		c_nwaiters;	/* protected by the interlock */
};

void
rumpuser_cv_init(struct rumpuser_cv **cvp)
{
	struct rumpuser_cv *cv;
	pthread_condattr_t attr;

	cv = malloc(sizeof(*cv));
	if (cv == NULL) {
		fprintf(stderr, "rumpuser: out of memory for a condvar\n");
		abort();
	}
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cv->c_cv, &attr);
	pthread_condattr_destroy(&attr);
	cv->c_nwaiters = 0;
	*cvp = cv;
}

void
rumpuser_cv_destroy(struct rumpuser_cv *cv)
{

	pthread_cond_destroy(&cv->c_cv);
	free(cv);
}

/*
 * Take the rump CPU back after a wait.  We hold the interlock here.  A
 * thread that owns the CPU may be spinning (nowrap) for a spin mutex, so
 * for those drop the interlock while we wait for the CPU.
 */
static void
cv_resched(struct rumpuser_mtx *mtx)
{

	if ((mtx->m_flags & RUMPUSER_MTX_SPIN) == 0) {
		rumpuser__schedule();
		return;
	}
	rumpuser__mtx_unlock(mtx);
	rumpuser__schedule();
	rumpuser__mtx_lock(mtx);
}

void
rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{

	cv->c_nwaiters++;
	rumpuser__unschedule();
	mtx->m_owner = NULL;
	pthread_cond_wait(&cv->c_cv, &mtx->m_mtx);
	mtx->m_owner = rumpuser_curlwp();
	cv_resched(mtx);
	cv->c_nwaiters--;
}

void
rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx)
{

	cv->c_nwaiters++;
	mtx->m_owner = NULL;
	pthread_cond_wait(&cv->c_cv, &mtx->m_mtx);
	mtx->m_owner = rumpuser_curlwp();
	cv->c_nwaiters--;
}

int
rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
    int64_t sec, int64_t nsec)
{
	struct timespec ts;
	int error;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (sec < 0 || (sec == 0 && nsec <= 0)) {
		sec = 0;
		nsec = 0;
	}
	/* Normalise; a huge timeout saturates rather than wrapping. */
	sec += nsec / 1000000000;
	nsec %= 1000000000;
	if (sec > INT64_MAX / 2)
		sec = INT64_MAX / 2;
	ts.tv_sec += sec;
	ts.tv_nsec += nsec;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}

	cv->c_nwaiters++;
	rumpuser__unschedule();
	mtx->m_owner = NULL;
	do {
		error = pthread_cond_timedwait(&cv->c_cv, &mtx->m_mtx, &ts);
	} while (error == EINTR);
	mtx->m_owner = rumpuser_curlwp();
	cv_resched(mtx);
	cv->c_nwaiters--;
	return error == ETIMEDOUT ? ETIMEDOUT : 0;
}

void
rumpuser_cv_signal(struct rumpuser_cv *cv)
{

	pthread_cond_signal(&cv->c_cv);
}

void
rumpuser_cv_broadcast(struct rumpuser_cv *cv)
{

	pthread_cond_broadcast(&cv->c_cv);
}

void
rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *waitersp)
{

	*waitersp = cv->c_nwaiters;
}
