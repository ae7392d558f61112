/*
 * Second processes for a case (see fstest.h): POSIX locks, credentials,
 * cwd and umask belong to a process, so the cases about them need more
 * than one.
 *
 * On host system calls (the FUSE backends) a process is a forked copy of
 * the case process: the function pointer a call names is valid there,
 * and its argument travels by value over a socket pair.  In-process (the
 * rump system calls) it is a host thread bound to a rump process, served
 * the same way, so the cases do not care which.  The forked ones keep no
 * descriptor of the case (so that flock owners and the watchdog pipe stay
 * the case's), die with the case (PR_SET_PDEATHSIG) and take SIGALRM with
 * a handler and no SA_RESTART, so that a signal interrupts a blocked call.
 *
 * Every wait is bounded.  A process blocked in a hung FUSE server cannot
 * be killed (it sleeps uninterruptibly once the server has the request),
 * so the case fails and leaves it to the backend's teardown, which kills
 * the server at once when fstest_case_wedged says so.
 */
#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fstest.h"

#define PROC_CALL_MS	10000	/* a call that should not block */
#define PROC_END_MS	5000	/* exiting, with its closes */
#define PROC_REAP_MS	2000	/* killed ones, after the teardown */
#define MAXPROCS	16
#define MAXGROUPS	16

enum { M_CALL, M_QUIT, M_READY, M_DONE, M_FAIL, M_SKIP, M_GONE };

struct proc_msg {
	int kind;
	int err;		/* M_READY: errno of the set-up, or 0 */
	pid_t pid;		/* M_READY: the process's pid */
	fstest_procfn fn;
	size_t len;
	unsigned char data[FSTEST_PROC_ARGMAX];
};

struct fstest_proc {
	const struct fstest_env *env;
	int fd;			/* the case's end of the socket pair */
	int cfd;		/* the process's end */
	bool threaded;
	pid_t hostpid;		/* forked: the child */
	pthread_t thread;
	void *kproc;		/* threaded: newproc's handle */
	void *intr;		/* threaded: intr_begin's handle */
	pid_t pid;		/* as F_GETLK reports it */
	bool setcred;
	uid_t uid;
	gid_t gid;
	int ngroups;
	gid_t groups[MAXGROUPS];
	bool busy;		/* a call started, not yet answered */
	bool gone;		/* ended (or died) */
	void *arg;		/* the started call's argument */
	size_t len;
	struct proc_msg msg;	/* the process's buffer */
};

bool fstest_case_wedged;
static struct fstest_proc *procs[MAXPROCS];
static _Thread_local struct fstest_proc *self;	/* inside a process */

static int
send_msg(int fd, struct proc_msg *m)
{
	size_t n = offsetof(struct proc_msg, data) + m->len;

	while (send(fd, m, n, MSG_NOSIGNAL) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/*
 * One message within ms (-1: no bound).  1: got one; 0: none in time;
 * -1: the other end is gone.
 */
static int
recv_msg(int fd, struct proc_msg *m, int ms)
{
	long end = fstest_now_ms() + ms, left;
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	for (;;) {
		left = ms < 0 ? -1 : end - fstest_now_ms();
		if (ms >= 0 && left < 0)
			left = 0;
		n = poll(&p, 1, (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == 0)
			return 0;
		n = recv(fd, m, sizeof(*m), 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n < (ssize_t)offsetof(struct proc_msg, data))
			return -1;
		return 1;
	}
}

static void
intr_handler(int sig)
{
	(void)sig;	/* only there so that the signal interrupts */
}

/* the process side: run calls until told to quit or the case goes */
static void
serve(struct fstest_proc *p)
{
	const struct fstest_sys *sys = p->env->sys;
	struct proc_msg *m = &p->msg;

	self = p;
	for (;;) {
		if (recv_msg(p->cfd, m, -1) != 1 || m->kind != M_CALL)
			return;
		if (p->threaded && sys->intr_begin != NULL)
			(void)sys->intr_begin();
		m->fn(p->env, m->data);
		if (p->threaded && sys->intr_end != NULL)
			sys->intr_end();
		m->kind = M_DONE;
		fflush(stdout);
		if (send_msg(p->cfd, m) != 0)
			return;
	}
}

/* credentials, then M_READY with the pid (or the error) */
static int
become(struct fstest_proc *p)
{
	const struct fstest_sys *sys = p->env->sys;
	struct proc_msg *m = &p->msg;

	memset(m, 0, offsetof(struct proc_msg, data));
	m->kind = M_READY;
	if (p->setcred && sys->setcred(p->uid, p->gid, p->ngroups,
	    p->groups) == -1)
		m->err = errno != 0 ? errno : EPERM;
	/* a change of credentials clears the parent-death signal */
	if (!p->threaded)
		prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (p->threaded && sys->intr_begin != NULL) {
		p->intr = sys->intr_begin();
		sys->intr_end();
	}
	m->pid = sys->getpid();
	return send_msg(p->cfd, m) == 0 && m->err == 0 ? 0 : -1;
}

static void *
proc_thread(void *arg)
{
	struct fstest_proc *p = arg;
	const struct fstest_sys *sys = p->env->sys;

	self = p;
	if ((p->kproc = sys->newproc()) == NULL) {
		memset(&p->msg, 0, offsetof(struct proc_msg, data));
		p->msg.kind = M_READY;
		p->msg.err = ENOMEM;
		(void)send_msg(p->cfd, &p->msg);
		return NULL;
	}
	if (become(p) == 0)
		serve(p);
	sys->releaseproc(p->kproc);
	p->msg.kind = M_GONE;
	p->msg.len = 0;
	(void)send_msg(p->cfd, &p->msg);
	return NULL;
}

static void __attribute__((noreturn))
proc_child(struct fstest_proc *p, pid_t parent)
{
	struct sigaction sa;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* nothing of the case's: files, the runner's and watchdog's pipes */
	if (p->cfd > 3)
		close_range(3, p->cfd - 1, 0);
	close_range(p->cfd + 1, ~0U, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = intr_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	alarm(0);
	if (become(p) == 0)
		serve(p);
	fflush(stdout);
	_exit(0);
}

static struct fstest_proc *
proc_new(const struct fstest_env *env, bool setcred, uid_t uid, gid_t gid,
    int ngroups, const gid_t *groups)
{
	struct fstest_proc *p;
	struct proc_msg m;
	int sv[2], i, slot, r;
	pid_t parent = getpid();

	fstest_need(env, FSTEST_CAP_PROCS);
	if (setcred)
		fstest_need(env, FSTEST_CAP_OWNERS);
	for (slot = 0; slot < MAXPROCS && procs[slot] != NULL; slot++)
		continue;
	FT_REQUIRE(slot < MAXPROCS);
	FT_REQUIRE(ngroups >= 0 && ngroups <= MAXGROUPS);
	FT_REQUIRE((p = calloc(1, sizeof(*p))) != NULL);
	p->env = env;
	p->threaded = env->sys->newproc != NULL;
	p->setcred = setcred;
	p->uid = uid;
	p->gid = gid;
	p->ngroups = ngroups;
	for (i = 0; i < ngroups; i++)
		p->groups[i] = groups[i];
	FT_OK(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv));
	p->fd = sv[0];
	p->cfd = sv[1];
	procs[slot] = p;
	if (p->threaded) {
		FT_REQUIRE(pthread_create(&p->thread, NULL, proc_thread, p) ==
		    0);
	} else {
		fflush(stdout);
		fflush(stderr);
		FT_OK(p->hostpid = fork());
		if (p->hostpid == 0)
			proc_child(p, parent);
		close(p->cfd);
		p->cfd = -1;
	}
	r = recv_msg(p->fd, &m, PROC_CALL_MS);
	if (r != 1 || m.kind != M_READY) {
		p->gone = r == -1;
		fstest_fail(__FILE__, __LINE__, "a new process did not start",
		    0);
	}
	if (m.err != 0) {
		p->gone = true;
		fstest_fail(__FILE__, __LINE__, "setting a process's "
		    "credentials", m.err);
	}
	p->pid = m.pid;
	return p;
}

struct fstest_proc *
fstest_proc_new(const struct fstest_env *env)
{

	return proc_new(env, false, 0, 0, 0, NULL);
}

struct fstest_proc *
fstest_proc_new_cred(const struct fstest_env *env, uid_t uid, gid_t gid,
    int ngroups, const gid_t *groups)
{

	return proc_new(env, true, uid, gid, ngroups, groups);
}

pid_t
fstest_proc_pid(const struct fstest_proc *p)
{

	return p->pid;
}

void
fstest_proc_start(struct fstest_proc *p, fstest_procfn fn, void *arg,
    size_t len)
{
	struct proc_msg *m;

	FT_REQUIRE(!p->busy && !p->gone && len <= FSTEST_PROC_ARGMAX);
	FT_REQUIRE((m = malloc(sizeof(*m))) != NULL);
	m->kind = M_CALL;
	m->err = 0;
	m->pid = 0;
	m->fn = fn;
	m->len = len;
	if (len > 0)
		memcpy(m->data, arg, len);
	p->arg = arg;
	p->len = len;
	if (send_msg(p->fd, m) != 0) {
		free(m);
		fstest_fail(__FILE__, __LINE__, "a process is gone", errno);
	}
	free(m);
	p->busy = true;
}

/* the process died: say how */
static void __attribute__((noreturn))
proc_died(struct fstest_proc *p)
{
	char why[128];
	int status;

	p->gone = true;
	p->busy = false;
	snprintf(why, sizeof(why), "a second process died");
	if (!p->threaded && waitpid(p->hostpid, &status, 0) == p->hostpid) {
		p->hostpid = 0;
		if (WIFSIGNALED(status))
			snprintf(why, sizeof(why), "a second process was "
			    "killed by signal %d", WTERMSIG(status));
		else if (WIFEXITED(status))
			snprintf(why, sizeof(why), "a second process exited "
			    "with %d", WEXITSTATUS(status));
	}
	fstest_fail(__FILE__, __LINE__, why, 0);
}

bool
fstest_proc_wait(struct fstest_proc *p, int ms)
{
	struct proc_msg *m;
	char why[256];
	int r;

	FT_REQUIRE(p->busy);
	FT_REQUIRE((m = malloc(sizeof(*m))) != NULL);
	r = recv_msg(p->fd, m, ms);
	if (r == 0) {
		free(m);
		return false;
	}
	if (r == -1) {
		free(m);
		proc_died(p);
	}
	p->busy = false;
	switch (m->kind) {
	case M_DONE:
		if (m->len == p->len && m->len > 0)
			memcpy(p->arg, m->data, m->len);
		free(m);
		return true;
	case M_SKIP:
		p->gone = true;
		snprintf(why, sizeof(why), "%.*s", (int)m->len,
		    (const char *)m->data);
		free(m);
		fstest_skip(why);
	default:
		p->gone = true;
		free(m);
		fstest_fail(__FILE__, __LINE__, "failed in a second process",
		    0);
	}
}

void
fstest_proc_call(struct fstest_proc *p, fstest_procfn fn, void *arg,
    size_t len)
{

	fstest_proc_start(p, fn, arg, len);
	if (!fstest_proc_wait(p, PROC_CALL_MS))
		fstest_fail(__FILE__, __LINE__, "a second process's call "
		    "did not return (hung in the file system?)", 0);
}

bool
fstest_proc_can_interrupt(const struct fstest_proc *p)
{

	return !p->threaded || (p->env->sys->interrupt != NULL &&
	    p->intr != NULL);
}

void
fstest_proc_interrupt(struct fstest_proc *p)
{

	if (p->gone)
		return;
	if (!p->threaded)
		kill(p->hostpid, SIGALRM);
	else if (p->env->sys->interrupt != NULL && p->intr != NULL)
		p->env->sys->interrupt(p->intr);
}

/* wait (bounded) for a forked process to exit; true if it did */
static bool
reap(struct fstest_proc *p, int ms)
{
	long end = fstest_now_ms() + ms;
	int status;

	while (p->hostpid > 0) {
		if (waitpid(p->hostpid, &status, WNOHANG) == p->hostpid) {
			p->hostpid = 0;
			break;
		}
		if (fstest_now_ms() >= end)
			return false;
		usleep(5000);
	}
	return true;
}

static void
forget(struct fstest_proc *p)
{
	int i;

	for (i = 0; i < MAXPROCS; i++)
		if (procs[i] == p)
			procs[i] = NULL;
	if (p->fd >= 0)
		close(p->fd);
	if (p->cfd >= 0)
		close(p->cfd);
	free(p);
}

/*
 * An idle thread process releases its rump process and exits.  (The
 * case's side has buffers of its own: p->msg is the process's.)
 */
static bool
quit_thread(struct fstest_proc *p)
{
	struct proc_msg *m;
	int r = 0;

	if ((m = malloc(sizeof(*m))) == NULL)
		return false;
	memset(m, 0, offsetof(struct proc_msg, data));
	m->kind = M_QUIT;
	if (send_msg(p->fd, m) == 0) {
		do
			r = recv_msg(p->fd, m, 1000);
		while (r == 1 && m->kind != M_GONE);
	}
	free(m);
	if (r != 1)
		return false;
	p->gone = true;
	pthread_join(p->thread, NULL);
	return true;
}

void
fstest_proc_end(struct fstest_proc *p)
{

	if (!p->threaded) {
		if (p->busy)		/* a waiter: killed */
			kill(p->hostpid, SIGKILL);
		close(p->fd);
		p->fd = -1;
		p->gone = true;
		if (!reap(p, PROC_END_MS)) {
			kill(p->hostpid, SIGKILL);
			fstest_fail(__FILE__, __LINE__, "a second process did "
			    "not exit (stuck closing its files?)", 0);
		}
		forget(p);
		return;
	}
	if (p->busy) {
		fstest_proc_interrupt(p);
		if (!fstest_proc_wait(p, PROC_END_MS))
			fstest_fail(__FILE__, __LINE__, "a second process's "
			    "call cannot be interrupted", 0);
	}
	if (p->gone)			/* the thread has returned */
		pthread_join(p->thread, NULL);
	else if (!quit_thread(p))
		fstest_fail(__FILE__, __LINE__, "a second process did not "
		    "exit", 0);
	forget(p);
}

bool
fstest_proc_self_fail(const char *why, bool skip)
{
	struct fstest_proc *p = self;
	struct proc_msg m;

	if (p == NULL)
		return false;
	fflush(stdout);
	memset(&m, 0, offsetof(struct proc_msg, data));
	m.kind = skip ? M_SKIP : M_FAIL;
	if (why != NULL) {
		m.len = strlen(why) < sizeof(m.data) ? strlen(why) :
		    sizeof(m.data);
		memcpy(m.data, why, m.len);
	}
	(void)send_msg(p->cfd, &m);
	if (!p->threaded)
		_exit(1);
	/* the thread stays bound to its rump process; the case ends soon */
	pthread_exit(NULL);
}

bool
fstest_procs_abandon(void)
{
	static struct proc_msg m;
	struct fstest_proc *p;
	bool stuck_thread = false;
	int i;

	for (i = 0; i < MAXPROCS; i++) {
		if ((p = procs[i]) == NULL)
			continue;
		if (!p->threaded) {
			if (p->busy)
				fstest_case_wedged = true;
			if (p->hostpid > 0)
				kill(p->hostpid, SIGKILL);
			continue;
		}
		if (p->busy && !p->gone) {
			fstest_proc_interrupt(p);
			if (recv_msg(p->fd, &m, 1000) != 1) {
				fstest_case_wedged = true;
				stuck_thread = true;
				continue;
			}
			p->busy = false;
		}
		if (!p->gone && quit_thread(p))
			procs[i] = NULL;	/* its memory stays: cheap */
	}
	return stuck_thread;
}

void
fstest_procs_reap(void)
{
	long end = fstest_now_ms() + PROC_REAP_MS;
	int i;

	for (i = 0; i < MAXPROCS; i++)
		if (procs[i] != NULL && !procs[i]->threaded)
			(void)reap(procs[i], (int)(end - fstest_now_ms() > 0 ?
			    end - fstest_now_ms() : 0));
}
