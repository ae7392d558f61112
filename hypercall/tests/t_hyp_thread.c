/*
 * Threads and the current-lwp binding.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

/* Stand-ins for kernel lwps: only their addresses matter. */
static char lwp_a, lwp_b, lwp_c;
#define LWP(x)	((struct lwp *)(void *)&(x))

struct targ {
	struct lwp *bind;
	struct lwp *seen_before;
	struct lwp *seen_after;
	char name[16];
	int ran;
};

static void *
thread_body(void *arg)
{
	struct targ *ta = arg;

	ta->seen_before = rumpuser_curlwp();
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, ta->bind);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, ta->bind);
	usleep(10000);	/* overlap with the other threads */
	ta->seen_after = rumpuser_curlwp();
	pthread_getname_np(pthread_self(), ta->name, sizeof(ta->name));
	ta->ran = 1;
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, ta->bind);
	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, ta->bind);
	return NULL;
}

static void
t_create_join(void **state)
{
	struct targ ta[2];
	void *cookie[2];
	int i;

	memset(ta, 0, sizeof(ta));
	ta[0].bind = LWP(lwp_a);
	ta[1].bind = LWP(lwp_b);
	rumpuser_curlwpop(RUMPUSER_LWP_SET, LWP(lwp_c));
	for (i = 0; i < 2; i++)
		assert_int_equal(rumpuser_thread_create(thread_body, &ta[i],
		    "a_rather_long_thread_name", 1, 0, -1, &cookie[i]), 0);
	for (i = 0; i < 2; i++)
		assert_int_equal(rumpuser_thread_join(cookie[i]), 0);
	for (i = 0; i < 2; i++) {
		assert_true(ta[i].ran);
		/* A new host thread starts with no lwp... */
		assert_null(ta[i].seen_before);
		/* ...and sees only its own binding. */
		assert_ptr_equal(ta[i].seen_after, ta[i].bind);
		assert_string_equal(ta[i].name, "a_rather_long_t");
	}
	/* Ours was untouched by theirs. */
	assert_ptr_equal(rumpuser_curlwp(), LWP(lwp_c));
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, LWP(lwp_c));
	assert_null(rumpuser_curlwp());
}

static pthread_mutex_t det_mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t det_cv = PTHREAD_COND_INITIALIZER;
static int det_done;

static void *
detached_body(void *arg)
{

	pthread_mutex_lock(&det_mtx);
	det_done = 1;
	pthread_cond_signal(&det_cv);
	pthread_mutex_unlock(&det_mtx);
	rumpuser_thread_exit();
}

static void
t_detached(void **state)
{
	void *cookie = &cookie;
	struct timespec ts;
	int rv = 0;

	assert_int_equal(rumpuser_thread_create(detached_body, NULL, NULL, 0,
	    0, -1, &cookie), 0);
	assert_null(cookie);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	pthread_mutex_lock(&det_mtx);
	while (!det_done && rv == 0)
		rv = pthread_cond_timedwait(&det_cv, &det_mtx, &ts);
	pthread_mutex_unlock(&det_mtx);
	assert_int_equal(det_done, 1);
}

static void *
exit_body(void *arg)
{

	*(int *)arg = 1;
	rumpuser_thread_exit();
}

static void
t_exit_join(void **state)
{
	void *cookie;
	int flag = 0;

	assert_int_equal(rumpuser_thread_create(exit_body, &flag, "exiter", 1,
	    0, 0, &cookie), 0);
	assert_int_equal(rumpuser_thread_join(cookie), 0);
	assert_int_equal(flag, 1);
	assert_int_equal(rumpuser_thread_join(NULL), EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_create_join),
		cmocka_unit_test(t_detached),
		cmocka_unit_test(t_exit_join),
	};

	if (rumpuser_init(RUMPUSER_VERSION, NULL) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
