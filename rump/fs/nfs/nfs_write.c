/*
 * VOP_WRITE: WRITE (RFC 1813 3.3.7) in wsize pieces, UNSTABLE unless the
 * caller wants IO_SYNC.  Unstable data is kept (a copy per piece) until
 * a COMMIT (3.3.21) whose verifier is the one the writes got: a changed
 * verifier means the server restarted and may have lost them, so they
 * are sent again, FILE_SYNC.  nfs_flush does this at fsync, close,
 * inactive and unmount, and when a file holds NFS_WPENDMAX bytes.
 * Large writes go behind the writer's back (nfs_wbehind.c).
 * The vnode lock (exclusive for every caller) guards the list.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/uio.h>
#include <sys/genfs.h>

#include "nfs.h"

#define NFS_WPENDMAX	(16u << 20)

struct nfs_wchunk {
	struct nfs_wchunk *wc_next;
	uint64_t	wc_off;
	uint32_t	wc_len;
	uint8_t		*wc_data;
};

/* one WRITE of len bytes at off; *stablep in: wanted, out: done */
static int
write_rpc(struct nfs_node *np, uint64_t off, const uint8_t *data,
    uint32_t len, kauth_cred_t cred, uint32_t *stablep, uint8_t *verf)
{
	struct nfs_mount *nmp = np->n_nmp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	const void *v;
	uint32_t n;
	int error;

	error = nfs_call_start(nmp, &rq, NFSPROC3_WRITE, cred, &np->n_fh,
	    20 + len + 3, 256);
	if (error == 0) {
		xdr_put64(&rq.rq_args, off);
		xdr_put32(&rq.rq_args, len);
		xdr_put32(&rq.rq_args, *stablep);
		xdr_putopaque(&rq.rq_args, data, len);
		error = nfs_call(nmp, &rq, "WRITE");
		if (nfs_dec_wcc(&rq.rq_res, &fa))
			nfs_attr_load_write(np, &fa);
		else
			nfs_attr_invalidate(np);
	}
	if (error == 0) {
		n = xdr_get32(&rq.rq_res);
		*stablep = xdr_get32(&rq.rq_res);
		v = xdr_getfixed(&rq.rq_res, NFS3_WRITEVERFSIZE);
		if (!xdr_ok(&rq.rq_res) || n > len || *stablep > NFS3_FILE_SYNC)
			error = nfs_badreply(nmp, "WRITE");
		else if (n != len)
			error = EIO;	/* a short write: out of space? */
		else
			memcpy(verf, v, NFS3_WRITEVERFSIZE);
	}
	nfs_req_done(&rq);
	return error;
}

void
nfs_write_discard(struct nfs_node *np)
{
	struct nfs_wchunk *wc;

	while ((wc = np->n_wchunks) != NULL) {
		np->n_wchunks = wc->wc_next;
		kmem_free(wc->wc_data, wc->wc_len);
		kmem_free(wc, sizeof(*wc));
	}
	np->n_wbytes = 0;
	np->n_wverfset = false;
}

/*
 * Keep an unstable piece (data: len bytes of kmem, now the list's); a
 * verifier change marks all for resending.
 */
static int
write_keep(struct nfs_node *np, uint64_t off, uint8_t *data, uint32_t len,
    const uint8_t *verf)
{
	struct nfs_wchunk *wc;

	if (np->n_wverfset && memcmp(np->n_wverf, verf,
	    NFS3_WRITEVERFSIZE) != 0)
		np->n_wredo = true;
	memcpy(np->n_wverf, verf, NFS3_WRITEVERFSIZE);
	np->n_wverfset = true;
	if ((wc = kmem_alloc(sizeof(*wc), KM_SLEEP)) == NULL) {
		kmem_free(data, len);
		return ENOMEM;
	}
	wc->wc_data = data;
	wc->wc_off = off;
	wc->wc_len = len;
	wc->wc_next = np->n_wchunks;
	np->n_wchunks = wc;
	np->n_wbytes += len;
	return 0;
}

/* COMMIT the whole file: its verifier into verf */
static int
commit_rpc(struct nfs_node *np, kauth_cred_t cred, uint8_t *verf)
{
	struct nfs_mount *nmp = np->n_nmp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	const void *v;
	int error;

	error = nfs_call_start(nmp, &rq, NFSPROC3_COMMIT, cred, &np->n_fh,
	    12, 256);
	if (error == 0) {
		xdr_put64(&rq.rq_args, 0);
		xdr_put32(&rq.rq_args, 0);	/* to the end */
		error = nfs_call(nmp, &rq, "COMMIT");
		if (nfs_dec_wcc(&rq.rq_res, &fa))
			nfs_attr_load(np, &fa);
	}
	if (error == 0) {
		v = xdr_getfixed(&rq.rq_res, NFS3_WRITEVERFSIZE);
		if (v == NULL)
			error = nfs_badreply(nmp, "COMMIT");
		else
			memcpy(verf, v, NFS3_WRITEVERFSIZE);
	}
	nfs_req_done(&rq);
	return error;
}

/* the kept pieces again, FILE_SYNC: the server lost them */
static int
write_resend(struct nfs_node *np, kauth_cred_t cred)
{
	struct nfs_wchunk *wc;
	uint8_t verf[NFS3_WRITEVERFSIZE];
	struct nfs_wchunk *rev = NULL, *next;
	uint32_t stable;
	int error;

	/* oldest first: the list is newest first, so walk it reversed */
	for (wc = np->n_wchunks; wc != NULL; wc = next) {
		next = wc->wc_next;
		wc->wc_next = rev;
		rev = wc;
	}
	np->n_wchunks = rev;
	printf("nfs: %s:%s: the server restarted: %zu bytes written again\n",
	    np->n_nmp->nm_host, np->n_nmp->nm_path, np->n_wbytes);
	for (wc = rev; wc != NULL; wc = wc->wc_next) {
		stable = NFS3_FILE_SYNC;
		if ((error = write_rpc(np, wc->wc_off, wc->wc_data,
		    wc->wc_len, cred, &stable, verf)) != 0)
			return error;
	}
	return 0;
}

int
nfs_flush(struct vnode *vp, kauth_cred_t cred)
{
	struct nfs_node *np = VTON(vp);
	uint8_t verf[NFS3_WRITEVERFSIZE];
	int error, werror;

	if (vp->v_type != VREG)
		return 0;
	werror = nfs_wb_take(np);
	if (np->n_wchunks == NULL)
		return werror;
	error = commit_rpc(np, cred, verf);
	if (error == 0 && (np->n_wredo ||
	    memcmp(verf, np->n_wverf, NFS3_WRITEVERFSIZE) != 0))
		error = write_resend(np, cred);
	if (error == 0 || error == ESTALE) {
		nfs_write_discard(np);
		np->n_wredo = false;
	}
	return werror != 0 ? werror : error;
}

/* one WRITE, run by the caller or an I/O helper (nfs_iod.c) */
void
nfs_wpiece_run(struct nfs_iojob *j)
{
	struct nfs_wpiece *wp = (struct nfs_wpiece *)j;

	wp->wp_error = write_rpc(wp->wp_np, wp->wp_off, wp->wp_buf,
	    wp->wp_len, wp->wp_cred, &wp->wp_stable, wp->wp_verf);
}

/* the outcome of a piece, in order; *restore: bytes not written */
int
nfs_wpiece_done(struct nfs_wpiece *wp, int error, size_t *restore)
{
	if (error == 0)
		error = wp->wp_error;
	if (error != 0) {
		*restore += wp->wp_len;
	} else if (wp->wp_stable == NFS3_UNSTABLE) {
		error = write_keep(wp->wp_np, wp->wp_off, wp->wp_buf,
		    wp->wp_len, wp->wp_verf);
		wp->wp_buf = NULL;	/* the list's now, or freed */
	}
	if (wp->wp_buf != NULL)
		kmem_free(wp->wp_buf, wp->wp_len);
	return error;
}

int
nfs_wpiece_fill(struct nfs_wpiece *wp, struct nfs_node *np, struct uio *uio,
    bool sync, kauth_cred_t cred)
{
	int error;

	memset(wp, 0, sizeof(*wp));
	wp->wp_job.j_fn = nfs_wpiece_run;
	wp->wp_np = np;
	wp->wp_cred = cred;
	wp->wp_off = (uint64_t)uio->uio_offset;
	wp->wp_len = (uint32_t)MIN(uio->uio_resid, np->n_nmp->nm_wsize);
	wp->wp_stable = sync ? NFS3_FILE_SYNC : NFS3_UNSTABLE;
	if ((wp->wp_buf = kmem_alloc(wp->wp_len, KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = uiomove(wp->wp_buf, wp->wp_len, uio)) != 0)
		kmem_free(wp->wp_buf, wp->wp_len);
	return error;
}

/* up to NFS_NIOD + 1 WRITEs at once from the uio */
static int
write_batch(struct nfs_node *np, struct uio *uio, bool sync,
    kauth_cred_t cred)
{
	struct nfs_wpiece wp[NFS_NIOD + 1];
	struct nfs_iojob *jobs[NFS_NIOD + 1];
	size_t restore = 0;
	unsigned i, n;
	int error = 0;

	for (n = 0; n < NFS_NIOD + 1 && uio->uio_resid > 0 && error == 0;
	    n++) {
		error = nfs_wpiece_fill(&wp[n], np, uio, sync, cred);
		jobs[n] = &wp[n].wp_job;
	}
	if (error != 0)
		n--;		/* the last piece never was */
	if (n > 0)
		nfs_iod_run(&np->n_nmp->nm_iod, jobs, n);
	for (i = 0; i < n; i++)
		error = nfs_wpiece_done(&wp[i], error, &restore);
	uio->uio_offset -= (off_t)restore;
	uio->uio_resid += restore;
	return error;
}

int
nfs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct nfs_node *np = VTON(vp);
	struct uio *uio = ap->a_uio;
	struct nfs_fattr fa;
	bool sync = (ap->a_ioflag & (IO_SYNC | IO_DSYNC)) != 0;
	int error = 0;

	if (vp->v_type != VREG)
		return vp->v_type == VDIR ? EISDIR : EOPNOTSUPP;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if (ap->a_ioflag & IO_APPEND) {
		nfs_attr_invalidate(np);
		if ((error = nfs_attr_get(np, ap->a_cred, &fa)) != 0)
			return error;
		uio->uio_offset = (off_t)MAX(fa.fa_size, (uint64_t)vp->v_size);
	}
	if (uio->uio_offset < 0)
		return EINVAL;
	nfs_ra_drop(np);
	while (uio->uio_resid > 0 && error == 0) {
		if (!sync && uio->uio_resid >= NFS_WB_MIN)
			error = nfs_wb_write(np, uio, ap->a_cred);
		else if ((error = nfs_wb_drain(np)) == 0)
			error = write_batch(np, uio, sync, ap->a_cred);
		if (uio->uio_offset > vp->v_size)
			vp->v_size = uio->uio_offset;
		if (error == 0 && np->n_wbytes >= NFS_WPENDMAX)
			error = nfs_flush(vp, ap->a_cred);
	}
	return error;
}
