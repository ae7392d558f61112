/*
 * Kernel locks: mutex exclusion across kernel threads and ownership,
 * reader/writer locks (readers together, writers alone, upgrade and
 * downgrade), condition variables (signal, broadcast, timeouts).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/condvar.h>
#include <sys/kthread.h>
#include <sys/lwp.h>
#include <sys/atomic.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

#define NTHREADS	4
#define NLOOPS		20000

static kmutex_t mtx;
static krwlock_t rwl;
static kcondvar_t cv;
static volatile long counter;
static volatile int owned_inside, flag, woken, ready;

static int
setup(void **state)
{
	kt_boot();
	mutex_init(&mtx, MUTEX_DEFAULT, IPL_NONE);
	rw_init(&rwl);
	cv_init(&cv, "ktest");
	return 0;
}

static int
teardown(void **state)
{
	cv_destroy(&cv);
	rw_destroy(&rwl);
	mutex_destroy(&mtx);
	return 0;
}

static struct lwp *
spawn(void (*fn)(void *), void *arg)
{
	struct lwp *l = NULL;

	assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN, NULL, fn,
	    arg, &l, "kt%d", 1), 0);
	assert_non_null(l);
	return l;
}

/* a non-atomic read-modify-write that only the mutex keeps correct */
static void
count_thread(void *arg)
{
	for (int i = 0; i < NLOOPS; i++) {
		mutex_enter(&mtx);
		if (!mutex_owned(&mtx))
			owned_inside = -1;
		long v = counter;
		__atomic_signal_fence(__ATOMIC_SEQ_CST);
		counter = v + 1;
		mutex_exit(&mtx);
	}
}

static void
test_mutex_exclusion(void **state)
{
	struct lwp *l[NTHREADS];

	counter = 0;
	owned_inside = 0;
	for (int i = 0; i < NTHREADS; i++)
		l[i] = spawn(count_thread, NULL);
	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	assert_int_equal(counter, NTHREADS * NLOOPS);
	assert_int_equal(owned_inside, 0);
}

static void
owned_probe(void *arg)
{
	/* another lwp: the mutex is held, but not by us */
	owned_inside = mutex_owned(&mtx) ? 1 : 2;
	if (mutex_tryenter(&mtx)) {
		owned_inside = 3;
		mutex_exit(&mtx);
	}
}

static void
test_mutex_owned(void **state)
{
	assert_false(mutex_owned(&mtx));
	mutex_enter(&mtx);
	assert_true(mutex_owned(&mtx));
	assert_ptr_equal(mutex_owner(&mtx), curlwp);
	owned_inside = 0;
	assert_int_equal(kthread_join(spawn(owned_probe, NULL)), 0);
	assert_int_equal(owned_inside, 2);
	mutex_exit(&mtx);
	assert_false(mutex_owned(&mtx));
	assert_null(mutex_owner(&mtx));
	assert_true(mutex_tryenter(&mtx));
	assert_true(mutex_owned(&mtx));
	mutex_exit(&mtx);
}

static void
test_mutex_obj(void **state)
{
	kmutex_t *m = mutex_obj_alloc(MUTEX_DEFAULT, IPL_NONE);

	assert_non_null(m);
	mutex_obj_hold(m);
	mutex_enter(m);
	assert_true(mutex_owned(m));
	mutex_exit(m);
	assert_int_equal(mutex_obj_free(m), 0);
	assert_int_equal(mutex_obj_free(m), 1);
}

/* two readers inside at once: each waits to see the other arrive */
static void
reader_thread(void *arg)
{
	rw_enter(&rwl, RW_READER);
	atomic_inc_uint((unsigned int *)&ready);
	if (!rw_read_held(&rwl))
		flag = -1;
	kt_wait_flag(&woken, 5000);
	rw_exit(&rwl);
}

static void
test_rw_readers_concurrent(void **state)
{
	struct lwp *a, *b;
	int64_t end;

	ready = 0;
	woken = 0;
	flag = 0;
	a = spawn(reader_thread, NULL);
	b = spawn(reader_thread, NULL);
	end = kt_now_ns() + 5000000000LL;
	while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < 2 &&
	    kt_now_ns() < end)
		kpause("rd", false, 1, NULL);
	assert_int_equal(ready, 2);
	/* readers in: a writer cannot get in, another reader can */
	assert_false(rw_tryenter(&rwl, RW_WRITER));
	assert_true(rw_tryenter(&rwl, RW_READER));
	assert_false(rw_tryupgrade(&rwl));	/* others hold it too */
	rw_exit(&rwl);
	woken = 1;
	assert_int_equal(kthread_join(a), 0);
	assert_int_equal(kthread_join(b), 0);
	assert_int_equal(flag, 0);
}

static void
try_thread(void *arg)
{
	int *res = arg;

	res[0] = rw_tryenter(&rwl, RW_READER);
	if (res[0])
		rw_exit(&rwl);
	res[1] = rw_tryenter(&rwl, RW_WRITER);
	if (res[1])
		rw_exit(&rwl);
	res[2] = rw_write_held(&rwl);
}

static void
test_rw_writer_exclusive(void **state)
{
	int res[3] = { -1, -1, -1 };

	rw_enter(&rwl, RW_WRITER);
	assert_true(rw_write_held(&rwl));
	assert_true(rw_lock_held(&rwl));
	assert_int_equal(kthread_join(spawn(try_thread, res)), 0);
	assert_int_equal(res[0], 0);
	assert_int_equal(res[1], 0);
	assert_int_equal(res[2], 0);	/* held, but not by that lwp */
	rw_exit(&rwl);
	assert_false(rw_lock_held(&rwl));
	assert_int_equal(kthread_join(spawn(try_thread, res)), 0);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 1);
}

static void
test_rw_upgrade_downgrade(void **state)
{
	int res[3] = { -1, -1, -1 };

	rw_enter(&rwl, RW_READER);
	assert_true(rw_read_held(&rwl));
	assert_false(rw_write_held(&rwl));
	assert_true(rw_tryupgrade(&rwl));
	assert_true(rw_write_held(&rwl));
	assert_int_equal(kthread_join(spawn(try_thread, res)), 0);
	assert_int_equal(res[0], 0);
	rw_downgrade(&rwl);
	assert_false(rw_write_held(&rwl));
	assert_true(rw_read_held(&rwl));
	/* downgraded: other readers get in, writers not */
	assert_int_equal(kthread_join(spawn(try_thread, res)), 0);
	assert_int_equal(res[0], 1);
	assert_int_equal(res[1], 0);
	rw_exit(&rwl);
}

static void
cv_waiter(void *arg)
{
	mutex_enter(&mtx);
	atomic_inc_uint((unsigned int *)&ready);
	while (flag == 0)
		cv_wait(&cv, &mtx);
	woken++;
	mutex_exit(&mtx);
}

static void
wait_waiters(int n)
{
	int64_t end = kt_now_ns() + 5000000000LL;

	for (;;) {
		mutex_enter(&mtx);
		if (ready >= n && cv_has_waiters(&cv)) {
			mutex_exit(&mtx);
			return;
		}
		mutex_exit(&mtx);
		if (kt_now_ns() > end)
			fail_msg("waiters did not arrive");
		kpause("cvw", false, 1, NULL);
	}
}

static void
test_cv_signal(void **state)
{
	struct lwp *l;

	flag = woken = ready = 0;
	l = spawn(cv_waiter, NULL);
	wait_waiters(1);
	mutex_enter(&mtx);
	flag = 1;
	cv_signal(&cv);
	mutex_exit(&mtx);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(woken, 1);
	assert_false(cv_has_waiters(&cv));
}

static void
test_cv_broadcast(void **state)
{
	struct lwp *l[3];

	flag = woken = ready = 0;
	for (int i = 0; i < 3; i++)
		l[i] = spawn(cv_waiter, NULL);
	wait_waiters(3);	/* ready is counted under mtx: all wait */
	mutex_enter(&mtx);
	flag = 1;
	cv_broadcast(&cv);
	mutex_exit(&mtx);
	for (int i = 0; i < 3; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	assert_int_equal(woken, 3);
}

static void
test_cv_timedwait(void **state)
{
	int64_t t0 = kt_now_ns();

	mutex_enter(&mtx);
	assert_int_equal(cv_timedwait(&cv, &mtx, 2), EWOULDBLOCK);
	assert_true(mutex_owned(&mtx));
	assert_int_equal(cv_timedwait_ns(&cv, &mtx, 5000000), EWOULDBLOCK);
	assert_true(mutex_owned(&mtx));
	mutex_exit(&mtx);
	/* lower bound only: the waits did wait */
	assert_true(kt_now_ns() - t0 >= 20000000);
}

static void
signal_later(void *arg)
{
	kpause("late", false, 2, NULL);
	mutex_enter(&mtx);
	flag = 1;
	cv_signal(&cv);
	mutex_exit(&mtx);
}

static void
test_cv_timedwait_woken(void **state)
{
	struct lwp *l;
	int error = 0;

	flag = 0;
	mutex_enter(&mtx);
	l = spawn(signal_later, NULL);
	while (flag == 0 && error == 0)
		error = cv_timedwait(&cv, &mtx, 10 * hz);
	mutex_exit(&mtx);
	assert_int_equal(error, 0);
	assert_int_equal(flag, 1);
	assert_int_equal(kthread_join(l), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mutex_exclusion),
		cmocka_unit_test(test_mutex_owned),
		cmocka_unit_test(test_mutex_obj),
		cmocka_unit_test(test_rw_readers_concurrent),
		cmocka_unit_test(test_rw_writer_exclusive),
		cmocka_unit_test(test_rw_upgrade_downgrade),
		cmocka_unit_test(test_cv_signal),
		cmocka_unit_test(test_cv_broadcast),
		cmocka_unit_test(test_cv_timedwait),
		cmocka_unit_test(test_cv_timedwait_woken),
	};

	return cmocka_run_group_tests_name("locks", tests, setup, teardown);
}
