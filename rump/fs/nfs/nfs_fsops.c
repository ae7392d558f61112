/*
 * File-system-wide procedures: FSINFO at mount for the transfer sizes
 * (RFC 1813 3.3.19), FSSTAT for statvfs (3.3.18), PATHCONF for
 * VOP_PATHCONF (3.3.20).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/genfs.h>

#include "nfs.h"

#define NFS_DEFIO	32768
#define NFS_UDPMAXIO	32768	/* a READ reply fits a datagram */
#define NFS_BSIZE	4096

/* a transfer size: the wanted one (0: preferred), within the max */
static uint32_t
fsinfo_size(uint32_t want, uint32_t pref, uint32_t max)
{
	uint32_t n = want != 0 ? want : (pref != 0 ? pref : NFS_DEFIO);

	if (max != 0 && n > max)
		n = max;
	n = MIN(n, NFS_MAXIO);
	n &= ~(uint32_t)511;
	return MAX(n, 512u);
}

int
nfs_fsinfo(struct nfs_mount *nmp)
{
	struct nfs_fattr fa;
	struct nfs_req rq;
	uint32_t rtmax, rtpref, wtmax, wtpref, dtpref;
	struct nfs_xdr *x = &rq.rq_res;
	int error;

	error = nfs_call_fh(nmp, &rq, NFSPROC3_FSINFO, NOCRED,
	    &nmp->nm_rootfh, 256, "FSINFO");
	if (error == 0) {
		(void)nfs_dec_postop(x, &fa);
		rtmax = xdr_get32(x);
		rtpref = xdr_get32(x);
		(void)xdr_get32(x);	/* rtmult */
		wtmax = xdr_get32(x);
		wtpref = xdr_get32(x);
		(void)xdr_get32(x);	/* wtmult */
		dtpref = xdr_get32(x);
		if (!xdr_ok(x))
			error = nfs_badreply(nmp, "FSINFO");
		if (!nmp->nm_rpc.r_tcp) {
			rtmax = rtmax != 0 ? MIN(rtmax, NFS_UDPMAXIO) :
			    NFS_UDPMAXIO;
			wtmax = wtmax != 0 ? MIN(wtmax, NFS_UDPMAXIO) :
			    NFS_UDPMAXIO;
		}
		nmp->nm_rsize = fsinfo_size(nmp->nm_rsize, rtpref, rtmax);
		nmp->nm_wsize = fsinfo_size(nmp->nm_wsize, wtpref, wtmax);
		nmp->nm_dtsize = fsinfo_size(0, dtpref, 32768);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_fsstat(struct nfs_mount *nmp, struct statvfs *sbp)
{
	struct nfs_fattr fa;
	struct nfs_req rq;
	struct nfs_xdr *x = &rq.rq_res;
	uint64_t tbytes, fbytes, abytes;
	int error;

	error = nfs_call_fh(nmp, &rq, NFSPROC3_FSSTAT, NOCRED,
	    &nmp->nm_rootfh, 256, "FSSTAT");
	if (error == 0) {
		(void)nfs_dec_postop(x, &fa);
		tbytes = xdr_get64(x);
		fbytes = xdr_get64(x);
		abytes = xdr_get64(x);
		sbp->f_files = xdr_get64(x);
		sbp->f_ffree = xdr_get64(x);
		sbp->f_favail = xdr_get64(x);
		if (!xdr_ok(x))
			error = nfs_badreply(nmp, "FSSTAT");
		sbp->f_bsize = sbp->f_frsize = NFS_BSIZE;
		sbp->f_iosize = nmp->nm_rsize;
		sbp->f_blocks = tbytes / NFS_BSIZE;
		sbp->f_bfree = fbytes / NFS_BSIZE;
		sbp->f_bavail = abytes / NFS_BSIZE;
		sbp->f_namemax = nmp->nm_namemax;
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_pathconf(struct vop_pathconf_args *ap)
{
	struct nfs_node *np = VTON(ap->a_vp);
	struct nfs_mount *nmp = np->n_nmp;
	struct genfs_pathconf pc = {
		.pc_link_max = 32767,
		.pc_name_max = NFS3_NAMEMAX,
		.pc_symlink_max = NFS3_PATHMAX - 1,
		.pc_pipe_buf = 4096,
		.pc_filesize_bits = 64,
	};
	struct nfs_fattr fa;
	struct nfs_req rq;
	uint32_t linkmax, namemax;

	if (nfs_call_fh(nmp, &rq, NFSPROC3_PATHCONF, NOCRED, &np->n_fh, 256,
	    "PATHCONF") == 0) {
		(void)nfs_dec_postop(&rq.rq_res, &fa);
		linkmax = xdr_get32(&rq.rq_res);
		namemax = xdr_get32(&rq.rq_res);
		if (xdr_ok(&rq.rq_res) && linkmax > 0)
			pc.pc_link_max = MIN(linkmax, 0x7fffffffu);
		if (xdr_ok(&rq.rq_res) && namemax > 0)
			pc.pc_name_max = MIN(namemax, NFS3_NAMEMAX);
	}
	nfs_req_done(&rq);
	return genfs_pathconf(ap, &pc);
}
