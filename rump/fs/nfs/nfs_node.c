/*
 * Nodes: the vcache key is the file handle's bytes.  Loading a node
 * asks the server for its attributes unless the caller just got them
 * (nfs_node_get: LOOKUP and CREATE return them; see struct nfs_hint).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>

#include "nfs.h"

static bool
hint_same(const struct nfs_hint *h, const void *key, size_t len)
{
	return h->h_fh.fh_len == len && memcmp(h->h_fh.fh_data, key,
	    len) == 0;
}

static void
hint_put(struct nfs_mount *nmp, const struct nfs_fh *fh,
    const struct nfs_fattr *fa)
{
	struct nfs_hint *h;

	mutex_enter(&nmp->nm_hintlock);
	h = &nmp->nm_hints[nmp->nm_hintnext++ % NFS_NHINTS];
	h->h_fh = *fh;
	h->h_fa = *fa;
	mutex_exit(&nmp->nm_hintlock);
}

/* the hint for key into *fa (and gone), or false */
static bool
hint_take(struct nfs_mount *nmp, const void *key, size_t len,
    struct nfs_fattr *fa)
{
	bool found = false;
	unsigned i;

	mutex_enter(&nmp->nm_hintlock);
	for (i = 0; i < NFS_NHINTS && !found; i++) {
		if (!hint_same(&nmp->nm_hints[i], key, len))
			continue;
		*fa = nmp->nm_hints[i].h_fa;
		nmp->nm_hints[i].h_fh.fh_len = 0;
		found = true;
	}
	mutex_exit(&nmp->nm_hintlock);
	return found;
}

int
nfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key)
{
	struct nfs_mount *nmp = VFSTONFS(mp);
	struct nfs_node *np;
	struct nfs_fattr fa;
	int error;

	if (key_len == 0 || key_len > NFS3_FHSIZE)
		return EINVAL;
	if ((np = kmem_zalloc(sizeof(*np), KM_SLEEP)) == NULL)
		return ENOMEM;
	np->n_nmp = nmp;
	np->n_fh.fh_len = (uint32_t)key_len;
	memcpy(np->n_fh.fh_data, key, key_len);
	if (!hint_take(nmp, key, key_len, &fa) &&
	    (error = nfs_getattr_rpc(nmp, &np->n_fh, NOCRED, &fa)) != 0) {
		kmem_free(np, sizeof(*np));
		return error;
	}
	mutex_init(&np->n_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&np->n_ralock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&np->n_wblock, MUTEX_DEFAULT, IPL_NONE);
	np->n_vnode = vp;
	vp->v_data = np;
	vp->v_op = &nfs_vnodeops;
	vp->v_type = nfs_vtype(fa.fa_type);
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		vp->v_rdev = makedev(fa.fa_rdev1, fa.fa_rdev2);
	if (key_len == nmp->nm_rootfh.fh_len &&
	    memcmp(key, nmp->nm_rootfh.fh_data, key_len) == 0)
		vp->v_vflag |= VV_ROOT;
	nfs_attr_load(np, &fa);
	*new_key = np->n_fh.fh_data;
	return 0;
}

int
nfs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct nfs_node *np = VTON(vp);

	(void)nfs_wb_take(np);	/* forced out: too late for errors */
	nfs_write_discard(np);
	nfs_ra_drop(np);
	nfs_silly_drop(np);	/* not removed: forced out (unmount -f) */
	mutex_destroy(&np->n_wblock);
	mutex_destroy(&np->n_ralock);
	mutex_destroy(&np->n_lock);
	kmem_free(np, sizeof(*np));
	vp->v_data = NULL;
	return 0;
}

int
nfs_node_get(struct mount *mp, const struct nfs_fh *fh,
    const struct nfs_fattr *fa, struct vnode **vpp)
{
	struct nfs_fattr spare;
	int error;

	if (fa != NULL)
		hint_put(VFSTONFS(mp), fh, fa);
	error = vcache_get(mp, fh->fh_data, fh->fh_len, vpp);
	/* not loaded (it was cached): the hint is not wanted any more */
	if (fa != NULL)
		(void)hint_take(VFSTONFS(mp), fh->fh_data, fh->fh_len, &spare);
	if (error != 0) {
		*vpp = NULL;
		return error;
	}
	if (fa != NULL) {
		if (nfs_vtype(fa->fa_type) != (*vpp)->v_type) {
			vrele(*vpp);
			*vpp = NULL;
			return ESTALE;
		}
		nfs_attr_load(VTON(*vpp), fa);
	}
	return 0;
}
