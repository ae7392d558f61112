/*
 * The nodes that keep their vnode between operations: a ring of the most
 * recently used, up to half the vnode cache's bound.  Finding a vnode by
 * its handle and letting it go again (inactive, the LRU) cost about 3,000
 * instructions an operation, a tenth more for a walk, where the listing's
 * lookups are followed by each file's getxattr and stat; a node in the
 * ring answers at the cost of a reference.  The oldest leaves the ring
 * (first in, first out) and drops its vnode unless the file is open.
 * p2k_pin_add and _remove run under the node lock.
 */
#include <stdlib.h>

#include "p2k_impl.h"

#define P2K_PINMAX	4096	/* below UINT16_MAX: pn_pin */

/* the ring, sized by the vnode cache's bound (0: no ring) */
void
p2k_pin_init(struct p2k_mount *p2m)
{
	size_t n = rump_pub_vfs_maxvnodes() / 2;

	if (n > P2K_PINMAX)
		n = P2K_PINMAX;
	if (n > 0 && (p2m->p2m_pins = calloc(n, sizeof(*p2m->p2m_pins))) ==
	    NULL)
		n = 0;
	p2m->p2m_npins = n;
}

/*
 * pn (not the root, with vnode handles) keeps vp, referenced here.  Returns
 * the vnode a node leaving the ring let go of, for the caller to release
 * after the node lock, or NULL.
 */
struct vnode *
p2k_pin_add(struct p2k_mount *p2m, struct p2k_node *pn, struct vnode *vp)
{
	struct p2k_node *old;
	struct vnode *drop = NULL;

	if (pn->pn_pin != 0 || p2m->p2m_npins == 0)
		return NULL;
	if ((old = p2m->p2m_pins[p2m->p2m_pinpos]) != NULL) {
		old->pn_pin = 0;
		if (old->pn_nopen == 0) {
			drop = old->pn_vp;
			old->pn_vp = NULL;
		}
	}
	p2m->p2m_pins[p2m->p2m_pinpos] = pn;
	pn->pn_pin = (uint16_t)(p2m->p2m_pinpos + 1);
	p2m->p2m_pinpos = (p2m->p2m_pinpos + 1) % p2m->p2m_npins;
	if (pn->pn_vp == NULL) {
		pn->pn_vp = vp;
		rump_pub_vp_incref(vp);
	}
	return drop;
}

/* pn is going away: out of the ring (its vnode is the caller's to drop) */
void
p2k_pin_remove(struct p2k_mount *p2m, struct p2k_node *pn)
{
	if (pn->pn_pin != 0)
		p2m->p2m_pins[pn->pn_pin - 1] = NULL;
	pn->pn_pin = 0;
}

void
p2k_pin_fini(struct p2k_mount *p2m)
{
	free(p2m->p2m_pins);
	p2m->p2m_pins = NULL;
	p2m->p2m_npins = 0;
}
