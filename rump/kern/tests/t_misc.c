/*
 * Clocks, sleeping and random numbers.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/time.h>
#include <sys/cprng.h>
#include <sys/kthread.h>
#include <sys/mutex.h>
#include <sys/rumpshutdown.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

static int
setup(void **state)
{
	kt_boot();
	return 0;
}

static void
test_clocks(void **state)
{
	struct timespec a, b, w;

	getnanouptime(&a);
	nanouptime(&b);
	assert_true(ts2ns(&b) >= ts2ns(&a));
	assert_true(a.tv_nsec >= 0 && a.tv_nsec < 1000000000);
	getnanotime(&w);
	assert_true(w.tv_sec > 1577836800);	/* after 2020 */
	nanotime(&w);
	assert_true(w.tv_sec > 1577836800);
	assert_true(time_second >= w.tv_sec);
	a.tv_sec = 3;
	a.tv_nsec = 5;
	assert_true(ts2ns(&a) == 3000000005LL);
}

static void
test_mstohz(void **state)
{
	assert_int_equal(mstohz(0), 0);
	assert_int_equal(mstohz(1), 1);		/* rounded up */
	assert_int_equal(mstohz(10), 1);
	assert_int_equal(mstohz(11), 2);
	assert_int_equal(mstohz(1000), hz);
}

static void
test_kpause(void **state)
{
	kmutex_t m;
	int64_t t0 = kt_now_ns();

	assert_int_equal(kpause("t", false, 2, NULL), EWOULDBLOCK);
	assert_true(kt_now_ns() - t0 >= 2 * (1000000000 / hz));
	mutex_init(&m, MUTEX_DEFAULT, IPL_NONE);
	mutex_enter(&m);
	assert_int_equal(kpause("t", false, 1, &m), EWOULDBLOCK);
	assert_true(mutex_owned(&m));	/* taken again */
	mutex_exit(&m);
	mutex_destroy(&m);
}

static void
test_cprng_fast(void **state)
{
	uint32_t v[64];
	uint64_t or64 = 0;
	int same = 0;

	for (int i = 0; i < 64; i++)
		v[i] = cprng_fast32();
	for (int i = 1; i < 64; i++)
		same += v[i] == v[i - 1];
	assert_true(same < 2);
	for (int i = 0; i < 64; i++)
		or64 |= cprng_fast64();
	assert_true(or64 >> 32 != 0);	/* high bits are used too */
}

static void
cprng_thread(void *arg)
{
	uint32_t *acc = arg;

	for (int i = 0; i < 10000; i++)
		*acc ^= cprng_fast32();
}

static void
test_cprng_threads(void **state)
{
	uint32_t acc[2] = { 0, 0 };
	struct lwp *l[2];

	for (int i = 0; i < 2; i++)
		assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN,
		    NULL, cprng_thread, &acc[i], &l[i], "rnd"), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(kthread_join(l[i]), 0);
	assert_true(acc[0] != 0 || acc[1] != 0);
}

static void
test_cprng_strong(void **state)
{
	unsigned char buf[256];
	int zeros = 0;

	memset(buf, 0, sizeof(buf));
	cprng_strong(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros += buf[i] == 0;
	assert_true(zeros < 32);
}

static int order[2], norder;

static int
hook_a(void)
{
	order[norder++] = 'a';
	return 0;
}

static int
hook_b(void)
{
	order[norder++] = 'b';
	return EBUSY;
}

/* last: shuts the kernel down */
static void
test_shutdown_hooks(void **state)
{
	assert_int_equal(rump_shutdown_hook_register(hook_a), 0);
	assert_int_equal(rump_shutdown_hook_register(hook_b), 0);
	assert_int_equal(rump_fini(), EBUSY);
	assert_int_equal(norder, 2);
	assert_int_equal(order[0], 'b');	/* reverse order */
	assert_int_equal(order[1], 'a');
	assert_int_equal(rump_fini(), 0);	/* hooks run once */
	assert_int_equal(norder, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clocks),
		cmocka_unit_test(test_mstohz),
		cmocka_unit_test(test_kpause),
		cmocka_unit_test(test_cprng_fast),
		cmocka_unit_test(test_cprng_threads),
		cmocka_unit_test(test_cprng_strong),
		cmocka_unit_test(test_shutdown_hooks),
	};

	return cmocka_run_group_tests_name("misc", tests, setup, NULL);
}
