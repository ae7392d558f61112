/*
 * Inodes: loading one from disk into a fresh vnode (with every field the
 * rest of the driver relies on checked first), inactive and reclaim.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* the largest directory we are willing to scan */
#define UFS_MAXDIRSIZE	(1LL << 30)

bool
ffs_is_shortlink(const struct inode *ip)
{
	int max = ip->i_ump->um_maxsymlinklen;

	return (ip->i_din.mode & UFS_IFMT) == UFS_IFLNK &&
	    (ip->i_din.size < (uint64_t)max ||
	    (max == 0 && ip->i_din.blocks == 0));
}

static bool
ffs_ptr_ok(const struct fs *fs, int64_t p)
{
	return p >= 0 && p < fs->fs_size;
}

/* NULL if the inode is usable, else what is wrong with it */
static const char *
ffs_dino_check(const struct inode *ip)
{
	const struct ufs_dino *d = &ip->i_din;
	const struct fs *fs = ip->i_fs;
	int i;

	switch (d->mode & UFS_IFMT) {
	case UFS_IFDIR:
		if (d->size == 0 || d->size % UFS_DIRBLKSIZ != 0 ||
		    d->size > UFS_MAXDIRSIZE)
			return "directory size";
		break;
	case UFS_IFLNK:
		if (d->size >= MAXPATHLEN)
			return "symlink length";
		if (ffs_is_shortlink(ip))
			return NULL;
		break;
	case UFS_IFREG:
		break;
	case UFS_IFCHR:
	case UFS_IFBLK:
	case UFS_IFIFO:
	case UFS_IFSOCK:
		return NULL;	/* no blocks; db[0] may hold a device */
	default:
		return "file type";
	}
	if (d->size > fs->fs_maxfilesize || d->size > (uint64_t)INT64_MAX)
		return "size";
	if (d->nlink < 0)
		return "link count";
	for (i = 0; i < UFS_NDADDR; i++)
		if (!ffs_ptr_ok(fs, d->db[i]))
			return "direct block pointer";
	for (i = 0; i < UFS_NIADDR; i++)
		if (!ffs_ptr_ok(fs, d->ib[i]))
			return "indirect block pointer";
	return NULL;
}

/* NetBSD's and glibc's 32-bit device encoding agree on the low bits */
static dev_t
ffs_rdev(int64_t raw)
{
	uint32_t v = (uint32_t)raw;

	return makedev((v >> 8) & 0xfff, (v & 0xff) | ((v >> 12) & 0xfff00));
}

int
ffs_readino(struct ufsmount *ump, ino_t ino, struct inode *ip)
{
	struct fs *fs = ump->um_fs;
	struct buf *bp = NULL;
	int dsz = ffs_dinode_size(fs), error;

	error = bread(ump->um_devvp, ffs_fsbtodb(fs, ffs_ino_to_fsba(fs, ino)),
	    fs->fs_bsize, 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	ufs_dino_load(&ip->i_din, (uint8_t *)bp->b_data +
	    ffs_ino_to_fsbo(fs, ino) * (uint64_t)dsz, ump->um_ufs2,
	    ump->um_needswap);
	brelse(bp, 0);
	ip->i_dsize = ip->i_din.size;
	ip->i_dblocks = ip->i_din.blocks;
	return 0;
}

int
ffs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key)
{
	struct ufsmount *ump = VFSTOUFS(mp);
	struct inode *ip;
	const char *why;
	ino_t ino;
	int error;

	if ((error = genfs_vcache_ino(key, key_len, &ino)) != 0)
		return error;
	if (ino < UFS_ROOTINO || ino >= ump->um_ninodes)
		return ENOENT;
	if ((ip = kmem_zalloc(sizeof(*ip), KM_SLEEP)) == NULL)
		return ENOMEM;
	ip->i_vnode = vp;
	ip->i_ump = ump;
	ip->i_fs = ump->um_fs;
	ip->i_number = ino;
	if ((error = ffs_readino(ump, ino, ip)) != 0)
		goto fail;
	if (ip->i_din.mode == 0) {
		error = ENOENT;		/* free inode: callers decide */
		goto fail;
	}
	if ((why = ffs_dino_check(ip)) != NULL) {
		ffs_corrupt(ump, "inode %llu: bad %s",
		    (unsigned long long)ino, why);
		error = EIO;
		goto fail;
	}
	vp->v_type = IFTOVT(ip->i_din.mode);
	vp->v_data = ip;
	vp->v_op = &ffs_vnodeops;
	vp->v_size = (off_t)ip->i_din.size;
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		vp->v_rdev = ffs_rdev(ip->i_din.db[0]);
	if (ino == UFS_ROOTINO)
		vp->v_vflag |= VV_ROOT;
	*new_key = &ip->i_number;
	return 0;
fail:
	kmem_free(ip, sizeof(*ip));
	return error;
}

int
ffs_inactive(struct vop_inactive_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *ip = VTOI(vp);
	struct ufsmount *ump = ip->i_ump;
	bool isdir;

	*ap->a_recycle = false;
	if (ump->um_ronly || ip->i_din.mode == 0)
		return 0;
	if (ip->i_din.nlink > 0) {
		(void)ffs_update(ip, false);
		return 0;
	}
	/* the last name and the last use are gone: free everything */
	isdir = (ip->i_din.mode & UFS_IFMT) == UFS_IFDIR;
	(void)ffs_truncate(ip, 0, NOCRED);
	ip->i_din.mode = 0;
	ip->i_din.flags = 0;
	ip->i_din.size = 0;
	ip->i_din.blocks = 0;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	(void)ffs_update(ip, false);
	ffs_vfree(ump, ip->i_number, isdir);
	*ap->a_recycle = true;
	return 0;
}

int
ffs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;

	if (vp->v_data != NULL) {
		genfs_dirhash_destroy(VTOI(vp)->i_dirhash);
		kmem_free(vp->v_data, sizeof(struct inode));
	}
	vp->v_data = NULL;
	return 0;
}
