/*
 * Kernel threads (create, join, their own lwps) and callouts (fire after
 * the delay, stop before firing, halt waits for a running one).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/kthread.h>
#include <sys/callout.h>
#include <sys/lwp.h>
#include <sys/proc.h>
#include <sys/kmem.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

struct probe {
	struct lwp *p_seen;
	struct lwp *p_seen2;
	int p_arg;
	volatile int p_done;
};

static int
setup(void **state)
{
	kt_boot();
	return 0;
}

static void
probe_thread(void *arg)
{
	struct probe *p = arg;

	p->p_seen = curlwp;
	p->p_seen2 = curlwp;	/* stable across calls */
	p->p_arg *= 2;
	__atomic_store_n(&p->p_done, 1, __ATOMIC_RELEASE);
}

static void
test_create_join(void **state)
{
	struct probe p = { .p_arg = 21 };
	struct lwp *l = NULL;

	assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN, NULL,
	    probe_thread, &p, &l, "probe%d", 7), 0);
	assert_non_null(l);
	assert_string_equal(l->l_name, "probe7");
	assert_true(l->l_flag & LW_SYSTEM);
	assert_ptr_equal(l->l_proc, &proc0);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(p.p_done, 1);
	assert_int_equal(p.p_arg, 42);
	assert_ptr_equal(p.p_seen, l);
	assert_ptr_equal(p.p_seen2, l);
}

static void
test_curlwp_distinct(void **state)
{
	struct probe p[3];
	struct lwp *l[3];

	memset(p, 0, sizeof(p));
	for (int i = 0; i < 3; i++)
		assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN,
		    NULL, probe_thread, &p[i], &l[i], "d%d", i), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	for (int i = 0; i < 3; i++) {
		assert_ptr_equal(p[i].p_seen, l[i]);
		assert_ptr_not_equal(p[i].p_seen, curlwp);
		for (int j = i + 1; j < 3; j++)
			assert_ptr_not_equal(p[i].p_seen, p[j].p_seen);
	}
	/* the test thread's own implicit lwp in proc0 */
	assert_true(curlwp->l_flag & LW_IMPLICIT);
	assert_ptr_equal(curproc, &proc0);
	assert_int_equal(curproc->p_pid, 1);
}

static void
test_detached(void **state)
{
	struct probe p = { .p_arg = 1 };

	assert_int_equal(kthread_create(PRI_NONE, 0, NULL, probe_thread, &p,
	    NULL, "detached"), 0);
	assert_true(kt_wait_flag(&p.p_done, 5000));
	assert_int_equal(p.p_arg, 2);
}

static void
exit_thread(void *arg)
{
	struct probe *p = arg;

	__atomic_store_n(&p->p_done, 1, __ATOMIC_RELEASE);
	kthread_exit(0);
	p->p_arg = -1;	/* not reached */
}

static void
test_kthread_exit(void **state)
{
	struct probe p = { .p_arg = 5 };
	struct lwp *l;

	assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN, NULL,
	    exit_thread, &p, &l, "exiter"), 0);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(p.p_done, 1);
	assert_int_equal(p.p_arg, 5);
}

struct co {
	volatile int c_fired;
	volatile int c_started;
	int64_t c_when;
	int c_sleep;		/* ticks to sleep inside */
};

static void
co_fn(void *arg)
{
	struct co *c = arg;

	__atomic_store_n(&c->c_started, 1, __ATOMIC_RELEASE);
	if (c->c_sleep)
		kpause("cosleep", false, c->c_sleep, NULL);
	c->c_when = kt_now_ns();
	__atomic_store_n(&c->c_fired, 1, __ATOMIC_RELEASE);
}

static void
test_callout_fires(void **state)
{
	struct co c = { 0 };
	callout_t co;
	int64_t t0;

	callout_init(&co, CALLOUT_MPSAFE);
	t0 = kt_now_ns();
	callout_reset(&co, 3, co_fn, &c);
	assert_true(callout_pending(&co));
	assert_true(kt_wait_flag(&c.c_fired, 5000));
	assert_true(c.c_when - t0 >= 3 * (1000000000 / hz));
	assert_false(callout_pending(&co));
	/* again, through setfunc + schedule */
	c.c_fired = 0;
	callout_setfunc(&co, co_fn, &c);
	callout_schedule(&co, 1);
	assert_true(kt_wait_flag(&c.c_fired, 5000));
	callout_halt(&co, NULL);
	callout_destroy(&co);
}

static void
test_callout_stop(void **state)
{
	struct co c = { 0 };
	callout_t co;

	callout_init(&co, 0);
	callout_reset(&co, 5, co_fn, &c);
	assert_true(callout_stop(&co));
	assert_false(callout_pending(&co));
	assert_false(callout_stop(&co));	/* not pending any more */
	kpause("stop", false, 15, NULL);
	assert_int_equal(c.c_fired, 0);
	callout_destroy(&co);
}

static void
test_callout_order(void **state)
{
	struct co a = { 0 }, b = { 0 };
	callout_t ca, cb;

	callout_init(&ca, 0);
	callout_init(&cb, 0);
	callout_reset(&ca, 6, co_fn, &a);
	callout_reset(&cb, 2, co_fn, &b);
	assert_true(kt_wait_flag(&a.c_fired, 5000));
	assert_int_equal(b.c_fired, 1);
	assert_true(b.c_when <= a.c_when);
	callout_halt(&ca, NULL);
	callout_halt(&cb, NULL);
	callout_destroy(&ca);
	callout_destroy(&cb);
}

static void
test_callout_halt(void **state)
{
	struct co c = { .c_sleep = 10 };
	callout_t co;

	callout_init(&co, 0);
	callout_reset(&co, 1, co_fn, &c);
	assert_true(kt_wait_flag(&c.c_started, 5000));
	/* running now: halt returns only once it is done */
	assert_false(callout_halt(&co, NULL));
	assert_int_equal(c.c_fired, 1);
	assert_false(callout_pending(&co));
	callout_destroy(&co);
}

static void
test_callout_halt_interlock(void **state)
{
	struct co c = { .c_sleep = 5 };
	callout_t co;
	kmutex_t il;

	mutex_init(&il, MUTEX_DEFAULT, IPL_NONE);
	callout_init(&co, 0);
	callout_reset(&co, 1, co_fn, &c);
	assert_true(kt_wait_flag(&c.c_started, 5000));
	mutex_enter(&il);
	callout_halt(&co, &il);
	assert_true(mutex_owned(&il));	/* given back */
	assert_int_equal(c.c_fired, 1);
	mutex_exit(&il);
	callout_destroy(&co);
	mutex_destroy(&il);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_join),
		cmocka_unit_test(test_curlwp_distinct),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_kthread_exit),
		cmocka_unit_test(test_callout_fires),
		cmocka_unit_test(test_callout_stop),
		cmocka_unit_test(test_callout_order),
		cmocka_unit_test(test_callout_halt),
		cmocka_unit_test(test_callout_halt_interlock),
	};

	return cmocka_run_group_tests_name("kthread_callout", tests, setup,
	    NULL);
}
