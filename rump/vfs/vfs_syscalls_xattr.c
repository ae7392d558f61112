/*
 * Extended attributes, with Linux's calling conventions: a zero size asks
 * for the size, a buffer too small is ERANGE.
 */
#include <sys/types.h>
#include <sys/uio.h>

#include "vfs_syscalls.h"

#define XATTR_NAME_MAX	255
#define XATTR_SIZE_MAX	65536

static int
xattr_name_ok(const char *name)
{
	size_t len;

	if (name == NULL)
		return EFAULT;
	len = strnlen(name, XATTR_NAME_MAX + 1);
	if (len == 0 || len > XATTR_NAME_MAX)
		return ERANGE;
	return 0;
}

/* get (name != NULL) or list: vp referenced, unlocked */
static int
xattr_read(struct vnode *vp, const char *name, void *buf, size_t size,
    size_t *retp)
{
	kauth_cred_t cred = kauth_cred_get();
	struct iovec iov;
	struct uio uio;
	size_t len = 0;
	int error;

	if ((error = vn_lock(vp, LK_SHARED)) != 0)
		return EBADF;
	if (name != NULL)
		error = VOP_GETEXTATTR(vp, name, NULL, &len, cred);
	else
		error = VOP_LISTEXTATTR(vp, NULL, &len, cred);
	if (error == 0 && size > 0) {
		if (len > size)
			error = ERANGE;
		else {
			uio_setup_sys(&uio, &iov, buf, len, 0, UIO_READ);
			if (name != NULL)
				error = VOP_GETEXTATTR(vp, name, &uio, NULL,
				    cred);
			else
				error = VOP_LISTEXTATTR(vp, &uio, NULL, cred);
			len -= uio.uio_resid;
		}
	}
	VOP_UNLOCK(vp);
	if (error == 0)
		*retp = len;
	return error;
}

static int
xattr_get(const char *path, bool follow, const char *name, void *buf,
    size_t size, int *retp)
{
	struct vnode *vp;
	size_t len;
	int error;

	if (name != NULL && (error = xattr_name_ok(name)) != 0)
		return error;
	if (size > 0 && buf == NULL)
		return EFAULT;
	if ((error = sys_lookup_vp(AT_FDCWD, path, follow, &vp)) != 0)
		return error;
	error = xattr_read(vp, name, buf, size, &len);
	vrele(vp);
	if (error == 0)
		*retp = (int)len;
	return error;
}

static int
xattr_set(const char *path, bool follow, const char *name, const void *buf,
    size_t size, int flags)
{
	struct vnode *vp;
	struct iovec iov;
	struct uio uio;
	int error;

	if ((error = xattr_name_ok(name)) != 0)
		return error;
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return EINVAL;
	if (size > XATTR_SIZE_MAX)
		return E2BIG;
	if (size > 0 && buf == NULL)
		return EFAULT;
	if ((error = sys_lookup_vp(AT_FDCWD, path, follow, &vp)) != 0)
		return error;
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) == 0) {
		uio_setup_sys(&uio, &iov, (void *)(uintptr_t)buf, size, 0,
		    UIO_WRITE);
		error = VOP_SETEXTATTR(vp, name, &uio, flags,
		    kauth_cred_get());
		VOP_UNLOCK(vp);
	} else
		error = EBADF;
	vrele(vp);
	return error;
}

static int
xattr_remove(const char *path, bool follow, const char *name)
{
	struct vnode *vp;
	int error;

	if ((error = xattr_name_ok(name)) != 0)
		return error;
	if ((error = sys_lookup_vp(AT_FDCWD, path, follow, &vp)) != 0)
		return error;
	if ((error = vn_lock(vp, LK_EXCLUSIVE)) == 0) {
		error = VOP_DELETEEXTATTR(vp, name, kauth_cred_get());
		VOP_UNLOCK(vp);
	} else
		error = EBADF;
	vrele(vp);
	return error;
}

static int
sys_get(const char *path, bool follow, const char *name, void *buf,
    size_t size)
{
	int ret = 0, error;

	sys_enter();
	error = xattr_get(path, follow, name, buf, size, &ret);
	return sys_exit(error) == 0 ? ret : -1;
}

int
rump_sys_getxattr(const char *path, const char *name, void *value,
    size_t size)
{

	if (name == NULL) {
		sys_enter();
		return sys_exit(EFAULT);
	}
	return sys_get(path, true, name, value, size);
}

int
rump_sys_lgetxattr(const char *path, const char *name, void *value,
    size_t size)
{

	if (name == NULL) {
		sys_enter();
		return sys_exit(EFAULT);
	}
	return sys_get(path, false, name, value, size);
}

int
rump_sys_listxattr(const char *path, char *list, size_t size)
{

	return sys_get(path, true, NULL, list, size);
}

int
rump_sys_llistxattr(const char *path, char *list, size_t size)
{

	return sys_get(path, false, NULL, list, size);
}

int
rump_sys_setxattr(const char *path, const char *name, const void *value,
    size_t size, int flags)
{

	sys_enter();
	return sys_exit(xattr_set(path, true, name, value, size, flags));
}

int
rump_sys_lsetxattr(const char *path, const char *name, const void *value,
    size_t size, int flags)
{

	sys_enter();
	return sys_exit(xattr_set(path, false, name, value, size, flags));
}

int
rump_sys_removexattr(const char *path, const char *name)
{

	sys_enter();
	return sys_exit(xattr_remove(path, true, name));
}

int
rump_sys_lremovexattr(const char *path, const char *name)
{

	sys_enter();
	return sys_exit(xattr_remove(path, false, name));
}
