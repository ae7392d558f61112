/*
 * The public kernel API from a host program: rump_init twice, the memory
 * limit from RUMP_MEMLIMIT, implicit lwps of host threads freed at thread
 * exit, rump processes from several host threads at once.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include <rump/rump.h>

#define NTHREADS	8
#define NROUNDS		50

static int
setup(void **state)
{
	/* read once, by the first rump_init */
	setenv("RUMP_MEMLIMIT", "256m", 1);
	return 0;
}

static void *
init_thread(void *arg)
{
	*(int *)arg = rump_init();
	return NULL;
}

static void
test_init_twice(void **state)
{
	pthread_t t[4];
	int res[4] = { -1, -1, -1, -1 };

	/* racing first calls: one boots, the others wait for it */
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, init_thread,
		    &res[i]), 0);
	assert_int_equal(rump_init(), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(res[i], 0);
	}
	assert_int_equal(rump_init(), 0);
	assert_true(rump_pub_boot_ns() > 0);
	assert_int_equal(rump_pub_mem_limit(), 256ULL << 20);
	assert_true(rump_pub_mem_inuse() > 0);
	assert_int_equal(rump_pub_lwproc_getpid(), 1);
}

static void *
enter_only(void *arg)
{
	rump_schedule();
	*(int32_t *)arg = rump_pub_lwproc_getpid();
	rump_unschedule();
	return NULL;
}

static void
test_implicit_lwps_freed(void **state)
{
	pthread_t t[NTHREADS];
	int32_t pid[NTHREADS];
	uint64_t base;

	rump_schedule();	/* this thread's lwp exists before measuring */
	base = rump_pub_mem_inuse();
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < NTHREADS; i++)
			assert_int_equal(pthread_create(&t[i], NULL,
			    enter_only, &pid[i]), 0);
		for (int i = 0; i < NTHREADS; i++) {
			assert_int_equal(pthread_join(t[i], NULL), 0);
			assert_int_equal(pid[i], 1);
		}
	}
	/*
	 * each exited thread's implicit lwp went with it: 40 leaked lwps
	 * would be kilobytes; allow for the VFS threads' own small churn
	 */
	assert_true(rump_pub_mem_inuse() < base + 1024);
}

struct worker {
	int32_t pids[NROUNDS];
	int errors;
};

static void *
lwproc_worker(void *arg)
{
	struct worker *w = arg;
	const uint32_t groups[] = { 100, 200 };

	for (int i = 0; i < NROUNDS; i++) {
		struct lwp *l;

		if (rump_pub_lwproc_rfork(RUMP_RFCFDG) != 0) {
			w->errors++;
			continue;
		}
		l = rump_pub_lwproc_curlwp();
		w->pids[i] = rump_pub_lwproc_getpid();
		if (w->pids[i] <= 1)
			w->errors++;
		if (rump_pub_lwproc_setcred(1000 + (uint32_t)i, 100, 2,
		    groups) != 0)
			w->errors++;
		rump_pub_lwproc_switch(NULL);
		if (rump_pub_lwproc_getpid() != 1)
			w->errors++;
		rump_pub_lwproc_switch(l);
		if (rump_pub_lwproc_getpid() != w->pids[i])
			w->errors++;
		rump_pub_lwproc_releaselwp();
		if (rump_pub_lwproc_getpid() != 1)
			w->errors++;
	}
	return NULL;
}

static int
cmp_pid(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

static void
test_lwproc_concurrent(void **state)
{
	static struct worker w[NTHREADS];
	static int32_t all[NTHREADS * NROUNDS];
	pthread_t t[NTHREADS];
	int n = 0;

	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, lwproc_worker,
		    &w[i]), 0);
	for (int i = 0; i < NTHREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (int i = 0; i < NTHREADS; i++) {
		assert_int_equal(w[i].errors, 0);
		for (int j = 0; j < NROUNDS; j++)
			all[n++] = w[i].pids[j];
	}
	/* every process got its own pid */
	qsort(all, (size_t)n, sizeof(all[0]), cmp_pid);
	for (int i = 1; i < n; i++)
		assert_true(all[i] > all[i - 1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_twice),
		cmocka_unit_test(test_implicit_lwps_freed),
		cmocka_unit_test(test_lwproc_concurrent),
	};

	return cmocka_run_group_tests_name("rump_pub", tests, setup, NULL);
}
