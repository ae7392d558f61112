/*
 * VOP_READ and VOP_READLINK: READ (RFC 1813 3.3.6) in rsize pieces
 * straight into the caller's buffer (from the read-ahead window when
 * the file is read in order: nfs_readahead.c), and READLINK (3.3.5).
 * A reply with more data than asked for, or a count that disagrees
 * with its data, is EIO.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>

#include "nfs.h"

/* one READ, run by the caller or an I/O helper (nfs_iod.c) */
void
nfs_rpiece_run(struct nfs_iojob *j)
{
	struct nfs_rpiece *rp = (struct nfs_rpiece *)j;
	struct nfs_mount *nmp = rp->rp_np->n_nmp;
	struct nfs_xdr *x = &rp->rp_rq.rq_res;
	struct nfs_fattr fa;
	uint32_t n;
	int error;

	error = nfs_call_start(nmp, &rp->rp_rq, NFSPROC3_READ, rp->rp_cred,
	    &rp->rp_np->n_fh, 12, 128 + rp->rp_count);
	if (error == 0) {
		xdr_put64(&rp->rp_rq.rq_args, rp->rp_off);
		xdr_put32(&rp->rp_rq.rq_args, rp->rp_count);
		error = nfs_call(nmp, &rp->rp_rq, "READ");
	}
	if (nfs_dec_postop(x, &fa))
		nfs_attr_load(rp->rp_np, &fa);
	if (error == 0) {
		n = xdr_get32(x);
		rp->rp_eof = xdr_getbool(x);
		rp->rp_data = xdr_getopaque(x, rp->rp_count, &rp->rp_len);
		if (!xdr_ok(x) || rp->rp_len != n)
			error = nfs_badreply(nmp, "READ");
	}
	rp->rp_error = error;
}

/*
 * Up to NFS_NIOD + 1 READs at once from uio_offset, then their data
 * into the uio in order, up to the first error, short piece or EOF.
 */
static int
read_batch(struct nfs_node *np, struct uio *uio, kauth_cred_t cred,
    bool *eofp)
{
	struct nfs_rpiece rp[NFS_NIOD + 1];
	struct nfs_iojob *jobs[NFS_NIOD + 1];
	uint32_t rsize = np->n_nmp->nm_rsize;
	uint64_t off = (uint64_t)uio->uio_offset;
	size_t left = uio->uio_resid;
	unsigned i, n;
	int error = 0;

	for (n = 0; n < NFS_NIOD + 1 && left > 0; n++) {
		memset(&rp[n], 0, sizeof(rp[n]));
		rp[n].rp_job.j_fn = nfs_rpiece_run;
		rp[n].rp_np = np;
		rp[n].rp_cred = cred;
		rp[n].rp_off = off;
		rp[n].rp_count = (uint32_t)MIN(left, rsize);
		off += rp[n].rp_count;
		left -= rp[n].rp_count;
		jobs[n] = &rp[n].rp_job;
	}
	nfs_iod_run(&np->n_nmp->nm_iod, jobs, n);
	for (i = 0; i < n; i++) {
		if (error == 0 && !*eofp) {
			error = rp[i].rp_error;
			if (error == 0)
				error = uiomove((void *)(uintptr_t)rp[i].rp_data,
				    rp[i].rp_len, uio);
			if (rp[i].rp_eof || rp[i].rp_len < rp[i].rp_count)
				*eofp = true;
		}
		nfs_req_done(&rp[i].rp_rq);
	}
	return error;
}

int
nfs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct uio *uio = ap->a_uio;
	bool eof = false;
	size_t resid;
	int error = 0;

	if (vp->v_type == VDIR)
		return EISDIR;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	if (uio->uio_offset < 0)
		return EINVAL;
	(void)nfs_wb_drain(VTON(vp));	/* its error is the writer's */
	while (uio->uio_resid > 0 && !eof && error == 0) {
		resid = uio->uio_resid;
		error = nfs_ra_read(VTON(vp), uio, ap->a_cred, &eof);
		if (error == 0 && !eof && uio->uio_resid == resid)
			error = read_batch(VTON(vp), uio, ap->a_cred, &eof);
	}
	return error;
}

int
nfs_readlink(struct vop_readlink_args *ap)
{
	struct nfs_node *np = VTON(ap->a_vp);
	struct nfs_mount *nmp = np->n_nmp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	const char *p;
	size_t len;
	int error;

	if (ap->a_vp->v_type != VLNK)
		return EINVAL;
	error = nfs_call_fh(nmp, &rq, NFSPROC3_READLINK, ap->a_cred,
	    &np->n_fh, 128 + NFS3_PATHMAX, "READLINK");
	if (nfs_dec_postop(&rq.rq_res, &fa))
		nfs_attr_load(np, &fa);
	if (error == 0) {
		p = xdr_getopaque(&rq.rq_res, NFS3_PATHMAX, &len);
		if (!xdr_ok(&rq.rq_res) || len == 0 ||
		    memchr(p, '\0', len) != NULL)
			error = nfs_badreply(nmp, "READLINK");
		else
			error = uiomove((void *)(uintptr_t)p,
			    MIN(len, ap->a_uio->uio_resid), ap->a_uio);
	}
	nfs_req_done(&rq);
	return error;
}
