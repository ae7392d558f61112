/*
 * chdir, fchdir, chroot, getcwd.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/uio.h>

#include "vfs_syscalls.h"

/* vp referenced: a directory the caller may search */
static int
chdir_check(struct vnode *vp)
{
	int error;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if ((error = vn_lock(vp, LK_SHARED)) != 0)
		return ENOENT;
	error = VOP_ACCESS(vp, VEXEC, kauth_cred_get());
	VOP_UNLOCK(vp);
	return error;
}

static int
do_chdir(const char *path, bool root)
{
	struct vnode *vp;
	int error;

	if (root && !kauth_cred_issuser(kauth_cred_get()))
		return EPERM;
	if ((error = sys_lookup_vp(AT_FDCWD, path, true, &vp)) != 0)
		return error;
	if ((error = chdir_check(vp)) != 0) {
		vrele(vp);
		return error;
	}
	if (root)
		cwdinfo_setrdir(vp);
	else
		cwdinfo_setcdir(vp);
	return 0;
}

int
rump_sys_chdir(const char *path)
{

	sys_enter();
	return sys_exit(do_chdir(path, false));
}

int
rump_sys_chroot(const char *path)
{

	sys_enter();
	return sys_exit(do_chdir(path, true));
}

int
rump_sys_fchdir(int fd)
{
	struct file *fp;
	int error;

	sys_enter();
	if ((error = fd_getvnode(fd, &fp)) == 0) {
		if ((error = chdir_check(fp->f_vnode)) == 0) {
			vref(fp->f_vnode);
			cwdinfo_setcdir(fp->f_vnode);
		}
		fd_putfile(fp);
	}
	return sys_exit(error);
}

#define GETCWD_DIRBUF	4096

/* find the name of the entry with fileid in dvp (referenced) */
static int
getcwd_scan(struct vnode *dvp, uint64_t fileid, char *dirbuf, char *name)
{
	struct dirent *dp;
	struct iovec iov;
	struct uio uio;
	off_t cookie = 0;
	size_t len, off;
	int error, eof;

	if ((error = vn_lock(dvp, LK_SHARED)) != 0)
		return ENOENT;
	for (;;) {
		eof = 0;
		uio_setup_sys(&uio, &iov, dirbuf, GETCWD_DIRBUF, cookie,
		    UIO_READ);
		error = VOP_READDIR(dvp, &uio, FSCRED, &eof);
		if (error != 0)
			break;
		len = GETCWD_DIRBUF - uio.uio_resid;
		for (off = 0; off + offsetof(struct dirent, d_name) < len;
		    off += dp->d_reclen) {
			dp = (struct dirent *)(dirbuf + off);
			if (dp->d_reclen == 0)
				break;
			if (dp->d_fileno != fileid || dp->d_namlen == 0 ||
			    (dp->d_name[0] == '.' && (dp->d_namlen == 1 ||
			    (dp->d_namlen == 2 && dp->d_name[1] == '.'))))
				continue;
			memcpy(name, dp->d_name, dp->d_namlen);
			name[dp->d_namlen] = '\0';
			VOP_UNLOCK(dvp);
			return 0;
		}
		if (eof || len == 0 || uio.uio_offset == cookie)
			break;
		cookie = uio.uio_offset;
	}
	VOP_UNLOCK(dvp);
	return error != 0 ? error : ENOENT;
}

/* one step up from *vpp (referenced); prepends its name at *bpp */
static int
getcwd_step(struct vnode **vpp, char *kbuf, char **bpp, char *dirbuf)
{
	struct componentname cn;
	struct vnode *vp = *vpp, *pvp = NULL;
	struct vattr va;
	char name[MAXNAMLEN + 1];
	size_t nlen;
	int error;

	if ((error = vn_lock(vp, LK_SHARED)) != 0)
		return ENOENT;
	vattr_null(&va);
	error = VOP_GETATTR(vp, &va, FSCRED);
	cn_init(&cn, LOOKUP, ISLASTCN | ISDOTDOT, kauth_cred_get(), "..", 2);
	if (error == 0)
		error = VOP_LOOKUP(vp, &pvp, &cn);
	VOP_UNLOCK(vp);
	if (error != 0)
		return error;
	if (pvp == vp) {
		vrele(pvp);
		return ENOENT;
	}
	if ((error = getcwd_scan(pvp, va.va_fileid, dirbuf, name)) != 0) {
		vrele(pvp);
		return error;
	}
	nlen = strlen(name);
	if ((size_t)(*bpp - kbuf) < nlen + 1) {
		vrele(pvp);
		return ENAMETOOLONG;
	}
	*bpp -= nlen;
	memcpy(*bpp, name, nlen);
	*--(*bpp) = '/';
	vrele(vp);
	*vpp = pvp;
	return 0;
}

static int
do_getcwd(char *buf, size_t size)
{
	struct cwdinfo *cwdi = cwdinfo_cur();
	struct vnode *vp, *rvp, *cvp;
	char *kbuf, *dirbuf, *bp;
	size_t len;
	int error = 0;

	if (buf == NULL)
		return EFAULT;
	if (size == 0)
		return EINVAL;
	kbuf = kmem_alloc(MAXPATHLEN, KM_SLEEP);
	dirbuf = kmem_alloc(GETCWD_DIRBUF, KM_SLEEP);
	if (kbuf == NULL || dirbuf == NULL) {
		error = ENOMEM;
		goto out;
	}
	rvp = cwdinfo_rootref();
	rw_enter(&cwdi->cwdi_lock, RW_READER);
	vp = cwdi->cwdi_cdir;
	vref(vp);
	rw_exit(&cwdi->cwdi_lock);
	bp = kbuf + MAXPATHLEN;
	*--bp = '\0';
	while (error == 0 && vp != rvp) {
		if ((vp->v_vflag & VV_ROOT) && vp->v_mount != NULL &&
		    (cvp = vp->v_mount->mnt_vnodecovered) != NULL) {
			vref(cvp);
			vrele(vp);
			vp = cvp;
			continue;
		}
		error = getcwd_step(&vp, kbuf, &bp, dirbuf);
	}
	vrele(vp);
	vrele(rvp);
	if (error == 0 && *bp == '\0')
		*--bp = '/';
	len = strlen(bp) + 1;
	if (error == 0 && len > size)
		error = ERANGE;
	if (error == 0)
		memcpy(buf, bp, len);
out:
	if (kbuf != NULL)
		kmem_free(kbuf, MAXPATHLEN);
	if (dirbuf != NULL)
		kmem_free(dirbuf, GETCWD_DIRBUF);
	return error;
}

char *
rump_sys_getcwd(char *buf, size_t size)
{

	sys_enter();
	return sys_exit(do_getcwd(buf, size)) == 0 ? buf : NULL;
}
