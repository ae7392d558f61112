/*
 * Asynchronous block I/O: rumpuser_bio() queues the request and returns;
 * a small pool of host I/O threads runs it through the descriptor's
 * backend and calls biodone from the I/O thread.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "rumpuser_int.h"

#define BIO_MINTHREADS	2
#define BIO_MAXTHREADS	4
#define BIO_POLL_NS	50000		/* ns an idle thread polls */
#define BIO_SPLIT_MIN	(256 * 1024)	/* split bigger requests */

/*
 * A large request is split in two halves run by two I/O threads at once
 * when one is idle, so the copy of one half overlaps the handoff of the
 * other.  The last half to finish completes the request.
 */
struct biosplit {
	pthread_mutex_t	bs_lock;
	int		bs_remaining;
	size_t		bs_done;
	int		bs_error;
	int		bs_op;
	int		bs_fd;
	rumpuser_biodone_fn bs_biodone;
	void		*bs_arg;
};

struct biojob {
	int		bj_fd;
	int		bj_op;
	void		*bj_data;
	size_t		bj_len;
	int64_t		bj_off;
	rumpuser_biodone_fn bj_done;
	void		*bj_arg;
	struct biosplit	*bj_split;	/* NULL: a whole request */
	struct biojob	*bj_next;
};

static pthread_mutex_t bio_startlock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int bio_started;
static pthread_mutex_t bio_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_cv = PTHREAD_COND_INITIALIZER;
static struct biojob *bio_head, **bio_tail = &bio_head;
static int bio_nthreads;
static int bio_nsleep;		/* threads asleep on bio_cv */
static int bio_polling;		/* an idle thread polls the queue */
static atomic_int bio_nqueued;	/* queue length, read without the lock */

static int
bio_sync(int fd, int op, int error)
{

	if (error != 0 || (op & (RUMPUSER_BIO_SYNC | RUMPUSER_BIO_WRITE)) !=
	    (RUMPUSER_BIO_SYNC | RUMPUSER_BIO_WRITE))
		return error;
	while (fdatasync(fd) == -1) {
		if (errno == EINTR)
			continue;
		if (errno != EINVAL)	/* EINVAL: nothing to sync */
			error = rumpuser__errtrans(errno);
		break;
	}
	return error;
}

static void
bio_enqueue(struct biojob *bj)
{

	pthread_mutex_lock(&bio_lock);
	*bio_tail = bj;
	bio_tail = &bj->bj_next;
	atomic_fetch_add(&bio_nqueued, 1);
	if (bio_nsleep > 0 && !bio_polling)
		pthread_cond_signal(&bio_cv);
	pthread_mutex_unlock(&bio_lock);
}

/* Hand the second half of bj to an idle I/O thread, if there is one. */
static void
bio_split(struct biojob *bj)
{
	struct biosplit *bs;
	struct biojob *half;
	size_t mid;
	int idle;

	mid = (bj->bj_len / 2) & ~(size_t)4095;
	pthread_mutex_lock(&bio_lock);
	idle = (bio_nsleep > 0 || bio_polling) && bio_head == NULL;
	pthread_mutex_unlock(&bio_lock);
	if (!idle || mid == 0)
		return;
	bs = malloc(sizeof(*bs));
	half = malloc(sizeof(*half));
	if (bs == NULL || half == NULL) {
		free(bs);
		free(half);
		return;
	}
	pthread_mutex_init(&bs->bs_lock, NULL);
	bs->bs_remaining = 2;
	bs->bs_done = 0;
	bs->bs_error = 0;
	bs->bs_op = bj->bj_op;
	bs->bs_fd = bj->bj_fd;
	bs->bs_biodone = bj->bj_done;
	bs->bs_arg = bj->bj_arg;
	*half = *bj;
	half->bj_data = (char *)bj->bj_data + mid;
	half->bj_len = bj->bj_len - mid;
	half->bj_off = bj->bj_off + (int64_t)mid;
	half->bj_split = bs;
	half->bj_next = NULL;
	bj->bj_len = mid;
	bj->bj_split = bs;
	bio_enqueue(half);
}

/* One half done; the last one completes the request. */
static void
bio_halfdone(struct biosplit *bs, size_t done, int error)
{
	int last;

	pthread_mutex_lock(&bs->bs_lock);
	bs->bs_done += done;
	if (error != 0 && bs->bs_error == 0)
		bs->bs_error = error;
	last = --bs->bs_remaining == 0;
	pthread_mutex_unlock(&bs->bs_lock);
	if (!last)
		return;
	error = bio_sync(bs->bs_fd, bs->bs_op, bs->bs_error);
	bs->bs_biodone(bs->bs_arg, bs->bs_done, error);
	pthread_mutex_destroy(&bs->bs_lock);
	free(bs);
}

static void
bio_run(struct biojob *bj)
{
	size_t done = 0;
	int error, crash;

	if (bj->bj_split == NULL && bj->bj_len >= BIO_SPLIT_MIN &&
	    bio_nthreads > 1)
		bio_split(bj);
	crash = rumpuser__crash_armed && (bj->bj_op & RUMPUSER_BIO_WRITE);
	if (crash)
		rumpuser__crash_enter();
	error = rumpuser__blk_rw(bj->bj_fd, bj->bj_op, bj->bj_data,
	    bj->bj_len, bj->bj_off, &done);
	if (crash)
		rumpuser__crash_leave();
	if (bj->bj_split != NULL) {
		bio_halfdone(bj->bj_split, done, error);
		return;
	}
	error = bio_sync(bj->bj_fd, bj->bj_op, error);
	bj->bj_done(bj->bj_arg, done, error);
}

/*
 * Waking a sleeping thread costs tens of microseconds on a virtual
 * machine, as much as a 1 MiB copy from the page cache.  So one idle
 * I/O thread at a time polls the queue for a short while before it
 * sleeps, yielding the CPU to anyone else who wants it.
 */
static void
bio_poll(void)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		if (atomic_load_explicit(&bio_nqueued, memory_order_relaxed))
			return;
		sched_yield();
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while ((t.tv_sec - t0.tv_sec) * 1000000000L +
	    (t.tv_nsec - t0.tv_nsec) < BIO_POLL_NS);
}

static struct biojob *
bio_take(void)
{
	struct biojob *bj;
	int polled = 0;

	pthread_mutex_lock(&bio_lock);
	while (bio_head == NULL) {
		if (!bio_polling && !polled) {
			polled = 1;
			bio_polling = 1;
			pthread_mutex_unlock(&bio_lock);
			bio_poll();
			pthread_mutex_lock(&bio_lock);
			bio_polling = 0;
			continue;
		}
		bio_nsleep++;
		pthread_cond_wait(&bio_cv, &bio_lock);
		bio_nsleep--;
	}
	bj = bio_head;
	atomic_fetch_sub(&bio_nqueued, 1);
	bio_head = bj->bj_next;
	if (bio_head == NULL)
		bio_tail = &bio_head;
	/* More queued than we take: pass the wakeup on. */
	if (bio_head != NULL && bio_nsleep > 0)
		pthread_cond_signal(&bio_cv);
	pthread_mutex_unlock(&bio_lock);
	return bj;
}

static void *
bio_thread(void *arg)
{
	struct biojob *bj;

	/* named by itself: naming another thread opens /proc */
	(void)pthread_setname_np(pthread_self(), "rumpuser_bio");
	for (;;) {
		bj = bio_take();
		bio_run(bj);
		free(bj);
	}
	return NULL;
}

/*
 * A forked child has only the forking thread: no I/O threads, and locks
 * possibly held by threads that are gone.  Start afresh on its first bio.
 */
static void
bio_atfork_child(void)
{

	pthread_mutex_init(&bio_startlock, NULL);
	pthread_mutex_init(&bio_lock, NULL);
	pthread_cond_init(&bio_cv, NULL);
	bio_head = NULL;
	bio_tail = &bio_head;
	bio_nthreads = 0;
	bio_nsleep = 0;
	bio_polling = 0;
	atomic_store(&bio_nqueued, 0);
	atomic_store(&bio_started, 0);
}

/* I/O threads take no signals: those belong to the program's threads. */
static void
bio_start(void)
{
	static int atfork_done;
	sigset_t all, old;
	pthread_t t;
	long ncpu;
	int i, n;

	pthread_mutex_lock(&bio_startlock);
	if (atomic_load(&bio_started)) {
		pthread_mutex_unlock(&bio_startlock);
		return;
	}
	if (!atfork_done) {
		pthread_atfork(NULL, NULL, bio_atfork_child);
		atfork_done = 1;
	}
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	n = ncpu < BIO_MINTHREADS ? BIO_MINTHREADS :
	    ncpu > BIO_MAXTHREADS ? BIO_MAXTHREADS : (int)ncpu;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < n; i++) {
		if (pthread_create(&t, NULL, bio_thread, NULL) != 0)
			break;
		pthread_detach(t);
		bio_nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	atomic_store(&bio_started, 1);
	pthread_mutex_unlock(&bio_startlock);
}

void
rumpuser_bio(int fd, int op, void *data, size_t len, int64_t off,
    rumpuser_biodone_fn biodone, void *bioarg)
{
	struct biojob *bj, local;

	if (!atomic_load(&bio_started))
		bio_start();
	bj = malloc(sizeof(*bj));
	if (bj == NULL || bio_nthreads == 0) {
		/* No memory or no threads: do it here, late but right. */
		free(bj);
		local = (struct biojob){ fd, op, data, len, off, biodone,
		    bioarg, NULL, NULL };
		bio_run(&local);
		return;
	}
	*bj = (struct biojob){ fd, op, data, len, off, biodone, bioarg, NULL,
	    NULL };
	bio_enqueue(bj);
}
