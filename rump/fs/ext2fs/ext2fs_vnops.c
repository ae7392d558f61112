/*
 * The vnode operations table and the small VOPs: open, close, getattr,
 * readlink, pathconf, print, seekhole.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

#include "ext2fs.h"

#define EXT2_LINK_MAX	32000

static int
ext2fs_open(struct vop_open_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);

	if ((ap->a_mode & FWRITE) && (ip->i_flags & EXT2_IMMUTABLE_FL))
		return EPERM;
	if ((ap->a_mode & FWRITE) && (ip->i_flags & EXT2_APPEND_FL) &&
	    !(ap->a_mode & O_APPEND))
		return EPERM;
	return 0;
}

static int
ext2fs_close(struct vop_close_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);

	ext2fs_itimes(ip);
	return 0;
}

/* Device numbers: old 8:8 encoding in word 0, else the new one in 1. */
static dev_t
ext2fs_getrdev(const struct inode *ip)
{
	uint32_t w0 = ip->i_din.ic_blocks[0], w1 = ip->i_din.ic_blocks[1];

	if (w0 != 0)
		return makedev((w0 >> 8) & 0xff, w0 & 0xff);
	return makedev((w1 >> 8) & 0xfff, (w1 & 0xff) | ((w1 >> 12) & 0xfff00));
}

void
ext2fs_setrdev(struct inode *ip, dev_t rdev)
{
	uint32_t ma = (uint32_t)major(rdev), mi = (uint32_t)minor(rdev);

	memset(ip->i_din.ic_blocks, 0, sizeof(ip->i_din.ic_blocks));
	if (ma < 256 && mi < 256)
		ip->i_din.ic_blocks[0] = (ma << 8) | mi;
	else
		ip->i_din.ic_blocks[1] = (mi & 0xff) | ((ma & 0xfff) << 8) |
		    ((mi & ~0xffu) << 12);
}

dev_t
ext2fs_rdev(const struct inode *ip)
{
	return ext2fs_getrdev(ip);
}

int
ext2fs_getattr(struct vop_getattr_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct vattr *va = ap->a_vap;

	memset(va, 0, sizeof(*va));
	va->va_type = vp->v_type;
	va->va_mode = ip->i_mode & ALLPERMS;
	va->va_nlink = ip->i_nlink;
	va->va_uid = ip->i_uid;
	va->va_gid = ip->i_gid;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = ip->i_number;
	va->va_size = (int64_t)ip->i_size;
	va->va_blocksize = ip->i_e2fs->e2fs_bsize;
	/* other readers may be setting the times: under their lock */
	mutex_enter(&ip->i_ump->um_itimelock);
	ext2fs_itimes_locked(ip);
	va->va_atime = ip->i_din.ic_atime;
	va->va_mtime = ip->i_din.ic_mtime;
	va->va_ctime = ip->i_din.ic_ctime;
	mutex_exit(&ip->i_ump->um_itimelock);
	va->va_birthtime = ip->i_din.ic_crtime;
	va->va_gen = ip->i_din.ic_gen;
	va->va_flags = 0;
	va->va_rdev = (vp->v_type == VCHR || vp->v_type == VBLK) ?
	    ext2fs_getrdev(ip) : 0;
	va->va_bytes = (int64_t)(ip->i_din.ic_nblock << DEV_BSHIFT);
	return 0;
}

static int
ext2fs_readlink(struct vop_readlink_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	uint8_t buf[E2FS_MAXSYMLINKLEN];
	struct buf *bp;
	size_t len = (size_t)ip->i_size, i;
	int error;

	if (vp->v_type != VLNK)
		return EINVAL;
	if (ext2fs_isfastlink(ip)) {
		for (i = 0; i < len; i++)
			buf[i] = (uint8_t)(ip->i_din.ic_blocks[i / 4] >>
			    (8 * (i % 4)));
		return uiomove(buf, MIN(len, ap->a_uio->uio_resid),
		    ap->a_uio);
	}
	error = bread(vp, 0, (int)ip->i_e2fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	error = uiomove(bp->b_data, MIN(len, ap->a_uio->uio_resid), ap->a_uio);
	brelse(bp, 0);
	return error;
}

static int
ext2fs_pathconf(struct vop_pathconf_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	const struct genfs_pathconf pc = {
		.pc_link_max = EXT2_LINK_MAX,
		.pc_name_max = E2FS_MAXNAMLEN,
		/* a slow symlink's target is one block, NUL-ended */
		.pc_symlink_max = (long)ip->i_e2fs->e2fs_bsize - 1,
		.pc_pipe_buf = 4096,
		.pc_filesize_bits = 42,
	};

	return genfs_pathconf(ap, &pc);
}

static int
ext2fs_print(struct vop_print_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);

	printf("ext2fs inode %llu mode 0%o size %llu nlink %u\n",
	    (unsigned long long)ip->i_number, ip->i_mode,
	    (unsigned long long)ip->i_size, ip->i_nlink);
	return 0;
}

static int
ext2fs_seekhole(struct vop_seekhole_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t off = (uint64_t)*ap->a_offp, lbn, pbn;
	int error;

	if (*ap->a_offp < 0)
		return EINVAL;
	if (off >= ip->i_size)
		return ENXIO;
	for (lbn = off >> fs->e2fs_bshift;
	    (lbn << fs->e2fs_bshift) < ip->i_size; lbn++) {
		if ((error = ext2fs_bmap_lookup(ip, lbn, &pbn, NULL)) != 0)
			return error;
		if ((pbn != 0) == (ap->a_whence == SEEK_DATA)) {
			uint64_t at = lbn << fs->e2fs_bshift;
			*ap->a_offp = (off_t)MAX(at, off);
			return 0;
		}
	}
	if (ap->a_whence == SEEK_DATA)
		return ENXIO;
	*ap->a_offp = (off_t)ip->i_size;
	return 0;
}

const struct vnodeops ext2fs_vnodeops = {
	.vop_lookup = ext2fs_lookup,
	.vop_create = ext2fs_create,
	.vop_mknod = ext2fs_mknod,
	.vop_mkdir = ext2fs_mkdir,
	.vop_symlink = ext2fs_symlink,
	.vop_open = ext2fs_open,
	.vop_close = ext2fs_close,
	.vop_access = ext2fs_access,
	.vop_getattr = ext2fs_getattr,
	.vop_setattr = ext2fs_setattr,
	.vop_read = ext2fs_read,
	.vop_write = ext2fs_write,
	.vop_fsync = ext2fs_fsync,
	.vop_seekhole = ext2fs_seekhole,
	.vop_fdiscard = ext2fs_fdiscard,
	.vop_remove = ext2fs_remove,
	.vop_link = ext2fs_link,
	.vop_rename = ext2fs_rename,
	.vop_rmdir = ext2fs_rmdir,
	.vop_readdir = ext2fs_readdir,
	.vop_readlink = ext2fs_readlink,
	.vop_inactive = ext2fs_inactive,
	.vop_reclaim = ext2fs_reclaim,
	.vop_bmap = ext2fs_bmap,
	.vop_strategy = genfs_strategy,
	.vop_print = ext2fs_print,
	.vop_pathconf = ext2fs_pathconf,
	.vop_advlock = genfs_advlock,
	.vop_getextattr = ext2fs_getextattr,
	.vop_listextattr = ext2fs_listextattr,
};
