/*
 * The node table: one p2k_node per vnode the host kernel knows about,
 * found by vnode pointer (we hold a reference, so the pointer is stable).
 */
#include <stdlib.h>

#include "p2k_impl.h"

static size_t
p2k_hash(struct vnode *vp)
{
	uintptr_t v = (uintptr_t)vp;

	return (size_t)((v >> 6) ^ (v >> 18)) % P2K_NODEHASH;
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
	size_t h = p2k_hash(vp);

	pthread_mutex_lock(&p2m->p2m_nodelock);
	pn = p2m->p2m_root;	/* the root is not hashed */
	if (pn == NULL || pn->pn_vp != vp) {
		for (pn = p2m->p2m_nodes[h]; pn != NULL; pn = pn->pn_hnext)
			if (pn->pn_vp == vp)
				break;
	}
	if (pn == NULL) {
		pn = calloc(1, sizeof(*pn));
		if (pn == NULL) {
			pthread_mutex_unlock(&p2m->p2m_nodelock);
			rump_pub_vp_rele(vp);
			return NULL;
		}
		pn->pn_vp = vp;
		pn->pn_gen = rump_pub_vp_getgen(vp);
		pn->pn_hnext = p2m->p2m_nodes[h];
		p2m->p2m_nodes[h] = pn;
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
		for (pp = &p2m->p2m_nodes[p2k_hash(vp)]; *pp != pn;
		    pp = &(*pp)->pn_hnext)
			continue;
		*pp = pn->pn_hnext;
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

	for (i = 0; i < P2K_NODEHASH; i++) {
		while ((pn = p2m->p2m_nodes[i]) != NULL)
			p2k_node_forget(p2m, pn, pn->pn_nlookup);
	}
	if (p2m->p2m_root != NULL) {
		p2k_node_forget(p2m, p2m->p2m_root,
		    p2m->p2m_root->pn_nlookup);
		free(p2m->p2m_root);
		p2m->p2m_root = NULL;
	}
}
