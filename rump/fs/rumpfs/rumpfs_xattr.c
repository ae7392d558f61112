/*
 * Extended attributes, kept in memory on a list per node.  "user."
 * attributes follow the file's permissions; other namespaces are root's.
 */
#include <sys/kauth.h>

#include "rumpfs_int.h"

#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536

static struct rumpfs_xattr *
xattr_find(struct rumpfs_node *rn, const char *name)
{
	struct rumpfs_xattr *xa;

	LIST_FOREACH(xa, &rn->rn_xattrs, xa_list)
		if (strcmp(xa->xa_name, name) == 0)
			return xa;
	return NULL;
}

static void
xattr_free(struct rumpfs_node *rn, struct rumpfs_xattr *xa)
{
	size_t nlen = strlen(xa->xa_name) + 1;

	LIST_REMOVE(xa, xa_list);
	rumpfs_uncharge(rn->rn_rmp, sizeof(*xa) + nlen + xa->xa_len);
	kmem_free(xa->xa_name, nlen);
	if (xa->xa_len != 0)
		kmem_free(xa->xa_value, xa->xa_len);
	kmem_free(xa, sizeof(*xa));
}

void
rumpfs_xattr_freeall(struct rumpfs_node *rn)
{

	while (!LIST_EMPTY(&rn->rn_xattrs))
		xattr_free(rn, LIST_FIRST(&rn->rn_xattrs));
}

static int
xattr_check(struct vnode *vp, const char *name, int mode, kauth_cred_t cred)
{
	size_t len = strnlen(name, XATTR_NAME_MAX + 1);

	if (len == 0)
		return EINVAL;
	if (len > XATTR_NAME_MAX)
		return ERANGE;
	if (strncmp(name, "user.", 5) == 0) {
		if (vp->v_type != VREG && vp->v_type != VDIR)
			return EPERM;
		return rumpfs_node_access(vp, VTORN(vp), mode, cred);
	}
	if (strncmp(name, "trusted.", 8) == 0 ||
	    strncmp(name, "security.", 9) == 0 ||
	    strncmp(name, "system.", 7) == 0)
		return kauth_cred_issuser(cred) ? 0 : EPERM;
	return EOPNOTSUPP;
}

int
rumpfs_getextattr(struct vop_getextattr_args *ap)
{
	struct rumpfs_xattr *xa;
	int error;

	if ((error = xattr_check(ap->a_vp, ap->a_name, VREAD,
	    ap->a_cred)) != 0)
		return error;
	if ((xa = xattr_find(VTORN(ap->a_vp), ap->a_name)) == NULL)
		return ENOATTR;
	if (ap->a_sizep != NULL)
		*ap->a_sizep = xa->xa_len;
	if (ap->a_uio == NULL)
		return 0;
	if (ap->a_uio->uio_resid < xa->xa_len)
		return ERANGE;
	return uiomove(xa->xa_value, xa->xa_len, ap->a_uio);
}

int
rumpfs_setextattr(struct vop_setextattr_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);
	struct rumpfs_xattr *xa, *old;
	size_t len = ap->a_uio != NULL ? ap->a_uio->uio_resid : 0, nlen;
	int error;

	if ((error = genfs_writable(ap->a_vp)) != 0 ||
	    (error = xattr_check(ap->a_vp, ap->a_name, VWRITE,
	    ap->a_cred)) != 0)
		return error;
	if (len > XATTR_SIZE_MAX)
		return E2BIG;
	old = xattr_find(rn, ap->a_name);
	if (old != NULL && (ap->a_flags & XATTR_CREATE))
		return EEXIST;
	if (old == NULL && (ap->a_flags & XATTR_REPLACE))
		return ENOATTR;
	nlen = strlen(ap->a_name) + 1;
	if ((error = rumpfs_charge(rn->rn_rmp, sizeof(*xa) + nlen + len)) != 0)
		return error;
	error = ENOMEM;
	if ((xa = kmem_zalloc(sizeof(*xa), KM_SLEEP)) == NULL)
		goto fail;
	if ((xa->xa_name = kmem_alloc(nlen, KM_SLEEP)) == NULL)
		goto fail;
	memcpy(xa->xa_name, ap->a_name, nlen);
	if (len != 0 && (xa->xa_value = kmem_alloc(len, KM_SLEEP)) == NULL)
		goto fail;
	xa->xa_len = len;
	if (len != 0 && (error = uiomove(xa->xa_value, len, ap->a_uio)) != 0)
		goto fail;
	if (old != NULL)
		xattr_free(rn, old);
	LIST_INSERT_HEAD(&rn->rn_xattrs, xa, xa_list);
	rumpfs_itimes(rn, RN_CTIME);
	return 0;
fail:
	if (xa != NULL) {
		if (xa->xa_value != NULL)
			kmem_free(xa->xa_value, len);
		if (xa->xa_name != NULL)
			kmem_free(xa->xa_name, nlen);
		kmem_free(xa, sizeof(*xa));
	}
	rumpfs_uncharge(rn->rn_rmp, sizeof(*xa) + nlen + len);
	return error;
}

int
rumpfs_listextattr(struct vop_listextattr_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);
	struct rumpfs_xattr *xa;
	size_t total = 0, n;
	int error;

	LIST_FOREACH(xa, &rn->rn_xattrs, xa_list) {
		if (strncmp(xa->xa_name, "user.", 5) != 0 &&
		    !kauth_cred_issuser(ap->a_cred))
			continue;
		n = strlen(xa->xa_name) + 1;
		if (ap->a_uio != NULL) {
			if (ap->a_uio->uio_resid < n)
				return ERANGE;
			if ((error = uiomove(xa->xa_name, n, ap->a_uio)) != 0)
				return error;
		}
		total += n;
	}
	if (ap->a_sizep != NULL)
		*ap->a_sizep = total;
	return 0;
}

int
rumpfs_deleteextattr(struct vop_deleteextattr_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);
	struct rumpfs_xattr *xa;
	int error;

	if ((error = genfs_writable(ap->a_vp)) != 0 ||
	    (error = xattr_check(ap->a_vp, ap->a_name, VWRITE,
	    ap->a_cred)) != 0)
		return error;
	if ((xa = xattr_find(rn, ap->a_name)) == NULL)
		return ENOATTR;
	xattr_free(rn, xa);
	rumpfs_itimes(rn, RN_CTIME);
	return 0;
}
