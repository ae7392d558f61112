/*
 * The node table: one p2k_node per file the host kernel knows (a FUSE
 * nodeid), found by the file system's handle of the file.
 *
 * A node does not keep its vnode.  The host kernel remembers nodes until
 * its own memory runs short (100,000 after a walk of as many files), and
 * a vnode held for each kept its inode, buffers and names alive too: the
 * server grew past 130 MiB.  An operation finds the vnode again by the
 * handle (VFS_FHTOVP: a hash lookup while the vnode is cached) and lets
 * it go when done, so the vnode cache's bound is what holds vnodes.  A
 * node holds a reference while the file is open (an unlinked open file
 * lives on; advisory locks stay with the vnode), while it is among the
 * most recently used (p2k_pin.c), and the root always.  The handle of a
 * file removed meanwhile is stale: ESTALE.
 *
 * File systems whose handles change over a file's life (msdosfs names a
 * file by the place of its directory entry, which a rename moves) keep
 * the old way: a node holds its vnode until forgotten, found by pointer.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

/* handles that name a file, whatever is renamed, until it is removed */
static const char *const p2k_stable_fh[] = {
	"ffs", "ext2fs", "cd9660", "rumpfs",
};

static size_t
p2k_hash(const struct p2k_mount *p2m, const uint8_t *key, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ key[i]) * 1099511628211ULL;
	return (size_t)(h ^ (h >> 32)) & p2m->p2m_nodemask;
}

/* the node's identity: vp's handle, or (vnodes held) vp itself */
static int
p2k_node_key(const struct p2k_mount *p2m, struct vnode *vp,
    struct rump_fid *fh)
{
	int error;

	if (!p2m->p2m_unpin) {
		memset(fh, 0, sizeof(*fh));
		fh->fid_len = sizeof(vp);
		memcpy(fh->fid_data, &vp, sizeof(vp));
		return 0;
	}
	error = rump_pub_vfs_vptofh(vp, fh);
	if (error == 0 && (fh->fid_len == 0 || fh->fid_len > UINT8_MAX))
		error = EINVAL;
	return error;
}

/*
 * Twice as many nodes as buckets: twice the buckets (a walk of 100,000
 * files keeps that many nodes; chains of a fixed table grew with them).
 * Node lock held; a failed allocation leaves the table as it was.
 */
static void
p2k_node_grow(struct p2k_mount *p2m)
{
	size_t osize = p2m->p2m_nodemask + 1, i, h;
	struct p2k_node **old = p2m->p2m_nodes, **nt, *pn, *next;

	if (old != NULL && p2m->p2m_nnodes <= 2 * osize)
		return;
	if ((nt = calloc(old == NULL ? P2K_NODEHASH_MIN : 2 * osize,
	    sizeof(*nt))) == NULL)
		return;
	p2m->p2m_nodes = nt;
	p2m->p2m_nodemask = old == NULL ? P2K_NODEHASH_MIN - 1 : 2 * osize - 1;
	for (i = 0; old != NULL && i < osize; i++)
		for (pn = old[i]; pn != NULL; pn = next) {
			next = pn->pn_hnext;
			h = p2k_hash(p2m, pn->pn_key, pn->pn_keylen);
			pn->pn_hnext = nt[h];
			nt[h] = pn;
		}
	free(old);
}

fuse_ino_t
p2k_node_ino(struct p2k_mount *p2m, struct p2k_node *pn)
{
	return pn == p2m->p2m_root ? FUSE_ROOT_ID : (fuse_ino_t)(uintptr_t)pn;
}

struct p2k_node *
p2k_node_lookup(struct p2k_mount *p2m, fuse_ino_t ino)
{
	if (ino == FUSE_ROOT_ID)
		return p2m->p2m_root;
	return (struct p2k_node *)(uintptr_t)ino;
}

/* a new node named fh; node lock held */
static struct p2k_node *
p2k_node_new(struct p2k_mount *p2m, const struct rump_fid *fh,
    struct vnode *vp)
{
	struct p2k_node *pn;
	size_t h;

	/* 64 bytes of heap for the handles of ffs and ext2 */
	if (p2m->p2m_nodes == NULL || (pn = calloc(1,
	    offsetof(struct p2k_node, pn_key) + fh->fid_len)) == NULL)
		return NULL;
	pn->pn_keylen = (uint8_t)fh->fid_len;
	memcpy(pn->pn_key, fh->fid_data, fh->fid_len);
	pn->pn_gen = ++p2m->p2m_nodegen;
	if (!p2m->p2m_unpin) {	/* held until forgotten */
		pn->pn_vp = vp;
		rump_pub_vp_incref(vp);
	}
	h = p2k_hash(p2m, pn->pn_key, pn->pn_keylen);
	pn->pn_hnext = p2m->p2m_nodes[h];
	p2m->p2m_nodes[h] = pn;
	p2m->p2m_nnodes++;
	return pn;
}

/*
 * Account one FUSE lookup of vp (referenced; the reference stays the
 * caller's) in its node, made if new.
 */
int
p2k_node_get(struct p2k_mount *p2m, struct vnode *vp, struct p2k_node **pnp)
{
	struct rump_fid fh;
	struct p2k_node *pn = p2m->p2m_root;
	struct vnode *drop = NULL;
	int error;

	if (pn == NULL || pn->pn_vp != vp) {	/* the root is not hashed */
		if ((error = p2k_node_key(p2m, vp, &fh)) != 0)
			return error;
		pthread_mutex_lock(&p2m->p2m_nodelock);
		p2k_node_grow(p2m);
		pn = p2m->p2m_nodes == NULL ? NULL :
		    p2m->p2m_nodes[p2k_hash(p2m, fh.fid_data, fh.fid_len)];
		while (pn != NULL && (pn->pn_keylen != fh.fid_len ||
		    memcmp(pn->pn_key, fh.fid_data, fh.fid_len) != 0))
			pn = pn->pn_hnext;
		if (pn == NULL && (pn = p2k_node_new(p2m, &fh, vp)) == NULL) {
			pthread_mutex_unlock(&p2m->p2m_nodelock);
			return ENOMEM;
		}
		/* a getattr or getxattr tends to follow a lookup */
		if (p2m->p2m_unpin)
			drop = p2k_pin_add(p2m, pn, vp);
	} else
		pthread_mutex_lock(&p2m->p2m_nodelock);
	pn->pn_nlookup++;
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	if (drop != NULL)
		rump_pub_vp_rele(drop);
	*pnp = pn;
	return 0;
}

/* The root node, which holds its vnode (the caller's reference). */
int
p2k_node_root(struct p2k_mount *p2m, const char *vfsname,
    struct vnode *rootvp)
{
	struct rump_fid fh;
	size_t i;

	for (i = 0; i < sizeof(p2k_stable_fh) / sizeof(p2k_stable_fh[0]); i++)
		if (strcmp(vfsname, p2k_stable_fh[i]) == 0)
			p2m->p2m_unpin = true;
	/* no handles after all: hold vnodes */
	if (p2m->p2m_unpin && p2k_node_key(p2m, rootvp, &fh) != 0)
		p2m->p2m_unpin = false;
	if (p2m->p2m_unpin)
		p2k_pin_init(p2m);
	if ((p2m->p2m_root = calloc(1, sizeof(*p2m->p2m_root))) == NULL) {
		rump_pub_vp_rele(rootvp);
		return ENOMEM;
	}
	p2m->p2m_root->pn_vp = rootvp;
	p2m->p2m_root->pn_nlookup = 1;
	return 0;
}

/*
 * The vnode of pn for one operation, referenced: the node's own, or
 * found again by its handle (ESTALE: the file is gone).
 */
int
p2k_node_vget(struct p2k_mount *p2m, struct p2k_node *pn,
    struct vnode **vpp)
{
	struct rump_fid fh;
	struct vnode *drop;
	int error;

	/* taken under the lock: a release may drop the node's reference */
	pthread_mutex_lock(&p2m->p2m_nodelock);
	if ((*vpp = pn->pn_vp) != NULL)
		rump_pub_vp_incref(*vpp);
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	if (*vpp != NULL)
		return 0;
	memset(&fh, 0, sizeof(fh));
	fh.fid_len = pn->pn_keylen;
	memcpy(fh.fid_data, pn->pn_key, pn->pn_keylen);
	if ((error = rump_pub_vfs_fhtovp(p2m->p2m_rmp, &fh, vpp)) != 0)
		return error;
	pthread_mutex_lock(&p2m->p2m_nodelock);
	drop = p2k_pin_add(p2m, pn, *vpp);
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	if (drop != NULL)
		rump_pub_vp_rele(drop);
	return 0;
}

int
p2k_vget(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp)
{
	return p2k_node_vget(P2M(req), NODE(req, ino), vpp);
}

/* p2k_vget, or false after replying with the error */
bool
p2k_vget_reply(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp)
{
	int error;

	if ((error = p2k_vget(req, ino, vpp)) == 0)
		return true;
	fuse_reply_err(req, error);
	return false;
}

/* an open (or opendir) of pn's file vp: the node holds vp until closed */
void
p2k_node_open(struct p2k_mount *p2m, struct p2k_node *pn, struct vnode *vp)
{
	pthread_mutex_lock(&p2m->p2m_nodelock);
	pn->pn_nopen++;
	if (pn->pn_vp == NULL) {
		pn->pn_vp = vp;
		rump_pub_vp_incref(vp);
	}
	pthread_mutex_unlock(&p2m->p2m_nodelock);
}

void
p2k_node_close(struct p2k_mount *p2m, struct p2k_node *pn)
{
	struct vnode *vp = NULL;

	pthread_mutex_lock(&p2m->p2m_nodelock);
	if (pn->pn_nopen > 0 && --pn->pn_nopen == 0 && p2m->p2m_unpin &&
	    pn != p2m->p2m_root && pn->pn_pin == 0) {
		vp = pn->pn_vp;
		pn->pn_vp = NULL;
	}
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	if (vp != NULL)
		rump_pub_vp_rele(vp);
}

void
p2k_node_forget(struct p2k_mount *p2m, struct p2k_node *pn, uint64_t n)
{
	struct p2k_node **pp;
	bool gone;

	pthread_mutex_lock(&p2m->p2m_nodelock);
	if (n > pn->pn_nlookup)
		n = pn->pn_nlookup;
	pn->pn_nlookup -= n;
	gone = pn->pn_nlookup == 0 && pn != p2m->p2m_root;
	if (gone) {
		for (pp = &p2m->p2m_nodes[p2k_hash(p2m, pn->pn_key,
		    pn->pn_keylen)]; *pp != pn; pp = &(*pp)->pn_hnext)
			continue;
		*pp = pn->pn_hnext;
		p2m->p2m_nnodes--;
		p2k_pin_remove(p2m, pn);
	}
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	if (gone && pn->pn_vp != NULL)
		rump_pub_vp_rele(pn->pn_vp);
	if (gone)
		free(pn);
}

/* At unmount: the host kernel is gone; drop every reference we hold. */
void
p2k_node_release_all(struct p2k_mount *p2m)
{
	struct p2k_node *pn;
	size_t i;

	for (i = 0; p2m->p2m_nodes != NULL && i <= p2m->p2m_nodemask; i++) {
		while ((pn = p2m->p2m_nodes[i]) != NULL)
			p2k_node_forget(p2m, pn, pn->pn_nlookup);
	}
	free(p2m->p2m_nodes);
	p2m->p2m_nodes = NULL;
	p2k_pin_fini(p2m);
	if (p2m->p2m_root != NULL) {
		if (p2m->p2m_root->pn_vp != NULL)
			rump_pub_vp_rele(p2m->p2m_root->pn_vp);
		free(p2m->p2m_root);
		p2m->p2m_root = NULL;
	}
}

/* the vnodes of two inos (p2k_vput both), or false after replying */
bool
p2k_vget2_reply(fuse_req_t req, fuse_ino_t a, struct vnode **vpa,
    fuse_ino_t b, struct vnode **vpb)
{
	if (!p2k_vget_reply(req, a, vpa))
		return false;
	if (p2k_vget_reply(req, b, vpb))
		return true;
	p2k_vput(*vpa);
	return false;
}

/*
 * The vnode of ino and the caller's credential for one operation, or
 * false after replying with the error; p2k_vput and p2k_cred_put after.
 */
bool
p2k_op_begin(fuse_req_t req, fuse_ino_t ino, struct vnode **vpp,
    struct kauth_cred **credp)
{
	if (!p2k_vget_reply(req, ino, vpp))
		return false;
	*credp = p2k_cred(req);
	return true;
}
