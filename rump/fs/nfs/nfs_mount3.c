/*
 * The MOUNT v3 protocol (RFC 1813 section 5): MNT for the export's root
 * handle at mount, UMNT at unmount (best effort: a vanished server must
 * not hold the unmount up).  Both run as root, as mount_nfs does.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>

#include "nfs.h"

#define MNT_PATHMAX	1024

/* a MOUNT client for nmp's server, soft whatever the mount */
static int
mnt_client(struct nfs_mount *nmp, struct nfs_rpc **rp)
{
	struct nfs_rpc *r;
	bool tcp = nmp->nm_rpc.r_tcp;
	int port = (int)nmp->nm_mntport, error;

	if (port == 0 && (error = nfs_pmap_getport(nmp->nm_host, tcp,
	    MOUNT_PROG, MOUNT_VERS, &nmp->nm_rpc, &port)) != 0)
		return error;
	nmp->nm_mntport = (uint32_t)port;
	if ((r = kmem_alloc(sizeof(*r), KM_SLEEP)) == NULL)
		return ENOMEM;
	nfs_rpc_init(r, nmp->nm_host, port, tcp, MOUNT_PROG, MOUNT_VERS);
	r->r_soft = true;
	r->r_timeo_ms = nmp->nm_rpc.r_timeo_ms;
	r->r_retrans = nmp->nm_rpc.r_retrans;
	*rp = r;
	return 0;
}

static void
mnt_client_done(struct nfs_rpc *r)
{
	nfs_rpc_destroy(r);
	kmem_free(r, sizeof(*r));
}

int
nfs_mnt(struct nfs_mount *nmp, const struct nfs_args *args)
{
	struct nfs_rpc *r;
	struct nfs_req rq;
	uint32_t stat;
	int error;

	(void)args;
	if ((error = mnt_client(nmp, &r)) != 0)
		return error;
	error = nfs_req_init(&rq, r, MOUNTPROC_MNT, NOCRED, 4 + MNT_PATHMAX,
	    4 + 4 + NFS3_FHSIZE + 4 + 4 * 64);
	if (error == 0) {
		xdr_putopaque(&rq.rq_args, nmp->nm_path,
		    strlen(nmp->nm_path));
		error = nfs_rpc_call(&rq);
	}
	if (error == 0) {
		stat = xdr_get32(&rq.rq_res);
		if (stat == 0)
			nfs_dec_fh(&rq.rq_res, &nmp->nm_rootfh);
		if (!xdr_ok(&rq.rq_res))
			error = nfs_badreply(nmp, "MNT");
		else
			error = nfs_stat_errno(stat);
	}
	nfs_req_done(&rq);
	mnt_client_done(r);
	return error;
}

void
nfs_umnt(struct nfs_mount *nmp)
{
	struct nfs_rpc *r;
	struct nfs_req rq;

	if (mnt_client(nmp, &r) != 0)
		return;
	r->r_retrans = 2;
	if (nfs_req_init(&rq, r, MOUNTPROC_UMNT, NOCRED, 4 + MNT_PATHMAX,
	    16) == 0) {
		xdr_putopaque(&rq.rq_args, nmp->nm_path,
		    strlen(nmp->nm_path));
		(void)nfs_rpc_call(&rq);
	}
	nfs_req_done(&rq);
	mnt_client_done(r);
}
