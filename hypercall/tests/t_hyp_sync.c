/*
 * Mutexes, rwlocks and condvars, and the schedule/unschedule upcalls
 * around blocking.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

static char lwp_main, lwp_other;
#define LWP(x)	((struct lwp *)(void *)&(x))

/* Upcall counts of the calling thread. */
static __thread int n_unsched, n_sched;
/* All threads' unschedules: tells a test that a waiter is blocking. */
static atomic_int g_unsched;

static void
up_unsched(void)
{

	n_unsched++;
	atomic_fetch_add(&g_unsched, 1);
}

static void
up_sched(void)
{

	n_sched++;
}

static const struct rumpuser_hyperup upcalls = { up_unsched, up_sched };

static void *
spawn(void *(*fn)(void *), void *arg)
{
	void *cookie;

	assert_int_equal(rumpuser_thread_create(fn, arg, "t", 1, 0, -1,
	    &cookie), 0);
	return cookie;
}

static void
msleep(int ms)
{

	usleep((useconds_t)ms * 1000);
}

/* Wait (at most 10 s) until some thread has unscheduled to block. */
static void
wait_blocked(int before)
{
	int i;

	for (i = 0; i < 10000 && atomic_load(&g_unsched) == before; i++)
		msleep(1);
	assert_true(atomic_load(&g_unsched) > before);
	msleep(5);	/* from the upcall to the actual sleep */
}

/* mutex */

struct mtxarg {
	struct rumpuser_mtx *mtx;
	int tryres;
	int unsched, sched;
	struct lwp *owner_seen;
};

static void *
mtx_try_body(void *arg)
{
	struct mtxarg *ma = arg;

	ma->tryres = rumpuser_mutex_tryenter(ma->mtx);
	rumpuser_mutex_owner(ma->mtx, &ma->owner_seen);
	return NULL;
}

static void *
mtx_enter_body(void *arg)
{
	struct mtxarg *ma = arg;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, LWP(lwp_other));
	rumpuser_mutex_enter(ma->mtx);
	rumpuser_mutex_owner(ma->mtx, &ma->owner_seen);
	rumpuser_mutex_exit(ma->mtx);
	ma->unsched = n_unsched;
	ma->sched = n_sched;
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, LWP(lwp_other));
	return NULL;
}

static void
t_mutex_owner(void **state)
{
	struct rumpuser_mtx *mtx;
	struct mtxarg ma = { 0 };
	struct lwp *l;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, LWP(lwp_main));
	rumpuser_mutex_init(&mtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_mutex_owner(mtx, &l);
	assert_null(l);
	n_unsched = n_sched = 0;
	rumpuser_mutex_enter(mtx);
	assert_int_equal(n_unsched, 0);	/* uncontended: no upcalls */
	rumpuser_mutex_owner(mtx, &l);
	assert_ptr_equal(l, LWP(lwp_main));

	ma.mtx = mtx;
	assert_int_equal(rumpuser_thread_join(spawn(mtx_try_body, &ma)), 0);
	assert_int_equal(ma.tryres, EBUSY);
	assert_ptr_equal(ma.owner_seen, LWP(lwp_main));

	rumpuser_mutex_exit(mtx);
	rumpuser_mutex_owner(mtx, &l);
	assert_null(l);
	assert_int_equal(rumpuser_mutex_tryenter(mtx), 0);
	rumpuser_mutex_owner(mtx, &l);
	assert_ptr_equal(l, LWP(lwp_main));
	rumpuser_mutex_exit(mtx);
	rumpuser_mutex_destroy(mtx);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, LWP(lwp_main));
}

static void
t_mutex_contended(void **state)
{
	struct rumpuser_mtx *mtx;
	struct mtxarg ma = { 0 };
	void *c;
	int before;

	rumpuser_mutex_init(&mtx, RUMPUSER_MTX_KMUTEX);
	ma.mtx = mtx;
	rumpuser_mutex_enter(mtx);
	before = atomic_load(&g_unsched);
	c = spawn(mtx_enter_body, &ma);
	wait_blocked(before);
	rumpuser_mutex_exit(mtx);
	assert_int_equal(rumpuser_thread_join(c), 0);
	/* The waiter gave the CPU away while blocked, and took it back. */
	assert_int_equal(ma.unsched, 1);
	assert_int_equal(ma.sched, 1);
	assert_ptr_equal(ma.owner_seen, LWP(lwp_other));
	rumpuser_mutex_destroy(mtx);
}

static void *
mtx_nowrap_body(void *arg)
{
	struct mtxarg *ma = arg;

	rumpuser_mutex_enter_nowrap(ma->mtx);
	rumpuser_mutex_exit(ma->mtx);
	rumpuser_mutex_enter(ma->mtx);	/* spin: never unschedules */
	rumpuser_mutex_exit(ma->mtx);
	ma->unsched = n_unsched;
	ma->sched = n_sched;
	return NULL;
}

static void
t_mutex_nowrap(void **state)
{
	struct rumpuser_mtx *mtx;
	struct mtxarg ma = { 0 };
	void *c;

	rumpuser_mutex_init(&mtx, RUMPUSER_MTX_SPIN);
	ma.mtx = mtx;
	rumpuser_mutex_enter(mtx);
	c = spawn(mtx_nowrap_body, &ma);
	msleep(30);
	rumpuser_mutex_exit(mtx);
	assert_int_equal(rumpuser_thread_join(c), 0);
	assert_int_equal(ma.unsched, 0);
	assert_int_equal(ma.sched, 0);
	rumpuser_mutex_destroy(mtx);
}

/* rwlock */

struct rwarg {
	struct rumpuser_rw *rw;
	int mode;
	int try_r, try_w, held_r, held_w;
	volatile int entered;
};

static void *
rw_probe_body(void *arg)
{
	struct rwarg *ra = arg;

	rumpuser_rw_held(RUMPUSER_RW_READER, ra->rw, &ra->held_r);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, ra->rw, &ra->held_w);
	ra->try_w = rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, ra->rw);
	if (ra->try_w == 0)
		rumpuser_rw_exit(ra->rw);
	ra->try_r = rumpuser_rw_tryenter(RUMPUSER_RW_READER, ra->rw);
	if (ra->try_r == 0)
		rumpuser_rw_exit(ra->rw);
	return NULL;
}

static void
rw_probe(struct rumpuser_rw *rw, struct rwarg *ra)
{

	ra->rw = rw;
	assert_int_equal(rumpuser_thread_join(spawn(rw_probe_body, ra)), 0);
}

static void
t_rw_exclusion(void **state)
{
	struct rumpuser_rw *rw;
	struct rwarg ra;
	int held;

	rumpuser_rw_init(&rw);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	assert_int_equal(held, 0);

	/* Read-held: other readers get in, writers don't. */
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	assert_int_equal(held, 1);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	assert_int_equal(held, 0);
	rw_probe(rw, &ra);
	assert_int_equal(ra.try_r, 0);
	assert_int_equal(ra.try_w, EBUSY);
	assert_int_equal(ra.held_r, 0);	/* not held by *that* thread */
	rumpuser_rw_exit(rw);

	/* Write-held: nobody else gets in. */
	assert_int_equal(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), 0);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	assert_int_equal(held, 1);
	rw_probe(rw, &ra);
	assert_int_equal(ra.try_r, EBUSY);
	assert_int_equal(ra.try_w, EBUSY);
	assert_int_equal(ra.held_w, 0);
	rumpuser_rw_exit(rw);

	rw_probe(rw, &ra);
	assert_int_equal(ra.try_r, 0);
	assert_int_equal(ra.try_w, 0);
	rumpuser_rw_destroy(rw);
}

static void
t_rw_upgrade(void **state)
{
	struct rumpuser_rw *rw;
	struct rwarg ra;
	int held;

	rumpuser_rw_init(&rw);
	/* Two read holds: upgrade must fail. */
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	assert_int_equal(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), 0);
	assert_int_equal(rumpuser_rw_tryupgrade(rw), EBUSY);
	rumpuser_rw_exit(rw);
	/* Sole reader: upgrade works and excludes everyone. */
	assert_int_equal(rumpuser_rw_tryupgrade(rw), 0);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	assert_int_equal(held, 1);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	assert_int_equal(held, 0);
	rw_probe(rw, &ra);
	assert_int_equal(ra.try_r, EBUSY);
	assert_int_equal(ra.try_w, EBUSY);

	/* Downgrade: readers may join, writers still can't. */
	rumpuser_rw_downgrade(rw);
	rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
	assert_int_equal(held, 0);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	assert_int_equal(held, 1);
	rw_probe(rw, &ra);
	assert_int_equal(ra.try_r, 0);
	assert_int_equal(ra.try_w, EBUSY);
	rumpuser_rw_exit(rw);
	rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
	assert_int_equal(held, 0);
	rumpuser_rw_destroy(rw);
}

static void *
rw_enter_body(void *arg)
{
	struct rwarg *ra = arg;

	rumpuser_rw_enter(ra->mode, ra->rw);
	ra->entered = 1;
	rumpuser_rw_held(ra->mode, ra->rw, &ra->held_w);
	rumpuser_rw_exit(ra->rw);
	ra->try_r = n_unsched;
	ra->try_w = n_sched;
	return NULL;
}

static void
t_rw_blocking(void **state)
{
	struct rumpuser_rw *rw;
	struct rwarg ra = { 0 };
	void *c;
	int before;

	rumpuser_rw_init(&rw);
	ra.rw = rw;
	ra.mode = RUMPUSER_RW_WRITER;
	rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
	before = atomic_load(&g_unsched);
	c = spawn(rw_enter_body, &ra);
	wait_blocked(before);
	assert_int_equal(ra.entered, 0);	/* writer waits for us */
	/* A queued writer keeps new readers out. */
	assert_int_equal(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), EBUSY);
	rumpuser_rw_exit(rw);
	assert_int_equal(rumpuser_thread_join(c), 0);
	assert_int_equal(ra.entered, 1);
	assert_int_equal(ra.held_w, 1);
	assert_int_equal(ra.try_r, 1);	/* unscheduled while waiting */
	assert_int_equal(ra.try_w, 1);

	/* And a reader waits for a writer. */
	ra.entered = 0;
	ra.mode = RUMPUSER_RW_READER;
	rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
	before = atomic_load(&g_unsched);
	c = spawn(rw_enter_body, &ra);
	wait_blocked(before);
	assert_int_equal(ra.entered, 0);
	rumpuser_rw_exit(rw);
	assert_int_equal(rumpuser_thread_join(c), 0);
	assert_int_equal(ra.entered, 1);
	assert_int_equal(ra.held_w, 1);
	rumpuser_rw_destroy(rw);
}

/* condvar */

struct cvarg {
	struct rumpuser_mtx *mtx;
	struct rumpuser_cv *cv;
	int flag;
	int woken;
	int rv;
};

static int64_t
now_ms(void)
{
	int64_t sec;
	long nsec;

	assert_int_equal(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec,
	    &nsec), 0);
	return sec * 1000 + nsec / 1000000;
}

static void
t_cv_timeout(void **state)
{
	struct rumpuser_mtx *mtx;
	struct rumpuser_cv *cv;
	struct lwp *l;
	int64_t t0;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, LWP(lwp_main));
	rumpuser_mutex_init(&mtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&cv);
	rumpuser_mutex_enter(mtx);
	t0 = now_ms();
	n_unsched = n_sched = 0;
	assert_int_equal(rumpuser_cv_timedwait(cv, mtx, 0, 100000000),
	    ETIMEDOUT);
	assert_true(now_ms() - t0 >= 100);
	assert_int_equal(n_unsched, 1);
	assert_int_equal(n_sched, 1);
	/* The interlock is held again, by us. */
	rumpuser_mutex_owner(mtx, &l);
	assert_ptr_equal(l, LWP(lwp_main));
	assert_int_equal(rumpuser_cv_timedwait(cv, mtx, 0, 0), ETIMEDOUT);
	assert_int_equal(rumpuser_cv_timedwait(cv, mtx, -1, 0), ETIMEDOUT);
	rumpuser_mutex_exit(mtx);
	rumpuser_cv_destroy(cv);
	rumpuser_mutex_destroy(mtx);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, LWP(lwp_main));
}

static void *
cv_signal_body(void *arg)
{
	struct cvarg *ca = arg;
	int w = 0;

	/* Wait until the main thread sleeps on the cv. */
	while (!w) {
		rumpuser_mutex_enter(ca->mtx);
		rumpuser_cv_has_waiters(ca->cv, &w);
		if (w) {
			ca->flag = 1;
			rumpuser_cv_signal(ca->cv);
		}
		rumpuser_mutex_exit(ca->mtx);
		if (!w)
			msleep(1);
	}
	return NULL;
}

static void
t_cv_signal(void **state)
{
	struct cvarg ca = { 0 };
	void *c;
	int w;

	rumpuser_mutex_init(&ca.mtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&ca.cv);
	rumpuser_mutex_enter(ca.mtx);
	c = spawn(cv_signal_body, &ca);
	while (!ca.flag)
		assert_int_equal(rumpuser_cv_timedwait(ca.cv, ca.mtx, 10, 0),
		    0);
	rumpuser_cv_has_waiters(ca.cv, &w);
	assert_int_equal(w, 0);
	rumpuser_mutex_exit(ca.mtx);
	assert_int_equal(rumpuser_thread_join(c), 0);
	rumpuser_cv_destroy(ca.cv);
	rumpuser_mutex_destroy(ca.mtx);
}

static void *
cv_wait_body(void *arg)
{
	struct cvarg *ca = arg;

	rumpuser_mutex_enter(ca->mtx);
	while (!ca->flag)
		rumpuser_cv_wait(ca->cv, ca->mtx);
	ca->woken++;
	rumpuser_mutex_exit(ca->mtx);
	return NULL;
}

static void
t_cv_broadcast(void **state)
{
	struct cvarg ca = { 0 };
	void *c[3];
	int i, w = 0;

	/* Spin mutex interlock: exercises the drop-and-retake path. */
	rumpuser_mutex_init(&ca.mtx, RUMPUSER_MTX_SPIN);
	rumpuser_cv_init(&ca.cv);
	for (i = 0; i < 3; i++)
		c[i] = spawn(cv_wait_body, &ca);
	while (w < 3) {
		msleep(1);
		rumpuser_mutex_enter(ca.mtx);
		rumpuser_cv_has_waiters(ca.cv, &w);
		rumpuser_mutex_exit(ca.mtx);
	}
	rumpuser_mutex_enter(ca.mtx);
	ca.flag = 1;
	rumpuser_cv_broadcast(ca.cv);
	rumpuser_mutex_exit(ca.mtx);
	for (i = 0; i < 3; i++)
		assert_int_equal(rumpuser_thread_join(c[i]), 0);
	assert_int_equal(ca.woken, 3);
	rumpuser_cv_destroy(ca.cv);
	rumpuser_mutex_destroy(ca.mtx);
}

static void *
cv_nowrap_body(void *arg)
{
	struct cvarg *ca = arg;

	rumpuser_mutex_enter_nowrap(ca->mtx);
	while (!ca->flag)
		rumpuser_cv_wait_nowrap(ca->cv, ca->mtx);
	rumpuser_mutex_exit(ca->mtx);
	ca->rv = n_unsched + n_sched;
	return NULL;
}

static void
t_cv_nowrap(void **state)
{
	struct cvarg ca = { 0 };
	void *c;
	int w = 0;

	rumpuser_mutex_init(&ca.mtx, RUMPUSER_MTX_KMUTEX);
	rumpuser_cv_init(&ca.cv);
	ca.rv = -1;
	c = spawn(cv_nowrap_body, &ca);
	while (w == 0) {
		msleep(1);
		rumpuser_mutex_enter(ca.mtx);
		rumpuser_cv_has_waiters(ca.cv, &w);
		rumpuser_mutex_exit(ca.mtx);
	}
	rumpuser_mutex_enter(ca.mtx);
	ca.flag = 1;
	rumpuser_cv_signal(ca.cv);
	rumpuser_mutex_exit(ca.mtx);
	assert_int_equal(rumpuser_thread_join(c), 0);
	assert_int_equal(ca.rv, 0);	/* no upcalls at all */
	rumpuser_cv_destroy(ca.cv);
	rumpuser_mutex_destroy(ca.mtx);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_mutex_owner),
		cmocka_unit_test(t_mutex_contended),
		cmocka_unit_test(t_mutex_nowrap),
		cmocka_unit_test(t_rw_exclusion),
		cmocka_unit_test(t_rw_upgrade),
		cmocka_unit_test(t_rw_blocking),
		cmocka_unit_test(t_cv_timeout),
		cmocka_unit_test(t_cv_signal),
		cmocka_unit_test(t_cv_broadcast),
		cmocka_unit_test(t_cv_nowrap),
	};

	if (rumpuser_init(RUMPUSER_VERSION, &upcalls) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
