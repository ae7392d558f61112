/*
 * Shared between the vnode cache files (vfs_vcache.c, vfs_vnode.c,
 * vfs_vflush.c, vfs_vdrain.c).
 */
#ifndef _RUMP_VFS_VFS_VNODE_IMPL_H_
#define _RUMP_VFS_VFS_VNODE_IMPL_H_

#include <sys/condvar.h>
#include <sys/queue.h>

TAILQ_HEAD(vnode_lru, vnode);

extern kcondvar_t vcache_cv;		/* any vnode's state changed */
extern struct vnode_lru vnode_lru;	/* unused vnodes, oldest first */
extern unsigned int numvnodes;

struct vnode *vnode_alloc(struct mount *);
void vnode_free(struct vnode *);
struct vnode *vcache_lookup(struct mount *, const void *, size_t);
void vcache_hash_insert(struct vnode *);
void vcache_hash_remove(struct vnode *);
void vcache_hash_remove_scan(struct vnode *);
/* vp VS_BLOCKED and ours: flush, VOP_RECLAIM, make it dead */
void vcache_reclaim(struct vnode *vp, bool locked);
/* reclaim unused vnodes beyond the bound */
void vcache_trim(void);
/* free a reclaimed vnode nobody uses any more */
void vcache_free_reclaimed(struct vnode *vp);

#endif /* _RUMP_VFS_VFS_VNODE_IMPL_H_ */
