/*
 * The block device under a disk file system: the mount-argument check,
 * and opening and closing the device.
 *
 * The driver supplies: its mount data (a struct ufs_args prefix and its
 * length, as vfs_mount got them) and, at close, the mode it opened the
 * device with.  An upgrade from read-only to read-write that reopens
 * the device is the driver's (it decides whether it can).
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/conf.h>
#include <sys/fcntl.h>
#include <sys/genfs.h>
#include <sys/mount.h>
#include <sys/namei.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/vnode.h>

int
genfs_devmode(int mntflag)
{

	return FREAD | ((mntflag & MNT_RDONLY) ? 0 : FWRITE);
}

/* the path names a block device: referenced, unlocked */
static int
genfs_lookupdev(const char *fspec, struct vnode **devvpp)
{
	struct nameidata nd;
	struct vnode *devvp;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, fspec);
	if ((error = namei(&nd)) != 0)
		return error;
	devvp = nd.ni_vp;
	namei_done(&nd);
	if (devvp->v_type != VBLK) {
		vrele(devvp);
		return ENOTBLK;
	}
	*devvpp = devvp;
	return 0;
}

int
genfs_opendev(struct mount *mp, const struct ufs_args *args,
    size_t args_len, struct vnode **devvpp)
{
	struct vnode *devvp;
	int error;

	if (args == NULL || args_len < sizeof(*args) || args->fspec == NULL)
		return EINVAL;
	if (strnlen(args->fspec, MAXPATHLEN) >= MAXPATHLEN)
		return ENAMETOOLONG;
	if ((error = genfs_lookupdev(args->fspec, &devvp)) != 0)
		return error;
	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	error = VOP_OPEN(devvp, genfs_devmode(mp->mnt_flag), FSCRED);
	VOP_UNLOCK(devvp);
	if (error != 0) {
		vrele(devvp);
		return error;
	}
	*devvpp = devvp;
	return 0;
}

void
genfs_closedev(struct vnode *devvp, int mode)
{

	vn_lock(devvp, LK_EXCLUSIVE | LK_RETRY);
	/* the file system's own writes are done: drop the cached blocks so
	 * a later mount of the same device reads the disk */
	(void)vinvalbuf(devvp, V_SAVE, NOCRED, false, 0);
	(void)VOP_CLOSE(devvp, mode, NOCRED);
	vput(devvp);
}

uint64_t
genfs_devsize(struct vnode *devvp)
{
	int64_t size = 0;

	if (VOP_IOCTL(devvp, DIOCGMEDIASIZE, &size, FREAD, NOCRED) != 0 ||
	    size < 0)
		return 0;
	return (uint64_t)size;
}
