/*
 * Removing and renaming names: REMOVE, RMDIR, LINK and RENAME (RFC 1813
 * 3.3.12 to 3.3.15).  The server applies the rules (permissions, empty
 * directories, renames into a subtree); the directories' attributes are
 * refreshed from the wcc data.  A file open here is not removed but
 * renamed (nfs_silly.c).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/fcntl.h>
#include <sys/namei.h>
#include <sys/genfs.h>

#include "nfs.h"

/* the wcc_data of a directory in a reply */
static void
remove_wcc(struct nfs_xdr *x, struct nfs_node *dp)
{
	struct nfs_fattr fa;

	if (nfs_dec_wcc(x, &fa))
		nfs_attr_load(dp, &fa);
	else
		nfs_attr_invalidate(dp);
}

int
nfs_remove_rpc(struct nfs_node *dp, uint32_t proc, const char *name,
    size_t len, kauth_cred_t cred)
{
	struct nfs_req rq;
	int error;

	if ((error = genfs_writable(dp->n_vnode)) != 0)
		return error;
	error = nfs_call_start(dp->n_nmp, &rq, proc, cred, &dp->n_fh,
	    4 + len + 3, 256);
	if (error == 0) {
		nfs_enc_name(&rq.rq_args, name, len);
		error = nfs_call(dp->n_nmp, &rq,
		    proc == NFSPROC3_RMDIR ? "RMDIR" : "REMOVE");
		remove_wcc(&rq.rq_res, dp);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_remove(struct vop_remove_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct componentname *cnp = ap->a_cnp;
	int error;

	if (vp->v_type == VDIR)
		return EPERM;
	if (nfs_silly_wanted(vp))	/* open here: kept under a hidden name */
		return nfs_silly_rename(ap->a_dvp, vp, cnp);
	error = nfs_remove_rpc(VTON(ap->a_dvp), NFSPROC3_REMOVE,
	    cnp->cn_nameptr, cnp->cn_namelen, cnp->cn_cred);
	nfs_attr_invalidate(VTON(vp));	/* its link count went down */
	return error;
}

int
nfs_rmdir(struct vop_rmdir_args *ap)
{
	int error;

	if (ap->a_vp == ap->a_dvp)
		return EINVAL;
	error = nfs_remove_rpc(VTON(ap->a_dvp), NFSPROC3_RMDIR,
	    ap->a_cnp->cn_nameptr, ap->a_cnp->cn_namelen, ap->a_cnp->cn_cred);
	if (error == 0)
		VTON(ap->a_vp)->n_removed = true;	/* locked: ours */
	return error;
}

int
nfs_link(struct vop_link_args *ap)
{
	struct nfs_node *dp = VTON(ap->a_dvp), *np = VTON(ap->a_vp);
	struct componentname *cnp = ap->a_cnp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	int error;

	if (ap->a_vp->v_type == VDIR)
		return EPERM;
	if (ap->a_vp->v_mount != ap->a_dvp->v_mount)
		return EXDEV;
	if ((error = genfs_writable(ap->a_dvp)) != 0)
		return error;
	error = nfs_call_start(dp->n_nmp, &rq, NFSPROC3_LINK, cnp->cn_cred,
	    &np->n_fh, 4 + NFS3_FHSIZE + 4 + cnp->cn_namelen + 3, 512);
	if (error == 0) {
		nfs_enc_fh(&rq.rq_args, &dp->n_fh);
		nfs_enc_name(&rq.rq_args, cnp->cn_nameptr, cnp->cn_namelen);
		error = nfs_call(dp->n_nmp, &rq, "LINK");
		if (nfs_dec_postop(&rq.rq_res, &fa))
			nfs_attr_load(np, &fa);
		else
			nfs_attr_invalidate(np);
		remove_wcc(&rq.rq_res, dp);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_rename_rpc(struct nfs_node *fdp, const char *fname, size_t flen,
    struct nfs_node *tdp, const char *tname, size_t tlen, kauth_cred_t cred)
{
	struct nfs_req rq;
	int error;

	error = nfs_call_start(fdp->n_nmp, &rq, NFSPROC3_RENAME, cred,
	    &fdp->n_fh, 4 + flen + 3 + 4 + NFS3_FHSIZE + 4 + tlen + 3, 512);
	if (error == 0) {
		nfs_enc_name(&rq.rq_args, fname, flen);
		nfs_enc_fh(&rq.rq_args, &tdp->n_fh);
		nfs_enc_name(&rq.rq_args, tname, tlen);
		error = nfs_call(fdp->n_nmp, &rq, "RENAME");
		remove_wcc(&rq.rq_res, fdp);
		remove_wcc(&rq.rq_res, tdp);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_rename(struct vop_rename_args *ap)
{
	struct nfs_node *fdp = VTON(ap->a_fdvp), *tdp = VTON(ap->a_tdvp);
	struct componentname *fcnp = ap->a_fcnp, *tcnp = ap->a_tcnp;
	struct nfs_fattr fa;
	struct nfs_fh fh;
	int error;

	if (ap->a_flags & ~RENAME_NOREPLACE)
		return EINVAL;
	if (ap->a_fdvp->v_mount != ap->a_tdvp->v_mount)
		return EXDEV;
	if (tcnp->cn_namelen > NFS3_NAMEMAX)
		return ENAMETOOLONG;
	if ((error = genfs_writable(ap->a_tdvp)) != 0)
		return error;
	if ((ap->a_flags & RENAME_NOREPLACE) && (error = nfs_lookup_rpc(
	    tdp->n_nmp, &tdp->n_fh, tcnp->cn_nameptr, tcnp->cn_namelen,
	    tcnp->cn_cred, &fh, &fa)) != ENOENT)
		return error == 0 ? EEXIST : error;
	return nfs_rename_rpc(fdp, fcnp->cn_nameptr, fcnp->cn_namelen, tdp,
	    tcnp->cn_nameptr, tcnp->cn_namelen, fcnp->cn_cred);
}
