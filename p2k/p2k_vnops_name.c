/*
 * Name operations: lookup, forget, and everything that makes or removes a
 * directory entry.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "p2k_impl.h"

static void
p2k_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct p2k_mount *p2m = P2M(req);
	struct kauth_cred *cred = p2k_cred(req);
	struct fuse_entry_param e;
	struct vnode *dvp, *vp;
	int error;

	/* a directory removed meanwhile holds no names */
	if ((error = p2k_vget(req, parent, &dvp)) != 0) {
		fuse_reply_err(req, error == ESTALE ? ENOENT : error);
		goto out;
	}
	error = RUMP_VOP_LOOKUP(dvp, name, strlen(name), 0, cred, &vp);
	p2k_vput(dvp);
	if (error == ENOENT) {
		/* a negative entry: the kernel may cache the absence */
		memset(&e, 0, sizeof(e));
		e.entry_timeout = p2m->p2m_entry_timeout;
		fuse_reply_entry(req, &e);
	} else if (error == 0)
		error = p2k_reply_entry(req, p2m, vp, cred);
	if (error != 0 && error != ENOENT)
		fuse_reply_err(req, error);
out:
	p2k_cred_put(cred);
}

static void
p2k_forget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	p2k_node_forget(P2M(req), NODE(req, ino), nlookup);
	fuse_reply_none(req);
}

static void
p2k_forget_multi(fuse_req_t req, size_t count,
    struct fuse_forget_data *forgets)
{
	size_t i;

	for (i = 0; i < count; i++)
		p2k_node_forget(P2M(req), NODE(req, forgets[i].ino),
		    forgets[i].nlookup);
	fuse_reply_none(req);
}

static int
p2k_mode_to_vtype(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:	return RUMP_VREG;
	case S_IFDIR:	return RUMP_VDIR;
	case S_IFBLK:	return RUMP_VBLK;
	case S_IFCHR:	return RUMP_VCHR;
	case S_IFLNK:	return RUMP_VLNK;
	case S_IFSOCK:	return RUMP_VSOCK;
	case S_IFIFO:	return RUMP_VFIFO;
	default:	return RUMP_VNON;
	}
}

/* Make a node of any kind; the umask was applied by the host kernel. */
static void
p2k_make(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
    dev_t rdev, const char *target)
{
	struct kauth_cred *cred;
	struct vnode *dvp, *vp;
	struct rump_vattr va;
	size_t len = strlen(name);
	int error;

	if (!p2k_op_begin(req, parent, &dvp, &cred))
		return;
	rump_pub_vattr_null(&va);
	va.va_type = p2k_mode_to_vtype(mode);
	va.va_mode = mode & 07777;
	if (target != NULL) {
		va.va_type = RUMP_VLNK;
		va.va_mode = 0777;
		error = RUMP_VOP_SYMLINK(dvp, name, len, &va, target, cred,
		    &vp);
	} else if (va.va_type == RUMP_VDIR) {
		error = RUMP_VOP_MKDIR(dvp, name, len, &va, cred, &vp);
	} else if (va.va_type == RUMP_VREG) {
		error = RUMP_VOP_CREATE(dvp, name, len, &va, cred, &vp);
	} else if (va.va_type == RUMP_VNON) {
		error = EINVAL;
	} else {
		va.va_rdev = ((uint64_t)major(rdev) << 32) | minor(rdev);
		error = RUMP_VOP_MKNOD(dvp, name, len, &va, cred, &vp);
	}
	p2k_vput(dvp);
	if (error == 0)
		error = p2k_reply_entry(req, P2M(req), vp, cred);
	if (error)
		fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

static void
p2k_mknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
    dev_t rdev)
{
	p2k_make(req, parent, name, mode, rdev, NULL);
}

static void
p2k_mkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	p2k_make(req, parent, name, (mode & 07777) | S_IFDIR, 0, NULL);
}

static void
p2k_symlink(fuse_req_t req, const char *link, fuse_ino_t parent,
    const char *name)
{
	p2k_make(req, parent, name, S_IFLNK | 0777, 0, link);
}

/* unlink (rmdir false) or rmdir of name in parent */
static void
p2k_remove(fuse_req_t req, fuse_ino_t parent, const char *name, bool rmdir)
{
	struct kauth_cred *cred;
	struct vnode *dvp;
	int error;

	if (!p2k_op_begin(req, parent, &dvp, &cred))
		return;
	if (rmdir)
		error = RUMP_VOP_RMDIR(dvp, name, strlen(name), cred);
	else
		error = RUMP_VOP_REMOVE(dvp, name, strlen(name), cred);
	p2k_vput(dvp);
	fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

static void
p2k_unlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	p2k_remove(req, parent, name, false);
}

static void
p2k_rmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	p2k_remove(req, parent, name, true);
}

static void
p2k_rename(fuse_req_t req, fuse_ino_t parent, const char *name,
    fuse_ino_t newparent, const char *newname, unsigned int flags)
{
	struct kauth_cred *cred;
	struct vnode *fdvp, *tdvp;
	int error;

	if (flags & ~RENAME_NOREPLACE) {	/* RENAME_EXCHANGE, WHITEOUT */
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (!p2k_vget2_reply(req, parent, &fdvp, newparent, &tdvp))
		return;
	cred = p2k_cred(req);
	error = RUMP_VOP_RENAME(fdvp, name, strlen(name), tdvp, newname,
	    strlen(newname), flags, cred);
	p2k_vput(fdvp);
	p2k_vput(tdvp);
	fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

static void
p2k_link(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent,
    const char *newname)
{
	struct kauth_cred *cred;
	struct vnode *vp, *dvp;
	int error;

	if (!p2k_vget2_reply(req, ino, &vp, newparent, &dvp))
		return;
	cred = p2k_cred(req);
	error = RUMP_VOP_LINK(dvp, vp, newname, strlen(newname), cred);
	p2k_vput(dvp);
	if (error == 0)		/* our reference goes with the reply */
		error = p2k_reply_entry(req, P2M(req), vp, cred);
	else
		p2k_vput(vp);
	if (error)
		fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

void
p2k_ops_name(struct fuse_lowlevel_ops *ops)
{
	ops->lookup = p2k_lookup;
	ops->forget = p2k_forget;
	ops->forget_multi = p2k_forget_multi;
	ops->mknod = p2k_mknod;
	ops->mkdir = p2k_mkdir;
	ops->symlink = p2k_symlink;
	ops->unlink = p2k_unlink;
	ops->rmdir = p2k_rmdir;
	ops->rename = p2k_rename;
	ops->link = p2k_link;
}
