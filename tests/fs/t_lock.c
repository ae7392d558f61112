/*
 * Advisory locks between processes: POSIX record locks (fcntl) and flock.
 * Each locker is a second process (fstest_proc), so on FUSE these are
 * real host processes whose lock owners, flushes and releases reach the
 * server as they do for any program.
 *
 * Every call that may block runs started, not called, and is waited for
 * with a bound: a lock that never comes (a leaked lock, a lost wakeup)
 * fails the case instead of hanging the suite.
 */
#include <sys/types.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fstest.h"
#include "fstest_tests.h"

/* how long a lock that must come may take (a FUSE release is async) */
#define LOCK_WAIT_MS	2000
/* how long a waiter must stay blocked to count as blocked */
#define BLOCKED_MS	300
/* an interrupted wait must end within this after the first signal */
#define INTR_MS		1000

enum { L_OPEN, L_CLOSE, L_FCNTL, L_FLOCK, L_DUP };

/* one system call, run in a process */
struct lk {
	int op;
	char path[1024];
	int flags;
	int fd;
	int cmd;		/* fcntl command, or flock operation */
	struct flock fl;
	long rv;
	int err;
};

static void
lk_do(const struct fstest_env *env, void *arg)
{
	struct lk *l = arg;

	errno = 0;
	switch (l->op) {
	case L_OPEN:
		l->rv = FT_SYS->open(l->path, l->flags, 0644);
		break;
	case L_CLOSE:
		l->rv = FT_SYS->close(l->fd);
		break;
	case L_FCNTL:
		l->rv = FT_SYS->fcntl_lock(l->fd, l->cmd, &l->fl);
		break;
	case L_FLOCK:
		l->rv = FT_SYS->flock(l->fd, l->cmd);
		break;
	case L_DUP:
		l->rv = FT_SYS->dup(l->fd);
		break;
	}
	l->err = l->rv == -1 ? errno : 0;
}

static void
lk_init(struct lk *l, int op, int fd, int cmd)
{

	memset(l, 0, sizeof(*l));
	l->op = op;
	l->fd = fd;
	l->cmd = cmd;
}

static void
lk_range(struct lk *l, short type, off_t start, off_t len)
{

	l->fl.l_type = type;
	l->fl.l_whence = SEEK_SET;
	l->fl.l_start = start;
	l->fl.l_len = len;
}

/* run l in p; its errno, or 0 */
static int
lk_run(struct fstest_proc *p, struct lk *l)
{

	fstest_proc_call(p, lk_do, l, sizeof(*l));
	return l->err;
}

static int
p_open(const struct fstest_env *env, struct fstest_proc *p,
    const char *name)
{
	struct lk l;

	lk_init(&l, L_OPEN, -1, 0);
	snprintf(l.path, sizeof(l.path), "%s", FT_PATH("%s", name));
	l.flags = O_RDWR;
	if (lk_run(p, &l) != 0)
		fstest_fail(__FILE__, __LINE__, "open in a process", l.err);
	return (int)l.rv;
}

static void
p_close(struct fstest_proc *p, int fd)
{
	struct lk l;

	lk_init(&l, L_CLOSE, fd, 0);
	if (lk_run(p, &l) != 0)
		fstest_fail(__FILE__, __LINE__, "close in a process", l.err);
}

static int
p_dup(struct fstest_proc *p, int fd)
{
	struct lk l;

	lk_init(&l, L_DUP, fd, 0);
	if (lk_run(p, &l) != 0)
		fstest_fail(__FILE__, __LINE__, "dup in a process", l.err);
	return (int)l.rv;
}

/* F_SETLK (never blocks); 0 or errno */
static int
p_setlk(struct fstest_proc *p, int fd, short type, off_t start, off_t len)
{
	struct lk l;

	lk_init(&l, L_FCNTL, fd, F_SETLK);
	lk_range(&l, type, start, len);
	return lk_run(p, &l);
}

/* F_GETLK of a write lock on the range: the lock in the way, if any */
static void
p_getlk(struct fstest_proc *p, int fd, off_t start, off_t len,
    struct flock *out)
{
	struct lk l;

	lk_init(&l, L_FCNTL, fd, F_GETLK);
	lk_range(&l, F_WRLCK, start, len);
	if (lk_run(p, &l) != 0)
		fstest_fail(__FILE__, __LINE__, "F_GETLK", l.err);
	*out = l.fl;
}

/* flock with LOCK_NB (never blocks); 0 or errno */
static int
p_flock_nb(struct fstest_proc *p, int fd, int how)
{
	struct lk l;

	lk_init(&l, L_FLOCK, fd, how | LOCK_NB);
	return lk_run(p, &l);
}

/* start a blocking F_SETLKW or flock in p; l must live until it ends */
static void
start_setlkw(struct fstest_proc *p, struct lk *l, int fd, short type,
    off_t start, off_t len)
{

	lk_init(l, L_FCNTL, fd, F_SETLKW);
	lk_range(l, type, start, len);
	fstest_proc_start(p, lk_do, l, sizeof(*l));
}

static void
start_flock(struct fstest_proc *p, struct lk *l, int fd, int how)
{

	lk_init(l, L_FLOCK, fd, how);
	fstest_proc_start(p, lk_do, l, sizeof(*l));
}

/* the started call must return within LOCK_WAIT_MS */
#define WAIT_LOCK(p, l, what)	wait_lock((p), (what), __LINE__)
/* the started call must still be blocked after BLOCKED_MS */
#define STILL_BLOCKED(p, what)	still_blocked((p), (what), __LINE__)

static void
wait_lock(struct fstest_proc *p, const char *what, int line)
{

	if (!fstest_proc_wait(p, LOCK_WAIT_MS)) {
		printf("# %s: still blocked after %d ms (a lock that outlived "
		    "its owner, or a lost wakeup?)\n", what, LOCK_WAIT_MS);
		fstest_fail(__FILE__, line, "a lock wait that must end", 0);
	}
}

static void
still_blocked(struct fstest_proc *p, const char *what, int line)
{

	if (fstest_proc_wait(p, BLOCKED_MS)) {
		printf("# %s: did not block\n", what);
		fstest_fail(__FILE__, line, "a lock wait that must block", 0);
	}
}

static void
need_flock(const struct fstest_env *env)
{
	char why[96];

	fstest_need(env, FSTEST_CAP_PROCS);
	if (FT_SYS->flock == NULL) {
		snprintf(why, sizeof(why), "no flock(2) in the system calls "
		    "of %s", env->be->name);
		fstest_skip(why);
	}
}

/* the conflicting lock F_GETLK reports must be p's [start, start+len) */
static void
require_holder(struct flock *fl, struct fstest_proc *p, off_t start,
    off_t len)
{

	if (fl->l_type != F_WRLCK || fl->l_pid != fstest_proc_pid(p) ||
	    fl->l_start != start || fl->l_len != len ||
	    fl->l_whence != SEEK_SET) {
		printf("# F_GETLK: type %d pid %d start %jd len %jd whence %d;"
		    " want %d pid %d start %jd len %jd\n", fl->l_type,
		    (int)fl->l_pid, (intmax_t)fl->l_start,
		    (intmax_t)fl->l_len, fl->l_whence, F_WRLCK,
		    (int)fstest_proc_pid(p), (intmax_t)start, (intmax_t)len);
		fstest_fail(__FILE__, __LINE__, "F_GETLK names the holder", 0);
	}
}

/* "file" made with data, and processes a and b each with it open */
static void
two_procs(const struct fstest_env *env, const char *data, size_t len,
    struct fstest_proc **a, struct fstest_proc **b, int *fda, int *fdb)
{
	fstest_mkfile(env, FT_PATH("file"), data, len);
	*a = fstest_proc_new(env);
	*b = fstest_proc_new(env);
	*fda = p_open(env, *a, "file");
	*fdb = p_open(env, *b, "file");
}

/*
 * A write lock of A keeps B out (EAGAIN), F_GETLK names A and its range,
 * ranges that do not overlap are free, unlocking lets B in, and closing
 * any descriptor drops the process's locks.
 */
void
fstest_fcntl_lock(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	struct flock fl;
	int fda, fdb;

	fstest_need(env, FSTEST_CAP_PROCS);
	two_procs(env, "0123456789abcdef", 16, &a, &b, &fda, &fdb);
	FT_REQUIRE(fstest_proc_pid(a) != fstest_proc_pid(b));
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 8) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 4, 8) == EAGAIN);
	FT_REQUIRE(p_setlk(b, fdb, F_RDLCK, 0, 1) == EAGAIN);
	/* a range that does not overlap is free */
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 8, 8) == 0);
	p_getlk(b, fdb, 0, 4, &fl);
	require_holder(&fl, a, 0, 8);
	p_getlk(a, fda, 0, 0, &fl);
	require_holder(&fl, b, 8, 8);
	/* a process's own locks are no conflict */
	p_getlk(b, fdb, 8, 8, &fl);
	FT_REQUIRE(fl.l_type == F_UNLCK);
	/* A unlocks; now B gets it */
	FT_REQUIRE(p_setlk(a, fda, F_UNLCK, 0, 8) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 8) == 0);
	/* closing any descriptor drops the process's locks */
	p_close(b, fdb);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 16) == 0);
	p_close(a, fda);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

#define NLOCKPROCS	5

void
fstest_fcntl_getlock_pids(const struct fstest_env *env)
{
	struct fstest_proc *procs[NLOCKPROCS], *q;
	struct flock fl;
	int fds[NLOCKPROCS], i, fd;

	fstest_need(env, FSTEST_CAP_PROCS);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	for (i = 0; i < NLOCKPROCS; i++) {
		procs[i] = fstest_proc_new(env);
		fds[i] = p_open(env, procs[i], "file");
		FT_REQUIRE(p_setlk(procs[i], fds[i], F_WRLCK, i * 10, 5) == 0);
	}
	q = fstest_proc_new(env);
	fd = p_open(env, q, "file");
	for (i = 0; i < NLOCKPROCS; i++) {
		p_getlk(q, fd, i * 10 + 2, 1, &fl);
		require_holder(&fl, procs[i], i * 10, 5);
	}
	/* between the ranges nothing is locked */
	p_getlk(q, fd, 6, 3, &fl);
	FT_REQUIRE(fl.l_type == F_UNLCK);
	fstest_proc_end(q);
	for (i = 0; i < NLOCKPROCS; i++)
		fstest_proc_end(procs[i]);
}

/*
 * POSIX: closing ANY descriptor of the file drops all the process's
 * locks on it, another open's as well as a dup's; so does exiting.
 */
void
fstest_lock_close_drops(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	struct flock fl;
	int fd1, fd2, fdb;

	fstest_need(env, FSTEST_CAP_PROCS);
	fstest_mkfile(env, FT_PATH("file"), "0123456789", 10);
	a = fstest_proc_new(env);
	b = fstest_proc_new(env);
	fdb = p_open(env, b, "file");
	/* another open of the file */
	fd1 = p_open(env, a, "file");
	fd2 = p_open(env, a, "file");
	FT_REQUIRE(p_setlk(a, fd1, F_WRLCK, 0, 0) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 1) == EAGAIN);
	p_close(a, fd2);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 1) == 0);
	p_getlk(a, fd1, 0, 0, &fl);
	require_holder(&fl, b, 0, 1);
	FT_REQUIRE(p_setlk(b, fdb, F_UNLCK, 0, 0) == 0);
	/* a dup of the locked descriptor */
	FT_REQUIRE(p_setlk(a, fd1, F_WRLCK, 2, 3) == 0);
	fd2 = p_dup(a, fd1);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 3, 1) == EAGAIN);
	p_close(a, fd2);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 3, 1) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_UNLCK, 0, 0) == 0);
	/* the process's exit */
	FT_REQUIRE(p_setlk(a, fd1, F_RDLCK, 5, 5) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 6, 1) == EAGAIN);
	fstest_proc_end(a);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 0) == 0);
	fstest_proc_end(b);
}

/*
 * Lock, unlock or close, lock again: must never block.  First in one
 * process (the same lock owner), then in a new process each time, the
 * way `flock -x f true; flock -x f true` from a shell does.
 */
void
fstest_lock_fcntl_twice(const struct fstest_env *env)
{
	struct fstest_proc *p;
	struct lk l;
	int fd, i;

	fstest_need(env, FSTEST_CAP_PROCS);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	p = fstest_proc_new(env);
	for (i = 0; i < 3; i++) {
		fd = p_open(env, p, "file");
		start_setlkw(p, &l, fd, F_WRLCK, 0, 0);
		WAIT_LOCK(p, &l, "F_SETLKW after close, same process");
		FT_REQUIRE(l.rv == 0);
		if (i == 1) {
			start_setlkw(p, &l, fd, F_UNLCK, 0, 0);
			WAIT_LOCK(p, &l, "F_SETLKW F_UNLCK");
			FT_REQUIRE(l.rv == 0);
		}
		p_close(p, fd);
	}
	fstest_proc_end(p);
	for (i = 0; i < 3; i++) {
		p = fstest_proc_new(env);
		fd = p_open(env, p, "file");
		start_setlkw(p, &l, fd, F_WRLCK, 0, 0);
		WAIT_LOCK(p, &l, "F_SETLKW after the last holder exited");
		FT_REQUIRE(l.rv == 0);
		if (i == 1)
			p_close(p, fd);
		fstest_proc_end(p);	/* exits holding it (but i == 1) */
	}
}

/* the same with flock: a new open file each time */
void
fstest_lock_flock_twice(const struct fstest_env *env)
{
	struct fstest_proc *p;
	struct lk l;
	int fd, i;

	need_flock(env);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	p = fstest_proc_new(env);
	for (i = 0; i < 3; i++) {
		fd = p_open(env, p, "file");
		start_flock(p, &l, fd, LOCK_EX);
		WAIT_LOCK(p, &l, "flock after close, same process");
		FT_REQUIRE(l.rv == 0);
		if (i == 1)
			FT_REQUIRE(p_flock_nb(p, fd, LOCK_UN) == 0);
		p_close(p, fd);
	}
	fstest_proc_end(p);
	for (i = 0; i < 3; i++) {
		p = fstest_proc_new(env);
		fd = p_open(env, p, "file");
		start_flock(p, &l, fd, LOCK_EX);
		WAIT_LOCK(p, &l, "flock after the last holder exited");
		FT_REQUIRE(l.rv == 0);
		if (i == 1)
			p_close(p, fd);
		fstest_proc_end(p);
	}
}

/*
 * flock: exclusive against everything, shared against exclusive; the
 * lock belongs to the open file, so two opens in one process conflict.
 */
void
fstest_lock_flock(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	int fda, fda2, fdb;

	need_flock(env);
	two_procs(env, "x", 1, &a, &b, &fda, &fdb);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_EX) == 0);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_EX) == EWOULDBLOCK);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_SH) == EWOULDBLOCK);
	/* the same process, another open file */
	fda2 = p_open(env, a, "file");
	FT_REQUIRE(p_flock_nb(a, fda2, LOCK_SH) == EWOULDBLOCK);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_UN) == 0);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_SH) == 0);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_SH) == 0);
	FT_REQUIRE(p_flock_nb(a, fda2, LOCK_EX) == EWOULDBLOCK);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_UN) == 0);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_UN) == 0);
	FT_REQUIRE(p_flock_nb(a, fda2, LOCK_EX) == 0);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_SH) == EWOULDBLOCK);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

/*
 * A flock lock belongs to the open file description: closing a dup (or
 * the original, while a dup is open) keeps it; closing the last
 * descriptor drops it.
 */
void
fstest_lock_flock_dup(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	struct lk l;
	int fd, fd2, fdb;

	need_flock(env);
	fstest_mkfile(env, FT_PATH("file"), "x", 1);
	a = fstest_proc_new(env);
	b = fstest_proc_new(env);
	fdb = p_open(env, b, "file");
	fd = p_open(env, a, "file");
	FT_REQUIRE(p_flock_nb(a, fd, LOCK_EX) == 0);
	fd2 = p_dup(a, fd);
	p_close(a, fd2);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_EX) == EWOULDBLOCK);
	fd2 = p_dup(a, fd);
	p_close(a, fd);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_EX) == EWOULDBLOCK);
	/* the last descriptor: B's wait ends (FUSE releases asynchronously) */
	p_close(a, fd2);
	start_flock(b, &l, fdb, LOCK_EX);
	WAIT_LOCK(b, &l, "flock after the last close of the holder's file");
	FT_REQUIRE(l.rv == 0);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

/*
 * flock and POSIX locks are independent of each other, as on Linux (on
 * BSD they conflict): a program using one is not held up by another
 * program using the other on the same file.
 */
void
fstest_lock_flock_fcntl(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	int fda, fdb;

	need_flock(env);
	two_procs(env, "x", 1, &a, &b, &fda, &fdb);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 0) == 0);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_EX) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 0) == EAGAIN);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_SH) == EWOULDBLOCK);
	/* unlocking one kind leaves the other */
	FT_REQUIRE(p_setlk(a, fda, F_UNLCK, 0, 0) == 0);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_SH) == EWOULDBLOCK);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_UN) == 0);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 0) == 0);
	FT_REQUIRE(p_flock_nb(b, fdb, LOCK_EX) == 0);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

/* a blocked waiter gets the lock when the holder lets go, not before */
void
fstest_lock_wakeup(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	struct flock fl;
	struct lk l;
	int fda, fdb;

	fstest_need(env, FSTEST_CAP_PROCS);
	two_procs(env, "x", 1, &a, &b, &fda, &fdb);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 0) == 0);
	start_setlkw(b, &l, fdb, F_WRLCK, 0, 10);
	STILL_BLOCKED(b, "F_SETLKW on a held lock");
	FT_REQUIRE(p_setlk(a, fda, F_UNLCK, 0, 0) == 0);
	WAIT_LOCK(b, &l, "F_SETLKW once the holder unlocked");
	FT_REQUIRE(l.rv == 0);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 5, 1) == EAGAIN);
	p_getlk(a, fda, 0, 0, &fl);
	require_holder(&fl, b, 0, 10);
	FT_REQUIRE(p_setlk(b, fdb, F_UNLCK, 0, 0) == 0);
	if (FT_SYS->flock != NULL) {
		FT_REQUIRE(p_flock_nb(a, fda, LOCK_EX) == 0);
		start_flock(b, &l, fdb, LOCK_SH);
		STILL_BLOCKED(b, "flock on a held lock");
		FT_REQUIRE(p_flock_nb(a, fda, LOCK_UN) == 0);
		WAIT_LOCK(b, &l, "flock once the holder unlocked");
		FT_REQUIRE(l.rv == 0);
		FT_REQUIRE(p_flock_nb(a, fda, LOCK_EX) == EWOULDBLOCK);
	}
	fstest_proc_end(b);
	fstest_proc_end(a);
}

/*
 * Interrupt b's blocked call: it must return EINTR within INTR_MS of
 * the first signal (repeated every 100 ms, so that one sent before the
 * call slept is not the only one).
 */
static void
interrupt_waiter(struct fstest_proc *b, struct lk *l, const char *what)
{
	int i;

	STILL_BLOCKED(b, what);
	for (i = 0; i < INTR_MS / 100; i++) {
		fstest_proc_interrupt(b);
		if (fstest_proc_wait(b, 100))
			break;
	}
	if (i == INTR_MS / 100) {
		printf("# %s\n", what);
		fstest_fail(__FILE__, __LINE__, "an interrupted lock wait did "
		    "not return within a second", 0);
	}
	if (l->rv != -1 || l->err != EINTR) {
		printf("# %s: returned %ld\n", what, l->rv);
		fstest_fail(__FILE__, __LINE__, "an interrupted lock wait: "
		    "not EINTR", l->err);
	}
}

static void
need_interrupt(const struct fstest_env *env, struct fstest_proc *p)
{
	char why[96];

	if (!fstest_proc_can_interrupt(p)) {
		snprintf(why, sizeof(why), "%s cannot interrupt a blocked "
		    "call", env->be->name);
		fstest_skip(why);
	}
}

/*
 * A blocked F_SETLKW interrupted by a signal (SIGALRM with a handler,
 * no SA_RESTART) returns EINTR and leaves no lock behind.
 */
void
fstest_lock_intr_fcntl(const struct fstest_env *env)
{
	struct fstest_proc *a, *b, *c;
	struct flock fl;
	struct lk l;
	int fda, fdb, fdc;

	fstest_need(env, FSTEST_CAP_PROCS);
	two_procs(env, "x", 1, &a, &b, &fda, &fdb);
	need_interrupt(env, b);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 0) == 0);
	start_setlkw(b, &l, fdb, F_WRLCK, 0, 0);
	interrupt_waiter(b, &l, "F_SETLKW");
	/* the wait got nothing: A's lock only, and once it goes, none */
	c = fstest_proc_new(env);
	fdc = p_open(env, c, "file");
	p_getlk(c, fdc, 0, 0, &fl);
	require_holder(&fl, a, 0, 0);
	FT_REQUIRE(p_setlk(a, fda, F_UNLCK, 0, 0) == 0);
	FT_REQUIRE(p_setlk(c, fdc, F_WRLCK, 0, 0) == 0);
	/* and b can still wait, and get it */
	start_setlkw(b, &l, fdb, F_WRLCK, 0, 0);
	STILL_BLOCKED(b, "F_SETLKW after an interrupted one");
	fstest_proc_end(c);
	WAIT_LOCK(b, &l, "F_SETLKW once the holder exited");
	FT_REQUIRE(l.rv == 0);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

void
fstest_lock_intr_flock(const struct fstest_env *env)
{
	struct fstest_proc *a, *b, *c;
	struct lk l;
	int fda, fdb, fdc;

	need_flock(env);
	two_procs(env, "x", 1, &a, &b, &fda, &fdb);
	need_interrupt(env, b);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_EX) == 0);
	start_flock(b, &l, fdb, LOCK_EX);
	interrupt_waiter(b, &l, "flock");
	c = fstest_proc_new(env);
	fdc = p_open(env, c, "file");
	FT_REQUIRE(p_flock_nb(c, fdc, LOCK_SH) == EWOULDBLOCK);
	FT_REQUIRE(p_flock_nb(a, fda, LOCK_UN) == 0);
	FT_REQUIRE(p_flock_nb(c, fdc, LOCK_SH) == 0);
	start_flock(b, &l, fdb, LOCK_EX);
	STILL_BLOCKED(b, "flock after an interrupted one");
	FT_REQUIRE(p_flock_nb(c, fdc, LOCK_UN) == 0);
	WAIT_LOCK(b, &l, "flock once the holder unlocked");
	FT_REQUIRE(l.rv == 0);
	fstest_proc_end(c);
	fstest_proc_end(b);
	fstest_proc_end(a);
}

/*
 * POSIX deadlock detection: A holds byte 0 and waits for byte 1, which
 * B holds; B asking for byte 0 would wait for ever: EDEADLK.
 */
void
fstest_lock_deadlock(const struct fstest_env *env)
{
	struct fstest_proc *a, *b;
	struct lk la, lb;
	int fda, fdb;

	fstest_need(env, FSTEST_CAP_PROCS);
	two_procs(env, "xy", 2, &a, &b, &fda, &fdb);
	FT_REQUIRE(p_setlk(a, fda, F_WRLCK, 0, 1) == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 1, 1) == 0);
	start_setlkw(a, &la, fda, F_WRLCK, 1, 1);
	STILL_BLOCKED(a, "F_SETLKW on B's byte");
	start_setlkw(b, &lb, fdb, F_WRLCK, 0, 1);
	WAIT_LOCK(b, &lb, "F_SETLKW closing a cycle (no EDEADLK?)");
	if (lb.rv != -1 || lb.err != EDEADLK)
		fstest_fail(__FILE__, __LINE__, "F_SETLKW closing a cycle: "
		    "not EDEADLK", lb.err);
	/* B gives way: A gets its byte */
	FT_REQUIRE(p_setlk(b, fdb, F_UNLCK, 1, 1) == 0);
	WAIT_LOCK(a, &la, "F_SETLKW once B unlocked");
	FT_REQUIRE(la.rv == 0);
	FT_REQUIRE(p_setlk(b, fdb, F_WRLCK, 0, 2) == EAGAIN);
	fstest_proc_end(b);
	fstest_proc_end(a);
}
