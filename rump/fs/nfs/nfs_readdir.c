/*
 * VOP_READDIR: READDIRPLUS (RFC 1813 3.3.17) for the entries and their
 * types, or READDIR (3.3.16) if the server has no READDIRPLUS.  The
 * directory offset is the server's cookie of the entry before; the
 * cookie verifier of the first call goes with the later ones.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/dirent.h>
#include <sys/uio.h>
#include <sys/genfs.h>

#include "nfs.h"

#define NFS_DIRCOUNT	8192
#define NFS_DIRMAX	32768
#define NFS_DIREMPTYMAX	16	/* replies without entries or EOF */

static int
readdir_type(const struct nfs_fattr *fa)
{
	static const int tab[] = { DT_UNKNOWN, DT_REG, DT_DIR, DT_BLK,
	    DT_CHR, DT_LNK, DT_SOCK, DT_FIFO };

	return fa->fa_type < 8 ? tab[fa->fa_type] : DT_UNKNOWN;
}

/* the entries of one reply into uio; *nemit counts them */
static int
readdir_entries(struct nfs_xdr *x, struct uio *uio, bool plus, int *nemit,
    bool *eofp)
{
	struct nfs_fattr fa;
	struct nfs_fh fh;
	const char *name;
	uint64_t fileid, cookie;
	size_t len;
	int type, error;

	while (xdr_getbool(x)) {
		fileid = xdr_get64(x);
		name = xdr_getname(x, NFS3_NAMEMAX, &len);
		cookie = xdr_get64(x);
		type = DT_UNKNOWN;
		if (plus) {
			if (nfs_dec_postop(x, &fa))
				type = readdir_type(&fa);
			(void)nfs_dec_postfh(x, &fh);
		}
		if (!xdr_ok(x))
			return EIO;
		error = genfs_dirent_emit(uio, (ino_t)fileid, name, len, type,
		    (off_t)cookie);
		if (error != 0)
			return error;
		(*nemit)++;
		uio->uio_offset = (off_t)cookie;
	}
	*eofp = xdr_getbool(x);
	return xdr_ok(x) ? 0 : EIO;
}

/* one READDIR(PLUS) from uio_offset; ENOTSUP: no READDIRPLUS */
static int
readdir_rpc(struct nfs_node *dp, struct uio *uio, kauth_cred_t cred,
    bool plus, int *nemit, bool *eofp)
{
	struct nfs_mount *nmp = dp->n_nmp;
	const char *what = plus ? "READDIRPLUS" : "READDIR";
	struct nfs_fattr fa;
	struct nfs_req rq;
	const void *verf;
	int error;

	error = nfs_call_start(nmp, &rq, plus ? NFSPROC3_READDIRPLUS :
	    NFSPROC3_READDIR, cred, &dp->n_fh, 32, NFS_DIRMAX);
	if (error != 0)
		return error;
	xdr_put64(&rq.rq_args, (uint64_t)uio->uio_offset);
	xdr_putfixed(&rq.rq_args, dp->n_cookieverf, NFS3_COOKIEVERFSIZE);
	if (plus)
		xdr_put32(&rq.rq_args, NFS_DIRCOUNT);
	xdr_put32(&rq.rq_args, NFS_DIRMAX);
	error = nfs_call(nmp, &rq, what);
	if (error == 0) {
		if (nfs_dec_postop(&rq.rq_res, &fa))
			nfs_attr_load(dp, &fa);
		verf = xdr_getfixed(&rq.rq_res, NFS3_COOKIEVERFSIZE);
		if (verf != NULL)
			memcpy(dp->n_cookieverf, verf, NFS3_COOKIEVERFSIZE);
		error = readdir_entries(&rq.rq_res, uio, plus, nemit, eofp);
		if (error == EIO)
			error = nfs_badreply(nmp, what);
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct nfs_node *dp = VTON(vp);
	struct nfs_mount *nmp = dp->n_nmp;
	bool eof = false;
	int error = 0, n = 0, empty = 0, before;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (ap->a_eofflag)
		*ap->a_eofflag = 0;
	if (ap->a_uio->uio_offset == 0)
		memset(dp->n_cookieverf, 0, NFS3_COOKIEVERFSIZE);
	while (!eof && error == 0) {
		before = n;
		error = readdir_rpc(dp, ap->a_uio, ap->a_cred, !nmp->nm_noplus,
		    &n, &eof);
		if (error == EOPNOTSUPP && !nmp->nm_noplus) {
			nmp->nm_noplus = true;
			error = 0;
			continue;
		}
		if (n == before && !eof && error == 0 &&
		    ++empty > NFS_DIREMPTYMAX)
			error = nfs_badreply(nmp, "READDIR (no progress)");
	}
	error = genfs_dirent_end(error, n);
	if (error == 0 && eof && ap->a_eofflag)
		*ap->a_eofflag = 1;
	return error;
}
