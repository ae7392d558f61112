/*
 * Attributes: access, getattr, setattr (with the genfs_can_* permission
 * rules), pathconf.
 */
#include <sys/kauth.h>

#include "rumpfs_int.h"

#define DIRENT_SIZE	32	/* nominal directory size per entry */
#define NOVAL32		((uint32_t)VNOVAL)

int
rumpfs_node_access(struct vnode *vp, struct rumpfs_node *rn, int mode,
    kauth_cred_t cred)
{

	return genfs_can_access(vp, cred, rn->rn_uid, rn->rn_gid,
	    rn->rn_mode, mode);
}

int
rumpfs_access(struct vop_access_args *ap)
{
	struct vnode *vp = ap->a_vp;
	int error;

	if ((ap->a_mode & (VWRITE | VAPPEND)) && (vp->v_type == VREG ||
	    vp->v_type == VDIR || vp->v_type == VLNK) &&
	    (error = genfs_writable(vp)) != 0)
		return error;
	return rumpfs_node_access(vp, VTORN(vp), ap->a_mode, ap->a_cred);
}

static off_t
node_size(struct rumpfs_node *rn)
{
	off_t sz;

	if (rn->rn_type == VDIR)
		return (off_t)(rn->rn_nentries + 2) * DIRENT_SIZE;
	if (rn->rn_etfs != NULL && rn->rn_etfs->re_ops != NULL &&
	    rn->rn_etfs->re_ops->eo_getsize(rn->rn_etfs->re_cookie, &sz) == 0)
		rn->rn_size = sz;
	return rn->rn_size;
}

int
rumpfs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	struct vattr *va = ap->a_vap;

	memset(va, 0, sizeof(*va));
	va->va_type = rn->rn_type;
	va->va_mode = rn->rn_mode;
	va->va_nlink = rn->rn_nlink;
	va->va_uid = rn->rn_uid;
	va->va_gid = rn->rn_gid;
	va->va_blocksize = RUMPFS_CHUNK;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = rn->rn_ino;
	va->va_size = node_size(rn);
	va->va_atime = rn->rn_atime;
	va->va_mtime = rn->rn_mtime;
	va->va_ctime = rn->rn_ctime;
	va->va_birthtime = rn->rn_btime;
	va->va_gen = rn->rn_gen;
	va->va_flags = rn->rn_flags;
	va->va_rdev = rn->rn_type == VBLK || rn->rn_type == VCHR ?
	    rn->rn_rdev : 0;
	if (rn->rn_type == VREG && rn->rn_etfs == NULL)
		va->va_bytes = (int64_t)(rn->rn_data.rd_nchunks * RUMPFS_CHUNK);
	else if (rn->rn_type == VLNK)
		va->va_bytes = (int64_t)rn->rn_targetlen;
	else
		va->va_bytes = va->va_size;
	return 0;
}

static int
setattr_owner(struct vnode *vp, struct rumpfs_node *rn, struct vattr *va,
    kauth_cred_t cred)
{
	uid_t uid = va->va_uid == NOVAL32 ? rn->rn_uid : va->va_uid;
	gid_t gid = va->va_gid == NOVAL32 ? rn->rn_gid : va->va_gid;
	int error;

	error = genfs_can_chown(vp, cred, rn->rn_uid, rn->rn_gid, uid, gid);
	if (error != 0)
		return error;
	/* a changed owner takes the set-id bits away from non-root */
	if ((uid != rn->rn_uid || gid != rn->rn_gid) &&
	    !kauth_cred_issuser(cred))
		rn->rn_mode &= ~(S_ISUID | S_ISGID);
	rn->rn_uid = uid;
	rn->rn_gid = gid;
	return 0;
}

static int
setattr_size(struct vnode *vp, struct rumpfs_node *rn, off_t size)
{
	bool truncate;
	int error;

	if ((error = genfs_setsize_type(vp, &truncate)) != 0 || !truncate)
		return error;
	if (rn->rn_etfs != NULL)
		return size == node_size(rn) ? 0 : EOPNOTSUPP;
	if (size < 0)
		return EINVAL;
	if ((error = rumpfs_data_truncate(rn, size)) != 0)
		return error;
	vp->v_size = size;
	rumpfs_itimes(rn, RN_MTIME | RN_CTIME);
	return 0;
}

static int
setattr_times(struct vnode *vp, struct rumpfs_node *rn, struct vattr *va,
    kauth_cred_t cred)
{
	int error;

	error = genfs_can_chtimes(vp, cred, rn->rn_uid, va->va_vaflags);
	if (error != 0)
		return error;
	if (va->va_atime.tv_sec != VNOVAL)
		rn->rn_atime = va->va_atime;
	if (va->va_mtime.tv_sec != VNOVAL)
		rn->rn_mtime = va->va_mtime;
	if (va->va_birthtime.tv_sec != VNOVAL)
		rn->rn_btime = va->va_birthtime;
	return 0;
}

int
rumpfs_setattr(struct vop_setattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct rumpfs_node *rn = VTORN(vp);
	struct vattr *va = ap->a_vap;
	kauth_cred_t cred = ap->a_cred;
	int error;

	if (va->va_type != VNOVAL || va->va_nlink != NOVAL32 ||
	    va->va_fsid != (uint64_t)VNOVAL ||
	    va->va_fileid != (uint64_t)VNOVAL ||
	    va->va_blocksize != NOVAL32 || va->va_rdev != (uint64_t)VNOVAL ||
	    va->va_bytes != VNOVAL || va->va_gen != (uint64_t)VNOVAL)
		return EINVAL;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if (va->va_flags != NOVAL32) {
		error = genfs_can_chflags(vp, cred, rn->rn_uid,
		    (va->va_flags & 0xffff0000u) != (rn->rn_flags & 0xffff0000u));
		if (error != 0)
			return error;
		rn->rn_flags = va->va_flags;
		rumpfs_itimes(rn, RN_CTIME);
	}
	if (va->va_uid != NOVAL32 || va->va_gid != NOVAL32) {
		if ((error = setattr_owner(vp, rn, va, cred)) != 0)
			return error;
		rumpfs_itimes(rn, RN_CTIME);
	}
	if (va->va_size != VNOVAL &&
	    (error = setattr_size(vp, rn, va->va_size)) != 0)
		return error;
	if (va->va_atime.tv_sec != VNOVAL || va->va_mtime.tv_sec != VNOVAL ||
	    va->va_birthtime.tv_sec != VNOVAL) {
		if ((error = setattr_times(vp, rn, va, cred)) != 0)
			return error;
		rumpfs_itimes(rn, RN_CTIME);
	}
	if (va->va_mode != NOVAL32) {
		error = genfs_can_chmod(vp, cred, rn->rn_uid, rn->rn_gid,
		    va->va_mode & ALLPERMS);
		if (error != 0)
			return error;
		rn->rn_mode = va->va_mode & ALLPERMS;
		rumpfs_itimes(rn, RN_CTIME);
	}
	return 0;
}

static const struct genfs_pathconf rumpfs_pathconf_limits = {
	.pc_link_max = RUMPFS_LINK_MAX,
	.pc_name_max = MAXNAMLEN,
	.pc_symlink_max = MAXPATHLEN - 1,
	.pc_pipe_buf = 4096,
	.pc_filesize_bits = 64,
	.pc_max_canon = 255,
};

int
rumpfs_pathconf(struct vop_pathconf_args *ap)
{

	return genfs_pathconf(ap, &rumpfs_pathconf_limits);
}
