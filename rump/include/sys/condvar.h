#ifndef _SYS_CONDVAR_H_
#define _SYS_CONDVAR_H_

#include <sys/mutex.h>

struct rumpuser_cv;
typedef struct kcondvar {
	struct rumpuser_cv *cv_hyp;
} kcondvar_t;

void cv_init(kcondvar_t *, const char *wmesg);
void cv_destroy(kcondvar_t *);
void cv_wait(kcondvar_t *, kmutex_t *);
/* 0, or EINTR once curlwp is interrupted (lwp_interrupt) */
int cv_wait_sig(kcondvar_t *, kmutex_t *);
/* ticks (1/hz s); 0 = forever; returns 0 or EWOULDBLOCK on timeout */
int cv_timedwait(kcondvar_t *, kmutex_t *, int ticks);
/* nanoseconds; returns 0 or EWOULDBLOCK on timeout */
int cv_timedwait_ns(kcondvar_t *, kmutex_t *, int64_t ns);
void cv_signal(kcondvar_t *);
void cv_broadcast(kcondvar_t *);
bool cv_has_waiters(kcondvar_t *);

#endif /* _SYS_CONDVAR_H_ */
