/*
 * A bounded shutdown.  SIGTERM, SIGINT and SIGHUP are blocked in every
 * thread and taken by one thread with sigwait(), so a signal can neither
 * land on a rump kernel thread and be lost nor interrupt a request half
 * way.  On a signal that thread:
 *   1. ends the FUSE session and detaches the host mount (lazily: a
 *      program may still have files open), so no new request comes in;
 *   2. cancels the requests asleep in the kernel (lock waits: EINTR);
 *   3. wakes the FUSE loop until it has returned;
 * then p2k_mainloop syncs and unmounts the rump file system.  When the
 * loop ends by itself (fusermount3 -u), the same thread is woken too.
 * Either way, if the process has not finished within p2m_shutdown_timeout
 * seconds, the thread says so and exits non-zero: never a hang.
 */
#include <sys/mount.h>
#include <sys/wait.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "p2k_impl.h"

#define P2K_KICK_NS	50000000L	/* how often the FUSE loop is woken */

extern char **environ;

static void
p2k_stopsigs(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

/* the kick only has to interrupt a sleep: nothing to do */
static void
p2k_kick_handler(int sig)
{
	(void)sig;
}

/* programs we start (fusermount3) get the signals back */
static void
p2k_atfork_child(void)
{
	sigset_t set;

	p2k_stopsigs(&set);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

/* Before any thread starts: every thread inherits this mask. */
void
p2k_signals_block(void)
{
	struct sigaction sa;
	sigset_t set;

	p2k_stopsigs(&set);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = p2k_kick_handler;	/* no SA_RESTART: EINTR */
	sigaction(SIGRTMIN, &sa, NULL);
	pthread_atfork(NULL, NULL, p2k_atfork_child);
}

static void
p2k_deadline(struct timespec *ts, int seconds)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += seconds;
}

static bool
p2k_past(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline->tv_sec ||
	    (now.tv_sec == deadline->tv_sec &&
	    now.tv_nsec >= deadline->tv_nsec);
}

/* wait on the shutdown condition until *until or for ns, whichever first */
static void
p2k_shutwait(struct p2k_mount *p2m, const struct timespec *until, long ns)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += ns;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	if (ns == 0 || ts.tv_sec > until->tv_sec || (ts.tv_sec ==
	    until->tv_sec && ts.tv_nsec > until->tv_nsec))
		ts = *until;
	pthread_cond_timedwait(&p2m->p2m_shutcv, &p2m->p2m_shutlock, &ts);
}

/* Detach the host mount without waiting for its users (umount -l). */
static void
p2k_detach(struct p2k_mount *p2m)
{
	char *argv[] = { "fusermount3", "-u", "-z", "-q", "--",
	    p2m->p2m_mountpoint, NULL };
	int status;
	pid_t pid;

	if (geteuid() == 0 && umount2(p2m->p2m_mountpoint, MNT_DETACH) == 0) {
		p2m->p2m_detached = true;
		return;
	}
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) == 0 &&
	    waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		p2m->p2m_detached = true;
}

/* Steps 1-3 above, the last one not past *until. */
static void
p2k_stop(struct p2k_mount *p2m, const struct timespec *until)
{
	bool serving;

	pthread_mutex_lock(&p2m->p2m_shutlock);
	serving = p2m->p2m_shutstate == P2K_SHUT_RUNNING;
	if (serving)
		p2m->p2m_shutstate = P2K_SHUT_STOPPING;
	pthread_mutex_unlock(&p2m->p2m_shutlock);
	if (serving) {
		fuse_session_exit(p2m->p2m_se);
		p2k_detach(p2m);
	}
	p2k_cancel_waits(p2m);
	pthread_mutex_lock(&p2m->p2m_shutlock);
	p2m->p2m_stopped = true;	/* p2m_detached is final now */
	pthread_cond_broadcast(&p2m->p2m_shutcv);
	while (!p2m->p2m_loopdone && !p2k_past(until)) {
		/* the loop sleeps in sem_wait or read: interrupt that */
		pthread_kill(p2m->p2m_mainthread, SIGRTMIN);
		p2k_shutwait(p2m, until, P2K_KICK_NS);
	}
	pthread_mutex_unlock(&p2m->p2m_shutlock);
}

static void *
p2k_sigthread(void *arg)
{
	struct p2k_mount *p2m = arg;
	struct timespec until;
	sigset_t set;
	bool done;
	int sig;

	p2k_stopsigs(&set);
	while (sigwait(&set, &sig) != 0)
		continue;
	p2k_deadline(&until, p2m->p2m_shutdown_timeout);
	p2k_stop(p2m, &until);
	pthread_mutex_lock(&p2m->p2m_shutlock);
	while (p2m->p2m_shutstate != P2K_SHUT_DONE && !p2k_past(&until))
		p2k_shutwait(p2m, &until, 0);
	done = p2m->p2m_shutstate == P2K_SHUT_DONE;
	pthread_mutex_unlock(&p2m->p2m_shutlock);
	if (!done) {
		fprintf(stderr, "%s: %s: the file system did not shut down "
		    "within %d s; exiting without a clean unmount\n",
		    program_invocation_short_name, p2m->p2m_mountpoint,
		    p2m->p2m_shutdown_timeout);
		_exit(1);
	}
	return NULL;
}

/* Serving starts: the signal thread takes over the stop signals. */
int
p2k_shutdown_start(struct p2k_mount *p2m)
{
	sigset_t set, old;
	int error;

	p2m->p2m_mainthread = pthread_self();
	sigfillset(&set);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	error = pthread_create(&p2m->p2m_sigthread, NULL, p2k_sigthread, p2m);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	p2m->p2m_sigthread_started = error == 0;
	return error;
}

/*
 * The FUSE loop has returned; from here on the shutdown is bounded.  True
 * if a stop signal ended it.
 */
bool
p2k_shutdown_loop_ended(struct p2k_mount *p2m)
{
	bool signalled;

	pthread_mutex_lock(&p2m->p2m_shutlock);
	signalled = p2m->p2m_shutstate != P2K_SHUT_RUNNING;
	p2m->p2m_shutstate = P2K_SHUT_STOPPING;
	p2m->p2m_loopdone = true;
	pthread_cond_broadcast(&p2m->p2m_shutcv);
	/* a signal's stop may be detaching the mount: let it finish */
	while (signalled && !p2m->p2m_stopped)
		pthread_cond_wait(&p2m->p2m_shutcv, &p2m->p2m_shutlock);
	pthread_mutex_unlock(&p2m->p2m_shutlock);
	/* no signal came (fusermount3 -u): start the clock ourselves */
	if (!signalled && p2m->p2m_sigthread_started)
		pthread_kill(p2m->p2m_sigthread, SIGTERM);
	return signalled;
}

void
p2k_shutdown_done(struct p2k_mount *p2m)
{
	pthread_mutex_lock(&p2m->p2m_shutlock);
	p2m->p2m_shutstate = P2K_SHUT_DONE;
	pthread_cond_broadcast(&p2m->p2m_shutcv);
	pthread_mutex_unlock(&p2m->p2m_shutlock);
	if (p2m->p2m_sigthread_started)
		pthread_join(p2m->p2m_sigthread, NULL);
	p2m->p2m_sigthread_started = false;
}
