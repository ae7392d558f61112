/*
 * The FFS vnode operations table and the small operations: attributes
 * (with the permission checks of genfs_can_*), access, open/close,
 * pathconf, advisory locks (fsync: ffs_fsync.c).
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/fcntl.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"



static int
ufs_access(struct vop_access_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	int error;

	if ((ap->a_mode & (VWRITE | VAPPEND)) != 0) {
		if (vp->v_type == VREG || vp->v_type == VDIR ||
		    vp->v_type == VLNK) {
			if ((error = genfs_writable(vp)) != 0)
				return error;
		}
		if (ip->i_din.flags & (UF_IMMUTABLE | SF_IMMUTABLE))
			return EPERM;
	}
	return genfs_can_access(vp, ap->a_cred, ip->i_din.uid, ip->i_din.gid,
	    ip->i_din.mode & ALLPERMS, ap->a_mode);
}

static void
ufs_ts(struct timespec *ts, int64_t sec, int32_t nsec)
{
	ts->tv_sec = sec;
	ts->tv_nsec = (nsec >= 0 && nsec < 1000000000) ? nsec : 0;
}

static int
ufs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	const struct ufs_dino *d = &ip->i_din;
	struct vattr *va = ap->a_vap;

	vattr_null(va);
	va->va_type = vp->v_type;
	va->va_mode = d->mode & ALLPERMS;
	va->va_nlink = (uint32_t)(d->nlink < 0 ? 0 : d->nlink);
	va->va_uid = d->uid;
	va->va_gid = d->gid;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = ip->i_number;
	va->va_size = (int64_t)d->size;
	va->va_blocksize = (uint32_t)ip->i_fs->fs_bsize;
	ufs_ts(&va->va_atime, d->atime, d->atimensec);
	ufs_ts(&va->va_mtime, d->mtime, d->mtimensec);
	ufs_ts(&va->va_ctime, d->ctime, d->ctimensec);
	ufs_ts(&va->va_birthtime, d->birthtime, d->birthnsec);
	va->va_gen = (uint32_t)d->gen;
	va->va_flags = d->flags;
	va->va_vaflags = 0;
	va->va_rdev = (vp->v_type == VCHR || vp->v_type == VBLK) ?
	    vp->v_rdev : 0;
	va->va_bytes = (int64_t)(d->blocks * DEV_BSIZE);
	return 0;
}

static int
ufs_chmod(struct vnode *vp, uint32_t mode, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	int error;

	error = genfs_can_chmod(vp, cred, ip->i_din.uid, ip->i_din.gid,
	    mode);
	if (error != 0)
		return error;
	ip->i_din.mode = (uint16_t)((ip->i_din.mode & UFS_IFMT) |
	    (mode & ALLPERMS));
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	return 0;
}

static int
ufs_chown(struct vnode *vp, uint32_t uid, uint32_t gid, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	int error;

	if (uid == (uint32_t)VNOVAL)
		uid = ip->i_din.uid;
	if (gid == (uint32_t)VNOVAL)
		gid = ip->i_din.gid;
	error = genfs_can_chown(vp, cred, ip->i_din.uid, ip->i_din.gid, uid,
	    gid);
	if (error != 0)
		return error;
	if ((ip->i_din.uid != uid || ip->i_din.gid != gid) &&
	    !kauth_cred_issuser(cred))
		ip->i_din.mode &= (uint16_t)~(S_ISUID | S_ISGID);
	ip->i_din.uid = uid;
	ip->i_din.gid = gid;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	return 0;
}

static int
ufs_chtimes(struct vnode *vp, struct vattr *va, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	int error;

	error = genfs_can_chtimes(vp, cred, ip->i_din.uid, va->va_vaflags);
	if (error != 0)
		return error;
	if (va->va_atime.tv_sec != VNOVAL) {
		ip->i_din.atime = va->va_atime.tv_sec;
		ip->i_din.atimensec = (int32_t)va->va_atime.tv_nsec;
		ip->i_flag &= ~IN_ACCESS;
	}
	if (va->va_mtime.tv_sec != VNOVAL) {
		ip->i_din.mtime = va->va_mtime.tv_sec;
		ip->i_din.mtimensec = (int32_t)va->va_mtime.tv_nsec;
		ip->i_flag &= ~IN_UPDATE;
	}
	if (va->va_birthtime.tv_sec != VNOVAL && ip->i_ump->um_ufs2) {
		ip->i_din.birthtime = va->va_birthtime.tv_sec;
		ip->i_din.birthnsec = (int32_t)va->va_birthtime.tv_nsec;
	}
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	return 0;
}

static bool
ufs_setattr_empty(const struct vattr *va)
{
	return va->va_size == VNOVAL && va->va_mode == (uint32_t)VNOVAL &&
	    va->va_uid == (uint32_t)VNOVAL && va->va_gid == (uint32_t)VNOVAL &&
	    va->va_flags == (uint32_t)VNOVAL &&
	    va->va_atime.tv_sec == VNOVAL && va->va_mtime.tv_sec == VNOVAL &&
	    va->va_birthtime.tv_sec == VNOVAL;
}

static int
ufs_setattr(struct vop_setattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct vattr *va = ap->a_vap;
	kauth_cred_t cred = ap->a_cred;
	int error = 0;

	if (ufs_setattr_empty(va))
		return 0;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if (va->va_flags != (uint32_t)VNOVAL) {
		error = genfs_can_chflags(vp, cred, ip->i_din.uid,
		    (va->va_flags & 0xffff0000) != 0 ||
		    (ip->i_din.flags & 0xffff0000) != 0);
		if (error != 0)
			return error;
		ip->i_din.flags = va->va_flags;
		ip->i_flag |= IN_CHANGE | IN_MODIFIED;
		return ffs_update(ip, false);
	}
	if (ip->i_din.flags & (UF_IMMUTABLE | SF_IMMUTABLE))
		return EPERM;
	if (va->va_size != VNOVAL) {
		if (vp->v_type == VDIR)
			return EISDIR;
		if (vp->v_type != VREG)
			return EINVAL;
		error = ffs_truncate(ip, (uint64_t)va->va_size, cred);
		if (error != 0)
			return error;
	}
	if (va->va_uid != (uint32_t)VNOVAL || va->va_gid != (uint32_t)VNOVAL)
		error = ufs_chown(vp, va->va_uid, va->va_gid, cred);
	if (error == 0 && va->va_mode != (uint32_t)VNOVAL)
		error = ufs_chmod(vp, va->va_mode, cred);
	if (error == 0 && (va->va_atime.tv_sec != VNOVAL ||
	    va->va_mtime.tv_sec != VNOVAL ||
	    va->va_birthtime.tv_sec != VNOVAL))
		error = ufs_chtimes(vp, va, cred);
	if (error == 0)
		error = ffs_update(ip, false);
	return error;
}

static int
ufs_open(struct vop_open_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);

	if ((ap->a_mode & FWRITE) && (ip->i_din.flags & UFS_APPENDONLY) &&
	    (ap->a_mode & O_APPEND) == 0)
		return EPERM;
	if ((ap->a_mode & FWRITE) &&
	    (vp->v_type == VREG || vp->v_type == VDIR || vp->v_type == VLNK))
		return genfs_writable(vp);
	return 0;
}

static int
ufs_close(struct vop_close_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_mount != NULL && (vp->v_mount->mnt_flag & MNT_RDONLY) == 0)
		ufs_itimes(VTOI(vp));
	return 0;
}

static const struct genfs_pathconf ufs_pathconf_limits = {
	.pc_link_max = UFS_LINK_MAX,
	.pc_name_max = UFS_MAXNAMLEN,
	.pc_symlink_max = MAXPATHLEN,
	.pc_pipe_buf = 512,
	.pc_filesize_bits = 64,
};

static int
ufs_pathconf(struct vop_pathconf_args *ap)
{

	return genfs_pathconf(ap, &ufs_pathconf_limits);
}

static int
ufs_print(struct vop_print_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);

	printf("ffs inode %llu on %s, mode %o, size %llu\n",
	    (unsigned long long)ip->i_number, ip->i_ump->um_fspec,
	    ip->i_din.mode, (unsigned long long)ip->i_din.size);
	return 0;
}

/* fallocate(PUNCH_HOLE | KEEP_SIZE) */
static int
ufs_fdiscard(struct vop_fdiscard_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	int error;

	if (ap->a_pos < 0 || ap->a_len <= 0 || ap->a_pos > OFF_MAX - ap->a_len)
		return EINVAL;
	if ((error = genfs_writable(vp)) != 0)
		return error;
	if (vp->v_type != VREG)
		return EOPNOTSUPP;
	if (ip->i_din.flags & (UF_IMMUTABLE | SF_IMMUTABLE | UF_APPEND |
	    SF_APPEND))
		return EPERM;
	error = ffs_punch(ip, (uint64_t)ap->a_pos, (uint64_t)ap->a_len);
	if (error == 0)
		error = ffs_update(ip, false);
	return error;
}

const struct vnodeops ffs_vnodeops = {
	.vop_lookup = ufs_lookup,
	.vop_create = ufs_create,
	.vop_mknod = ufs_mknod,
	.vop_mkdir = ufs_mkdir,
	.vop_symlink = ufs_symlink,
	.vop_open = ufs_open,
	.vop_close = ufs_close,
	.vop_access = ufs_access,
	.vop_getattr = ufs_getattr,
	.vop_setattr = ufs_setattr,
	.vop_read = ffs_read,
	.vop_write = ffs_write,
	.vop_fsync = ufs_fsync,
	.vop_seek = genfs_seek,
	.vop_fdiscard = ufs_fdiscard,
	.vop_remove = ufs_remove,
	.vop_link = ufs_link,
	.vop_rename = ufs_rename,
	.vop_rmdir = ufs_rmdir,
	.vop_readdir = ufs_readdir,
	.vop_readlink = ufs_readlink,
	.vop_inactive = ffs_inactive,
	.vop_reclaim = ffs_reclaim,
	.vop_bmap = ufs_bmap,
	.vop_strategy = genfs_strategy,
	.vop_print = ufs_print,
	.vop_pathconf = ufs_pathconf,
	.vop_advlock = genfs_advlock,
	.vop_getextattr = ufs_getextattr,
	.vop_listextattr = ufs_listextattr,
};
