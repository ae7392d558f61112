/*
 * File VOPs: open/close, read/write, allocation and holes, fsync, seek,
 * readlink, advisory locks, and the end of a vnode's life (inactive frees
 * an unlinked node's storage, reclaim detaches the node).
 */
#include <sys/atomic.h>
#include <sys/fcntl.h>
#include <sys/kauth.h>
#include <sys/lockf.h>

#include "rumpfs_int.h"

int
rumpfs_open(struct vop_open_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	if (rn->rn_etfs != NULL)
		atomic_inc_uint(&rn->rn_opencnt);
	return 0;
}

int
rumpfs_close(struct vop_close_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	if (rn->rn_etfs != NULL)
		atomic_dec_uint(&rn->rn_opencnt);
	return 0;
}

int
rumpfs_read(struct vop_read_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	struct uio *uio = ap->a_uio;
	int error;

	if ((error = genfs_regular(vp)) != 0)
		return error;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (rn->rn_etfs != NULL)
		return rn->rn_etfs->re_ops->eo_read(rn->rn_etfs->re_cookie, uio);
	error = rumpfs_data_read(rn, uio);
	if (!(vp->v_mount->mnt_flag & MNT_NOATIME))
		rumpfs_itimes(rn, RN_ATIME);
	return error;
}

int
rumpfs_write(struct vop_write_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	struct uio *uio = ap->a_uio;
	size_t resid = uio->uio_resid;
	int error;

	if ((error = genfs_regular(vp)) != 0 ||
	    (error = genfs_writable(vp)) != 0)
		return error;
	if (rn->rn_etfs != NULL)
		return rn->rn_etfs->re_ops->eo_write(rn->rn_etfs->re_cookie,
		    uio, ap->a_ioflag);
	if (ap->a_ioflag & IO_APPEND)
		uio->uio_offset = rn->rn_size;
	if (resid == 0)
		return 0;
	error = rumpfs_data_write(rn, uio);
	vp->v_size = rn->rn_size;
	if (uio->uio_resid != resid) {
		rumpfs_itimes(rn, RN_MTIME | RN_CTIME);
		/* a write by someone else drops the set-id bits */
		if ((rn->rn_mode & (S_ISUID | S_ISGID)) &&
		    !kauth_cred_issuser(ap->a_cred))
			rn->rn_mode &= ~(S_ISUID | S_ISGID);
	}
	return error;
}

int
rumpfs_fallocate(struct vop_fallocate_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	int error;

	if (vp->v_type != VREG || rn->rn_etfs != NULL)
		return vp->v_type == VDIR ? EISDIR : EOPNOTSUPP;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if ((error = rumpfs_data_alloc(rn, ap->a_pos, ap->a_len)) != 0)
		return error;
	vp->v_size = rn->rn_size;
	rumpfs_itimes(rn, RN_MTIME | RN_CTIME);
	return 0;
}

int
rumpfs_fdiscard(struct vop_fdiscard_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	int error;

	if (vp->v_type != VREG || rn->rn_etfs != NULL)
		return vp->v_type == VDIR ? EISDIR : EOPNOTSUPP;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if ((error = rumpfs_data_punch(rn, ap->a_pos, ap->a_len)) != 0)
		return error;
	rumpfs_itimes(rn, RN_MTIME | RN_CTIME);
	return 0;
}

int
rumpfs_fsync(struct vop_fsync_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	/* memory is as stable as it gets; etfs files reach the host disk */
	if (rn->rn_etfs != NULL && rn->rn_etfs->re_ops != NULL)
		return rn->rn_etfs->re_ops->eo_fsync(rn->rn_etfs->re_cookie);
	return 0;
}

int
rumpfs_seekhole(struct vop_seekhole_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);

	if (vp->v_type != VREG || rn->rn_etfs != NULL)
		return EOPNOTSUPP;
	if (ap->a_whence != SEEK_DATA && ap->a_whence != SEEK_HOLE)
		return EINVAL;
	return rumpfs_data_seek(rn, ap->a_whence, ap->a_offp);
}

int
rumpfs_readlink(struct vop_readlink_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	if (ap->a_vp->v_type != VLNK)
		return EINVAL;
	return uiomove(rn->rn_target, MIN(rn->rn_targetlen,
	    ap->a_uio->uio_resid), ap->a_uio);
}

int
rumpfs_inactive(struct vop_inactive_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	*ap->a_recycle = false;
	if (rn->rn_nlink == 0) {
		rumpfs_node_freestorage(rn);
		ap->a_vp->v_size = 0;
		*ap->a_recycle = true;
	}
	return 0;
}

int
rumpfs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	struct rumpfs_mount *rm = rn->rn_rmp;
	bool gone;

	lf_purge(&vp->v_lockf);
	mutex_enter(&rm->rm_nodelock);
	if (rn->rn_vp == vp)
		rn->rn_vp = NULL;
	gone = rn->rn_nlink == 0 && rn->rn_vp == NULL;
	mutex_exit(&rm->rm_nodelock);
	if (gone)
		rumpfs_node_free(rn);
	vp->v_data = NULL;
	return 0;
}

int
rumpfs_print(struct vop_print_args *ap)
{
	struct rumpfs_node *rn = VTORN(ap->a_vp);

	printf("rumpfs: ino %llu type %d mode 0%o nlink %u size %lld\n",
	    (unsigned long long)rn->rn_ino, rn->rn_type, rn->rn_mode,
	    rn->rn_nlink, (long long)rn->rn_size);
	return 0;
}
