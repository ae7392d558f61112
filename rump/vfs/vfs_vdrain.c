/*
 * The vdrain thread: releases vnodes for vrele_async() callers, which may
 * hold locks that inactivation would need, and frees unused vnodes when
 * kernel memory runs short (the kmem reclaim hook asks it to, rather
 * than reclaiming in whatever context the failing allocation runs).
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/kthread.h>
#include <sys/lwp.h>

#include "vfs_impl.h"
#include "vfs_vnode_impl.h"

/* rough memory a cached vnode holds, with its fs data and names */
#define VNODE_COST	1024
#define VDRAIN_WAIT	(hz / 10)	/* ticks the hook waits at most */

static struct vnode_lru vrele_list = TAILQ_HEAD_INITIALIZER(vrele_list);
static kcondvar_t vdrain_cv;		/* work for the thread */
static kcondvar_t vdrain_done_cv;	/* a drain request finished */
static unsigned int vdrain_want;	/* vnodes asked for */
static uint64_t vdrain_gen;		/* drain requests finished */
static unsigned int vdrain_freed;
static struct lwp *vdrain_lwp;

void
vrele_async(struct vnode *vp)
{

	mutex_enter(&vcache_lock);
	if (vp->v_usecount > 1) {
		vp->v_usecount--;
		mutex_exit(&vcache_lock);
		return;
	}
	if (vdrain_lwp == NULL) {
		mutex_exit(&vcache_lock);
		vrele(vp);
		return;
	}
	/* our use stays until the thread releases it; v_lrulist is free */
	TAILQ_INSERT_TAIL(&vrele_list, vp, v_lrulist);
	cv_signal(&vdrain_cv);
	mutex_exit(&vcache_lock);
}

static void
vdrain_thread(void *arg)
{
	struct vnode *vp;
	unsigned int want, n;

	mutex_enter(&vcache_lock);
	for (;;) {
		while (TAILQ_EMPTY(&vrele_list) && vdrain_want == 0)
			cv_wait(&vdrain_cv, &vcache_lock);
		if ((vp = TAILQ_FIRST(&vrele_list)) != NULL) {
			TAILQ_REMOVE(&vrele_list, vp, v_lrulist);
			mutex_exit(&vcache_lock);
			vrele(vp);
			mutex_enter(&vcache_lock);
			continue;
		}
		want = vdrain_want;
		vdrain_want = 0;
		n = numvnodes > want ? numvnodes - want : 0;
		mutex_exit(&vcache_lock);
		n = vcache_drain(n);
		mutex_enter(&vcache_lock);
		vdrain_freed = n;
		vdrain_gen++;
		cv_broadcast(&vdrain_done_cv);
	}
}

static size_t
vdrain_reclaim(size_t want)
{
	uint64_t gen;
	size_t freed = 0;

	if (vdrain_lwp == NULL || curlwp == vdrain_lwp)
		return 0;
	/* the allocating thread may hold anything: never wait for a lock */
	if (!mutex_tryenter(&vcache_lock))
		return 0;
	if (TAILQ_EMPTY(&vnode_lru)) {
		mutex_exit(&vcache_lock);
		return 0;
	}
	gen = vdrain_gen;
	vdrain_want += (unsigned int)(want / VNODE_COST + 1);
	cv_signal(&vdrain_cv);
	while (vdrain_gen == gen) {
		if (cv_timedwait(&vdrain_done_cv, &vcache_lock,
		    VDRAIN_WAIT) != 0)
			break;
	}
	if (vdrain_gen != gen)
		freed = (size_t)vdrain_freed * VNODE_COST;
	mutex_exit(&vcache_lock);
	return freed;
}

void
vdrain_init(void)
{
	struct lwp *l;

	cv_init(&vdrain_cv, "vdrain");
	cv_init(&vdrain_done_cv, "vdrained");
	if (kthread_create(PRI_NONE, KTHREAD_MPSAFE, NULL, vdrain_thread,
	    NULL, &l, "vdrain") != 0) {
		printf("vfs: cannot start the vdrain thread\n");
		return;
	}
	mutex_enter(&vcache_lock);
	vdrain_lwp = l;
	mutex_exit(&vcache_lock);
	kmem_reclaim_register(vdrain_reclaim);
}
