/*
 * Host threads for kernel threads, and the per-thread current lwp.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "rumpuser_int.h"

struct rumpuser_thread {
	pthread_t	t_thread;
};

static __thread struct lwp *rumpuser__curlwp;

/* what a new thread needs before it runs the kernel's function */
struct rumpuser_tstart {
	void		*(*ts_fn)(void *);
	void		*ts_arg;
	char		ts_name[16];	/* Linux: at most 15 characters */
};

/*
 * The thread names itself: naming another thread costs an open of
 * /proc/self/task/N/comm, one per kernel thread at every start.
 */
static void *
rumpuser_thread_start(void *arg)
{
	struct rumpuser_tstart ts = *(struct rumpuser_tstart *)arg;

	free(arg);
	if (ts.ts_name[0] != '\0')
		(void)pthread_setname_np(pthread_self(), ts.ts_name);
	return ts.ts_fn(ts.ts_arg);
}

int
rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
    int mustjoin, int priority, int cpuidx, void **cookie)
{
	struct rumpuser_thread *t;
	struct rumpuser_tstart *ts;
	sigset_t all, old;
	int error;

	t = malloc(sizeof(*t));
	ts = malloc(sizeof(*ts));
	if (t == NULL || ts == NULL) {
		free(t);
		free(ts);
		return ENOMEM;
	}
	ts->ts_fn = fn;
	ts->ts_arg = arg;
	ts->ts_name[0] = '\0';
	if (name != NULL)
		(void)strncat(ts->ts_name, name, sizeof(ts->ts_name) - 1);
	/*
	 * Kernel threads take no host signals: one landing here would be
	 * lost to the program waiting for it (a server's SIGTERM).
	 */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	error = pthread_create(&t->t_thread, NULL, rumpuser_thread_start, ts);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0) {
		free(ts);
		free(t);
		return rumpuser__errtrans(error);
	}
	if (mustjoin) {
		*cookie = t;
		return 0;
	}
	pthread_detach(t->t_thread);
	free(t);
	if (cookie != NULL)
		*cookie = NULL;
	return 0;
}

void
rumpuser_thread_exit(void)
{

	pthread_exit(NULL);
}

int
rumpuser_thread_join(void *cookie)
{
	struct rumpuser_thread *t = cookie;
	int error;

	if (t == NULL)
		return EINVAL;
	rumpuser__unschedule();
	error = pthread_join(t->t_thread, NULL);
	rumpuser__schedule();
	if (error != 0)
		return rumpuser__errtrans(error);
	free(t);
	return 0;
}

/*
 * Thread exit with an lwp bound: a key whose destructor tells the kernel
 * (rumpuser_curlwp_setexit), so implicit lwps do not outlive their host
 * thread.  The __thread variable is still valid while destructors run.
 */
static void (*rumpuser__lwpexit)(struct lwp *);
static pthread_key_t rumpuser__lwpkey;

static void
rumpuser__lwpkey_dtor(void *arg)
{

	if (rumpuser__curlwp == arg)
		rumpuser__lwpexit(arg);
}

void
rumpuser_curlwp_setexit(void (*fn)(struct lwp *))
{

	if (rumpuser__lwpexit != NULL || fn == NULL)
		return;
	if (pthread_key_create(&rumpuser__lwpkey, rumpuser__lwpkey_dtor) != 0)
		return;
	rumpuser__lwpexit = fn;
}

/*
 * CREATE and DESTROY are only notifications: the host keeps no per-lwp
 * state.  SET binds an lwp to the calling host thread, CLEAR unbinds.
 */
void
rumpuser_curlwpop(int op, struct lwp *l)
{

	switch (op) {
	case RUMPUSER_LWP_SET:
		rumpuser__curlwp = l;
		if (rumpuser__lwpexit != NULL)
			(void)pthread_setspecific(rumpuser__lwpkey, l);
		break;
	case RUMPUSER_LWP_CLEAR:
		rumpuser__curlwp = NULL;
		if (rumpuser__lwpexit != NULL)
			(void)pthread_setspecific(rumpuser__lwpkey, NULL);
		break;
	default:
		break;
	}
}

struct lwp *
rumpuser_curlwp(void)
{

	return rumpuser__curlwp;
}
