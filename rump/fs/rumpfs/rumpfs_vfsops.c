/*
 * rumpfs vfsops: mount (the kernel's root at boot, or anywhere later with
 * an optional size limit), unmount, root, statvfs, the vnode cache hooks
 * and file handles.
 */
#include <sys/kauth.h>
#include <sys/rumpcomp.h>

#include "rumpfs.h"
#include "rumpfs_int.h"

struct rumpfs_mount *rumpfs_rootrm;

/* the fid of a node: inode and generation */
struct rumpfs_fid {
	uint64_t rf_ino;
	uint64_t rf_gen;
};

static void rumpfs_populate_dev(struct rumpfs_mount *);

static void
rumpfs_mount_free(struct rumpfs_mount *rm)
{

	if (rm->rm_nodehash != NULL)
		rumpfs_nodetab_fini(rm);
	if (rm->rm_dirhash != NULL)
		rumpfs_dirtab_fini(rm);
	rw_destroy(&rm->rm_dirlock);
	mutex_destroy(&rm->rm_nodelock);
	kmem_free(rm, sizeof(*rm));
}

static int
rumpfs_mount(struct mount *mp, const char *path, void *data, size_t *lenp)
{
	struct rumpfs_args *args = data;
	struct rumpfs_mount *rm;
	struct rumpfs_node *root;
	bool isroot;
	int error;

	if (mp->mnt_flag & MNT_UPDATE)
		return mp->mnt_data != NULL ? 0 : EINVAL;
	isroot = rumpfs_rootrm == NULL &&
	    (path == NULL || strcmp(path, "/") == 0);
	if ((rm = kmem_zalloc(sizeof(*rm), KM_SLEEP)) == NULL)
		return ENOMEM;
	rw_init(&rm->rm_dirlock);
	mutex_init(&rm->rm_nodelock, MUTEX_DEFAULT, IPL_NONE);
	rm->rm_mp = mp;
	if (args != NULL && lenp != NULL && *lenp >= sizeof(*args))
		rm->rm_maxbytes = args->ra_maxbytes;
	if ((error = rumpfs_nodetab_init(rm)) != 0 ||
	    (error = rumpfs_dirtab_init(rm)) != 0 ||
	    (error = rumpfs_node_alloc(rm, VDIR, 0755, 0, 0, NODEV,
	    &root)) != 0) {
		rumpfs_mount_free(rm);
		return error;
	}
	root->rn_nlink = 2;
	rm->rm_root = root;
	rm->rm_isroot = isroot;
	mp->mnt_data = rm;
	mp->mnt_flag |= MNT_LOCAL;
	mp->mnt_fs_bshift = RUMPFS_CHUNK_SHIFT;
	mp->mnt_dev_bshift = DEV_BSHIFT;
	if (isroot) {
		rumpfs_rootrm = rm;
		rumpfs_populate_dev(rm);
	}
	return 0;
}

static int
rumpfs_unmount(struct mount *mp, int mntflags)
{
	struct rumpfs_mount *rm = mp->mnt_data;
	int error;

	error = vflush(mp, NULL, (mntflags & MNT_FORCE) ? FORCECLOSE : 0);
	if (error != 0)
		return error;
	if (rumpfs_rootrm == rm)
		rumpfs_rootrm = NULL;
	rumpfs_mount_free(rm);
	mp->mnt_data = NULL;
	return 0;
}

static int
rumpfs_root(struct mount *mp, int lktype, struct vnode **vpp)
{
	struct rumpfs_mount *rm = mp->mnt_data;

	return genfs_vget(mp, rm->rm_root->rn_ino, lktype, vpp);
}

static int
rumpfs_statvfs(struct mount *mp, struct statvfs *sb)
{
	struct rumpfs_mount *rm = mp->mnt_data;
	uint64_t total, used, lim;

	used = howmany(rm->rm_used, RUMPFS_CHUNK);
	lim = rm->rm_maxbytes != 0 ? rm->rm_maxbytes : kmem_limit();
	if (lim == 0)
		lim = (uint64_t)1 << 40;	/* memory: say a terabyte */
	total = lim / RUMPFS_CHUNK;
	if (total < used)
		total = used;
	sb->f_bsize = sb->f_frsize = RUMPFS_CHUNK;
	sb->f_iosize = MAXBSIZE;
	sb->f_blocks = total;
	sb->f_bfree = sb->f_bavail = total - used;
	sb->f_bresvd = 0;
	sb->f_files = rm->rm_nnodes + (total - used) * RUMPFS_CHUNK /
	    RUMPFS_NODECOST;
	sb->f_ffree = sb->f_favail = sb->f_files - rm->rm_nnodes;
	sb->f_fresvd = 0;
	sb->f_namemax = MAXNAMLEN;
	return 0;
}

static int
rumpfs_sync(struct mount *mp, int waitfor, kauth_cred_t cred)
{

	return 0;	/* everything lives in memory */
}

static int
rumpfs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t keylen, const void **new_key)
{
	struct rumpfs_mount *rm = mp->mnt_data;
	struct rumpfs_node *rn;
	ino_t ino;
	int error;

	if ((error = genfs_vcache_ino(key, keylen, &ino)) != 0)
		return error;
	mutex_enter(&rm->rm_nodelock);
	rn = rumpfs_node_find(rm, ino);
	if (rn == NULL || (rn->rn_nlink == 0 && rn->rn_vp == NULL)) {
		mutex_exit(&rm->rm_nodelock);
		return ENOENT;
	}
	rn->rn_vp = vp;
	mutex_exit(&rm->rm_nodelock);
	vp->v_data = rn;
	vp->v_type = rn->rn_type;
	vp->v_op = rumpfs_ops_for(rn->rn_type);
	vp->v_size = rn->rn_size;
	vp->v_rdev = rn->rn_rdev;
	if (rn == rm->rm_root)
		vp->v_vflag |= VV_ROOT;
	*new_key = &rn->rn_ino;
	return 0;
}

/* extra: the target of a VLNK, NUL-terminated */
static int
rumpfs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key)
{
	struct rumpfs_mount *rm = mp->mnt_data;
	struct rumpfs_node *rn, *dir = dvp != NULL ? VTORN(dvp) : NULL;
	enum vtype type = (enum vtype)vap->va_type;
	mode_t mode = vap->va_mode & ALLPERMS;
	gid_t gid = dir != NULL ? dir->rn_gid : kauth_cred_getegid(cred);
	size_t tlen = 0;
	int error;

	if (type == VNON || type == VBAD)
		return EINVAL;
	/* BSD: a new file takes the group of its directory */
	if ((mode & S_ISGID) && !kauth_cred_issuser(cred) &&
	    !kauth_cred_ismember_gid(cred, gid))
		mode &= ~S_ISGID;
	if (type == VLNK) {
		if (extra == NULL)
			return EINVAL;
		tlen = strlen(extra);
		if (tlen >= MAXPATHLEN)
			return ENAMETOOLONG;
		if ((error = rumpfs_charge(rm, tlen + 1)) != 0)
			return error;
	}
	error = rumpfs_node_alloc(rm, type, mode, kauth_cred_geteuid(cred),
	    gid, (dev_t)vap->va_rdev, &rn);
	if (error == 0 && type == VLNK &&
	    (rn->rn_target = kmem_alloc(tlen + 1, KM_SLEEP)) == NULL) {
		rumpfs_node_free(rn);
		error = ENOMEM;
	}
	if (error != 0) {
		if (type == VLNK)
			rumpfs_uncharge(rm, tlen + 1);
		return error;
	}
	if (type == VLNK) {
		memcpy(rn->rn_target, extra, tlen + 1);
		rn->rn_targetlen = tlen;
		rn->rn_size = (off_t)tlen;
	}
	mutex_enter(&rm->rm_nodelock);
	rn->rn_vp = vp;
	mutex_exit(&rm->rm_nodelock);
	vp->v_data = rn;
	vp->v_type = type;
	vp->v_op = rumpfs_ops_for(type);
	vp->v_size = rn->rn_size;
	vp->v_rdev = rn->rn_rdev;
	*key_len = sizeof(rn->rn_ino);
	*new_key = &rn->rn_ino;
	return 0;
}

static ino_t
rumpfs_fh_ino(const void *fh)
{
	const struct rumpfs_fid *rf = fh;

	return rf->rf_ino;
}

static bool
rumpfs_fh_alive(struct vnode *vp, const void *fh)
{
	const struct rumpfs_fid *rf = fh;
	struct rumpfs_node *rn = VTORN(vp);

	return rn->rn_gen == rf->rf_gen && rn->rn_nlink != 0;
}

static const struct genfs_fhops rumpfs_fhops = {
	.fo_len = sizeof(struct rumpfs_fid),
	.fo_ino = rumpfs_fh_ino,
	.fo_alive = rumpfs_fh_alive,
};

static int
rumpfs_fhtovp(struct mount *mp, struct fid *fhp, int lktype,
    struct vnode **vpp)
{

	return genfs_fhtovp(mp, fhp, lktype, &rumpfs_fhops, vpp);
}

static int
rumpfs_vptofh(struct vnode *vp, struct fid *fhp, size_t *fh_size)
{
	struct rumpfs_node *rn = VTORN(vp);
	struct rumpfs_fid rf;

	rf.rf_ino = rn->rn_ino;
	rf.rf_gen = rn->rn_gen;
	return genfs_vptofh(fhp, fh_size, &rf, sizeof(rf));
}

struct vfsops rumpfs_vfsops = {
	.vfs_name = "rumpfs",
	.vfs_min_mount_data = 0,
	.vfs_mount = rumpfs_mount,
	.vfs_unmount = rumpfs_unmount,
	.vfs_root = rumpfs_root,
	.vfs_statvfs = rumpfs_statvfs,
	.vfs_sync = rumpfs_sync,
	.vfs_vget = genfs_vget,
	.vfs_loadvnode = rumpfs_loadvnode,
	.vfs_newvnode = rumpfs_newvnode,
	.vfs_fhtovp = rumpfs_fhtovp,
	.vfs_vptofh = rumpfs_vptofh,
};

/* /dev with the memory devices, made when rumpfs becomes the root */
static void
rumpfs_populate_dev(struct rumpfs_mount *rm)
{
	extern int32_t rumpfs_devmem_major;
	static const struct {
		const char *name;
		int minor;
	} devs[] = { { "null", 2 }, { "zero", 12 } };
	struct rumpfs_node *dev, *rn;
	size_t i;

	if (rumpfs_node_alloc(rm, VDIR, 0755, 0, 0, NODEV, &dev) != 0)
		return;
	if (rumpfs_dir_add(rm->rm_root, "dev", 3, dev) != 0) {
		rumpfs_node_free(dev);
		return;
	}
	dev->rn_nlink = 2;
	rm->rm_root->rn_nlink++;
	if (rumpfs_devmem_major < 0)
		return;
	for (i = 0; i < __arraycount(devs); i++) {
		if (rumpfs_node_alloc(rm, VCHR, 0666, 0, 0,
		    makedev(rumpfs_devmem_major, devs[i].minor), &rn) != 0)
			return;
		if (rumpfs_dir_add(dev, devs[i].name, strlen(devs[i].name),
		    rn) != 0) {
			rumpfs_node_free(rn);
			return;
		}
		rn->rn_nlink = 1;
	}
}

RUMP_COMPONENT(RUMP_COMPONENT_VFS_FS)
{

	vfs_attach(&rumpfs_vfsops);
}
