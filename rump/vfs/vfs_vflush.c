/*
 * Walking the vnodes of a mount: vflush (unmount), the vnode iterator
 * for file systems' sync, and the counts dounmount and MNT_UPDATE use.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/kmem.h>
#include <sys/namei.h>

#include "vfs_impl.h"
#include "vfs_vnode_impl.h"

/* wait for a vnode in transition; both locks held, both released */
static void
vflush_wait(struct mount *mp)
{

	mutex_exit(&mp->mnt_vnodelock);
	cv_wait(&vcache_cv, &vcache_lock);
	mutex_exit(&vcache_lock);
}

/*
 * One step of vflush: reclaim an unused vnode or revoke a used one.
 * Returns ERESTART when the list changed, else 0 with *busyp counted.
 */
static int
vflush_one(struct mount *mp, struct vnode *skipvp, int flags, int *busyp)
{
	struct vnode *vp;

	*busyp = 0;
	mutex_enter(&mp->mnt_vnodelock);
	mutex_enter(&vcache_lock);
	TAILQ_FOREACH(vp, &mp->mnt_vnodelist, v_mntvnodes) {
		if ((vp->v_iflag & VI_MARKER) != 0 || vp == skipvp)
			continue;
		if (vp->v_state == VS_LOADING || vp->v_state == VS_BLOCKED) {
			vflush_wait(mp);
			return ERESTART;
		}
		if (vp->v_usecount == 0) {
			TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
			vp->v_state = VS_BLOCKED;
			mutex_exit(&vcache_lock);
			mutex_exit(&mp->mnt_vnodelock);
			vcache_reclaim(vp, false);
			vcache_free_reclaimed(vp);
			return ERESTART;
		}
		if ((flags & FORCECLOSE) != 0) {
			vp->v_usecount++;
			mutex_exit(&vcache_lock);
			mutex_exit(&mp->mnt_vnodelock);
			(void)vn_lock(vp, LK_EXCLUSIVE | LK_RETRY);
			vgone(vp);
			return ERESTART;
		}
		if ((flags & WRITECLOSE) == 0 || vp->v_writecount > 0)
			(*busyp)++;
	}
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	return 0;
}

int
vflush(struct mount *mp, struct vnode *skipvp, int flags)
{
	int busy;

	while (vflush_one(mp, skipvp, flags, &busy) == ERESTART)
		continue;
	return busy != 0 ? EBUSY : 0;
}

int
vfs_vnode_iterate(struct mount *mp, int (*fn)(struct vnode *, void *),
    void *arg)
{
	struct vnode *vp, *marker;
	int error = 0;

	if ((marker = vnode_alloc(mp)) == NULL)
		return ENOMEM;
	marker->v_iflag = VI_MARKER;
	mutex_enter(&mp->mnt_vnodelock);
	vp = TAILQ_FIRST(&mp->mnt_vnodelist);
	while (vp != NULL && error == 0) {
		mutex_enter(&vcache_lock);
		if ((vp->v_iflag & VI_MARKER) != 0 || vcache_tryvget(vp) != 0) {
			mutex_exit(&vcache_lock);
			vp = TAILQ_NEXT(vp, v_mntvnodes);
			continue;
		}
		mutex_exit(&vcache_lock);
		TAILQ_INSERT_AFTER(&mp->mnt_vnodelist, vp, marker,
		    v_mntvnodes);
		mutex_exit(&mp->mnt_vnodelock);
		error = fn(vp, arg);
		vrele(vp);
		mutex_enter(&mp->mnt_vnodelock);
		vp = TAILQ_NEXT(marker, v_mntvnodes);
		TAILQ_REMOVE(&mp->mnt_vnodelist, marker, v_mntvnodes);
	}
	mutex_exit(&mp->mnt_vnodelock);
	vnode_free(marker);
	return error;
}

int
vcache_busy_count(struct mount *mp)
{
	struct vnode *vp;
	int n = 0;

	mutex_enter(&mp->mnt_vnodelock);
	mutex_enter(&vcache_lock);
	TAILQ_FOREACH(vp, &mp->mnt_vnodelist, v_mntvnodes) {
		if ((vp->v_iflag & VI_MARKER) != 0)
			continue;
		if (vp->v_state == VS_LOADING)
			n++;
		else if ((vp->v_vflag & VV_ROOT) != 0)
			n += vp->v_usecount > 1 ? (int)vp->v_usecount - 1 : 0;
		else
			n += (int)vp->v_usecount;
	}
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	return n;
}

int
vcache_write_count(struct mount *mp)
{
	struct vnode *vp;
	int n = 0;

	mutex_enter(&mp->mnt_vnodelock);
	TAILQ_FOREACH(vp, &mp->mnt_vnodelist, v_mntvnodes) {
		if ((vp->v_iflag & VI_MARKER) == 0 && vp->v_writecount > 0)
			n++;
	}
	mutex_exit(&mp->mnt_vnodelock);
	return n;
}

/*
 * Vnodes the file system left behind at unmount: its data is gone, so
 * they die without VOP_RECLAIM.
 */
void
vcache_orphan_mount(struct mount *mp)
{
	struct vnode *vp;
	int n = 0;

	cache_purgevfs(mp);
	mutex_enter(&mp->mnt_vnodelock);
	mutex_enter(&vcache_lock);
	while ((vp = TAILQ_FIRST(&mp->mnt_vnodelist)) != NULL) {
		TAILQ_REMOVE(&mp->mnt_vnodelist, vp, v_mntvnodes);
		if ((vp->v_iflag & VI_MARKER) != 0)
			continue;
		n++;
		vcache_hash_remove_scan(vp);
		vp->v_key = NULL;
		vp->v_keylen = 0;
		vp->v_mount = NULL;
		vp->v_op = &dead_vnodeops;
		vp->v_data = NULL;
		vp->v_type = VBAD;
		vp->v_state = VS_RECLAIMED;
		if (vp->v_usecount == 0) {
			TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
			atomic_dec_uint(&numvnodes);
			vnode_free(vp);
		}
	}
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	if (n > 0)
		printf("vfs: %s: %d vnodes left after unmount\n",
		    mp->mnt_stat.f_mntonname, n);
}
