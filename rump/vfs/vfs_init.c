/*
 * VFS start-up: the vnode cache, the name cache, mounts, device
 * switches and advisory locks at RUMP_COMPONENT_VFS; the root file
 * system (rumpfs, if the build has it) at RUMP_COMPONENT_POSTINIT.
 */
#include <sys/types.h>
#include <sys/namei.h>
#include <sys/filedesc.h>
#include <sys/rumpcomp.h>
#include <sys/rumpshutdown.h>

#include "vfs_impl.h"
#include "vfs_mount_impl.h"

struct vnode *rootvnode;

/* at rump_fini: write everything out and unmount cleanly */
static int
vfs_shutdown(void)
{
	int error, error2;

	error = vfs_syncall();
	error2 = vfs_unmountall();
	return error != 0 ? error : error2;
}

RUMP_COMPONENT(RUMP_COMPONENT_VFS)
{

	vcache_init();
	nchinit();
	vfs_mount_init();
	devsw_init();
	spec_init();
	lf_init();
	vdrain_init();
	(void)rump_shutdown_hook_register(vfs_shutdown);
}

/* mount rumpfs on "/" and make its root rootvnode; idempotent */
int
vfs_mountroot(void)
{
	struct vfsops *ops;
	struct mount *mp;
	struct vnode *vp;
	size_t len = 0;
	int error;

	mutex_enter(&mountop_lock);
	if (rootvnode != NULL) {
		mutex_exit(&mountop_lock);
		return 0;
	}
	if ((ops = vfs_getopsbyname("rumpfs")) == NULL) {
		mutex_exit(&mountop_lock);
		return ENODEV;
	}
	if ((mp = mount_alloc(ops, "/")) == NULL) {
		mutex_exit(&mountop_lock);
		return ENOMEM;
	}
	error = VFS_MOUNT(mp, "/", NULL, &len);
	if (error == 0 && (error = VFS_ROOT(mp, 0, &vp)) != 0)
		(void)VFS_UNMOUNT(mp, MNT_FORCE);
	if (error != 0) {
		if (!TAILQ_EMPTY(&mp->mnt_vnodelist))
			vcache_orphan_mount(mp);
		mutex_exit(&mountop_lock);
		vfs_rele(mp);
		printf("vfs: cannot mount the root file system: error %d\n",
		    error);
		return error;
	}
	mp->mnt_flag &= ~MNT_OPFLAGS;
	mount_statupdate(mp);
	mutex_enter(&mountlist_lock);
	TAILQ_INSERT_HEAD(&mountlist, mp, mnt_list);
	mutex_exit(&mountlist_lock);
	/* referenced for ever */
	rootvnode = vp;
	mutex_exit(&mountop_lock);
	return 0;
}

RUMP_COMPONENT(RUMP_COMPONENT_POSTINIT)
{

	(void)vfs_mountroot();
}
