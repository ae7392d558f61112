/*
 * Lwps: the kernel context of a host thread.  A host thread entering the
 * kernel with none bound gets an implicit lwp in proc0, kept until the
 * thread switches to another lwp or exits (rumpuser_curlwp_setexit).
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/lwp.h>
#include <sys/atomic.h>

#include <rump/rump.h>
#include <rump/rumpuser.h>

#include "kern_impl.h"

static unsigned int nextlid = 1;

static struct lwp *
lwp_setup(struct lwp *l, struct proc *p, int flags)
{
	l->l_proc = p;
	l->l_flag = flags;
	l->l_refcnt = 1;
	l->l_lid = (int32_t)atomic_inc_uint_nv(&nextlid);
	mutex_enter(&p->p_lock);
	l->l_cred = p->p_cred;
	kauth_cred_hold(l->l_cred);
	p->p_nlwps++;
	mutex_exit(&p->p_lock);
	rumpuser_curlwpop(RUMPUSER_LWP_CREATE, l);
	return l;
}

struct lwp *
lwp_create_in(struct proc *p, int flags)
{
	struct lwp *l = kmem_zalloc(sizeof(*l), KM_SLEEP);

	if (l == NULL)
		return NULL;
	return lwp_setup(l, p, flags);
}

/* free l; with the last lwp of a process other than proc0 it goes too */
void
lwp_free(struct lwp *l)
{
	struct proc *p = l->l_proc;
	bool last;

	rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, l);
	mutex_enter(&p->p_lock);
	last = --p->p_nlwps == 0;
	mutex_exit(&p->p_lock);
	kauth_cred_free(l->l_cred);
	kmem_free(l, sizeof(*l));
	if (last && p != &proc0)
		proc_release(p);
}

/*
 * The slow path of curlwp: the first kernel entry of this host thread.
 * The lwp is exempt from the memory limit: without one nothing runs.
 */
static struct lwp *
lwp_implicit(void)
{
	struct lwp *l = kmem_zalloc_nofail(sizeof(*l));

	/* bound first: lwp_setup takes a mutex, which wants an owner */
	rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
	return lwp_setup(l, &proc0, LW_IMPLICIT);
}

struct lwp *
rump_curlwp(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (__predict_true(l != NULL))
		return l;
	return lwp_implicit();
}

void
lwp_unbind(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL)
		return;
	if (l->l_flag & LW_IMPLICIT)
		lwp_free(l);	/* p_lock's owner is still l here */
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
}

/*
 * A host thread exits with l still bound.  Its implicit lwp goes with
 * it; an lwp it switched to stays, as another thread may switch to it.
 */
void
lwp_hostexit(struct lwp *l)
{
	if (l->l_flag & LW_IMPLICIT)
		lwp_free(l);
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
}

void
rump_schedule(void)
{
	(void)rump_curlwp();
}

void
rump_unschedule(void)
{
}
