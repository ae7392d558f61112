/*
 * The vnode operations table and the small VOPs: open, access, getattr,
 * readlink, pathconf, print, inactive.  ISO 9660 is read-only: every
 * operation that would change the file system answers EROFS.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/uio.h>
#include <sys/genfs.h>

#include "cd9660.h"

static int
cd9660_open(struct vop_open_args *ap)
{
	return (ap->a_mode & FWRITE) ? EROFS : 0;
}

static int
cd9660_close(struct vop_close_args *ap)
{
	(void)ap;
	return 0;
}

static int
cd9660_access(struct vop_access_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cd9660_node *ip = VTOI(vp);

	if ((ap->a_mode & VWRITE) && (vp->v_type == VDIR ||
	    vp->v_type == VREG || vp->v_type == VLNK))
		return EROFS;
	return genfs_can_access(vp, ap->a_cred, ip->in_uid, ip->in_gid,
	    ip->in_mode & ALLPERMS, ap->a_mode);
}

static int
cd9660_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct cd9660_node *ip = VTOI(vp);
	struct vattr *va = ap->a_vap;

	memset(va, 0, sizeof(*va));
	va->va_type = vp->v_type;
	va->va_mode = ip->in_mode & ALLPERMS;
	va->va_nlink = ip->in_nlink;
	va->va_uid = ip->in_uid;
	va->va_gid = ip->in_gid;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = ip->in_fileid;
	va->va_size = (int64_t)ip->in_size;
	va->va_blocksize = ISO_SECSIZE;
	va->va_atime = ip->in_atime;
	va->va_mtime = ip->in_mtime;
	va->va_ctime = ip->in_ctime;
	va->va_birthtime = ip->in_btime;
	va->va_rdev = (vp->v_type == VCHR || vp->v_type == VBLK) ?
	    ip->in_rdev : 0;
	va->va_bytes = (int64_t)((ip->in_rawsize + ISO_SECSIZE - 1) &
	    ~(uint64_t)(ISO_SECSIZE - 1));
	return 0;
}

static int
cd9660_readlink(struct vop_readlink_args *ap)
{
	struct cd9660_node *ip = VTOI(ap->a_vp);

	if (ap->a_vp->v_type != VLNK || ip->in_link == NULL)
		return EINVAL;
	return uiomove(ip->in_link, MIN(ip->in_linklen,
	    ap->a_uio->uio_resid), ap->a_uio);
}

static int
cd9660_pathconf(struct vop_pathconf_args *ap)
{
	static const struct genfs_pathconf pc = {
		.pc_link_max = 0x7fffffff,	/* PX's link count: 32 bits */
		.pc_name_max = RR_NAMEMAX,
		.pc_symlink_max = CD9660_SYMLINK_MAX,
		.pc_pipe_buf = 4096,
		.pc_filesize_bits = 64,	/* multi-extent files */
	};

	return genfs_pathconf(ap, &pc);
}

static int
cd9660_print(struct vop_print_args *ap)
{
	struct cd9660_node *ip = VTOI(ap->a_vp);

	printf("cd9660 node %llu mode 0%o size %llu extents %u\n",
	    (unsigned long long)ip->in_number, ip->in_mode,
	    (unsigned long long)ip->in_size, ip->in_next);
	return 0;
}

static int
cd9660_inactive(struct vop_inactive_args *ap)
{
	*ap->a_recycle = false;
	return 0;
}

static int
cd9660_fsync(struct vop_fsync_args *ap)
{
	(void)ap;
	return 0;		/* nothing is ever dirty */
}

/* the operations that would change the file system */
#define CD9660_ROFS(op)						\
static int								\
cd9660_##op(struct vop_##op##_args *ap)				\
{									\
	(void)ap;							\
	return EROFS;							\
}
CD9660_ROFS(create)
CD9660_ROFS(mknod)
CD9660_ROFS(mkdir)
CD9660_ROFS(symlink)
CD9660_ROFS(setattr)
CD9660_ROFS(write)
CD9660_ROFS(fallocate)
CD9660_ROFS(fdiscard)
CD9660_ROFS(remove)
CD9660_ROFS(link)
CD9660_ROFS(rename)
CD9660_ROFS(rmdir)
CD9660_ROFS(setextattr)
CD9660_ROFS(deleteextattr)

const struct vnodeops cd9660_vnodeops = {
	.vop_lookup = cd9660_lookup,
	.vop_create = cd9660_create,
	.vop_mknod = cd9660_mknod,
	.vop_mkdir = cd9660_mkdir,
	.vop_symlink = cd9660_symlink,
	.vop_open = cd9660_open,
	.vop_close = cd9660_close,
	.vop_access = cd9660_access,
	.vop_getattr = cd9660_getattr,
	.vop_setattr = cd9660_setattr,
	.vop_read = cd9660_read,
	.vop_write = cd9660_write,
	.vop_fallocate = cd9660_fallocate,
	.vop_fdiscard = cd9660_fdiscard,
	.vop_fsync = cd9660_fsync,
	.vop_seek = genfs_seek,
	.vop_remove = cd9660_remove,
	.vop_link = cd9660_link,
	.vop_rename = cd9660_rename,
	.vop_rmdir = cd9660_rmdir,
	.vop_readdir = cd9660_readdir,
	.vop_readlink = cd9660_readlink,
	.vop_inactive = cd9660_inactive,
	.vop_reclaim = cd9660_reclaim,
	.vop_bmap = cd9660_bmap,
	.vop_strategy = cd9660_strategy,
	.vop_print = cd9660_print,
	.vop_pathconf = cd9660_pathconf,
	.vop_advlock = genfs_advlock,
	.vop_setextattr = cd9660_setextattr,
	.vop_deleteextattr = cd9660_deleteextattr,
};
