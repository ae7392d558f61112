/*
 * Vnodes by inode number and by file handle (NFS-style handles: the
 * inode number and a generation that changes when the number is used
 * again).
 *
 * The driver supplies: a vfs_loadvnode keyed by an ino_t that answers
 * ENOENT for a number out of its range or a free inode, and for handles
 * a struct genfs_fhops: the size of its handle, how to read the inode
 * number out of it, and how to tell whether a loaded vnode is still the
 * file the handle was made for.
 */
#include <sys/types.h>
#include <sys/genfs.h>
#include <sys/mount.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/vnode.h>

/* vp referenced: locked as asked into *vpp, or released */
static int
genfs_vget_lock(struct vnode *vp, int lktype, struct vnode **vpp)
{
	int error;

	if (lktype != 0 && (error = vn_lock(vp, lktype)) != 0) {
		vrele(vp);
		return error;
	}
	*vpp = vp;
	return 0;
}

int
genfs_vget(struct mount *mp, ino_t ino, int lktype, struct vnode **vpp)
{
	struct vnode *vp;
	int error;

	*vpp = NULL;
	if ((error = vcache_get(mp, &ino, sizeof(ino), &vp)) != 0)
		return error;
	return genfs_vget_lock(vp, lktype, vpp);
}

int
genfs_vcache_ino(const void *key, size_t key_len, ino_t *inop)
{

	if (key_len != sizeof(*inop))
		return EINVAL;
	memcpy(inop, key, sizeof(*inop));
	return 0;
}

int
genfs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    const struct genfs_fhops *ops, struct vnode **vpp)
{
	/* the handle bytes need not be aligned for the driver's struct */
	uint64_t fh[howmany(sizeof(fhp->fid_data), sizeof(uint64_t))];
	struct vnode *vp;
	ino_t ino;
	int error;

	*vpp = NULL;
	if (fhp->fid_len != ops->fo_len || ops->fo_len > sizeof(fh))
		return EINVAL;
	memcpy(fh, fhp->fid_data, ops->fo_len);
	ino = ops->fo_ino(fh);
	/* a number out of range, a file that is gone, or one unreadable
	 * now: a stale handle */
	error = vcache_get(mp, &ino, sizeof(ino), &vp);
	if (error != 0)
		return error == ENOENT || error == EIO ? ESTALE : error;
	if (!ops->fo_alive(vp, fh)) {
		vrele(vp);
		return ESTALE;
	}
	return genfs_vget_lock(vp, lktype, vpp);
}

int
genfs_vptofh(struct fid *fhp, size_t *fh_size, const void *fh, size_t len)
{

	if (len > sizeof(fhp->fid_data))
		return EINVAL;
	memset(fhp, 0, sizeof(*fhp));
	fhp->fid_len = (uint16_t)len;
	memcpy(fhp->fid_data, fh, len);
	if (fh_size != NULL)
		*fh_size = len;
	return 0;
}
