/*
 * Vnode birth: vfs_loadvnode (an existing inode, read and checked) and
 * vfs_newvnode (allocate and initialise a new inode), plus vget.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/kmem.h>
#include <sys/time.h>
#include <sys/cprng.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/kauth.h>

#include "ext2fs.h"

static struct inode *
inode_alloc(struct ext2fs_mount *ump, ino_t ino)
{
	struct inode *ip;

	ip = kmem_zalloc(sizeof(*ip), KM_SLEEP);
	if (ip == NULL)
		return NULL;
	ip->i_raw = kmem_zalloc(ump->um_e2fs->e2fs_isize, KM_SLEEP);
	if (ip->i_raw == NULL) {
		kmem_free(ip, sizeof(*ip));
		return NULL;
	}
	ip->i_ump = ump;
	ip->i_e2fs = ump->um_e2fs;
	ip->i_number = ino;
	return ip;
}

void
ext2fs_inode_free(struct inode *ip)
{
	genfs_dirhash_destroy(ip->i_dirhash);
	kmem_free(ip->i_raw, ip->i_e2fs->e2fs_isize);
	kmem_free(ip, sizeof(*ip));
}

static void
vnode_setup(struct vnode *vp, struct inode *ip, const void **new_key)
{
	ip->i_vnode = vp;
	vp->v_data = ip;
	vp->v_op = &ext2fs_vnodeops;
	vp->v_type = IFTOVT(ip->i_mode);
	vp->v_size = (off_t)ip->i_size;
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		vp->v_rdev = ext2fs_rdev(ip);
	if (ip->i_number == E2FS_ROOTINO)
		vp->v_vflag |= VV_ROOT;
	*new_key = &ip->i_number;
	mutex_enter(&ip->i_ump->um_lock);
	LIST_INSERT_HEAD(&ip->i_ump->um_inodes, ip, i_all);
	mutex_exit(&ip->i_ump->um_lock);
}

int
ext2fs_loadvnode(struct mount *mp, struct vnode *vp, const void *key,
    size_t key_len, const void **new_key)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	struct m_ext2fs *fs = ump->um_e2fs;
	struct inode *ip;
	const char *why;
	ino_t ino;
	int error;

	if ((error = genfs_vcache_ino(key, key_len, &ino)) != 0)
		return error;
	if (ino < 1 || ino > fs->e2fs_icount ||
	    (ino < fs->e2fs_first_ino && ino != E2FS_ROOTINO))
		return ENOENT;
	if ((ip = inode_alloc(ump, ino)) == NULL)
		return ENOMEM;
	if ((error = ext2fs_iread(ump, ino, ip)) != 0)
		goto fail;
	if (ip->i_mode == 0 || (ip->i_nlink == 0 &&
	    !ump->um_orphan_recovery)) {
		error = ENOENT;		/* a free inode */
		goto fail;
	}
	if (ext2fs_icheck(ip, &why) != 0) {
		ip->i_vnode = NULL;
		error = ext2fs_corrupt(ip, why);
		goto fail;
	}
	vnode_setup(vp, ip, new_key);
	return 0;
fail:
	ext2fs_inode_free(ip);
	return error;
}

static void
init_icore(struct inode *ip, struct inode *pip, struct vattr *vap,
    kauth_cred_t cred)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct ext2fs_icore *ic = &ip->i_din;
	struct timespec now;
	uint32_t mode = (uint32_t)MAKEIMODE(vap->va_type, vap->va_mode);

	memset(ic, 0, sizeof(*ic));
	getnanotime(&now);
	ic->ic_uid = kauth_cred_geteuid(cred);
	ic->ic_gid = kauth_cred_getegid(cred);
	if (pip->i_mode & S_ISGID) {
		ic->ic_gid = pip->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
	}
	if ((mode & S_ISGID) && !S_ISDIR(mode) &&
	    !kauth_cred_ismember_gid(cred, ic->ic_gid) &&
	    !kauth_cred_issuser(cred))
		mode &= ~S_ISGID;
	ic->ic_mode = (uint16_t)mode;
	ic->ic_nlink = S_ISDIR(mode) ? 2 : 1;
	ic->ic_atime = ic->ic_mtime = ic->ic_ctime = ic->ic_crtime = now;
	do
		ic->ic_gen = cprng_fast32();
	while (ic->ic_gen == 0);
	if (fs->e2fs_isize > E2FS_GOOD_OLD_INODE_SIZE)
		ic->ic_extra_isize = (uint16_t)MIN(32,
		    fs->e2fs_isize - E2FS_GOOD_OLD_INODE_SIZE);
	if ((vap->va_type == VCHR || vap->va_type == VBLK) &&
	    vap->va_rdev != (uint64_t)VNOVAL)
		ext2fs_setrdev(ip, vap->va_rdev);
}

int
ext2fs_newvnode(struct mount *mp, struct vnode *dvp, struct vnode *vp,
    struct vattr *vap, kauth_cred_t cred, void *extra, size_t *key_len,
    const void **new_key)
{
	struct ext2fs_mount *ump = VFSTOUFS(mp);
	struct inode *pip = VTOI(dvp), *ip;
	int mode = MAKEIMODE(vap->va_type, vap->va_mode), error;
	ino_t ino;

	if (ump->um_e2fs->e2fs_ronly)
		return EROFS;
	if ((error = ext2fs_inoalloc(pip, mode, &ino)) != 0)
		return error;
	if ((ip = inode_alloc(ump, ino)) == NULL) {
		ext2fs_inofree(ump, ino, mode);
		return ENOMEM;
	}
	init_icore(ip, pip, vap, cred);
	ip->i_flag = IN_MODIFIED;
	vnode_setup(vp, ip, new_key);
	*key_len = sizeof(ip->i_number);
	/* on disk before its entry; see ext2fs.h */
	if (S_ISDIR(mode) || S_ISLNK(mode))
		error = ext2fs_ordered(ump) ? ext2fs_iupdate_unlinked(ip) :
		    ext2fs_iupdate(ip, 0);
	else
		error = ext2fs_update_dirop(ip);
	if (error) {
		ext2fs_inofree(ump, ino, mode);
		vp->v_data = NULL;
		mutex_enter(&ump->um_lock);
		LIST_REMOVE(ip, i_all);
		mutex_exit(&ump->um_lock);
		ext2fs_inode_free(ip);
	}
	return error;
}
