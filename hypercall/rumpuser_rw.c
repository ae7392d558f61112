/*
 * Kernel reader/writer locks.  Built on a mutex and two condvars rather
 * than pthread_rwlock so that upgrade, downgrade and the held queries can
 * be answered exactly: the writer is recorded, and each thread keeps a
 * short list of the locks it holds as a reader.  Writers are preferred
 * so a stream of readers can't starve them.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "rumpuser_int.h"

struct rumpuser_rw {
	pthread_mutex_t	rw_mtx;
	pthread_cond_t	rw_rcv;		/* readers wait here */
	pthread_cond_t	rw_wcv;		/* writers wait here */
	int		rw_readers;
	int		rw_wwait;	/* writers waiting */
	int		rw_wlocked;
	pthread_t	rw_wthread;
	struct lwp	*rw_wlwp;
};

/* Read holds of this thread; past RDHELD_MAX we only count them. */
#define RDHELD_MAX	8
static __thread struct {
	struct rumpuser_rw *rh_rw;
	int rh_count;
} rdheld[RDHELD_MAX];
static __thread int rdheld_overflow;

static void
rdheld_add(struct rumpuser_rw *rw)
{
	int i, freeslot = -1;

	for (i = 0; i < RDHELD_MAX; i++) {
		if (rdheld[i].rh_rw == rw) {
			rdheld[i].rh_count++;
			return;
		}
		if (rdheld[i].rh_rw == NULL && freeslot < 0)
			freeslot = i;
	}
	if (freeslot < 0) {
		rdheld_overflow++;
		return;
	}
	rdheld[freeslot].rh_rw = rw;
	rdheld[freeslot].rh_count = 1;
}

static void
rdheld_del(struct rumpuser_rw *rw)
{
	int i;

	for (i = 0; i < RDHELD_MAX; i++) {
		if (rdheld[i].rh_rw == rw) {
			if (--rdheld[i].rh_count == 0)
				rdheld[i].rh_rw = NULL;
			return;
		}
	}
	if (rdheld_overflow > 0)
		rdheld_overflow--;
}

/* 1: this thread holds rw as reader, 0: it doesn't, -1: can't tell. */
static int
rdheld_mine(struct rumpuser_rw *rw)
{
	int i;

	for (i = 0; i < RDHELD_MAX; i++)
		if (rdheld[i].rh_rw == rw)
			return 1;
	return rdheld_overflow > 0 ? -1 : 0;
}

static int
wheld_mine(struct rumpuser_rw *rw)
{
	struct lwp *l = rumpuser_curlwp();

	if (!rw->rw_wlocked)
		return 0;
	if (l != NULL && rw->rw_wlwp != NULL)
		return rw->rw_wlwp == l;
	return pthread_equal(rw->rw_wthread, pthread_self());
}

void
rumpuser_rw_init(struct rumpuser_rw **rwp)
{
	struct rumpuser_rw *rw;

	rw = calloc(1, sizeof(*rw));
	if (rw == NULL) {
		fprintf(stderr, "rumpuser: out of memory for an rwlock\n");
		abort();
	}
	pthread_mutex_init(&rw->rw_mtx, NULL);
	pthread_cond_init(&rw->rw_rcv, NULL);
	pthread_cond_init(&rw->rw_wcv, NULL);
	*rwp = rw;
}

void
rumpuser_rw_destroy(struct rumpuser_rw *rw)
{

	pthread_cond_destroy(&rw->rw_rcv);
	pthread_cond_destroy(&rw->rw_wcv);
	pthread_mutex_destroy(&rw->rw_mtx);
	free(rw);
}

/* Called with rw_mtx held: take the lock if it is free for us now. */
static int
rw_grab(int writer, struct rumpuser_rw *rw)
{

	if (writer) {
		if (rw->rw_wlocked || rw->rw_readers > 0)
			return 0;
		rw->rw_wlocked = 1;
		rw->rw_wthread = pthread_self();
		rw->rw_wlwp = rumpuser_curlwp();
		return 1;
	}
	if (rw->rw_wlocked || rw->rw_wwait > 0)
		return 0;
	rw->rw_readers++;
	rdheld_add(rw);
	return 1;
}

int
rumpuser_rw_tryenter(int enum_rumprwlock, struct rumpuser_rw *rw)
{
	int got;

	pthread_mutex_lock(&rw->rw_mtx);
	got = rw_grab(enum_rumprwlock == RUMPUSER_RW_WRITER, rw);
	pthread_mutex_unlock(&rw->rw_mtx);
	return got ? 0 : EBUSY;
}

void
rumpuser_rw_enter(int enum_rumprwlock, struct rumpuser_rw *rw)
{
	int writer = enum_rumprwlock == RUMPUSER_RW_WRITER;

	pthread_mutex_lock(&rw->rw_mtx);
	if (rw_grab(writer, rw)) {
		pthread_mutex_unlock(&rw->rw_mtx);
		return;
	}
	/* Contended: give up the CPU while we sleep. */
	pthread_mutex_unlock(&rw->rw_mtx);
	rumpuser__unschedule();
	pthread_mutex_lock(&rw->rw_mtx);
	if (writer) {
		rw->rw_wwait++;
		while (!rw_grab(1, rw))
			pthread_cond_wait(&rw->rw_wcv, &rw->rw_mtx);
		rw->rw_wwait--;
	} else {
		while (!rw_grab(0, rw))
			pthread_cond_wait(&rw->rw_rcv, &rw->rw_mtx);
	}
	pthread_mutex_unlock(&rw->rw_mtx);
	rumpuser__schedule();
}

/* Called with rw_mtx held after a release: wake whoever may run now. */
static void
rw_wakeup(struct rumpuser_rw *rw)
{

	if (rw->rw_wlocked)
		return;
	if (rw->rw_wwait > 0) {
		if (rw->rw_readers == 0)
			pthread_cond_signal(&rw->rw_wcv);
	} else {
		pthread_cond_broadcast(&rw->rw_rcv);
	}
}

void
rumpuser_rw_exit(struct rumpuser_rw *rw)
{

	pthread_mutex_lock(&rw->rw_mtx);
	if (rw->rw_wlocked) {
		rw->rw_wlocked = 0;
		rw->rw_wlwp = NULL;
	} else if (rw->rw_readers > 0) {
		rw->rw_readers--;
		rdheld_del(rw);
	}
	rw_wakeup(rw);
	pthread_mutex_unlock(&rw->rw_mtx);
}

/* Succeeds only for the sole reader, and never waits. */
int
rumpuser_rw_tryupgrade(struct rumpuser_rw *rw)
{
	int error = EBUSY;

	pthread_mutex_lock(&rw->rw_mtx);
	if (!rw->rw_wlocked && rw->rw_readers == 1 &&
	    rdheld_mine(rw) != 0) {
		rw->rw_readers = 0;
		rdheld_del(rw);
		rw->rw_wlocked = 1;
		rw->rw_wthread = pthread_self();
		rw->rw_wlwp = rumpuser_curlwp();
		error = 0;
	}
	pthread_mutex_unlock(&rw->rw_mtx);
	return error;
}

void
rumpuser_rw_downgrade(struct rumpuser_rw *rw)
{

	pthread_mutex_lock(&rw->rw_mtx);
	if (rw->rw_wlocked) {
		rw->rw_wlocked = 0;
		rw->rw_wlwp = NULL;
		rw->rw_readers = 1;
		rdheld_add(rw);
		/* Waiting readers may join us unless a writer is queued. */
		if (rw->rw_wwait == 0)
			pthread_cond_broadcast(&rw->rw_rcv);
	}
	pthread_mutex_unlock(&rw->rw_mtx);
}

void
rumpuser_rw_held(int enum_rumprwlock, struct rumpuser_rw *rw, int *held)
{
	int mine;

	pthread_mutex_lock(&rw->rw_mtx);
	if (enum_rumprwlock == RUMPUSER_RW_WRITER) {
		*held = wheld_mine(rw);
	} else {
		mine = rdheld_mine(rw);
		if (mine < 0)
			*held = rw->rw_readers > 0;
		else
			*held = mine;
	}
	pthread_mutex_unlock(&rw->rw_mtx);
}
