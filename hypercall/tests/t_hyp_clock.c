/*
 * Clocks: wall and monotonic time, relative and absolute sleeps.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

static int n_unsched, n_sched;

static void
up_unsched(void)
{

	n_unsched++;
}

static void
up_sched(void)
{

	n_sched++;
}

static const struct rumpuser_hyperup upcalls = { up_unsched, up_sched };

static int64_t
ns(int clk)
{
	int64_t sec;
	long nsec;

	assert_int_equal(rumpuser_clock_gettime(clk, &sec, &nsec), 0);
	assert_true(nsec >= 0 && nsec < 1000000000);
	return sec * 1000000000 + nsec;
}

static void
t_gettime(void **state)
{
	struct timespec ts;
	int64_t a, b, wall;
	int64_t sec;
	long nsec;

	a = ns(RUMPUSER_CLOCK_ABSMONO);
	b = ns(RUMPUSER_CLOCK_ABSMONO);
	assert_true(b >= a);	/* monotonic never goes back */
	wall = ns(RUMPUSER_CLOCK_RELWALL);
	clock_gettime(CLOCK_REALTIME, &ts);
	/* The wall clock is the host's, to within a second. */
	assert_true(ts.tv_sec - wall / 1000000000 <= 1);
	assert_true(wall / 1000000000 > 1600000000);	/* after 2020 */
	assert_int_equal(rumpuser_clock_gettime(7, &sec, &nsec), EINVAL);
}

static void
t_sleep_relative(void **state)
{
	int64_t t0;

	n_unsched = n_sched = 0;
	t0 = ns(RUMPUSER_CLOCK_ABSMONO);
	assert_int_equal(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0,
	    30000000), 0);
	assert_true(ns(RUMPUSER_CLOCK_ABSMONO) - t0 >= 30000000);
	/* Sleeping gives the CPU away. */
	assert_int_equal(n_unsched, 1);
	assert_int_equal(n_sched, 1);
	assert_int_equal(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 0),
	    0);
	assert_int_equal(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0,
	    1000000000), EINVAL);
	assert_int_equal(rumpuser_clock_sleep(9, 0, 1), EINVAL);
}

static void
t_sleep_absolute(void **state)
{
	int64_t t0, deadline;

	t0 = ns(RUMPUSER_CLOCK_ABSMONO);
	deadline = t0 + 40000000;
	assert_int_equal(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO,
	    deadline / 1000000000, (long)(deadline % 1000000000)), 0);
	assert_true(ns(RUMPUSER_CLOCK_ABSMONO) >= deadline);
	/* A deadline in the past returns at once. */
	assert_int_equal(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, 0, 0),
	    0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_gettime),
		cmocka_unit_test(t_sleep_relative),
		cmocka_unit_test(t_sleep_absolute),
	};

	if (rumpuser_init(RUMPUSER_VERSION, &upcalls) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
