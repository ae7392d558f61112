/*
 * Asynchronous block I/O: rumpuser_bio() queues the request and returns;
 * a small pool of host I/O threads runs it through the descriptor's
 * backend and calls biodone from the I/O thread.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "rumpuser_int.h"

#define BIO_MINTHREADS	2
#define BIO_MAXTHREADS	4

struct biojob {
	int		bj_fd;
	int		bj_op;
	void		*bj_data;
	size_t		bj_len;
	int64_t		bj_off;
	rumpuser_biodone_fn bj_done;
	void		*bj_arg;
	struct biojob	*bj_next;
};

static pthread_once_t bio_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t bio_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_cv = PTHREAD_COND_INITIALIZER;
static struct biojob *bio_head, **bio_tail = &bio_head;
static int bio_nthreads;

static void
bio_run(struct biojob *bj)
{
	size_t done = 0;
	int error;

	error = rumpuser__blk_rw(bj->bj_fd, bj->bj_op, bj->bj_data,
	    bj->bj_len, bj->bj_off, &done);
	if (error == 0 && (bj->bj_op & RUMPUSER_BIO_SYNC) &&
	    (bj->bj_op & RUMPUSER_BIO_WRITE)) {
		while (fdatasync(bj->bj_fd) == -1) {
			if (errno != EINTR) {
				if (errno != EINVAL)	/* can't sync: fine */
					error = rumpuser__errtrans(errno);
				break;
			}
		}
	}
	bj->bj_done(bj->bj_arg, done, error);
}

static void *
bio_thread(void *arg)
{
	struct biojob *bj;

	for (;;) {
		pthread_mutex_lock(&bio_lock);
		while (bio_head == NULL)
			pthread_cond_wait(&bio_cv, &bio_lock);
		bj = bio_head;
		bio_head = bj->bj_next;
		if (bio_head == NULL)
			bio_tail = &bio_head;
		pthread_mutex_unlock(&bio_lock);
		bio_run(bj);
		free(bj);
	}
	return NULL;
}

/* I/O threads take no signals: those belong to the program's threads. */
static void
bio_start(void)
{
	sigset_t all, old;
	pthread_t t;
	long ncpu;
	int i, n;

	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	n = ncpu < BIO_MINTHREADS ? BIO_MINTHREADS :
	    ncpu > BIO_MAXTHREADS ? BIO_MAXTHREADS : (int)ncpu;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < n; i++) {
		if (pthread_create(&t, NULL, bio_thread, NULL) != 0)
			break;
		pthread_setname_np(t, "rumpuser_bio");
		pthread_detach(t);
		bio_nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void
rumpuser_bio(int fd, int op, void *data, size_t len, int64_t off,
    rumpuser_biodone_fn biodone, void *bioarg)
{
	struct biojob *bj, local;

	pthread_once(&bio_once, bio_start);
	bj = malloc(sizeof(*bj));
	if (bj == NULL || bio_nthreads == 0) {
		/* No memory or no threads: do it here, late but right. */
		free(bj);
		local = (struct biojob){ fd, op, data, len, off, biodone,
		    bioarg, NULL };
		bio_run(&local);
		return;
	}
	*bj = (struct biojob){ fd, op, data, len, off, biodone, bioarg, NULL };
	pthread_mutex_lock(&bio_lock);
	*bio_tail = bj;
	bio_tail = &bj->bj_next;
	pthread_cond_signal(&bio_cv);
	pthread_mutex_unlock(&bio_lock);
}
