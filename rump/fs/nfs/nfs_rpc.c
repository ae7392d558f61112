/*
 * RPC transport over the host socket hypercalls.  A call is sent whole
 * (TCP: one record of one fragment, RFC 5531 section 11); the reply is
 * read fragment by fragment into one buffer bounded by
 * NFS_RPC_MAXREPLY.  Replies to other (earlier, retransmitted) xids are
 * dropped.  A wait that times out doubles the next one (up to a minute)
 * and, on TCP, reconnects: a restarted server forgets connections.  A
 * soft client gives up after r_retrans tries; a hard one only when the
 * mount goes away (r_dying), so unmount never hangs.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/time.h>
#include <rump/rumpuser.h>

#include "nfs_args.h"
#include "nfs_rpc.h"

#define RPC_HDRMAX	(4 + 10 * 4 + (5 + RPC_AUTH_NGROUPS) * 4)
#define RPC_MAXWAIT_MS	60000
#define RPC_SLICE_MS	500	/* r_dying is looked at this often */

void
nfs_rpc_init(struct nfs_rpc *r, const char *host, int port, bool tcp,
    uint32_t prog, uint32_t vers)
{
	struct timespec ts;
	unsigned i;

	memset(r, 0, sizeof(*r));
	strlcpy(r->r_host, host, sizeof(r->r_host));
	r->r_port = port;
	r->r_tcp = tcp;
	r->r_prog = prog;
	r->r_vers = vers;
	r->r_timeo_ms = 1000;
	r->r_retrans = 10;
	r->r_nchan = 1;
	for (i = 0; i < NFS_RPC_MAXCHAN; i++)
		r->r_fds[i] = -1;
	nanotime(&ts);
	r->r_xid = (uint32_t)(ts.tv_sec ^ ts.tv_nsec);
	mutex_init(&r->r_lock, MUTEX_DEFAULT, IPL_NONE);
	cv_init(&r->r_cv, "nfsrpc");
}

void
nfs_rpc_destroy(struct nfs_rpc *r)
{
	unsigned i;

	for (i = 0; i < NFS_RPC_MAXCHAN; i++) {
		if (r->r_fds[i] != -1)
			(void)rumpuser_close(r->r_fds[i]);
		r->r_fds[i] = -1;
	}
	cv_destroy(&r->r_cv);
	mutex_destroy(&r->r_lock);
}

void
nfs_rpc_auth(kauth_cred_t cred, struct nfs_auth *au)
{
	int i, n;

	memset(au, 0, sizeof(*au));
	if (cred == NOCRED || cred == FSCRED)
		return;
	au->au_uid = kauth_cred_geteuid(cred);
	au->au_gid = kauth_cred_getegid(cred);
	n = MIN(kauth_cred_ngroups(cred), RPC_AUTH_NGROUPS);
	for (i = 0; i < n; i++)
		au->au_groups[i] = kauth_cred_group(cred, i);
	au->au_ngroups = (uint32_t)n;
}

int
nfs_req_init(struct nfs_req *rq, struct nfs_rpc *r, uint32_t proc,
    kauth_cred_t cred, size_t argmax, size_t resmax)
{
	struct nfs_auth au;

	memset(rq, 0, sizeof(*rq));
	rq->rq_rpc = r;
	rq->rq_bufsize = RPC_HDRMAX + argmax;
	rq->rq_replysize = NFS_RPC_REPLYHDR + resmax;
	if ((rq->rq_buf = kmem_alloc(rq->rq_bufsize, KM_SLEEP)) == NULL)
		return ENOMEM;
	nfs_rpc_auth(cred, &au);
	xdr_init(&rq->rq_args, rq->rq_buf, rq->rq_bufsize);
	xdr_put32(&rq->rq_args, 0);	/* record mark, set when sent */
	nfs_rpc_enc_call(&rq->rq_args, 0, r->r_prog, r->r_vers, proc, &au);
	return 0;
}

void
nfs_req_done(struct nfs_req *rq)
{
	if (rq->rq_buf != NULL)
		kmem_free(rq->rq_buf, rq->rq_bufsize);
	if (rq->rq_reply != NULL)
		kmem_free(rq->rq_reply, rq->rq_replysize);
	rq->rq_buf = rq->rq_reply = NULL;
}

static int64_t
rpc_now_ms(void)
{
	struct timespec ts;

	nanouptime(&ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
rpc_disconnect(struct nfs_req *rq)
{
	if (*rq->rq_fdp != -1)
		(void)rumpuser_close(*rq->rq_fdp);
	*rq->rq_fdp = -1;
}

static int
rpc_sendall(int fd, const uint8_t *p, size_t n)
{
	size_t sent;
	int error;

	while (n > 0) {
		if ((error = rumpuser_sock_send(fd, p, n, &sent)) != 0)
			return error;
		p += sent;
		n -= sent;
	}
	return 0;
}

/* wait until the channel has input: 0, ETIMEDOUT (or unmount), error */
static int
rpc_readable(struct nfs_req *rq, int64_t deadline)
{
	int64_t left;
	int error;

	do {
		if (rq->rq_rpc->r_dying)
			return ETIMEDOUT;
		if ((left = deadline - rpc_now_ms()) <= 0)
			return ETIMEDOUT;
		error = rumpuser_sock_poll(*rq->rq_fdp, (int)MIN(left,
		    RPC_SLICE_MS));
	} while (error == ETIMEDOUT);
	return error;
}

/* n bytes of a stream by deadline: 0, ETIMEDOUT, EPIPE (closed), error */
static int
rpc_recvall(struct nfs_req *rq, uint8_t *p, size_t n, int64_t deadline)
{
	size_t got;
	int error;

	while (n > 0) {
		if ((error = rpc_readable(rq, deadline)) != 0 ||
		    (error = rumpuser_sock_recv(*rq->rq_fdp, p, n, &got)) != 0)
			return error;
		if (got == 0)
			return EPIPE;
		p += got;
		n -= got;
	}
	return 0;
}

/* one TCP record into rq_reply; its length in *lenp */
static int
rpc_recv_tcp(struct nfs_req *rq, int64_t deadline, size_t *lenp)
{
	uint8_t mark[4];
	uint32_t m, flen;
	size_t len = 0;
	int error;

	do {
		if ((error = rpc_recvall(rq, mark, 4, deadline)) != 0)
			return error;
		m = (uint32_t)mark[0] << 24 | (uint32_t)mark[1] << 16 |
		    (uint32_t)mark[2] << 8 | mark[3];
		flen = m & ~RPC_LASTFRAG;
		if (flen > rq->rq_replysize - len)
			return EIO;	/* longer than any reply we expect */
		if ((error = rpc_recvall(rq, rq->rq_reply + len, flen,
		    deadline)) != 0)
			return error;
		len += flen;
	} while (!(m & RPC_LASTFRAG));
	*lenp = len;
	return 0;
}

/* one datagram: what came is all of it */
static int
rpc_recv_udp(struct nfs_req *rq, int64_t deadline, size_t *lenp)
{
	int error;

	if ((error = rpc_readable(rq, deadline)) != 0)
		return error;
	return rumpuser_sock_recv(*rq->rq_fdp, rq->rq_reply, rq->rq_replysize,
	    lenp);
}

/* wait for the reply to xid; others are dropped */
static int
rpc_wait(struct nfs_req *rq, uint32_t xid, int64_t deadline)
{
	struct nfs_rpc *r = rq->rq_rpc;
	size_t len;
	int error;

	for (;;) {
		error = r->r_tcp ? rpc_recv_tcp(rq, deadline, &len) :
		    rpc_recv_udp(rq, deadline, &len);
		if (error != 0)
			return error;
		xdr_init(&rq->rq_res, rq->rq_reply, len);
		error = nfs_rpc_dec_reply(&rq->rq_res, xid);
		if (error != ESRCH)
			return error;
	}
}

/* one try: connect if needed, send, wait */
static int
rpc_try(struct nfs_req *rq, uint32_t xid, uint32_t wait_ms)
{
	struct nfs_rpc *r = rq->rq_rpc;
	size_t len = rq->rq_args.x_pos;
	uint8_t *p = rq->rq_buf;
	int error;

	if (*rq->rq_fdp == -1 && (error = rumpuser_sock_connect(r->r_host,
	    r->r_port, r->r_tcp, rq->rq_fdp)) != 0) {
		*rq->rq_fdp = -1;
		return error;
	}
	xdr_init(&rq->rq_args, rq->rq_buf, len);
	xdr_put32(&rq->rq_args, RPC_LASTFRAG | (uint32_t)(len - 4));
	xdr_put32(&rq->rq_args, xid);
	rq->rq_args.x_pos = len;
	if (!r->r_tcp) {
		p += 4;
		len -= 4;
	}
	if ((error = rpc_sendall(*rq->rq_fdp, p, len)) == 0)
		error = rpc_wait(rq, xid, rpc_now_ms() + wait_ms);
	return error;
}

bool
nfs_rpc_transport_error(int error)
{
	return error == ETIMEDOUT || error == EPIPE || error == ECONNRESET ||
	    error == ECONNREFUSED || error == ENOTCONN ||
	    error == EHOSTUNREACH || error == ENETUNREACH || error == EAGAIN;
}

static int
rpc_call_chan(struct nfs_req *rq, uint32_t xid)
{
	struct nfs_rpc *r = rq->rq_rpc;
	uint32_t wait = MAX(r->r_timeo_ms, 100u), tries;
	int64_t start;
	int error;

	for (tries = 0;; tries++) {
		start = rpc_now_ms();
		error = rpc_try(rq, xid, wait);
		/* a bad record may leave the stream out of step: drop it */
		if (error == EIO)
			rpc_disconnect(rq);
		if (!nfs_rpc_transport_error(error))
			return error;
		rpc_disconnect(rq);
		/* giving up: say "refused" or "unreachable" when it was */
		if (r->r_dying || (r->r_soft && tries + 1 >= r->r_retrans))
			return error == EPIPE || error == EAGAIN ? ETIMEDOUT :
			    error;
		/* a refused connection returns at once: wait out the try */
		while (!r->r_dying && rpc_now_ms() - start < wait)
			(void)kpause("nfsretry", false, mstohz(MIN(
			    RPC_SLICE_MS, wait)), NULL);
		wait = MIN(wait * 2, RPC_MAXWAIT_MS);
	}
}

int
nfs_rpc_call(struct nfs_req *rq)
{
	struct nfs_rpc *r = rq->rq_rpc;
	uint32_t xid;
	unsigned c;
	int error;

	if (!xdr_ok(&rq->rq_args))
		return EINVAL;	/* arguments larger than reserved */
	if (rq->rq_reply == NULL) {
		rq->rq_reply = kmem_alloc(rq->rq_replysize, KM_SLEEP);
		if (rq->rq_reply == NULL)
			return ENOMEM;
	}
	/* a free channel: the first one not busy, else wait */
	mutex_enter(&r->r_lock);
	for (;;) {
		for (c = 0; c < r->r_nchan; c++)
			if (!(r->r_busy & (1u << c)))
				break;
		if (c < r->r_nchan)
			break;
		cv_wait(&r->r_cv, &r->r_lock);
	}
	r->r_busy |= 1u << c;
	xid = ++r->r_xid;
	mutex_exit(&r->r_lock);
	rq->rq_fdp = &r->r_fds[c];
	error = rpc_call_chan(rq, xid);
	mutex_enter(&r->r_lock);
	r->r_busy &= ~(1u << c);
	cv_signal(&r->r_cv);
	mutex_exit(&r->r_lock);
	return error;
}
