/*
 * VOP_LOOKUP: the server's LOOKUP (RFC 1813 3.3.3), which also checks
 * the caller's search permission on the directory.  '.' is the
 * directory itself; the root's '..' is the root, as the export is the
 * top of this file system.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/namei.h>
#include <sys/genfs.h>

#include "nfs.h"

int
nfs_lookup_rpc(struct nfs_mount *nmp, const struct nfs_fh *dfh,
    const char *name, size_t len, kauth_cred_t cred, struct nfs_fh *fh,
    struct nfs_fattr *fa)
{
	struct nfs_req rq;
	int error;

	error = nfs_call_start(nmp, &rq, NFSPROC3_LOOKUP, cred, dfh,
	    4 + len + 3, 512);
	if (error == 0) {
		nfs_enc_name(&rq.rq_args, name, len);
		error = nfs_call(nmp, &rq, "LOOKUP");
	}
	if (error == 0) {
		nfs_dec_fh(&rq.rq_res, fh);
		if (!nfs_dec_postop(&rq.rq_res, fa) && xdr_ok(&rq.rq_res))
			error = nfs_getattr_rpc(nmp, fh, cred, fa);
		if (!xdr_ok(&rq.rq_res))
			error = nfs_badreply(nmp, "LOOKUP");
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct nfs_node *dp = VTON(dvp);
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint32_t op = cnp->cn_nameiop;
	struct nfs_fattr fa;
	struct nfs_fh fh;
	int error;

	*ap->a_vpp = NULL;
	if (dvp->v_type != VDIR)
		return ENOTDIR;
	if (cnp->cn_namelen > NFS3_NAMEMAX)
		return ENAMETOOLONG;
	if (dp->n_removed)
		return ENOENT;
	if (last && op != LOOKUP && (error = genfs_writable(dvp)) != 0)
		return error;
	if ((cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') ||
	    (cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.' && (dvp->v_vflag & VV_ROOT))) {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	error = nfs_lookup_rpc(dp->n_nmp, &dp->n_fh, cnp->cn_nameptr,
	    cnp->cn_namelen, cnp->cn_cred, &fh, &fa);
	if (error == ENOENT && last && (op == CREATE || op == RENAME))
		return EJUSTRETURN;
	if (error != 0)
		return error;
	/* the directory under another name would deadlock namei */
	if (fh.fh_len == dp->n_fh.fh_len &&
	    memcmp(fh.fh_data, dp->n_fh.fh_data, fh.fh_len) == 0)
		return nfs_badreply(dp->n_nmp, "LOOKUP (a directory in itself)");
	return nfs_node_get(dvp->v_mount, &fh, &fa, ap->a_vpp);
}
