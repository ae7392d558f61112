/*
 * The node table: one p2k_node per vnode the host kernel knows about,
 * found by vnode pointer (we hold a reference, so the pointer is stable).
 */
#include <stdlib.h>

#include "p2k_impl.h"

static size_t
p2k_hash(const struct p2k_mount *p2m, const struct vnode *vp)
{
	uint64_t v = (uint64_t)(uintptr_t)vp * 0x9e3779b97f4a7c15ULL;

	return (size_t)(v >> 32) & p2m->p2m_nodemask;
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
			h = p2k_hash(p2m, pn->pn_vp);
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

/*
 * Account one FUSE lookup of vp, taking over the caller's reference.
 * NULL if out of memory (the reference is then dropped).
 */
struct p2k_node *
p2k_node_get(struct p2k_mount *p2m, struct vnode *vp)
{
	struct p2k_node *pn;
	size_t h;

	pthread_mutex_lock(&p2m->p2m_nodelock);
	p2k_node_grow(p2m);
	pn = p2m->p2m_root;	/* the root is not hashed */
	if (pn == NULL || pn->pn_vp != vp) {
		pn = NULL;
		if (p2m->p2m_nodes != NULL)
			pn = p2m->p2m_nodes[p2k_hash(p2m, vp)];
		while (pn != NULL && pn->pn_vp != vp)
			pn = pn->pn_hnext;
	}
	if (pn == NULL) {
		pn = p2m->p2m_nodes == NULL ? NULL : calloc(1, sizeof(*pn));
		if (pn == NULL) {
			pthread_mutex_unlock(&p2m->p2m_nodelock);
			rump_pub_vp_rele(vp);
			return NULL;
		}
		pn->pn_vp = vp;
		pn->pn_gen = rump_pub_vp_getgen(vp);
		h = p2k_hash(p2m, vp);
		pn->pn_hnext = p2m->p2m_nodes[h];
		p2m->p2m_nodes[h] = pn;
		p2m->p2m_nnodes++;
	}
	pn->pn_nlookup++;
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	return pn;
}

void
p2k_node_forget(struct p2k_mount *p2m, struct p2k_node *pn, uint64_t n)
{
	struct p2k_node **pp;
	struct vnode *vp = pn->pn_vp;
	bool gone;

	pthread_mutex_lock(&p2m->p2m_nodelock);
	if (n > pn->pn_nlookup)
		n = pn->pn_nlookup;
	pn->pn_nlookup -= n;
	gone = pn->pn_nlookup == 0 && pn != p2m->p2m_root;
	if (gone) {
		for (pp = &p2m->p2m_nodes[p2k_hash(p2m, vp)]; *pp != pn;
		    pp = &(*pp)->pn_hnext)
			continue;
		*pp = pn->pn_hnext;
		p2m->p2m_nnodes--;
	}
	pthread_mutex_unlock(&p2m->p2m_nodelock);
	while (n-- > 0)
		rump_pub_vp_rele(vp);
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
	if (p2m->p2m_root != NULL) {
		p2k_node_forget(p2m, p2m->p2m_root,
		    p2m->p2m_root->pn_nlookup);
		free(p2m->p2m_root);
		p2m->p2m_root = NULL;
	}
}
