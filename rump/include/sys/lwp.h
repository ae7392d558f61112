/*
 * Light-weight processes: the kernel's thread context.  A host thread that
 * enters the kernel without a bound lwp gets an implicit one in proc0,
 * cached for that host thread until it exits.
 */
#ifndef _SYS_LWP_H_
#define _SYS_LWP_H_

#include <sys/types.h>
#include <sys/kauth.h>

struct proc;
struct kcondvar;
struct kmutex;

struct lwp {
	struct proc *l_proc;
	kauth_cred_t l_cred;	/* held; normally the proc's */
	int32_t l_lid;
	int l_flag;
#define LW_IMPLICIT	0x01	/* made for a host thread on kernel entry */
#define LW_SYSTEM	0x02	/* kernel thread */
#define LW_WEXIT	0x04	/* exiting */
	int l_refcnt;
	char l_name[32];
	void *l_private;	/* for kthread_create's caller */
	void *l_hypcookie;	/* thread cookie for kthread_join */
	void (*l_kthfunc)(void *);	/* a kthread's body and argument */
	void *l_ktharg;
	/* interruptible sleep (kern_intr.c): where, and whether to end it */
	struct kcondvar *l_sleepcv;
	struct kmutex *l_sleepmtx;
	int l_intr;		/* set: cv_wait_sig returns EINTR */
};

struct lwp *rump_curlwp(void);	/* never NULL: makes an implicit lwp */
#define curlwp		rump_curlwp()
#define curproc		(curlwp->l_proc)

/* create an lwp in proc p (not bound to any host thread) */
struct lwp *lwp_create_in(struct proc *p, int flags);
void lwp_free(struct lwp *);
/* make l's interruptible sleeps (cv_wait_sig) return EINTR until cleared */
void lwp_interrupt(struct lwp *l);
void lwp_intr_clear(struct lwp *l);

#endif /* _SYS_LWP_H_ */
