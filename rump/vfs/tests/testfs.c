/*
 * testfs: the in-test file system of the VFS core's unit tests.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/filedesc.h>
#include <sys/uio.h>
#include <sys/lwp.h>

#include <rump/rump.h>

#include "testfs.h"
#include "../vfs_impl.h"
#include "../vfs_mount_impl.h"

static const struct vnodeops testfs_vnodeops;

struct tfs_mount *
tfs_data(struct mount *mp)
{

	return mp->mnt_data;
}

static struct tfs_node *
tfs_node(struct mount *mp, uint64_t ino)
{
	struct tfs_mount *tm = tfs_data(mp);

	if (ino == 0 || ino >= TFS_MAXNODES || !tm->tm_nodes[ino].tn_used)
		return NULL;
	return &tm->tm_nodes[ino];
}

static struct tfs_node *
tfs_alloc(struct tfs_mount *tm, enum vtype type, mode_t mode)
{
	struct tfs_node *tn;
	uint64_t i;

	for (i = TFS_ROOTINO; i < TFS_MAXNODES; i++) {
		tn = &tm->tm_nodes[i];
		if (!tn->tn_used) {
			memset(tn, 0, sizeof(*tn));
			tn->tn_used = true;
			tn->tn_ino = i;
			tn->tn_type = type;
			tn->tn_mode = mode;
			tn->tn_nlink = 1;
			return tn;
		}
	}
	return NULL;
}

static int
tfs_addent(struct tfs_node *dn, const char *name, size_t len, uint64_t ino)
{
	struct tfs_dirent *de;

	if (dn->tn_nent == TFS_MAXENT)
		return ENOSPC;
	de = &dn->tn_ent[dn->tn_nent++];
	memcpy(de->de_name, name, len);
	de->de_name[len] = '\0';
	de->de_ino = ino;
	return 0;
}

static struct tfs_dirent *
tfs_findent(struct tfs_node *dn, const char *name, size_t len)
{
	int i;

	for (i = 0; i < dn->tn_nent; i++) {
		if (strlen(dn->tn_ent[i].de_name) == len &&
		    memcmp(dn->tn_ent[i].de_name, name, len) == 0)
			return &dn->tn_ent[i];
	}
	return NULL;
}

uint64_t
tfs_mknode(struct mount *mp, uint64_t dino, const char *name,
    enum vtype type, mode_t mode, const char *target)
{
	struct tfs_node *dn = tfs_node(mp, dino), *tn;

	if (dn == NULL || (tn = tfs_alloc(tfs_data(mp), type, mode)) == NULL)
		return 0;
	tn->tn_parent = dino;
	if (target != NULL)
		strlcpy(tn->tn_target, target, sizeof(tn->tn_target));
	if (tfs_addent(dn, name, strlen(name), tn->tn_ino) != 0) {
		tn->tn_used = false;
		return 0;
	}
	return tn->tn_ino;
}

/* vfsops */

static int
tfs_vfs_mount(struct mount *mp, const char *path, void *data, size_t *len)
{
	struct tfs_mount *tm;
	struct tfs_node *root;

	if (mp->mnt_flag & MNT_UPDATE)
		return 0;
	if ((tm = kmem_zalloc(sizeof(*tm), KM_SLEEP)) == NULL)
		return ENOMEM;
	root = tfs_alloc(tm, VDIR, 0755);
	root->tn_parent = TFS_ROOTINO;
	root->tn_nlink = 2;
	mp->mnt_data = tm;
	return 0;
}

static int
tfs_vfs_unmount(struct mount *mp, int mntflags)
{
	int error;

	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	kmem_free(mp->mnt_data, sizeof(struct tfs_mount));
	mp->mnt_data = NULL;
	return 0;
}

static int
tfs_vfs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	uint64_t ino = TFS_ROOTINO;
	int error;

	if ((error = vcache_get(mp, &ino, sizeof(ino), vpp)) != 0)
		return error;
	if (lktype != 0 && (error = vn_lock(*vpp, lktype)) != 0) {
		vrele(*vpp);
		*vpp = NULL;
	}
	return error;
}

static int
tfs_vfs_statvfs(struct mount *mp, struct statvfs *sb)
{

	sb->f_bsize = sb->f_frsize = sb->f_iosize = 512;
	sb->f_blocks = 100;
	sb->f_namemax = NAME_MAX;
	return 0;
}

static int
tfs_vfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{

	return 0;
}

static void
tfs_setvnode(struct mount *mp, struct vnode *vp, struct tfs_node *tn)
{

	vp->v_data = tn;
	vp->v_op = &testfs_vnodeops;
	vp->v_type = tn->tn_type;
	if (tn->tn_ino == TFS_ROOTINO)
		vp->v_vflag |= VV_ROOT;
}

static int
tfs_vfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t keylen, const void **new_key)
{
	struct tfs_mount *tm = tfs_data(mp);
	struct tfs_node *tn;
	uint64_t ino;

	if (keylen != sizeof(ino))
		return EINVAL;
	memcpy(&ino, key, sizeof(ino));
	if ((tn = tfs_node(mp, ino)) == NULL)
		return ENOENT;
	if (tm->tm_loaddelay_ms != 0)
		kpause("tfsload", false, mstohz((int)tm->tm_loaddelay_ms),
		    NULL);
	__atomic_add_fetch(&tm->tm_loads, 1, __ATOMIC_SEQ_CST);
	tfs_setvnode(mp, vp, tn);
	*new_key = &tn->tn_ino;
	return 0;
}

static int
tfs_vfs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key)
{
	struct tfs_node *tn;

	if ((tn = tfs_alloc(tfs_data(mp), vap->va_type, vap->va_mode)) ==
	    NULL)
		return ENOSPC;
	tn->tn_uid = kauth_cred_geteuid(cred);
	tn->tn_gid = kauth_cred_getegid(cred);
	tn->tn_parent = ((struct tfs_node *)dvp->v_data)->tn_ino;
	if (extra != NULL)
		strlcpy(tn->tn_target, extra, sizeof(tn->tn_target));
	tfs_setvnode(mp, vp, tn);
	*key_len = sizeof(tn->tn_ino);
	*new_key = &tn->tn_ino;
	return 0;
}

struct vfsops testfs_vfsops = {
	.vfs_name = "testfs",
	.vfs_mount = tfs_vfs_mount,
	.vfs_unmount = tfs_vfs_unmount,
	.vfs_root = tfs_vfs_root,
	.vfs_statvfs = tfs_vfs_statvfs,
	.vfs_sync = tfs_vfs_sync,
	.vfs_loadvnode = tfs_vfs_loadvnode,
	.vfs_newvnode = tfs_vfs_newvnode,
};

/* vnode operations */

static int
tfs_lookup(struct vop_lookup_args *ap)
{
	struct vnode *dvp = ap->a_dvp;
	struct componentname *cnp = ap->a_cnp;
	struct tfs_node *dn = dvp->v_data;
	struct tfs_dirent *de;
	bool last = (cnp->cn_flags & ISLASTCN) != 0;
	uint64_t ino;
	int error;

	*ap->a_vpp = NULL;
	tfs_data(dvp->v_mount)->tm_lookups++;
	error = genfs_can_access(dvp, cnp->cn_cred, dn->tn_uid, dn->tn_gid,
	    dn->tn_mode, VEXEC);
	if (error != 0)
		return error;
	if (last && cnp->cn_nameiop != LOOKUP && (error =
	    genfs_can_access(dvp, cnp->cn_cred, dn->tn_uid, dn->tn_gid,
	    dn->tn_mode, VWRITE)) != 0)
		return error;
	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.') {
		vref(dvp);
		*ap->a_vpp = dvp;
		return 0;
	}
	if (cnp->cn_flags & ISDOTDOT)
		ino = dn->tn_parent;
	else if ((de = tfs_findent(dn, cnp->cn_nameptr,
	    cnp->cn_namelen)) != NULL)
		ino = de->de_ino;
	else if (last && (cnp->cn_nameiop == CREATE ||
	    cnp->cn_nameiop == RENAME))
		return EJUSTRETURN;
	else
		return ENOENT;
	return vcache_get(dvp->v_mount, &ino, sizeof(ino), ap->a_vpp);
}

static int
tfs_makeit(struct vnode *dvp, struct vnode **vpp, struct componentname *cnp,
    struct vattr *vap, const char *target)
{
	struct tfs_node *dn = dvp->v_data, *tn;
	int error;

	error = vcache_new(dvp->v_mount, dvp, vap, cnp->cn_cred,
	    (void *)(uintptr_t)target, vpp);
	if (error != 0)
		return error;
	tn = (*vpp)->v_data;
	if ((error = tfs_addent(dn, cnp->cn_nameptr, cnp->cn_namelen,
	    tn->tn_ino)) != 0) {
		tn->tn_nlink = 0;
		vrele(*vpp);
		*vpp = NULL;
	}
	return error;
}

static int
tfs_create(struct vop_create_args *ap)
{

	return tfs_makeit(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap, NULL);
}

static int
tfs_mkdir(struct vop_mkdir_args *ap)
{

	return tfs_makeit(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap, NULL);
}

static int
tfs_symlink(struct vop_symlink_args *ap)
{

	return tfs_makeit(ap->a_dvp, ap->a_vpp, ap->a_cnp, ap->a_vap,
	    ap->a_target);
}

static int
tfs_readlink(struct vop_readlink_args *ap)
{
	struct tfs_node *tn = ap->a_vp->v_data;

	return uiomove(tn->tn_target, strlen(tn->tn_target), ap->a_uio);
}

static int
tfs_getattr(struct vop_getattr_args *ap)
{
	struct tfs_node *tn = ap->a_vp->v_data;
	struct vattr *va = ap->a_vap;

	va->va_type = tn->tn_type;
	va->va_mode = tn->tn_mode;
	va->va_uid = tn->tn_uid;
	va->va_gid = tn->tn_gid;
	va->va_nlink = (uint32_t)tn->tn_nlink;
	va->va_fileid = tn->tn_ino;
	va->va_size = 0;
	return 0;
}

static int
tfs_access(struct vop_access_args *ap)
{
	struct tfs_node *tn = ap->a_vp->v_data;

	return genfs_can_access(ap->a_vp, ap->a_cred, tn->tn_uid,
	    tn->tn_gid, tn->tn_mode, ap->a_mode);
}

static int
tfs_inactive(struct vop_inactive_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct tfs_mount *tm = tfs_data(vp->v_mount);
	struct tfs_node *tn = vp->v_data;

	KASSERT(vn_islocked_excl(vp));
	__atomic_add_fetch(&tm->tm_inactives, 1, __ATOMIC_SEQ_CST);
	*ap->a_recycle = tm->tm_recycle || tn->tn_nlink == 0;
	return 0;
}

static int
tfs_reclaim(struct vop_reclaim_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct tfs_mount *tm = tfs_data(vp->v_mount);
	struct tfs_node *tn = vp->v_data;

	__atomic_add_fetch(&tm->tm_reclaims, 1, __ATOMIC_SEQ_CST);
	if (tn->tn_nlink == 0)
		tn->tn_used = false;
	vp->v_data = NULL;
	return 0;
}

static const struct vnodeops testfs_vnodeops = {
	.vop_lookup = tfs_lookup,
	.vop_create = tfs_create,
	.vop_mkdir = tfs_mkdir,
	.vop_symlink = tfs_symlink,
	.vop_readlink = tfs_readlink,
	.vop_getattr = tfs_getattr,
	.vop_access = tfs_access,
	.vop_inactive = tfs_inactive,
	.vop_reclaim = tfs_reclaim,
};

/* helpers for the tests */

/* without rumpfs in the build, a testfs is the root */
static void
tfs_mountroot(void)
{
	struct mount *mp;
	struct vnode *vp;
	size_t len = 0;

	mp = mount_alloc(&testfs_vfsops, "/");
	KASSERT(mp != NULL);
	KASSERT(VFS_MOUNT(mp, "/", NULL, &len) == 0);
	KASSERT(VFS_ROOT(mp, 0, &vp) == 0);
	mutex_enter(&mountlist_lock);
	TAILQ_INSERT_HEAD(&mountlist, mp, mnt_list);
	mutex_exit(&mountlist_lock);
	rootvnode = vp;
}

void
tfs_boot(void)
{
	static bool booted;

	if (booted)
		return;
	booted = true;
	KASSERT(rump_init() == 0);
	rump_schedule();
	KASSERT(vfs_attach(&testfs_vfsops) == 0);
	if (rootvnode == NULL)
		tfs_mountroot();
}

int
tfs_namei(const char *path, uint32_t op, uint32_t flags,
    struct vnode **vpp)
{
	struct nameidata nd;
	int error;

	*vpp = NULL;
	NDINIT(&nd, op, flags, path);
	if ((error = namei(&nd)) != 0)
		return error;
	*vpp = nd.ni_vp;
	if (nd.ni_dvp != NULL)
		vrele(nd.ni_dvp);
	namei_done(&nd);
	return 0;
}

/* a new directory under "/", made through the root fs's VOP_MKDIR */
const char *
tfs_newdir(void)
{
	static char names[64][16];
	static int n;
	struct nameidata nd;
	struct vattr va;
	struct vnode *vp;
	char *name;

	KASSERT(n < 64);
	name = names[n];
	snprintf(name, sizeof(names[0]), "/tfsdir%d", n++);
	vattr_null(&va);
	va.va_type = VDIR;
	va.va_mode = 0755;
	NDINIT(&nd, CREATE, LOCKPARENT, name);
	KASSERT(namei(&nd) == 0 && nd.ni_vp == NULL);
	KASSERT(VOP_MKDIR(nd.ni_dvp, &vp, &nd.ni_cnd, &va) == 0);
	vput(nd.ni_dvp);
	vrele(vp);
	namei_done(&nd);
	return name;
}

struct mount *
tfs_mount(const char *path)
{
	struct vnode *vp;
	struct mount *mp;

	if (do_sys_mount(curlwp, "testfs", path, 0, NULL, 0) != 0)
		return NULL;
	if (tfs_namei(path, LOOKUP, FOLLOW, &vp) != 0)
		return NULL;
	mp = vp->v_mount;
	vrele(vp);
	return mp;
}

int
tfs_unmount(struct mount *mp, int flags)
{

	return dounmount(mp, flags, curlwp);
}
