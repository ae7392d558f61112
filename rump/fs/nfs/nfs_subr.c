/*
 * Helpers every procedure uses: start a call on a file handle, make it
 * and check nfsstat3, and one console line for a reply that makes no
 * sense (the server is not trusted: that is EIO, never a crash).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "nfs.h"

#define NFS_MAXCOMPLAINTS	20

int
nfs_badreply(struct nfs_mount *nmp, const char *what)
{
	if (nmp->nm_complaints < NFS_MAXCOMPLAINTS) {
		nmp->nm_complaints++;
		printf("nfs: %s:%s: bad reply to %s\n", nmp->nm_host,
		    nmp->nm_path, what);
	}
	return EIO;
}

enum vtype
nfs_vtype(uint32_t ftype)
{
	static const enum vtype tab[] = { VNON, VREG, VDIR, VBLK, VCHR,
	    VLNK, VSOCK, VFIFO };

	return ftype < sizeof(tab) / sizeof(tab[0]) ? tab[ftype] : VBAD;
}

int
nfs_call_start(struct nfs_mount *nmp, struct nfs_req *rq, uint32_t proc,
    kauth_cred_t cred, const struct nfs_fh *fh, size_t argmax,
    size_t resmax)
{
	int error;

	error = nfs_req_init(rq, &nmp->nm_rpc, proc, cred,
	    argmax + 4 + NFS3_FHSIZE, resmax);
	if (error == 0 && fh != NULL)
		nfs_enc_fh(&rq->rq_args, fh);
	return error;
}

/* a procedure whose one argument is a handle: start and make it */
int
nfs_call_fh(struct nfs_mount *nmp, struct nfs_req *rq, uint32_t proc,
    kauth_cred_t cred, const struct nfs_fh *fh, size_t resmax,
    const char *what)
{
	int error;

	error = nfs_call_start(nmp, rq, proc, cred, fh, 0, resmax);
	return error != 0 ? error : nfs_call(nmp, rq, what);
}

/*
 * Make the call; 0 with rq_res past a NFS3_OK status, else the error
 * (nfsstat3 as an errno: the rest of rq_res may still be read, as the
 * failed results carry attributes too).
 */
int
nfs_call(struct nfs_mount *nmp, struct nfs_req *rq, const char *what)
{
	uint32_t stat;
	int error;

	error = nfs_rpc_call(rq);
	if (nfs_rpc_transport_error(error))
		return EIO;	/* a soft mount's answer: the server is gone */
	if (error == EPROTONOSUPPORT)
		return EOPNOTSUPP;
	if (error == EIO)
		return nfs_badreply(nmp, what);
	if (error != 0)
		return error;
	stat = xdr_get32(&rq->rq_res);
	if (!xdr_ok(&rq->rq_res))
		return nfs_badreply(nmp, what);
	return nfs_stat_errno(stat);
}
