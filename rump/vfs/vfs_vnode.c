/*
 * Vnode references and life cycle: vref/vrele/vput, the vnode lock,
 * inactivation on the last release, reclaim and vgone.
 *
 * A vnode's use count and state live under vcache_lock.  Releasing the
 * last use marks the vnode VS_BLOCKED (vcache_get waits), runs
 * VOP_INACTIVE with the vnode locked exclusive, then either puts it on the
 * LRU list (VS_ACTIVE, unused) or, when the file system asks to recycle
 * it, reclaims it at once.  Reclaimed vnodes are VS_RECLAIMED, answer
 * every VOP through the dead ops and are freed with their last use.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/namei.h>
#include <sys/atomic.h>

#include "vfs_impl.h"
#include "vfs_vnode_impl.h"

void
vref(struct vnode *vp)
{

	mutex_enter(&vcache_lock);
	if (vp->v_usecount == 0) {
		KASSERTMSG(vp->v_state == VS_ACTIVE,
		    "vref: unused vnode %p in state %d", vp, vp->v_state);
		TAILQ_REMOVE(&vnode_lru, vp, v_lrulist);
	}
	vp->v_usecount++;
	mutex_exit(&vcache_lock);
}

void
vcache_free_reclaimed(struct vnode *vp)
{

	mutex_enter(&vcache_lock);
	atomic_dec_uint(&numvnodes);
	mutex_exit(&vcache_lock);
	vnode_free(vp);
}

/* the last use of an active vnode goes: vcache_lock held, released */
static void
vrele_last(struct vnode *vp)
{
	bool recycle = false;

	vp->v_state = VS_BLOCKED;
	mutex_exit(&vcache_lock);
	(void)VOP_LOCK(vp, LK_EXCLUSIVE);
	(void)VOP_INACTIVE(vp, &recycle);
	mutex_enter(&vcache_lock);
	if (vp->v_iflag & VI_RECYCLE) {
		vp->v_iflag &= ~VI_RECYCLE;
		recycle = true;
	}
	if (recycle || vp->v_mount == NULL) {
		mutex_exit(&vcache_lock);
		VOP_UNLOCK(vp);
		vcache_reclaim(vp, false);
		mutex_enter(&vcache_lock);
		vp->v_usecount = 0;
		mutex_exit(&vcache_lock);
		vcache_free_reclaimed(vp);
		return;
	}
	VOP_UNLOCK(vp);
	vp->v_usecount = 0;
	vp->v_state = VS_ACTIVE;
	TAILQ_INSERT_TAIL(&vnode_lru, vp, v_lrulist);
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	vcache_trim();
}

void
vrele(struct vnode *vp)
{

	mutex_enter(&vcache_lock);
	KASSERTMSG(vp->v_usecount > 0, "vrele: unreferenced vnode %p", vp);
	if (vp->v_usecount > 1) {
		vp->v_usecount--;
		mutex_exit(&vcache_lock);
		return;
	}
	if (vp->v_state == VS_RECLAIMED) {
		vp->v_usecount = 0;
		mutex_exit(&vcache_lock);
		vcache_free_reclaimed(vp);
		return;
	}
	KASSERTMSG(vp->v_state == VS_ACTIVE, "vrele: vnode %p in state %d",
	    vp, vp->v_state);
	vrele_last(vp);
}

void
vput(struct vnode *vp)
{

	VOP_UNLOCK(vp);
	vrele(vp);
}

void
vrecycle_hint(struct vnode *vp)
{

	mutex_enter(&vcache_lock);
	vp->v_iflag |= VI_RECYCLE;
	mutex_exit(&vcache_lock);
}

int
vn_lock(struct vnode *vp, int flags)
{
	int error;

	KASSERT((flags & LK_TYPE_MASK) != 0);
	error = VOP_LOCK(vp, flags & (LK_TYPE_MASK | LK_NOWAIT));
	if (error != 0)
		return error;
	if ((flags & LK_RETRY) == 0 &&
	    atomic_load_relaxed(&vp->v_state) == VS_RECLAIMED) {
		VOP_UNLOCK(vp);
		return ENOENT;
	}
	return 0;
}

bool
vn_islocked_excl(struct vnode *vp)
{

	return VOP_ISLOCKED(vp) == LK_EXCLUSIVE;
}

/* write or drop vp's buffers before the file system lets go of it */
static void
vcache_flushbufs(struct vnode *vp, bool locked)
{
	int error;

	if (TAILQ_EMPTY(&vp->v_dirtyblkhd) && TAILQ_EMPTY(&vp->v_cleanblkhd))
		return;
	if (!locked)
		(void)VOP_LOCK(vp, LK_EXCLUSIVE);
	error = vinvalbuf(vp, V_SAVE, NOCRED, false, 0);
	if (error != 0) {
		printf("vfs: vnode %p: writing buffers at reclaim: error %d\n",
		    vp, error);
		(void)vinvalbuf(vp, 0, NOCRED, false, 0);
	}
	if (!locked)
		VOP_UNLOCK(vp);
}

void
vcache_reclaim(struct vnode *vp, bool locked)
{
	struct mount *mp = vp->v_mount;
	uint8_t kbuf[64];
	void *kcopy = NULL;
	size_t keylen = vp->v_keylen;
	bool inhash = true;

	KASSERT(vp->v_state == VS_BLOCKED && mp != NULL);
	vcache_flushbufs(vp, locked);
	cache_purge(vp);
	/* the fs frees what v_key points at: keep a copy for lookups */
	if (vp->v_keylen <= sizeof(kbuf))
		kcopy = kbuf;
	else
		kcopy = kmem_alloc(vp->v_keylen, KM_NOSLEEP);
	mutex_enter(&vcache_lock);
	if (kcopy != NULL) {
		memcpy(kcopy, vp->v_key, vp->v_keylen);
		vp->v_key = kcopy;
	} else {
		vcache_hash_remove(vp);
		inhash = false;
	}
	mutex_exit(&vcache_lock);
	if (VOP_RECLAIM(vp) != 0)
		printf("vfs: vnode %p: reclaim failed\n", vp);
	if (vp->v_specinfo != NULL)
		spec_node_destroy(vp);

	mutex_enter(&mp->mnt_vnodelock);
	mutex_enter(&vcache_lock);
	if (inhash)
		vcache_hash_remove(vp);
	TAILQ_REMOVE(&mp->mnt_vnodelist, vp, v_mntvnodes);
	vp->v_key = NULL;
	vp->v_keylen = 0;
	vp->v_mount = NULL;
	vp->v_op = &dead_vnodeops;
	vp->v_data = NULL;
	vp->v_type = VBAD;
	vp->v_state = VS_RECLAIMED;
	cv_broadcast(&vcache_cv);
	mutex_exit(&vcache_lock);
	mutex_exit(&mp->mnt_vnodelock);
	if (kcopy != NULL && kcopy != kbuf)
		kmem_free(kcopy, keylen);
}

void
vgone(struct vnode *vp)
{
	bool recycle = false;

	mutex_enter(&vcache_lock);
	if (vp->v_state == VS_RECLAIMED) {
		mutex_exit(&vcache_lock);
		vput(vp);
		return;
	}
	KASSERTMSG(vp->v_state == VS_ACTIVE, "vgone: vnode %p in state %d",
	    vp, vp->v_state);
	vp->v_state = VS_BLOCKED;
	mutex_exit(&vcache_lock);
	/* an unlinked file still open frees its storage now */
	(void)VOP_INACTIVE(vp, &recycle);
	vcache_reclaim(vp, true);
	vput(vp);
}
