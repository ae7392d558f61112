/*
 * ONC RPC calls over host sockets (nfs_rpc.c): one client per program
 * and server, TCP with record marking or UDP datagrams, over up to
 * NFS_RPC_MAXCHAN connections ("channels") with one call on each at a
 * time, so that several calls are in flight at once; retransmitted with
 * a doubling timeout and a fresh connection after a timeout or a
 * dropped connection.
 */
#ifndef _NFS_RPC_H_
#define _NFS_RPC_H_

#include <sys/types.h>
#include <sys/mutex.h>
#include <sys/condvar.h>
#include <sys/kauth.h>

#include "nfs_proto.h"

#define NFS_RPC_MAXCHAN	8

struct nfs_rpc {
	char		r_host[256];
	int		r_port;
	bool		r_tcp;
	bool		r_soft;		/* give up after r_retrans tries */
	uint32_t	r_prog, r_vers;
	uint32_t	r_timeo_ms;	/* first wait for a reply */
	uint32_t	r_retrans;
	unsigned	r_nchan;	/* channels in use, 1 by default */
	int		r_fds[NFS_RPC_MAXCHAN];	/* -1: not connected */
	uint32_t	r_busy;		/* channels with a call on the wire */
	uint32_t	r_xid;
	kmutex_t	r_lock;		/* r_busy, r_xid */
	kcondvar_t	r_cv;
	volatile bool	r_dying;	/* unmounting: no more retries */
};

/* one call: arguments encoded into rq_args, results read from rq_res */
struct nfs_req {
	struct nfs_rpc	*rq_rpc;
	int		*rq_fdp;	/* the channel's socket, during a call */
	uint8_t		*rq_buf;	/* record mark, header, arguments */
	size_t		rq_bufsize;
	struct nfs_xdr	rq_args;
	uint8_t		*rq_reply;
	size_t		rq_replysize;
	struct nfs_xdr	rq_res;
};

/* reply header bytes beyond the results: verifier body included */
#define NFS_RPC_REPLYHDR	(6 * 4 + RPC_AUTH_MAXBODY)

void nfs_rpc_init(struct nfs_rpc *r, const char *host, int port, bool tcp,
    uint32_t prog, uint32_t vers);
void nfs_rpc_destroy(struct nfs_rpc *r);
/* the caller's ids for AUTH_SYS (NOCRED/FSCRED: root) */
void nfs_rpc_auth(kauth_cred_t cred, struct nfs_auth *au);
/* argmax: bytes of arguments at most; resmax: of results past the
 * RPC reply header */
int nfs_req_init(struct nfs_req *rq, struct nfs_rpc *r, uint32_t proc,
    kauth_cred_t cred, size_t argmax, size_t resmax);
/*
 * Send, wait for the reply: 0 with rq_res at the results; a transport
 * error (nfs_rpc_transport_error: a soft client gave up, or unmount);
 * EIO (bad reply); or the RPC layer's errors of nfs_rpc_dec_reply.
 */
int nfs_rpc_call(struct nfs_req *rq);
/* no answer (timeout, refused, reset, unreachable): worth a retry */
bool nfs_rpc_transport_error(int error);
void nfs_req_done(struct nfs_req *rq);

/* nfs_pmap.c: the port of prog/vers on host (portmapper v2) */
int nfs_pmap_getport(const char *host, bool tcp, uint32_t prog,
    uint32_t vers, struct nfs_rpc *tmpl, int *portp);

#endif /* _NFS_RPC_H_ */
