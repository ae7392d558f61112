/*
 * Kernel threads: host threads with an lwp of proc0 bound.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/lwp.h>
#include <sys/kthread.h>

#include <rump/rumpuser.h>

#define LW_MUSTJOIN	0x100

/*
 * The body and argument travel in the lwp itself: a separate start record
 * freed by the new thread would change kmem_inuse() at a moment no caller
 * can predict.
 */
static void *
kthread_trampoline(void *arg)
{
	struct lwp *l = arg;

	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	l->l_kthfunc(l->l_ktharg);
	kthread_exit(0);
}

int
kthread_create(int pri, int flags, struct cpu_info *ci,
    void (*func)(void *), void *arg, struct lwp **lp, const char *fmt, ...)
{
	struct lwp *l;
	char name[sizeof(l->l_name)];
	void *cookie;
	va_list ap;
	int error;

	l = lwp_create_in(&proc0, LW_SYSTEM |
	    ((flags & KTHREAD_MUSTJOIN) ? LW_MUSTJOIN : 0));
	if (l == NULL)
		return ENOMEM;
	va_start(ap, fmt);
	vsnprintf(l->l_name, sizeof(l->l_name), fmt, ap);
	va_end(ap);
	l->l_kthfunc = func;
	l->l_ktharg = arg;
	if (lp != NULL)
		*lp = l;
	/*
	 * A detached thread may run and free l before the create returns:
	 * the name is passed as a copy, and only a joinable one's cookie is
	 * stored in l (the join needs it).
	 */
	strlcpy(name, l->l_name, sizeof(name));
	error = rumpuser_thread_create(kthread_trampoline, l, name,
	    (flags & KTHREAD_MUSTJOIN) != 0, pri, -1,
	    (flags & KTHREAD_MUSTJOIN) ? &l->l_hypcookie : &cookie);
	if (error) {
		lwp_free(l);
		if (lp != NULL)
			*lp = NULL;
	}
	return error;
}

void
kthread_exit(int ecode)
{
	struct lwp *l = curlwp;

	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	if (!(l->l_flag & LW_MUSTJOIN))
		lwp_free(l);	/* a joined one is freed by kthread_join */
	rumpuser_thread_exit();
}

int
kthread_join(struct lwp *l)
{
	int error;

	KASSERT(l->l_flag & LW_MUSTJOIN);
	error = rumpuser_thread_join(l->l_hypcookie);
	if (error == 0)
		lwp_free(l);
	return error;
}
