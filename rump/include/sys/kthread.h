#ifndef _SYS_KTHREAD_H_
#define _SYS_KTHREAD_H_

#include <sys/types.h>

struct lwp;
struct cpu_info;

#define PRI_NONE	(-1)
#define PRI_BIO		64
#define KTHREAD_MUSTJOIN	0x01
#define KTHREAD_MPSAFE		0x02

int kthread_create(int pri, int flags, struct cpu_info *ci,
    void (*func)(void *), void *arg, struct lwp **lp, const char *fmt, ...)
    __printflike(7, 8);
void kthread_exit(int ecode) __noreturn;
int kthread_join(struct lwp *l);

#endif /* _SYS_KTHREAD_H_ */
