/*
 * Portmapper v2 GETPORT (RFC 1833 section 3.2): where a program listens.
 * The call uses the mount's transport and timeouts, and always gives up
 * (a mount never waits forever for a missing server).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>

#include "nfs_args.h"
#include "nfs_rpc.h"

int
nfs_pmap_getport(const char *host, bool tcp, uint32_t prog, uint32_t vers,
    struct nfs_rpc *tmpl, int *portp)
{
	struct nfs_rpc *r;
	struct nfs_req rq;
	uint32_t port;
	int error;

	if ((r = kmem_alloc(sizeof(*r), KM_SLEEP)) == NULL)
		return ENOMEM;
	nfs_rpc_init(r, host, PMAP_PORT, tcp, PMAP_PROG, PMAP_VERS);
	r->r_soft = true;
	r->r_timeo_ms = tmpl->r_timeo_ms;
	r->r_retrans = tmpl->r_retrans;
	error = nfs_req_init(&rq, r, PMAPPROC_GETPORT, NOCRED, 16, 16);
	if (error == 0) {
		xdr_put32(&rq.rq_args, prog);
		xdr_put32(&rq.rq_args, vers);
		xdr_put32(&rq.rq_args, tcp ? IPPROTO_TCP_NUM :
		    IPPROTO_UDP_NUM);
		xdr_put32(&rq.rq_args, 0);
		error = nfs_rpc_call(&rq);
	}
	if (error == 0) {
		port = xdr_get32(&rq.rq_res);
		if (!xdr_ok(&rq.rq_res) || port > 65535)
			error = EIO;
		else if (port == 0)
			error = EPROTONOSUPPORT;	/* not registered */
		else
			*portp = (int)port;
	}
	nfs_req_done(&rq);
	nfs_rpc_destroy(r);
	kmem_free(r, sizeof(*r));
	return error;
}
