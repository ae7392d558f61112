/*
 * The attribute cache, with NetBSD's timeouts: attributes stay fresh for
 * a tenth of the time since the file last changed, at least 3 s (30 s
 * for a directory) and at most 60 s.  Every reply carrying attributes
 * refreshes them; open drops them (close-to-open consistency).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/time.h>

#include "nfs.h"

#define NFS_ACREGMIN	3
#define NFS_ACDIRMIN	30
#define NFS_ACMAX	60

static int64_t
attr_now_ms(void)
{
	struct timespec ts;

	getnanouptime(&ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}

/* how long np's attributes stay fresh, in ms */
static int64_t
attr_timeout(const struct nfs_fattr *fa)
{
	struct timespec now;
	int64_t age, lo = fa->fa_type == NF3DIR ? NFS_ACDIRMIN :
	    NFS_ACREGMIN;

	getnanotime(&now);
	age = (int64_t)now.tv_sec - fa->fa_mtime.t_sec;
	age /= 10;
	if (age < lo)
		age = lo;
	if (age > NFS_ACMAX)
		age = NFS_ACMAX;
	return age * 1000;
}

void
nfs_attr_load(struct nfs_node *np, const struct nfs_fattr *fa)
{
	struct vnode *vp = np->n_vnode;

	mutex_enter(&np->n_lock);
	np->n_attr = *fa;
	np->n_attrstamp = attr_now_ms();
	if (vp != NULL && vp->v_type == VREG)
		vp->v_size = (off_t)fa->fa_size;
	mutex_exit(&np->n_lock);
}

void
nfs_attr_load_write(struct nfs_node *np, struct nfs_fattr *fa)
{
	mutex_enter(&np->n_lock);
	if (np->n_attrstamp != 0 && np->n_attr.fa_size > fa->fa_size)
		fa->fa_size = np->n_attr.fa_size;
	mutex_exit(&np->n_lock);
	nfs_attr_load(np, fa);
}

void
nfs_attr_invalidate(struct nfs_node *np)
{
	mutex_enter(&np->n_lock);
	np->n_attrstamp = 0;
	mutex_exit(&np->n_lock);
}

int
nfs_getattr_rpc(struct nfs_mount *nmp, const struct nfs_fh *fh,
    kauth_cred_t cred, struct nfs_fattr *fa)
{
	struct nfs_req rq;
	int error;

	if ((error = nfs_call_fh(nmp, &rq, NFSPROC3_GETATTR, cred, fh, 128,
	    "GETATTR")) == 0) {
		nfs_dec_fattr(&rq.rq_res, fa);
		if (!xdr_ok(&rq.rq_res))
			error = nfs_badreply(nmp, "GETATTR");
	}
	nfs_req_done(&rq);
	return error;
}

int
nfs_attr_get(struct nfs_node *np, kauth_cred_t cred, struct nfs_fattr *fa)
{
	int64_t now = attr_now_ms();
	bool fresh;
	int error;

	mutex_enter(&np->n_lock);
	fresh = np->n_attrstamp != 0 &&
	    now - np->n_attrstamp < attr_timeout(&np->n_attr);
	if (fresh)
		*fa = np->n_attr;
	mutex_exit(&np->n_lock);
	if (fresh)
		return 0;
	if ((error = nfs_getattr_rpc(np->n_nmp, &np->n_fh, cred, fa)) != 0)
		return error;
	if (nfs_vtype(fa->fa_type) != np->n_vnode->v_type)
		return ESTALE;	/* the handle now names another file */
	nfs_attr_load(np, fa);
	return 0;
}
