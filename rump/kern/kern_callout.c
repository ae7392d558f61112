/*
 * Callouts: functions run once, some ticks from now, on one callout
 * thread started on first use (so an idle kernel boots without it).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/kthread.h>
#include <sys/callout.h>
#include <sys/time.h>
#include <sys/queue.h>
#include <sys/lwp.h>

#include "kern_impl.h"

struct callout_impl {
	void (*ci_func)(void *);
	void *ci_arg;
	int64_t ci_when;		/* monotonic ns */
	bool ci_pending;
	bool ci_running;
	TAILQ_ENTRY(callout_impl) ci_list;
};

static TAILQ_HEAD(, callout_impl) callout_queue =
    TAILQ_HEAD_INITIALIZER(callout_queue);
static kmutex_t callout_lock;
static kcondvar_t callout_cv;		/* the thread waits here */
static kcondvar_t callout_donecv;	/* callout_halt waits here */
static struct lwp *callout_lwp;
static bool callout_started;

void
callout_startup(void)
{
	mutex_init(&callout_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&callout_cv, "callout");
	cv_init(&callout_donecv, "calldone");
}

static int64_t
callout_now(void)
{
	struct timespec ts;

	getnanouptime(&ts);
	return ts2ns(&ts);
}

static void
callout_thread(void *arg)
{
	struct callout_impl *ci;
	int64_t now;

	mutex_enter(&callout_lock);
	for (;;) {
		ci = TAILQ_FIRST(&callout_queue);
		now = callout_now();
		if (ci == NULL) {
			cv_wait(&callout_cv, &callout_lock);
			continue;
		}
		if (ci->ci_when > now) {
			cv_timedwait_ns(&callout_cv, &callout_lock,
			    ci->ci_when - now);
			continue;
		}
		TAILQ_REMOVE(&callout_queue, ci, ci_list);
		ci->ci_pending = false;
		ci->ci_running = true;
		mutex_exit(&callout_lock);
		ci->ci_func(ci->ci_arg);
		mutex_enter(&callout_lock);
		ci->ci_running = false;
		cv_broadcast(&callout_donecv);
	}
}

void
callout_init(callout_t *c, int flags)
{
	/* callout_init cannot fail: exempt from the memory limit */
	c->c_impl = kmem_zalloc_nofail(sizeof(*c->c_impl));
}

void
callout_destroy(callout_t *c)
{
	KASSERT(!c->c_impl->ci_pending && !c->c_impl->ci_running);
	kmem_free(c->c_impl, sizeof(*c->c_impl));
	c->c_impl = NULL;
}

void
callout_setfunc(callout_t *c, void (*func)(void *), void *arg)
{
	mutex_enter(&callout_lock);
	c->c_impl->ci_func = func;
	c->c_impl->ci_arg = arg;
	mutex_exit(&callout_lock);
}

static void
callout_insert(struct callout_impl *ci, int ticks)
{
	struct callout_impl *it;

	if (ci->ci_pending)
		TAILQ_REMOVE(&callout_queue, ci, ci_list);
	ci->ci_when = callout_now() + (int64_t)(ticks > 0 ? ticks : 1) *
	    (1000000000 / hz);
	TAILQ_FOREACH(it, &callout_queue, ci_list)
		if (it->ci_when > ci->ci_when)
			break;
	if (it != NULL)
		TAILQ_INSERT_BEFORE(it, ci, ci_list);
	else
		TAILQ_INSERT_TAIL(&callout_queue, ci, ci_list);
	ci->ci_pending = true;
	if (!callout_started) {
		callout_started = true;
		if (kthread_create(PRI_NONE, 0, NULL, callout_thread, NULL,
		    &callout_lwp, "callout") != 0)
			panic("callout: cannot start the callout thread");
	}
	cv_signal(&callout_cv);
}

void
callout_reset(callout_t *c, int ticks, void (*func)(void *), void *arg)
{
	mutex_enter(&callout_lock);
	c->c_impl->ci_func = func;
	c->c_impl->ci_arg = arg;
	callout_insert(c->c_impl, ticks);
	mutex_exit(&callout_lock);
}

void
callout_schedule(callout_t *c, int ticks)
{
	mutex_enter(&callout_lock);
	KASSERT(c->c_impl->ci_func != NULL);
	callout_insert(c->c_impl, ticks);
	mutex_exit(&callout_lock);
}

bool
callout_stop(callout_t *c)
{
	struct callout_impl *ci = c->c_impl;
	bool was;

	mutex_enter(&callout_lock);
	was = ci->ci_pending;
	if (was)
		TAILQ_REMOVE(&callout_queue, ci, ci_list);
	ci->ci_pending = false;
	mutex_exit(&callout_lock);
	return was;
}

bool
callout_halt(callout_t *c, void *interlock)
{
	struct callout_impl *ci = c->c_impl;
	kmutex_t *il = interlock;
	bool was;

	was = callout_stop(c);
	mutex_enter(&callout_lock);
	while (ci->ci_running && curlwp != callout_lwp) {
		if (il != NULL)
			mutex_exit(il);
		cv_wait(&callout_donecv, &callout_lock);
		if (il != NULL) {
			mutex_exit(&callout_lock);
			mutex_enter(il);
			mutex_enter(&callout_lock);
		}
	}
	mutex_exit(&callout_lock);
	return was;
}

bool
callout_pending(callout_t *c)
{
	return c->c_impl->ci_pending;
}
