/*
 * mount(2): a new mount on a directory, or MNT_UPDATE of an existing
 * one.  Mounts and unmounts are serialised by mountop_lock.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/namei.h>
#include <sys/lwp.h>

#include "vfs_impl.h"
#include "vfs_mount_impl.h"

static int
mount_lookup(const char *path, struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	NDINIT(&nd, LOOKUP, FOLLOW, path);
	if ((error = namei(&nd)) != 0)
		return error;
	namei_done(&nd);
	*vpp = nd.ni_vp;
	return 0;
}

static int
mount_args_ok(const struct vfsops *ops, void *data, size_t data_len)
{

	if (data_len < ops->vfs_min_mount_data)
		return EINVAL;
	if (data == NULL && data_len != 0)
		return EINVAL;
	return 0;
}


/*
 * A mount whose root directory cannot be had (a damaged image: the root
 * inode free, unreadable or no directory) would answer every path with
 * an error, and could only be unmounted through the vnode it covers:
 * it is refused, with a line naming the image.
 */
static int
mount_root_ok(struct mount *mp)
{
	struct vnode *rvp;
	int error;

	if ((error = VFS_ROOT(mp, 0, &rvp)) == 0) {
		vrele(rvp);
		return 0;
	}
	printf("%s: %s: the root directory %s: not mounted\n",
	    mp->mnt_stat.f_fstypename, mp->mnt_stat.f_mntfromname,
	    error == ENOENT ? "is a free inode" : error == EIO ?
	    "is damaged" : "cannot be read");
	return EIO;
}

static int
mount_domount(const char *type, const char *path, int flags, void *data,
    size_t data_len)
{
	struct vfsops *ops;
	struct mount *mp = NULL;
	struct vnode *vp;
	int error;

	if ((ops = vfs_getopsbyname(type)) == NULL)
		return ENODEV;
	if ((error = mount_args_ok(ops, data, data_len)) != 0)
		return error;
	if ((error = mount_lookup(path, &vp)) != 0)
		return error;
	mutex_enter(&mountop_lock);
	if (vp->v_type != VDIR)
		error = ENOTDIR;
	else if (vp->v_mountedhere != NULL || (vp->v_vflag & VV_ROOT) != 0)
		error = EBUSY;	/* already a mount point */
	else if ((mp = mount_alloc(ops, path)) == NULL)
		error = ENOMEM;
	if (error != 0) {
		mutex_exit(&mountop_lock);
		vrele(vp);
		return error;
	}
	mp->mnt_flag = flags & (MNT_SETTABLE | MNT_FORCE);
	mp->mnt_vnodecovered = vp;
	error = VFS_MOUNT(mp, path, data, &data_len);
	if (error == 0 && (error = mount_root_ok(mp)) != 0)
		(void)VFS_UNMOUNT(mp, MNT_FORCE);
	if (error != 0) {
		if (!TAILQ_EMPTY(&mp->mnt_vnodelist))
			vcache_orphan_mount(mp);
		mutex_exit(&mountop_lock);
		vrele(vp);
		vfs_rele(mp);
		return error;
	}
	mp->mnt_flag &= ~MNT_OPFLAGS;
	mount_statupdate(mp);
	/* visible to namei from now on; the covered vnode stays referenced */
	mutex_enter(&mountlist_lock);
	TAILQ_INSERT_TAIL(&mountlist, mp, mnt_list);
	vp->v_mountedhere = mp;
	mutex_exit(&mountlist_lock);
	mutex_exit(&mountop_lock);
	return 0;
}

static int
mount_update(const char *path, int flags, void *data, size_t data_len)
{
	struct mount *mp;
	struct vnode *vp;
	int error, saved;

	if ((error = mount_lookup(path, &vp)) != 0)
		return error;
	if ((vp->v_vflag & VV_ROOT) == 0 || (mp = vp->v_mount) == NULL) {
		vrele(vp);
		return EINVAL;
	}
	mutex_enter(&mountop_lock);
	vrele(vp);
	if (data != NULL && (error = mount_args_ok(mp->mnt_op, data,
	    data_len)) != 0)
		goto out;
	if ((error = vfs_busy(mp)) != 0)
		goto out;
	/* rw -> ro: nothing may be open for writing; write out first */
	if ((flags & MNT_RDONLY) != 0 && (mp->mnt_flag & MNT_RDONLY) == 0) {
		if ((flags & MNT_FORCE) == 0 && vcache_write_count(mp) > 0) {
			error = EBUSY;
			goto unbusy;
		}
		(void)VFS_SYNC(mp, MNT_WAIT, kauth_cred_get());
	}
	/* the driver sees the flags wanted and compares with its state */
	saved = mp->mnt_flag;
	mp->mnt_flag = (saved & ~MNT_SETTABLE) |
	    (flags & (MNT_SETTABLE | MNT_OPFLAGS));
	error = VFS_MOUNT(mp, path, data, &data_len);
	if (error != 0)
		mp->mnt_flag = saved;
	mp->mnt_flag &= ~MNT_OPFLAGS;
	mount_statupdate(mp);
unbusy:
	vfs_unbusy(mp);
out:
	mutex_exit(&mountop_lock);
	return error;
}

int
do_sys_mount(struct lwp *l, const char *type, const char *path, int flags,
    void *data, size_t data_len)
{
	kauth_cred_t cred = l != NULL ? l->l_cred : kauth_cred_get();

	if (!kauth_cred_issuser(cred))
		return EPERM;
	if (type == NULL || path == NULL)
		return EFAULT;
	if (flags & MNT_UPDATE)
		return mount_update(path, flags, data, data_len);
	return mount_domount(type, path, flags, data, data_len);
}
