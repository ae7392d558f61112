/*
 * Making files: CREATE (GUARDED, or EXCLUSIVE for O_EXCL with a
 * verifier, the mode set afterwards as RFC 1813 3.3.8 says), MKDIR,
 * SYMLINK and MKNOD.  The server checks the caller's permission and
 * applies its ids.  The results carry the new handle and attributes;
 * a server that leaves the handle out is asked with LOOKUP.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/namei.h>
#include <sys/cprng.h>
#include <sys/genfs.h>

#include "nfs.h"

/* the new object of a CREATE/MKDIR/SYMLINK/MKNOD reply */
static int
create_result(struct vnode *dvp, struct componentname *cnp,
    struct nfs_req *rq, int error, const char *what, struct vnode **vpp)
{
	struct nfs_node *dp = VTON(dvp);
	struct nfs_mount *nmp = dp->n_nmp;
	struct nfs_fattr fa, dfa;
	struct nfs_fh fh;
	bool havefh = false, haveattr = false;

	if (error == 0) {
		havefh = nfs_dec_postfh(&rq->rq_res, &fh);
		haveattr = nfs_dec_postop(&rq->rq_res, &fa);
	}
	if (nfs_dec_wcc(&rq->rq_res, &dfa))
		nfs_attr_load(dp, &dfa);
	else
		nfs_attr_invalidate(dp);
	if (error != 0)
		return error;
	if (!xdr_ok(&rq->rq_res))
		return nfs_badreply(nmp, what);
	if (!havefh || !haveattr) {
		error = nfs_lookup_rpc(nmp, &dp->n_fh, cnp->cn_nameptr,
		    cnp->cn_namelen, cnp->cn_cred, &fh, &fa);
		if (error != 0)
			return error;
	}
	return nfs_node_get(dvp->v_mount, &fh, &fa, vpp);
}

/* start proc on dvp's handle and the name */
static int
create_start(struct vnode *dvp, struct componentname *cnp,
    struct nfs_req *rq, uint32_t proc, size_t more)
{
	struct nfs_node *dp = VTON(dvp);
	int error;

	memset(rq, 0, sizeof(*rq));
	if ((error = genfs_writable(dvp)) != 0)
		return error;
	if (cnp->cn_namelen > NFS3_NAMEMAX)
		return ENAMETOOLONG;
	error = nfs_call_start(dp->n_nmp, rq, proc, cnp->cn_cred, &dp->n_fh,
	    4 + cnp->cn_namelen + 3 + more, 512);
	if (error == 0)
		nfs_enc_name(&rq->rq_args, cnp->cn_nameptr, cnp->cn_namelen);
	return error;
}

/* after an exclusive create: the attributes the verifier took over */
static int
create_exclusive_attrs(struct vnode *vp, struct vattr *vap,
    kauth_cred_t cred)
{
	struct vattr va;

	vattr_null(&va);
	va.va_mode = vap->va_mode;
	return nfs_setattr_rpc(VTON(vp), &va, cred);
}

int
nfs_create(struct vop_create_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct vattr *vap = ap->a_vap;
	bool excl = (vap->va_vaflags & VA_EXCLUSIVE) != 0;
	struct nfs_req rq;
	uint8_t verf[NFS3_CREATEVERFSIZE];
	struct vattr va;
	int error;

	*ap->a_vpp = NULL;
	if ((error = create_start(dvp, cnp, &rq, NFSPROC3_CREATE,
	    4 + nfs_sattr_max())) != 0)
		goto out;
	if (excl) {
		cprng_strong(verf, sizeof(verf));
		xdr_put32(&rq.rq_args, NFS3_EXCLUSIVE);
		xdr_putfixed(&rq.rq_args, verf, sizeof(verf));
	} else {
		va = *vap;
		va.va_size = VNOVAL;
		xdr_put32(&rq.rq_args, NFS3_GUARDED);
		if ((error = nfs_enc_sattr(&rq.rq_args, &va, false)) != 0)
			goto out;
	}
	error = nfs_call(VTON(dvp)->n_nmp, &rq, "CREATE");
	error = create_result(dvp, cnp, &rq, error, "CREATE", ap->a_vpp);
	if (error == 0 && excl)
		error = create_exclusive_attrs(*ap->a_vpp, vap, cnp->cn_cred);
out:
	nfs_req_done(&rq);
	return error;
}

/* MKDIR, or SYMLINK to target: a name and attributes (and a path) */
static int
create_named(struct vnode *dvp, struct componentname *cnp,
    struct vattr *vap, const char *target, struct vnode **vpp)
{
	uint32_t proc = target != NULL ? NFSPROC3_SYMLINK : NFSPROC3_MKDIR;
	const char *what = target != NULL ? "SYMLINK" : "MKDIR";
	size_t tlen = target != NULL ? strlen(target) : 0;
	struct nfs_req rq;
	int error;

	*vpp = NULL;
	if (tlen >= NFS3_PATHMAX)
		return ENAMETOOLONG;
	if ((error = create_start(dvp, cnp, &rq, proc, nfs_sattr_max() + 4 +
	    tlen + 3)) == 0 &&
	    (error = nfs_enc_sattr(&rq.rq_args, vap, false)) == 0) {
		if (target != NULL)
			xdr_putopaque(&rq.rq_args, target, tlen);
		error = nfs_call(VTON(dvp)->n_nmp, &rq, what);
		error = create_result(dvp, cnp, &rq, error, what, vpp);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_mkdir(struct vop_mkdir_args *ap)
{
	return create_named(ap->a_dvp, ap->a_cnp, ap->a_vap, NULL,
	    ap->a_vpp);
}

int
nfs_symlink(struct vop_symlink_args *ap)
{
	return create_named(ap->a_dvp, ap->a_cnp, ap->a_vap, ap->a_target,
	    ap->a_vpp);
}

int
nfs_mknod(struct vop_mknod_args *ap)
{
	struct vattr *vap = ap->a_vap;
	static const uint32_t types[] = { [VCHR] = NF3CHR, [VBLK] = NF3BLK,
	    [VSOCK] = NF3SOCK, [VFIFO] = NF3FIFO };
	uint32_t type;
	struct nfs_req rq;
	int error;

	*ap->a_vpp = NULL;
	if ((unsigned)vap->va_type >= sizeof(types) / sizeof(types[0]) ||
	    (type = types[vap->va_type]) == 0)
		return EINVAL;
	if ((error = create_start(ap->a_dvp, ap->a_cnp, &rq, NFSPROC3_MKNOD,
	    4 + nfs_sattr_max() + 8)) != 0)
		goto out;
	xdr_put32(&rq.rq_args, type);
	if ((error = nfs_enc_sattr(&rq.rq_args, vap, false)) != 0)
		goto out;
	if (type == NF3CHR || type == NF3BLK) {
		xdr_put32(&rq.rq_args, (uint32_t)(vap->va_rdev >> 32));
		xdr_put32(&rq.rq_args, (uint32_t)vap->va_rdev);
	}
	error = nfs_call(VTON(ap->a_dvp)->n_nmp, &rq, "MKNOD");
	error = create_result(ap->a_dvp, ap->a_cnp, &rq, error, "MKNOD",
	    ap->a_vpp);
out:
	nfs_req_done(&rq);
	return error;
}
