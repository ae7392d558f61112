/*
 * Advisory locks: conflicts, splitting and merging ranges, F_GETLK
 * reporting the holder, F_SETLKW sleeping until the holder lets go or its
 * lwp is interrupted, EDEADLK, flock-style whole-file locks, argument
 * checks.
 */
#include <sys/types.h>
#include <sys/fcntl.h>
#include <sys/kthread.h>
#include <sys/lockf.h>
#include <sys/lwp.h>
#include <sys/time.h>

#include "testfs.h"
#include "../vfs_impl.h"

#include <setjmp.h>
#include <cmocka.h>

static struct lockf *head;
static int owner_a, owner_b;
#define A	((void *)&owner_a)
#define B	((void *)&owner_b)
#define PID_A	11
#define PID_B	22

static int
lk(void *id, int op, int type, off_t start, off_t len, int flags)
{
	struct vop_advlock_args a;
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = (int16_t)type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	fl.l_pid = id == A ? PID_A : PID_B;
	a.a_vp = NULL;
	a.a_id = id;
	a.a_op = op;
	a.a_fl = &fl;
	a.a_flags = flags;
	return lf_advlock(&a, &head, 1000);
}

#define SET(id, t, s, l)	lk(id, F_SETLK, t, s, l, F_POSIX)
#define UNLOCK(id, s, l)	lk(id, F_UNLCK, F_UNLCK, s, l, F_POSIX)

static struct flock
getlk(void *id, int type, off_t start, off_t len)
{
	struct vop_advlock_args a;
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = (int16_t)type;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	a.a_vp = NULL;
	a.a_id = id;
	a.a_op = F_GETLK;
	a.a_fl = &fl;
	a.a_flags = F_POSIX;
	assert_int_equal(lf_advlock(&a, &head, 1000), 0);
	return fl;
}

static int
setup(void **state)
{

	tfs_boot();
	return 0;
}

static int
teardown_each(void **state)
{

	lf_purge(&head);
	assert_null(head);
	return 0;
}

static void
test_conflicts(void **state)
{

	assert_int_equal(SET(A, F_WRLCK, 0, 100), 0);
	assert_int_equal(SET(B, F_RDLCK, 50, 10), EAGAIN);
	assert_int_equal(SET(B, F_WRLCK, 99, 1), EAGAIN);
	assert_int_equal(SET(B, F_WRLCK, 100, 0), 0);	/* to EOF */
	assert_int_equal(SET(A, F_RDLCK, 500, 1), EAGAIN);
	/* readers share */
	assert_int_equal(UNLOCK(A, 0, 0), 0);
	assert_int_equal(SET(A, F_RDLCK, 0, 10), 0);
	assert_int_equal(SET(B, F_RDLCK, 5, 10), 0);
	assert_int_equal(SET(B, F_WRLCK, 0, 1), EAGAIN);
	/* an owner never conflicts with itself */
	assert_int_equal(SET(A, F_WRLCK, 0, 5), 0);
}

static void
test_getlk_reports_holder(void **state)
{
	struct flock fl;

	assert_int_equal(SET(A, F_WRLCK, 10, 20), 0);
	fl = getlk(B, F_RDLCK, 0, 0);
	assert_int_equal(fl.l_type, F_WRLCK);
	assert_int_equal(fl.l_start, 10);
	assert_int_equal(fl.l_len, 20);
	assert_int_equal(fl.l_pid, PID_A);
	assert_int_equal(fl.l_whence, SEEK_SET);
	fl = getlk(B, F_WRLCK, 30, 5);
	assert_int_equal(fl.l_type, F_UNLCK);
	/* the holder itself sees no conflict */
	fl = getlk(A, F_WRLCK, 0, 0);
	assert_int_equal(fl.l_type, F_UNLCK);
}

static void
test_split(void **state)
{
	struct flock fl;

	assert_int_equal(SET(A, F_WRLCK, 0, 100), 0);
	assert_int_equal(UNLOCK(A, 40, 20), 0);		/* [40, 59] */
	assert_int_equal(SET(B, F_WRLCK, 40, 20), 0);
	assert_int_equal(SET(B, F_WRLCK, 39, 1), EAGAIN);
	assert_int_equal(SET(B, F_WRLCK, 60, 1), EAGAIN);
	fl = getlk(B, F_WRLCK, 60, 0);
	assert_int_equal(fl.l_start, 60);
	assert_int_equal(fl.l_len, 40);
	fl = getlk(B, F_WRLCK, 0, 1);
	assert_int_equal(fl.l_start, 0);
	assert_int_equal(fl.l_len, 40);
	/* a type change in the middle splits as well */
	assert_int_equal(UNLOCK(B, 0, 0), 0);
	assert_int_equal(SET(A, F_RDLCK, 70, 10), 0);
	assert_int_equal(SET(B, F_RDLCK, 70, 10), 0);
	assert_int_equal(SET(B, F_RDLCK, 69, 1), EAGAIN);
	assert_int_equal(SET(B, F_RDLCK, 80, 1), EAGAIN);
}

static void
test_merge(void **state)
{
	struct flock fl;

	assert_int_equal(SET(A, F_RDLCK, 0, 10), 0);
	assert_int_equal(SET(A, F_RDLCK, 20, 10), 0);
	assert_int_equal(SET(A, F_RDLCK, 10, 10), 0);
	fl = getlk(B, F_WRLCK, 0, 0);
	assert_int_equal(fl.l_start, 0);
	assert_int_equal(fl.l_len, 30);
	/* overlapping grows the range */
	assert_int_equal(SET(A, F_RDLCK, 25, 0), 0);
	fl = getlk(B, F_WRLCK, 0, 0);
	assert_int_equal(fl.l_start, 0);
	assert_int_equal(fl.l_len, 0);		/* to EOF */
	/* SEEK_END and negative lengths */
	assert_int_equal(UNLOCK(A, 0, 0), 0);
	assert_int_equal(lk(A, F_SETLK, F_WRLCK, -10, 0, F_POSIX), EINVAL);
	assert_int_equal(SET(A, F_WRLCK, 100, -50), 0);	/* [50, 99] */
	fl = getlk(B, F_WRLCK, 0, 0);
	assert_int_equal(fl.l_start, 50);
	assert_int_equal(fl.l_len, 50);
	assert_int_equal(SET(A, F_WRLCK, 10, -20), EINVAL);
	assert_int_equal(lk(A, F_SETLK, 7, 0, 1, F_POSIX), EINVAL);
}

struct waiter {
	void *id;
	off_t start;
	int error;
	volatile int done;
};

static void
waiter_thread(void *arg)
{
	struct waiter *w = arg;

	w->error = lk(w->id, F_SETLK, F_WRLCK, w->start, 1, F_POSIX | F_WAIT);
	w->done = 1;
	kthread_exit(0);
}

static struct lwp *
start_waiter(struct waiter *w)
{
	struct lwp *l;
	int i;

	assert_int_equal(kthread_create(PRI_NONE, KTHREAD_MUSTJOIN, NULL,
	    waiter_thread, w, &l, "waiter"), 0);
	/* until it sleeps on the lock (bounded) */
	for (i = 0; i < 1000 && lf_nwaiters() == 0 && !w->done; i++)
		kpause("wait", false, 1, NULL);
	return l;
}

static void
test_setlkw_waits_and_wakes(void **state)
{
	struct waiter w = { B, 0, -1, 0 };
	struct lwp *l;

	assert_int_equal(SET(A, F_WRLCK, 0, 1), 0);
	l = start_waiter(&w);
	assert_int_equal(lf_nwaiters(), 1);
	assert_false(w.done);		/* A still holds it */
	assert_int_equal(UNLOCK(A, 0, 1), 0);
	assert_int_equal(kthread_join(l), 0);
	assert_true(w.done);
	assert_int_equal(w.error, 0);
	assert_int_equal(SET(A, F_WRLCK, 0, 1), EAGAIN);	/* B has it */
}

/* an interrupted wait ends with EINTR and leaves the locks as they were */
static void
test_setlkw_interrupted(void **state)
{
	struct waiter w = { B, 0, -1, 0 };
	struct lwp *l;

	assert_int_equal(SET(A, F_WRLCK, 0, 1), 0);
	l = start_waiter(&w);
	assert_int_equal(lf_nwaiters(), 1);
	lwp_interrupt(l);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(w.error, EINTR);
	assert_int_equal(lf_nwaiters(), 0);
	assert_int_equal(SET(B, F_WRLCK, 0, 1), EAGAIN);	/* A has it */
	assert_int_equal(UNLOCK(A, 0, 1), 0);
	assert_int_equal(SET(B, F_WRLCK, 0, 1), 0);
}

/* interrupted before it sleeps: no sleep at all; cleared: waits again */
static void
test_interrupt_before_wait(void **state)
{
	assert_int_equal(SET(A, F_WRLCK, 0, 1), 0);
	lwp_interrupt(curlwp);
	assert_int_equal(lk(B, F_SETLK, F_WRLCK, 0, 1, F_POSIX | F_WAIT),
	    EINTR);
	lwp_intr_clear(curlwp);
	assert_int_equal(lk(B, F_SETLK, F_WRLCK, 5, 1, F_POSIX | F_WAIT), 0);
	assert_int_equal(lf_nwaiters(), 0);
}

static void
test_deadlock(void **state)
{
	struct waiter w = { B, 0, -1, 0 };
	struct lwp *l;

	assert_int_equal(SET(A, F_WRLCK, 0, 1), 0);
	assert_int_equal(SET(B, F_WRLCK, 1, 1), 0);
	l = start_waiter(&w);		/* B waits for A's byte 0 */
	assert_int_equal(lf_nwaiters(), 1);
	/* A waiting for B's byte 1 would close the circle */
	assert_int_equal(lk(A, F_SETLK, F_WRLCK, 1, 1, F_POSIX | F_WAIT),
	    EDEADLK);
	assert_int_equal(UNLOCK(A, 0, 0), 0);
	assert_int_equal(kthread_join(l), 0);
	assert_int_equal(w.error, 0);
}

static void
test_flock(void **state)
{

	assert_int_equal(lk(A, F_SETLK, F_WRLCK, 0, 0, F_FLOCK), 0);
	assert_int_equal(lk(B, F_SETLK, F_RDLCK, 0, 0, F_FLOCK), EAGAIN);
	assert_int_equal(lk(A, F_UNLCK, F_UNLCK, 0, 0, F_FLOCK), 0);
	assert_int_equal(lk(B, F_SETLK, F_RDLCK, 0, 0, F_FLOCK), 0);
	assert_int_equal(lk(A, F_SETLK, F_RDLCK, 0, 0, F_FLOCK), 0);
	assert_int_equal(lk(A, F_SETLK, F_WRLCK, 0, 0, F_FLOCK), EAGAIN);
}

/* flock and POSIX locks live side by side, as on Linux */
static void
test_flock_posix_apart(void **state)
{

	assert_int_equal(lk(A, F_SETLK, F_WRLCK, 0, 0, F_FLOCK), 0);
	assert_int_equal(SET(B, F_WRLCK, 0, 0), 0);
	assert_int_equal(lk(B, F_SETLK, F_WRLCK, 0, 0, F_FLOCK), EAGAIN);
	assert_int_equal(SET(A, F_WRLCK, 0, 0), EAGAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_conflicts, teardown_each),
		cmocka_unit_test_teardown(test_getlk_reports_holder,
		    teardown_each),
		cmocka_unit_test_teardown(test_split, teardown_each),
		cmocka_unit_test_teardown(test_merge, teardown_each),
		cmocka_unit_test_teardown(test_setlkw_waits_and_wakes,
		    teardown_each),
		cmocka_unit_test_teardown(test_setlkw_interrupted,
		    teardown_each),
		cmocka_unit_test_teardown(test_interrupt_before_wait,
		    teardown_each),
		cmocka_unit_test_teardown(test_deadlock, teardown_each),
		cmocka_unit_test_teardown(test_flock, teardown_each),
		cmocka_unit_test_teardown(test_flock_posix_apart,
		    teardown_each),
	};

	return cmocka_run_group_tests_name("lockf", tests, setup, NULL);
}
