/*
 * Private interfaces of the VFS core (vnodes, vcache, name cache, mounts,
 * device vnodes, advisory locks).  Not for file systems.
 */
#ifndef _RUMP_VFS_VFS_IMPL_H_
#define _RUMP_VFS_VFS_IMPL_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>

/* private v_iflag bits */
#define VI_RECYCLE	0x1000		/* reclaim right after inactive */
#define VI_MARKER	0x2000		/* rekey placeholder, not a file */

/* the one lock of the vnode cache; every v_interlock points at it */
extern kmutex_t vcache_lock;

/* vfs_vnode.c */
void vcache_init(void);
/* a reference to a vnode found without one (name cache): vcache_lock held */
int vcache_tryvget(struct vnode *vp);
/* reclaim unused vnodes until at most 'target' vnodes remain */
unsigned int vcache_drain(unsigned int target);
unsigned int vcache_count(void);
/* vnodes left on an unmounted mount: make them dead without the fs */
void vcache_orphan_mount(struct mount *mp);
/* in-use vnodes of mp, the root's first reference not counted */
int vcache_busy_count(struct mount *mp);
/* vnodes of mp opened for writing */
int vcache_write_count(struct mount *mp);

/* vfs_vnode_dead.c */
extern const struct vnodeops dead_vnodeops;

/* vfs_vdrain.c: the worker thread for vrele_async and memory pressure */
void vdrain_init(void);

/* vfs_cache.c */
void nchinit(void);
void cache_setmax(unsigned int);
unsigned int cache_count(void);

/* vfs_mount.c */
void vfs_mount_init(void);
/* what is mounted on vp, referenced (v_mountedhere: mountlist_lock) */
struct mount *vfs_mountedhere_ref(struct vnode *vp);

/* subr_devsw.c, spec_vnops.c */
void devsw_init(void);
void spec_init(void);
void spec_node_destroy(struct vnode *vp);

/* vfs_lockf.c */
void lf_init(void);
int lf_nwaiters(void);

#endif /* _RUMP_VFS_VFS_IMPL_H_ */
