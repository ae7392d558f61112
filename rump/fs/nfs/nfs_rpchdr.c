/*
 * ONC RPC message headers (RFC 5531 sections 8, 9 and 10): a call with
 * AUTH_SYS credentials and a null verifier, and the check of a reply.
 */
#include <sys/errno.h>

#include "nfs_proto.h"

#define RPC_MSG_DENIED		1
#define RPC_PROG_UNAVAIL	1
#define RPC_PROG_MISMATCH	2
#define RPC_PROC_UNAVAIL	3
#define RPC_GARBAGE_ARGS	4

/* authsys_parms: stamp, machinename<255>, uid, gid, gids<16> */
static void
rpc_enc_authsys(struct nfs_xdr *x, const struct nfs_auth *au)
{
	uint32_t i, n = au->au_ngroups;

	if (n > RPC_AUTH_NGROUPS)
		n = RPC_AUTH_NGROUPS;
	xdr_put32(x, RPC_AUTH_SYS);
	xdr_put32(x, (5 + n) * 4);	/* body length */
	xdr_put32(x, 0);		/* stamp */
	xdr_put32(x, 0);		/* machinename: empty */
	xdr_put32(x, au->au_uid);
	xdr_put32(x, au->au_gid);
	xdr_put32(x, n);
	for (i = 0; i < n; i++)
		xdr_put32(x, au->au_groups[i]);
}

void
nfs_rpc_enc_call(struct nfs_xdr *x, uint32_t xid, uint32_t prog,
    uint32_t vers, uint32_t proc, const struct nfs_auth *au)
{
	xdr_put32(x, xid);
	xdr_put32(x, RPC_CALL);
	xdr_put32(x, RPC_VERS);
	xdr_put32(x, prog);
	xdr_put32(x, vers);
	xdr_put32(x, proc);
	rpc_enc_authsys(x, au);
	xdr_put32(x, RPC_AUTH_NONE);	/* verifier */
	xdr_put32(x, 0);
}

int
nfs_rpc_dec_reply(struct nfs_xdr *x, uint32_t xid)
{
	size_t len;
	uint32_t stat;

	if (xdr_get32(x) != xid)
		return xdr_ok(x) ? ESRCH : EIO;
	if (xdr_get32(x) != RPC_REPLY)
		return EIO;
	stat = xdr_get32(x);
	if (stat == RPC_MSG_DENIED)
		return xdr_ok(x) ? EACCES : EIO;
	if (stat != RPC_MSG_ACCEPTED)
		return EIO;
	(void)xdr_get32(x);		/* verifier flavor */
	(void)xdr_getopaque(x, RPC_AUTH_MAXBODY, &len);
	stat = xdr_get32(x);
	if (!xdr_ok(x))
		return EIO;
	switch (stat) {
	case RPC_ACCEPT_SUCCESS:
		return 0;
	case RPC_PROG_UNAVAIL:
	case RPC_PROG_MISMATCH:
	case RPC_PROC_UNAVAIL:
		return EPROTONOSUPPORT;
	default:
		return EIO;
	}
}
