/*
 * Sequential read-ahead.  FUSE hands a file over in small reads (128
 * KiB from Linux), each waiting for its READ; a file read in order
 * instead gets NFS_RA_SLOTS READs of rsize queued to the helpers ahead
 * of the reader (struct nfs_ra), so the wire never idles between two
 * reads.  A piece stays in its reply buffer until the reader copies it
 * out, as the READ it stands for would have: no extra copy.  Memory
 * per file read in order is NFS_RA_SLOTS x rsize at most; the window
 * goes at open, close, write, truncate and reclaim.  A piece that
 * failed or came back short is dropped with the window: the caller's
 * own READ then says what went wrong.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/uio.h>

#include "nfs.h"

static struct nfs_rpiece *
ra_piece(struct nfs_ra *ra, unsigned i)
{
	return &ra->ra_p[(ra->ra_head + i) % NFS_RA_SLOTS];
}

/* forget the oldest piece: wait for it if a helper runs it */
static void
ra_release(struct nfs_node *np, struct nfs_ra *ra)
{
	struct nfs_rpiece *rp = ra_piece(ra, 0);

	nfs_iod_cancel(&np->n_nmp->nm_iod, &rp->rp_job);
	nfs_req_done(&rp->rp_rq);
	kauth_cred_free(rp->rp_cred);
	ra->ra_head = (ra->ra_head + 1) % NFS_RA_SLOTS;
	ra->ra_n--;
}

static void
ra_free(struct nfs_node *np)
{
	struct nfs_ra *ra = np->n_ra;

	if (ra == NULL)
		return;
	while (ra->ra_n > 0)
		ra_release(np, ra);
	kmem_free(ra, sizeof(*ra));
	np->n_ra = NULL;
}

void
nfs_ra_drop(struct nfs_node *np)
{
	mutex_enter(&np->n_ralock);
	ra_free(np);
	mutex_exit(&np->n_ralock);
}

/*
 * Queue READs up to NFS_RA_SLOTS, not past the size we know of.  A
 * piece wholly before off gives its slot up only now: reads in flight
 * at once (FUSE's) may come a little out of order.
 */
static void
ra_fill(struct nfs_node *np, struct nfs_ra *ra, uint64_t off,
    kauth_cred_t cred)
{
	uint64_t size = (uint64_t)np->n_vnode->v_size;
	uint32_t rsize = np->n_nmp->nm_rsize;
	struct nfs_rpiece *rp;

	while (ra->ra_n == NFS_RA_SLOTS && off >= ra_piece(ra, 0)->rp_off +
	    ra_piece(ra, 0)->rp_count)
		ra_release(np, ra);
	while (ra->ra_n < NFS_RA_SLOTS && ra->ra_end < size) {
		rp = ra_piece(ra, ra->ra_n);
		memset(rp, 0, sizeof(*rp));
		rp->rp_job.j_fn = nfs_rpiece_run;
		rp->rp_np = np;
		kauth_cred_hold(cred);
		rp->rp_cred = cred;
		rp->rp_off = ra->ra_end;
		rp->rp_count = (uint32_t)MIN(rsize, size - ra->ra_end);
		ra->ra_end += rp->rp_count;
		ra->ra_n++;
		nfs_iod_queue(&np->n_nmp->nm_iod, &rp->rp_job);
	}
}

/* the window for a read at off, made if the read is the next in order */
static struct nfs_ra *
ra_window(struct nfs_node *np, uint64_t off, bool inorder)
{
	struct nfs_ra *ra = np->n_ra;

	if (ra != NULL && (ra->ra_n == 0 || off < ra_piece(ra, 0)->rp_off ||
	    off >= ra->ra_end))
		ra_free(np);
	if (np->n_ra == NULL) {
		if (!inorder)
			return NULL;
		np->n_ra = kmem_zalloc(sizeof(*np->n_ra), KM_SLEEP);
		if (np->n_ra == NULL)
			return NULL;
		np->n_ra->ra_end = off;
	}
	return np->n_ra;
}

/*
 * Copy from the piece holding uio_offset (the pieces lie end to end);
 * false: not there, or bad.  Pieces copied out whole at the head of
 * the ring go.
 */
static bool
ra_copy(struct nfs_node *np, struct nfs_ra *ra, struct uio *uio,
    bool *eofp, int *errorp)
{
	uint64_t off = (uint64_t)uio->uio_offset, skip;
	struct nfs_rpiece *rp = NULL;
	unsigned i;
	bool last;
	size_t n;

	for (i = 0; i < ra->ra_n && rp == NULL; i++)
		if (off < ra_piece(ra, i)->rp_off + ra_piece(ra, i)->rp_count)
			rp = ra_piece(ra, i);
	if (rp == NULL || off < rp->rp_off)
		return false;
	skip = off - rp->rp_off;
	nfs_iod_wait(&np->n_nmp->nm_iod, &rp->rp_job);
	last = rp->rp_eof || rp->rp_len < rp->rp_count;
	if (rp->rp_error != 0 || (last && !rp->rp_eof))
		return false;
	if (skip >= rp->rp_len) {
		*eofp = true;
		return true;
	}
	n = MIN(rp->rp_len - skip, uio->uio_resid);
	*errorp = uiomove((uint8_t *)(uintptr_t)rp->rp_data + skip, n, uio);
	if (*errorp == 0 && skip + n == rp->rp_len && last)
		*eofp = true;
	rp->rp_used += n;
	while (ra->ra_n > 0 && ra_piece(ra, 0)->rp_used >=
	    ra_piece(ra, 0)->rp_count)
		ra_release(np, ra);
	return true;
}

int
nfs_ra_read(struct nfs_node *np, struct uio *uio, kauth_cred_t cred,
    bool *eofp)
{
	struct nfs_ra *ra;
	bool inorder;
	int error = 0;

	/* in order: where the last read would have ended */
	mutex_enter(&np->n_ralock);
	inorder = (uint64_t)uio->uio_offset == np->n_ranext;
	np->n_ranext = (uint64_t)uio->uio_offset + uio->uio_resid;
	while (uio->uio_resid > 0 && !*eofp && error == 0) {
		ra = ra_window(np, (uint64_t)uio->uio_offset, inorder);
		if (ra == NULL)
			break;
		ra_fill(np, ra, (uint64_t)uio->uio_offset, cred);
		if (ra->ra_n == 0 || !ra_copy(np, ra, uio, eofp, &error)) {
			ra_free(np);
			break;
		}
	}
	mutex_exit(&np->n_ralock);
	return error;
}
