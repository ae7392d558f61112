/*
 * Shared by the mount files (vfs_mount.c, vfs_mount_ops.c,
 * vfs_unmount.c, vfs_init.c).
 */
#ifndef _RUMP_VFS_VFS_MOUNT_IMPL_H_
#define _RUMP_VFS_VFS_MOUNT_IMPL_H_

#include <sys/queue.h>

/* the flags a mount keeps; the others only say what to do */
#define MNT_SETTABLE	(MNT_RDONLY | MNT_SYNCHRONOUS | MNT_NOEXEC | \
    MNT_NOSUID | MNT_NODEV | MNT_ASYNC | MNT_NOATIME | MNT_NODEVMTIME | \
    MNT_LOG | MNT_SOFTDEP)
#define MNT_OPFLAGS	(MNT_UPDATE | MNT_RELOAD | MNT_FORCE)

TAILQ_HEAD(mntlist, mount);
extern struct mntlist mountlist;	/* under mountlist_lock */
extern kmutex_t mountlist_lock;
extern kmutex_t mountop_lock;		/* one mount or unmount at a time */

struct mount *mount_alloc(const struct vfsops *ops, const char *path);
void mount_statupdate(struct mount *mp);
/* references to every mount, newest last: *np of them, *capp slots */
struct mount **mount_snapshot(size_t *np, size_t *capp);
void mount_snapshot_free(struct mount **, size_t n, size_t cap);

#endif /* _RUMP_VFS_VFS_MOUNT_IMPL_H_ */
