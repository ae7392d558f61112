/*
 * vfs_newvnode: a new inode for a file about to be created in dvp.  The
 * inode is allocated in the cylinder groups (near the directory, or in a
 * quiet group for a new directory), checked free on disk, initialised
 * from vap and the credential, and written.
 */
#include <sys/types.h>
#include <sys/cprng.h>
#include <sys/kauth.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* the 32-bit device encoding NetBSD and glibc share */
static int64_t
ffs_encode_rdev(dev_t dev)
{
	uint32_t ma = (uint32_t)major(dev), mi = (uint32_t)minor(dev);

	return (int64_t)(((ma & 0xfff) << 8) | (mi & 0xff) |
	    ((mi & 0xfff00) << 12));
}

static void
ffs_initino(struct inode *ip, struct inode *dp, struct vattr *vap,
    kauth_cred_t cred)
{
	struct ufs_dino *d = &ip->i_din;
	int32_t gen = d->gen;
	struct timespec now;

	memset(d, 0, sizeof(*d));
	d->gen = gen + 1 > 0 ? gen + 1 : (int32_t)(cprng_fast32() >> 1) + 1;
	d->mode = (uint16_t)MAKEIMODE(vap->va_type, vap->va_mode & ALLPERMS);
	d->uid = kauth_cred_geteuid(cred);
	d->gid = dp->i_din.gid;		/* BSD: the directory's group */
	if ((d->mode & S_ISGID) && !kauth_cred_issuser(cred) &&
	    !kauth_cred_ismember_gid(cred, d->gid))
		d->mode &= ~S_ISGID;
	d->nlink = vap->va_type == VDIR ? 2 : 1;
	getnanotime(&now);
	d->atime = d->mtime = d->ctime = d->birthtime = now.tv_sec;
	d->atimensec = d->mtimensec = d->ctimensec = d->birthnsec =
	    (int32_t)now.tv_nsec;
	if (vap->va_type == VCHR || vap->va_type == VBLK)
		d->db[0] = ffs_encode_rdev((dev_t)vap->va_rdev);
}

int
ffs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key)
{
	struct ufsmount *ump = VFSTOUFS(mp);
	struct inode *dp = VTOI(dvp), *ip;
	bool isdir = vap->va_type == VDIR;
	ino_t ino;
	int error;

	if (ump->um_ronly)
		return EROFS;
	if (vap->va_type == VNON || vap->va_type == VBAD)
		return EINVAL;
	if ((error = ffs_valloc(dp, isdir, &ino)) != 0)
		return error;
	if ((ip = kmem_zalloc(sizeof(*ip), KM_SLEEP)) == NULL) {
		ffs_vfree(ump, ino, isdir);
		return ENOMEM;
	}
	ip->i_vnode = vp;
	ip->i_ump = ump;
	ip->i_fs = ump->um_fs;
	ip->i_number = ino;
	if ((error = ffs_readino(ump, ino, ip)) != 0)
		goto fail;
	if (ip->i_din.mode != 0) {
		/* the map says free, the inode says otherwise: trust neither */
		ffs_corrupt(ump, "inode %llu marked free but in use",
		    (unsigned long long)ino);
		kmem_free(ip, sizeof(*ip));
		return EIO;
	}
	ffs_initino(ip, dp, vap, cred);
	vp->v_type = vap->va_type;
	vp->v_data = ip;
	vp->v_op = &ffs_vnodeops;
	vp->v_size = 0;
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		vp->v_rdev = (dev_t)vap->va_rdev;
	ip->i_flag |= IN_MODIFIED;
	/*
	 * On disk before any entry can name it; a directory only once it
	 * has its first block (mkdir writes it), never with length zero.
	 */
	if (!isdir && (error = ffs_update_dirop(ip)) != 0) {
		vp->v_data = NULL;
		goto fail;
	}
	*key_len = sizeof(ip->i_number);
	*new_key = &ip->i_number;
	return 0;
fail:
	kmem_free(ip, sizeof(*ip));
	ffs_vfree(ump, ino, isdir);
	return error;
}
