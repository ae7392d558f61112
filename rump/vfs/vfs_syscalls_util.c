/*
 * Helpers shared by the system calls: leaving the kernel with an errno,
 * path lookups relative to a directory descriptor, stat conversion.
 */
#include <sys/types.h>

#include "vfs_syscalls.h"

int
sys_exit(int error)
{

	rump_unschedule();
	if (error == 0)
		return 0;
	/* after unschedule: nothing may clobber the host errno later */
	rumpuser_seterrno(error);
	return -1;
}

rump_ssize_t
sys_exit_ssize(int error, rump_ssize_t ret)
{

	rump_unschedule();
	if (error == 0)
		return ret;
	rumpuser_seterrno(error);
	return -1;
}

int
sys_namei_at(int dirfd, const char *path, uint32_t op, uint32_t flags,
    struct nameidata *nd, struct file **dfpp)
{
	struct file *dfp = NULL;
	int error;

	*dfpp = NULL;
	if (path == NULL)
		return EFAULT;
	NDINIT(nd, op, flags, path);
	if (path[0] != '/' && dirfd != AT_FDCWD) {
		if ((error = fd_getvnode(dirfd, &dfp)) != 0)
			return error;
		if (dfp->f_vnode->v_type != VDIR) {
			fd_putfile(dfp);
			return ENOTDIR;
		}
		NDAT(nd, dfp->f_vnode);
	}
	error = namei(nd);
	if (error != 0) {
		if (dfp != NULL)
			fd_putfile(dfp);
		return error;
	}
	*dfpp = dfp;
	return 0;
}

void
sys_namei_done(struct nameidata *nd, struct file *dfp)
{

	namei_done(nd);
	if (dfp != NULL)
		fd_putfile(dfp);
}

int
sys_lookup_vp(int dirfd, const char *path, bool follow, struct vnode **vpp)
{
	struct nameidata nd;
	struct file *dfp;
	int error;

	error = sys_namei_at(dirfd, path, LOOKUP, follow ? FOLLOW : NOFOLLOW,
	    &nd, &dfp);
	if (error != 0)
		return error;
	*vpp = nd.ni_vp;
	sys_namei_done(&nd, dfp);
	return *vpp != NULL ? 0 : ENOENT;
}

/* after a CREATE/DELETE/RENAME lookup with LOCKPARENT */
void
sys_release_parent(struct nameidata *nd)
{

	/* namei leaves the parent unlocked when it is ni_vp itself (".") */
	if (nd->ni_dvp == NULL)
		return;
	if (nd->ni_dvp == nd->ni_vp)
		vrele(nd->ni_dvp);
	else
		vput(nd->ni_dvp);
	nd->ni_dvp = NULL;
}

bool
sys_isdotname(const struct componentname *cnp, bool dotdot)
{

	if (cnp->cn_namelen == 1 && cnp->cn_nameptr[0] == '.')
		return true;
	return dotdot && cnp->cn_namelen == 2 && cnp->cn_nameptr[0] == '.' &&
	    cnp->cn_nameptr[1] == '.';
}

void
vattr_to_stat(const struct vattr *va, struct stat *sb)
{

	memset(sb, 0, sizeof(*sb));
	sb->st_dev = va->va_fsid;
	sb->st_ino = va->va_fileid;
	sb->st_mode = (va->va_mode & ALLPERMS) |
	    (va->va_type >= 0 && va->va_type <= (int)VBAD ?
	    (uint32_t)VTTOIF(va->va_type) : 0);
	sb->st_nlink = va->va_nlink;
	sb->st_uid = va->va_uid;
	sb->st_gid = va->va_gid;
	sb->st_rdev = va->va_rdev == (uint64_t)VNOVAL ? 0 : va->va_rdev;
	sb->st_size = va->va_size;
	sb->st_blocks = va->va_bytes == VNOVAL ? 0 :
	    (va->va_bytes + DEV_BSIZE - 1) / DEV_BSIZE;
	sb->st_blksize = va->va_blocksize;
	sb->st_flags = va->va_flags == (uint32_t)VNOVAL ? 0 : va->va_flags;
	sb->st_gen = va->va_gen == (uint64_t)VNOVAL ? 0 : va->va_gen;
	sb->st_atim = va->va_atime;
	sb->st_mtim = va->va_mtime;
	sb->st_ctim = va->va_ctime;
	sb->st_birthtim = va->va_birthtime;
}

/* vp referenced, unlocked */
int
vn_stat(struct vnode *vp, struct stat *sb)
{
	struct vattr va;
	int error;

	if ((error = vn_lock(vp, LK_SHARED)) != 0)
		return error == ENOENT ? EBADF : error;
	vattr_null(&va);
	error = VOP_GETATTR(vp, &va, kauth_cred_get());
	VOP_UNLOCK(vp);
	if (error == 0) {
		vattr_to_stat(&va, sb);
		if (sb->st_rdev == 0 && (vp->v_type == VBLK ||
		    vp->v_type == VCHR))
			sb->st_rdev = vp->v_rdev;
	}
	return error;
}

/* vp referenced, unlocked: the statvfs of its mount */
int
vn_statvfs(struct vnode *vp, struct statvfs *sb)
{
	struct mount *mp = vp->v_mount;
	int error;

	if (mp == NULL)
		return EBADF;
	if ((error = vfs_busy(mp)) != 0)
		return error;
	memset(sb, 0, sizeof(*sb));
	error = VFS_STATVFS(mp, sb);
	if (error == 0) {
		/* the generic fields come from the mount, not the driver */
		sb->f_flag = (uint64_t)(uint32_t)mp->mnt_flag;
		sb->f_fsid = mp->mnt_stat.f_fsid;
		if (sb->f_namemax == 0)
			sb->f_namemax = mp->mnt_stat.f_namemax != 0 ?
			    mp->mnt_stat.f_namemax : MAXNAMLEN;
		if (mp->mnt_stat.f_fstypename[0] != '\0')
			memcpy(sb->f_fstypename, mp->mnt_stat.f_fstypename,
			    sizeof(sb->f_fstypename));
		if (mp->mnt_stat.f_mntonname[0] != '\0')
			memcpy(sb->f_mntonname, mp->mnt_stat.f_mntonname,
			    sizeof(sb->f_mntonname));
		if (mp->mnt_stat.f_mntfromname[0] != '\0')
			memcpy(sb->f_mntfromname,
			    mp->mnt_stat.f_mntfromname,
			    sizeof(sb->f_mntfromname));
	}
	vfs_unbusy(mp);
	return error;
}

/* vp locked exclusive */
int
vn_setattr_locked(struct vnode *vp, struct vattr *va)
{

	return VOP_SETATTR(vp, va, kauth_cred_get());
}
