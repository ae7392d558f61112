/*
 * Interruptible sleeps.  cv_wait_sig() returns EINTR once its lwp has been
 * interrupted (lwp_interrupt), which is how a host program's request that
 * sleeps without bound in the kernel (a blocked lock wait) is cancelled:
 * p2k interrupts the lwp of a FUSE request the host interrupted, and every
 * waiting request at shutdown.
 *
 * The interrupter must wake the sleeper without losing the wakeup, so it
 * broadcasts the sleeper's condition variable holding the sleeper's mutex.
 * A sleeper registers (cv, mutex) under intr_lock while holding its mutex;
 * the interrupter takes intr_lock first and then only tries the sleeper's
 * mutex (the opposite order would deadlock), retrying until the sleeper
 * is inside cv_wait or gone.  While registered, the cv and mutex are alive:
 * the sleeper unregisters before it returns.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/condvar.h>
#include <sys/mutex.h>
#include <sys/lwp.h>

#include <rump/rump.h>
#include <rump/rumpuser.h>

#include "kern_impl.h"

static kmutex_t intr_lock;

void
lwp_intr_init(void)
{
	mutex_init(&intr_lock, MUTEX_DEFAULT, IPL_NONE);
}

static void
intr_register(struct lwp *l, kcondvar_t *cv, kmutex_t *mtx)
{
	mutex_enter(&intr_lock);
	l->l_sleepcv = cv;
	l->l_sleepmtx = mtx;
	mutex_exit(&intr_lock);
}

static bool
intr_pending(struct lwp *l)
{
	return __atomic_load_n(&l->l_intr, __ATOMIC_ACQUIRE) != 0;
}

int
cv_wait_sig(kcondvar_t *cv, kmutex_t *mtx)
{
	struct lwp *l = curlwp;

	if (intr_pending(l))
		return EINTR;
	intr_register(l, cv, mtx);
	/* an interrupt before the registration was seen by nobody: check */
	if (!intr_pending(l))
		cv_wait(cv, mtx);
	intr_register(l, NULL, NULL);
	return intr_pending(l) ? EINTR : 0;
}

void
lwp_interrupt(struct lwp *l)
{
	for (;;) {
		mutex_enter(&intr_lock);
		__atomic_store_n(&l->l_intr, 1, __ATOMIC_RELEASE);
		if (l->l_sleepcv == NULL) {
			/* not asleep: its next cv_wait_sig sees the flag */
			mutex_exit(&intr_lock);
			return;
		}
		if (mutex_tryenter(l->l_sleepmtx)) {
			cv_broadcast(l->l_sleepcv);
			mutex_exit(l->l_sleepmtx);
			mutex_exit(&intr_lock);
			return;
		}
		/* the sleeper holds its mutex: not yet asleep, or waking */
		mutex_exit(&intr_lock);
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000);
	}
}

void
lwp_intr_clear(struct lwp *l)
{
	__atomic_store_n(&l->l_intr, 0, __ATOMIC_RELEASE);
}

void
rump_pub_lwp_interrupt(struct lwp *l)
{
	lwp_interrupt(l);
}

/* the calling thread's lwp, made ready for its next request */
struct lwp *
rump_pub_lwp_intr_begin(void)
{
	struct lwp *l = curlwp;

	lwp_intr_clear(l);
	return l;
}

void
rump_pub_lwp_intr_end(void)
{
	lwp_intr_clear(curlwp);
}
