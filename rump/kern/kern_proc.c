/*
 * Rump processes: proc0 and the processes rump_pub_lwproc_rfork makes.
 * The VFS faction fills in descriptors and cwd through proc_hooks.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/lwp.h>

#include "kern_impl.h"

struct proc proc0;
static LIST_HEAD(, proc) allproc = LIST_HEAD_INITIALIZER(allproc);
static kmutex_t proc_lock;
static pid_t nextpid = 2;
static const struct proc_hooks *proc_hooks;

void
proc_init(void)
{
	mutex_init(&proc_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&proc0.p_lock, MUTEX_DEFAULT, IPL_NONE);
	proc0.p_pid = 1;
	proc0.p_flag = PK_SYSTEM;
	proc0.p_cred = kauth_cred_alloc();
	if (proc0.p_cred == NULL)
		panic("proc0: no memory for a credential");
	LIST_INSERT_HEAD(&allproc, &proc0, p_list);
}

void
proc_register_hooks(const struct proc_hooks *h)
{
	proc_hooks = h;
}

struct proc *
proc_find(pid_t pid)
{
	struct proc *p;

	mutex_enter(&proc_lock);
	LIST_FOREACH(p, &allproc, p_list)
		if (p->p_pid == pid)
			break;
	mutex_exit(&proc_lock);
	return p;
}

int
proc_fork(struct proc *parent, int flags, struct proc **childp)
{
	struct proc *p;
	int error;

	if ((p = kmem_zalloc(sizeof(*p), KM_SLEEP)) == NULL)
		return ENOMEM;
	mutex_init(&p->p_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_enter(&parent->p_lock);
	p->p_cred = parent->p_cred;
	kauth_cred_hold(p->p_cred);
	mutex_exit(&parent->p_lock);
	if (proc_hooks != NULL && proc_hooks->ph_fork != NULL &&
	    (error = proc_hooks->ph_fork(parent, p, flags)) != 0) {
		kauth_cred_free(p->p_cred);
		mutex_destroy(&p->p_lock);
		kmem_free(p, sizeof(*p));
		return error;
	}
	mutex_enter(&proc_lock);
	p->p_pid = nextpid++;
	LIST_INSERT_HEAD(&allproc, p, p_list);
	mutex_exit(&proc_lock);
	*childp = p;
	return 0;
}

/* the last lwp of p is gone */
void
proc_release(struct proc *p)
{
	KASSERT(p != &proc0);
	if (proc_hooks != NULL && proc_hooks->ph_exit != NULL)
		proc_hooks->ph_exit(p);
	mutex_enter(&proc_lock);
	LIST_REMOVE(p, p_list);
	mutex_exit(&proc_lock);
	kauth_cred_free(p->p_cred);
	mutex_destroy(&p->p_lock);
	kmem_free(p, sizeof(*p));
}
