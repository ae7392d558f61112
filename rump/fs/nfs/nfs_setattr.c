/*
 * VOP_SETATTR: SETATTR (RFC 1813 3.3.2) without a guard; the server
 * checks who may change what.  A size change first sends the file's
 * uncommitted writes, so that a resend cannot undo the truncation.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "nfs.h"

int
nfs_setattr_rpc(struct nfs_node *np, struct vattr *va, kauth_cred_t cred)
{
	struct nfs_mount *nmp = np->n_nmp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	int error;

	error = nfs_call_start(nmp, &rq, NFSPROC3_SETATTR, cred, &np->n_fh,
	    nfs_sattr_max() + 4, 256);
	if (error == 0 && (error = nfs_enc_sattr(&rq.rq_args, va,
	    np->n_vnode->v_type == VREG)) == 0) {
		xdr_put32(&rq.rq_args, 0);	/* no guard */
		error = nfs_call(nmp, &rq, "SETATTR");
		if (nfs_dec_wcc(&rq.rq_res, &fa))
			nfs_attr_load(np, &fa);
		else
			nfs_attr_invalidate(np);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_setattr(struct vop_setattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct vattr *va = ap->a_vap;
	int error;

	if (vp->v_mount->mnt_flag & MNT_RDONLY)
		return EROFS;
	/* WRITEs still in flight would move the times set here */
	(void)nfs_wb_drain(VTON(vp));
	if (va->va_size != VNOVAL) {
		if (vp->v_type == VDIR)
			return EISDIR;
		if (vp->v_type != VREG)
			va->va_size = VNOVAL;
		else if ((error = nfs_flush(vp, ap->a_cred)) != 0)
			return error;
		nfs_ra_drop(VTON(vp));
	}
	return nfs_setattr_rpc(VTON(vp), va, ap->a_cred);
}
