/*
 * rump_pub_lwproc_*: host threads choosing their rump process and lwp.
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

static void
lwproc_bind(struct lwp *l)
{
	lwp_unbind();
	if (l != NULL)
		rumpuser_curlwpop(RUMPUSER_LWP_SET, l);
}

int
rump_pub_lwproc_rfork(int flags)
{
	struct proc *p;
	struct lwp *l;
	int error;

	if (flags & ~(RUMP_RFFDG | RUMP_RFCFDG))
		return EINVAL;
	if ((error = proc_fork(curproc, flags, &p)) != 0)
		return error;
	if ((l = lwp_create_in(p, 0)) == NULL) {
		proc_release(p);
		return ENOMEM;
	}
	lwproc_bind(l);
	return 0;
}

int
rump_pub_lwproc_newlwp(int32_t pid)
{
	struct proc *p = proc_find(pid);
	struct lwp *l;

	if (p == NULL)
		return ESRCH;
	if ((l = lwp_create_in(p, 0)) == NULL)
		return ENOMEM;
	lwproc_bind(l);
	return 0;
}

void
rump_pub_lwproc_switch(struct lwp *l)
{
	if (l != NULL && l == rumpuser_curlwp())
		return;
	lwproc_bind(l);
}

void
rump_pub_lwproc_releaselwp(void)
{
	struct lwp *l = rumpuser_curlwp();

	if (l == NULL)
		return;
	rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, l);
	lwp_free(l);
}

struct lwp *
rump_pub_lwproc_curlwp(void)
{
	return rump_curlwp();
}

int32_t
rump_pub_lwproc_getpid(void)
{
	return curproc->p_pid;
}

int
rump_pub_lwproc_setcred(uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups)
{
	struct lwp *l = curlwp;
	struct proc *p = l->l_proc;
	kauth_cred_t c, old;

	if ((c = kauth_cred_create(uid, gid, ngroups, groups)) == NULL)
		return ngroups > NGROUPS || ngroups < 0 ? EINVAL : ENOMEM;
	mutex_enter(&p->p_lock);
	old = p->p_cred;
	atomic_store_relaxed(&p->p_cred, c);
	mutex_exit(&p->p_lock);
	kauth_cred_free(old);
	kauth_cred_hold(c);
	old = l->l_cred;
	l->l_cred = c;
	kauth_cred_free(old);
	return 0;
}
