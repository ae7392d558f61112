/*
 * File system types (vfs_attach) and mount structures: the mount list,
 * references, busying against unmount, file system ids, mnt_stat.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/atomic.h>

#include "vfs_impl.h"
#include "vfs_mount_impl.h"

static TAILQ_HEAD(, vfsops) vfs_list = TAILQ_HEAD_INITIALIZER(vfs_list);
struct mntlist mountlist = TAILQ_HEAD_INITIALIZER(mountlist);
kmutex_t mountlist_lock;		/* vfs_list and mountlist */
kmutex_t mountop_lock;
static uint32_t fsid_next;

void
vfs_mount_init(void)
{

	mutex_init(&mountlist_lock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&mountop_lock, MUTEX_DEFAULT, IPL_NONE);
}

static struct vfsops *
vfs_find(const char *name)
{
	struct vfsops *ops;

	TAILQ_FOREACH(ops, &vfs_list, vfs_list) {
		if (strcmp(ops->vfs_name, name) == 0)
			return ops;
	}
	return NULL;
}

int
vfs_attach(struct vfsops *ops)
{

	mutex_enter(&mountlist_lock);
	if (vfs_find(ops->vfs_name) != NULL) {
		mutex_exit(&mountlist_lock);
		return EEXIST;
	}
	TAILQ_INSERT_TAIL(&vfs_list, ops, vfs_list);
	mutex_exit(&mountlist_lock);
	if (ops->vfs_init != NULL)
		ops->vfs_init();
	return 0;
}

int
vfs_detach(struct vfsops *ops)
{
	struct mount *mp;

	mutex_enter(&mountlist_lock);
	TAILQ_FOREACH(mp, &mountlist, mnt_list) {
		if (mp->mnt_op == ops) {
			mutex_exit(&mountlist_lock);
			return EBUSY;
		}
	}
	if (vfs_find(ops->vfs_name) != ops) {
		mutex_exit(&mountlist_lock);
		return ESRCH;
	}
	TAILQ_REMOVE(&vfs_list, ops, vfs_list);
	mutex_exit(&mountlist_lock);
	if (ops->vfs_done != NULL)
		ops->vfs_done();
	return 0;
}

struct vfsops *
vfs_getopsbyname(const char *name)
{
	struct vfsops *ops;

	mutex_enter(&mountlist_lock);
	ops = vfs_find(name);
	mutex_exit(&mountlist_lock);
	return ops;
}

struct mount *
mount_alloc(const struct vfsops *ops, const char *path)
{
	struct mount *mp;

	if ((mp = kmem_zalloc(sizeof(*mp), KM_SLEEP)) == NULL)
		return NULL;
	mp->mnt_op = ops;
	mp->mnt_refcnt = 1;
	rw_init(&mp->mnt_unmounting);
	mutex_init(&mp->mnt_renamelock, MUTEX_DEFAULT, IPL_NONE);
	mutex_init(&mp->mnt_vnodelock, MUTEX_DEFAULT, IPL_NONE);
	TAILQ_INIT(&mp->mnt_vnodelist);
	mp->mnt_fs_bshift = DEV_BSHIFT;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	strlcpy(mp->mnt_stat.f_fstypename, ops->vfs_name,
	    sizeof(mp->mnt_stat.f_fstypename));
	strlcpy(mp->mnt_stat.f_mntonname, path,
	    sizeof(mp->mnt_stat.f_mntonname));
	strlcpy(mp->mnt_stat.f_mntfromname, ops->vfs_name,
	    sizeof(mp->mnt_stat.f_mntfromname));
	mp->mnt_stat.f_namemax = MAXNAMLEN;
	vfs_getnewfsid(mp);
	return mp;
}

void
vfs_ref(struct mount *mp)
{

	atomic_inc_uint(&mp->mnt_refcnt);
}

void
vfs_rele(struct mount *mp)
{

	if (atomic_dec_uint_nv(&mp->mnt_refcnt) > 0)
		return;
	KASSERT(TAILQ_EMPTY(&mp->mnt_vnodelist));
	rw_destroy(&mp->mnt_unmounting);
	mutex_destroy(&mp->mnt_renamelock);
	mutex_destroy(&mp->mnt_vnodelock);
	kmem_free(mp, sizeof(*mp));
}

int
vfs_busy(struct mount *mp)
{

	if (atomic_load_relaxed(&mp->mnt_iflag) & IMNT_GONE)
		return ENOENT;
	rw_enter(&mp->mnt_unmounting, RW_READER);
	if (atomic_load_relaxed(&mp->mnt_iflag) & IMNT_GONE) {
		rw_exit(&mp->mnt_unmounting);
		return ENOENT;
	}
	atomic_inc_uint(&mp->mnt_busy);
	return 0;
}

void
vfs_unbusy(struct mount *mp)
{

	atomic_dec_uint(&mp->mnt_busy);
	rw_exit(&mp->mnt_unmounting);
}

struct mount *
vfs_mountedhere_ref(struct vnode *vp)
{
	struct mount *mp;

	mutex_enter(&mountlist_lock);
	if ((mp = vp->v_mountedhere) != NULL)
		vfs_ref(mp);
	mutex_exit(&mountlist_lock);
	return mp;
}

struct mount *
vfs_getvfs(uint64_t fsid)
{
	struct mount *mp;

	mutex_enter(&mountlist_lock);
	TAILQ_FOREACH(mp, &mountlist, mnt_list) {
		if (mp->mnt_stat.f_fsid == fsid)
			break;
	}
	mutex_exit(&mountlist_lock);
	return mp;
}

void
vfs_getnewfsid(struct mount *mp)
{
	uint64_t fsid;

	/* "rump" in the high half; a fresh number no mount has */
	do {
		fsid = (UINT64_C(0x72756d70) << 32) |
		    atomic_inc_uint_nv(&fsid_next);
	} while (vfs_getvfs(fsid) != NULL);
	mp->mnt_stat.f_fsid = fsid;
}

/* refresh mnt_stat from the driver; the names and fsid stay ours */
void
mount_statupdate(struct mount *mp)
{
	struct statvfs *sb, *ms = &mp->mnt_stat;

	if ((sb = kmem_zalloc(sizeof(*sb), KM_SLEEP)) == NULL)
		return;
	if (mp->mnt_op->vfs_statvfs != NULL && VFS_STATVFS(mp, sb) == 0) {
		ms->f_bsize = sb->f_bsize;
		ms->f_frsize = sb->f_frsize;
		ms->f_iosize = sb->f_iosize;
		ms->f_blocks = sb->f_blocks;
		ms->f_bfree = sb->f_bfree;
		ms->f_bavail = sb->f_bavail;
		ms->f_bresvd = sb->f_bresvd;
		ms->f_files = sb->f_files;
		ms->f_ffree = sb->f_ffree;
		ms->f_favail = sb->f_favail;
		ms->f_fresvd = sb->f_fresvd;
		ms->f_owner = sb->f_owner;
		if (sb->f_namemax != 0)
			ms->f_namemax = sb->f_namemax;
	}
	ms->f_flag = (uint64_t)(uint32_t)(mp->mnt_flag & ~MNT_OPFLAGS);
	kmem_free(sb, sizeof(*sb));
}

struct mount **
mount_snapshot(size_t *np, size_t *capp)
{
	struct mount *mp, **v;
	size_t cap = 4, n;

	*np = *capp = 0;
	for (;;) {
		if ((v = kmem_alloc(cap * sizeof(*v), KM_SLEEP)) == NULL)
			return NULL;
		mutex_enter(&mountlist_lock);
		n = 0;
		TAILQ_FOREACH(mp, &mountlist, mnt_list)
			n++;
		if (n <= cap)
			break;
		mutex_exit(&mountlist_lock);
		kmem_free(v, cap * sizeof(*v));
		cap = n + 4;
	}
	n = 0;
	TAILQ_FOREACH(mp, &mountlist, mnt_list) {
		vfs_ref(mp);
		v[n++] = mp;
	}
	mutex_exit(&mountlist_lock);
	*np = n;
	*capp = cap;
	return v;
}

void
mount_snapshot_free(struct mount **v, size_t n, size_t cap)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		vfs_rele(v[i]);
	kmem_free(v, cap * sizeof(*v));
}
