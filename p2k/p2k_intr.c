/*
 * Requests that may sleep without bound in the rump kernel (a lock wait)
 * are interruptible.  The host kernel sends FUSE_INTERRUPT when the
 * waiting program gets a signal (Ctrl-C, kill -9): without an answer the
 * program would sleep uninterruptibly, and so would everything that later
 * touches the mount point.  Each such request registers its thread's lwp
 * for the time it is in the kernel; an interrupt of the request, or the
 * server's shutdown, makes the lwp's sleep end with EINTR.
 */
#include <rump/rump.h>

#include "p2k_impl.h"

static void
p2k_interrupted(fuse_req_t req, void *lwp)
{
	rump_pub_lwp_interrupt(lwp);
}

void
p2k_wait_begin(fuse_req_t req, struct p2k_wait *w)
{
	struct p2k_mount *p2m = P2M(req);
	bool closing;

	w->pw_lwp = rump_pub_lwp_intr_begin();
	pthread_mutex_lock(&p2m->p2m_waitlock);
	LIST_INSERT_HEAD(&p2m->p2m_waits, w, pw_entries);
	closing = p2m->p2m_closing;
	pthread_mutex_unlock(&p2m->p2m_waitlock);
	if (closing)
		rump_pub_lwp_interrupt(w->pw_lwp);
	/* calls p2k_interrupted at once if the interrupt came first */
	fuse_req_interrupt_func(req, p2k_interrupted, w->pw_lwp);
}

void
p2k_wait_end(fuse_req_t req, struct p2k_wait *w)
{
	struct p2k_mount *p2m = P2M(req);

	/* returns once no p2k_interrupted call for req is running */
	fuse_req_interrupt_func(req, NULL, NULL);
	pthread_mutex_lock(&p2m->p2m_waitlock);
	LIST_REMOVE(w, pw_entries);
	pthread_mutex_unlock(&p2m->p2m_waitlock);
	rump_pub_lwp_intr_end();
}

/* shutdown: end every wait now, and every later one at once */
void
p2k_cancel_waits(struct p2k_mount *p2m)
{
	struct p2k_wait *w;

	pthread_mutex_lock(&p2m->p2m_waitlock);
	p2m->p2m_closing = true;
	LIST_FOREACH(w, &p2m->p2m_waits, pw_entries)
		rump_pub_lwp_interrupt(w->pw_lwp);
	pthread_mutex_unlock(&p2m->p2m_waitlock);
}
