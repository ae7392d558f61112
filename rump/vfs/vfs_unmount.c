/*
 * Unmount: EBUSY while vnodes of the mount are in use (the root's first
 * use excepted: a file system may hold its root), unless forced, which
 * revokes them (the driver's vflush with FORCECLOSE).  Also sync(2) and
 * the unmount of everything at shutdown.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/namei.h>
#include <sys/lwp.h>

#include "vfs_impl.h"
#include "vfs_mount_impl.h"

int
dounmount(struct mount *mp, int flags, struct lwp *l)
{
	struct vnode *cvp;
	bool force = (flags & MNT_FORCE) != 0;
	int error;

	mutex_enter(&mountop_lock);
	if (mp->mnt_iflag & IMNT_GONE) {
		mutex_exit(&mountop_lock);
		return ENOENT;
	}
	if (mp->mnt_vnodecovered == NULL) {
		mutex_exit(&mountop_lock);
		return EBUSY;		/* the root file system */
	}
	rw_enter(&mp->mnt_unmounting, RW_WRITER);
	mp->mnt_iflag |= IMNT_UNMOUNT;
	if (!force && vcache_busy_count(mp) > 0) {
		error = EBUSY;
		goto fail;
	}
	cache_purgevfs(mp);
	if ((mp->mnt_flag & MNT_RDONLY) == 0) {
		error = VFS_SYNC(mp, MNT_WAIT, kauth_cred_get());
		if (error != 0 && !force)
			goto fail;
	}
	if ((error = VFS_UNMOUNT(mp, flags & MNT_FORCE)) != 0)
		goto fail;
	if (!TAILQ_EMPTY(&mp->mnt_vnodelist))
		vcache_orphan_mount(mp);
	cache_purgevfs(mp);
	cvp = mp->mnt_vnodecovered;
	mutex_enter(&mountlist_lock);
	TAILQ_REMOVE(&mountlist, mp, mnt_list);
	cvp->v_mountedhere = NULL;
	mutex_exit(&mountlist_lock);
	mp->mnt_iflag = (mp->mnt_iflag & ~IMNT_UNMOUNT) | IMNT_GONE;
	mp->mnt_vnodecovered = NULL;
	rw_exit(&mp->mnt_unmounting);
	mutex_exit(&mountop_lock);
	vrele(cvp);
	vfs_rele(mp);		/* the mount list's reference */
	return 0;
fail:
	mp->mnt_iflag &= ~IMNT_UNMOUNT;
	rw_exit(&mp->mnt_unmounting);
	mutex_exit(&mountop_lock);
	return error;
}

/*
 * The root of what is mounted at path could not be had (a damaged image:
 * its root inode unreadable or freed): the mount is found through the
 * vnode it covers instead, so that it can still go.  error: namei's.
 */
static int
do_sys_unmount_covered(const char *path, int flags, struct lwp *l, int error)
{
	struct nameidata nd;
	struct mount *mp;

	NDINIT(&nd, LOOKUP, FOLLOW | NOCROSSMOUNT, path);
	if (namei(&nd) != 0)
		return error;
	namei_done(&nd);
	mp = vfs_mountedhere_ref(nd.ni_vp);
	vrele(nd.ni_vp);
	if (mp == NULL)
		return error;
	error = dounmount(mp, flags, l);
	vfs_rele(mp);
	return error;
}

int
do_sys_unmount(struct lwp *l, const char *path, int flags)
{
	kauth_cred_t cred = l != NULL ? l->l_cred : kauth_cred_get();
	struct nameidata nd;
	struct mount *mp;
	struct vnode *vp;
	int error;

	if (!kauth_cred_issuser(cred))
		return EPERM;
	NDINIT(&nd, LOOKUP, FOLLOW, path);
	if ((error = namei(&nd)) != 0)
		return do_sys_unmount_covered(path, flags, l, error);
	namei_done(&nd);
	vp = nd.ni_vp;
	if ((vp->v_vflag & VV_ROOT) == 0 || (mp = vp->v_mount) == NULL) {
		vrele(vp);
		return EINVAL;
	}
	vfs_ref(mp);
	vrele(vp);
	error = dounmount(mp, flags, l);
	vfs_rele(mp);
	return error;
}

int
vfs_syncall(void)
{
	struct mount **v;
	size_t n, cap, i;
	int error, rv = 0;

	if ((v = mount_snapshot(&n, &cap)) == NULL)
		return ENOMEM;
	for (i = 0; i < n; i++) {
		if ((v[i]->mnt_flag & MNT_RDONLY) != 0 ||
		    vfs_busy(v[i]) != 0)
			continue;
		error = VFS_SYNC(v[i], MNT_WAIT, kauth_cred_get());
		if (error != 0 && rv == 0)
			rv = error;
		vfs_unbusy(v[i]);
	}
	mount_snapshot_free(v, n, cap);
	return rv;
}

/* newest first, so that mounts on mounts go before what they cover */
int
vfs_unmountall(void)
{
	struct mount **v;
	size_t n, cap, i;
	int error, rv = 0;

	if ((v = mount_snapshot(&n, &cap)) == NULL)
		return ENOMEM;
	for (i = n; i-- > 0;) {
		if (v[i]->mnt_vnodecovered == NULL)
			continue;
		error = dounmount(v[i], 0, curlwp);
		if (error == EBUSY)
			error = dounmount(v[i], MNT_FORCE, curlwp);
		if (error != 0 && error != ENOENT) {
			printf("vfs: unmount of %s failed: error %d\n",
			    v[i]->mnt_stat.f_mntonname, error);
			if (rv == 0)
				rv = error;
		}
	}
	mount_snapshot_free(v, n, cap);
	return rv;
}
