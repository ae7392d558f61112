/*
 * Condition variables on the host's, through hypercalls.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/condvar.h>

#include <rump/rumpuser.h>

void
cv_init(kcondvar_t *cv, const char *wmesg)
{
	rumpuser_cv_init(&cv->cv_hyp);
}

void
cv_destroy(kcondvar_t *cv)
{
	rumpuser_cv_destroy(cv->cv_hyp);
	cv->cv_hyp = NULL;
}

void
cv_wait(kcondvar_t *cv, kmutex_t *mtx)
{
	rumpuser_cv_wait(cv->cv_hyp, mtx->mtx_hyp);
}

int
cv_timedwait_ns(kcondvar_t *cv, kmutex_t *mtx, int64_t ns)
{
	if (ns <= 0)
		ns = 1;
	if (rumpuser_cv_timedwait(cv->cv_hyp, mtx->mtx_hyp,
	    ns / 1000000000, ns % 1000000000) == ETIMEDOUT)
		return EWOULDBLOCK;
	return 0;
}

int
cv_timedwait(kcondvar_t *cv, kmutex_t *mtx, int ticks)
{
	if (ticks <= 0) {
		cv_wait(cv, mtx);
		return 0;
	}
	return cv_timedwait_ns(cv, mtx, (int64_t)ticks * (1000000000 / hz));
}

void
cv_signal(kcondvar_t *cv)
{
	rumpuser_cv_signal(cv->cv_hyp);
}

void
cv_broadcast(kcondvar_t *cv)
{
	rumpuser_cv_broadcast(cv->cv_hyp);
}

bool
cv_has_waiters(kcondvar_t *cv)
{
	int n;

	rumpuser_cv_has_waiters(cv->cv_hyp, &n);
	return n != 0;
}
