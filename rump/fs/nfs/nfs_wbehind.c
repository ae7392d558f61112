/*
 * Write-behind.  A large UNSTABLE write is queued to the I/O helpers as
 * a WRITE of up to wsize (its data copied, as nfs_write.c keeps it for
 * COMMIT anyway) and the writer goes on at once: up to NFS_WB_SLOTS
 * WRITEs of a file are in flight, and the writer waits only for the
 * oldest when all are.  A failed WRITE is kept as the file's error and
 * given to the next write, and to fsync and close (nfs_flush), which
 * also clears it; anything that must see the data on the server
 * (read, getattr, COMMIT, a small or synchronous write) drains first.
 * n_wblock guards the ring: reads drain under a shared vnode lock.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/uio.h>

#include "nfs.h"

/* the oldest WRITE done: kept for COMMIT, or its error remembered */
static void
wb_complete(struct nfs_node *np)
{
	struct nfs_wpiece *wp = np->n_wb[np->n_wbhead];
	size_t restore = 0;
	int error;

	nfs_iod_wait(&np->n_nmp->nm_iod, &wp->wp_job);
	error = nfs_wpiece_done(wp, 0, &restore);
	if (error != 0 && np->n_wberror == 0)
		np->n_wberror = error;
	kauth_cred_free(wp->wp_cred);
	kmem_free(wp, sizeof(*wp));
	np->n_wb[np->n_wbhead] = NULL;
	np->n_wbhead = (np->n_wbhead + 1) % NFS_WB_SLOTS;
	np->n_wbn--;
}

int
nfs_wb_write(struct nfs_node *np, struct uio *uio, kauth_cred_t cred)
{
	struct nfs_wpiece *wp;
	int error;

	mutex_enter(&np->n_wblock);
	if (np->n_wbn == NFS_WB_SLOTS)
		wb_complete(np);
	if ((error = np->n_wberror) != 0)
		goto out;
	if ((wp = kmem_alloc(sizeof(*wp), KM_SLEEP)) == NULL) {
		error = ENOMEM;
		goto out;
	}
	if ((error = nfs_wpiece_fill(wp, np, uio, false, cred)) != 0) {
		kmem_free(wp, sizeof(*wp));
		goto out;
	}
	kauth_cred_hold(cred);
	np->n_wb[(np->n_wbhead + np->n_wbn) % NFS_WB_SLOTS] = wp;
	np->n_wbn++;
	nfs_iod_queue(&np->n_nmp->nm_iod, &wp->wp_job);
out:
	mutex_exit(&np->n_wblock);
	return error;
}

static int
wb_drain(struct nfs_node *np, bool take)
{
	int error;

	mutex_enter(&np->n_wblock);
	while (np->n_wbn > 0)
		wb_complete(np);
	error = np->n_wberror;
	if (take)
		np->n_wberror = 0;
	mutex_exit(&np->n_wblock);
	return error;
}

int
nfs_wb_drain(struct nfs_node *np)
{
	return wb_drain(np, false);
}

int
nfs_wb_take(struct nfs_node *np)
{
	return wb_drain(np, true);
}
