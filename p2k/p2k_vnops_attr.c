/*
 * Attribute operations: getattr, setattr, access, readlink, statfs.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <time.h>

#include "p2k_impl.h"

/* reply with vp's attributes */
static void
p2k_reply_attr(fuse_req_t req, struct vnode *vp)
{
	struct kauth_cred *cred = p2k_cred(req);
	struct rump_vattr va;
	struct stat st;
	int error;

	error = RUMP_VOP_GETATTR(vp, &va, cred);
	if (error == 0) {
		p2k_vattr_to_stat(P2M(req), &va, &st);
		fuse_reply_attr(req, &st, P2M(req)->p2m_timeout);
	} else
		fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

static void
p2k_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vnode *vp;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	p2k_reply_attr(req, vp);
	p2k_vput(vp);
}

static void
p2k_settime(struct rump_timespec *dst, const struct timespec *src, bool now)
{
	struct timespec ts;

	if (now) {
		clock_gettime(CLOCK_REALTIME, &ts);
		src = &ts;
	}
	dst->tv_sec = src->tv_sec;
	dst->tv_nsec = src->tv_nsec;
}

static void
p2k_setattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int to_set,
    struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	struct rump_vattr va;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	rump_pub_vattr_null(&va);
	if (to_set & FUSE_SET_ATTR_MODE)
		va.va_mode = attr->st_mode & 07777;
	if (to_set & FUSE_SET_ATTR_UID)
		va.va_uid = p2k_uid_in(P2M(req), attr->st_uid);
	if (to_set & FUSE_SET_ATTR_GID)
		va.va_gid = p2k_gid_in(P2M(req), attr->st_gid);
	if (to_set & FUSE_SET_ATTR_SIZE)
		va.va_size = attr->st_size;
	if (to_set & FUSE_SET_ATTR_ATIME)
		p2k_settime(&va.va_atime, &attr->st_atim,
		    to_set & FUSE_SET_ATTR_ATIME_NOW);
	if (to_set & FUSE_SET_ATTR_MTIME)
		p2k_settime(&va.va_mtime, &attr->st_mtim,
		    to_set & FUSE_SET_ATTR_MTIME_NOW);
	/* "now" for both is utimes(NULL): write permission suffices */
	if ((to_set & FUSE_SET_ATTR_ATIME_NOW) &&
	    (to_set & FUSE_SET_ATTR_MTIME_NOW))
		va.va_vaflags |= RUMP_VA_UTIMES_NULL;
	error = p2k_killmode(req, vp, &va, cred);
	if (error == 0)
		error = RUMP_VOP_SETATTR(vp, &va, cred);
	p2k_cred_put(cred);
	if (error == 0 && (to_set & FUSE_SET_ATTR_SIZE))
		p2k_killpriv(req, vp, P2K_KILL_TRUNC);
	if (error == 0 && (to_set & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)))
		p2k_killpriv(req, vp, P2K_KILL_CHOWN);
	if (error)
		fuse_reply_err(req, error);
	else
		p2k_reply_attr(req, vp);
	p2k_vput(vp);
}

static void
p2k_access(fuse_req_t req, fuse_ino_t ino, int mask)
{
	struct kauth_cred *cred;
	struct vnode *vp;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	fuse_reply_err(req, RUMP_VOP_ACCESS(vp, mask, cred));
	p2k_vput(vp);
	p2k_cred_put(cred);
}

static void
p2k_readlink(fuse_req_t req, fuse_ino_t ino)
{
	struct kauth_cred *cred;
	char buf[PATH_MAX + 1];
	struct vnode *vp;
	size_t resid;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	error = RUMP_VOP_READLINK(vp, buf, PATH_MAX, &resid, cred);
	p2k_vput(vp);
	if (error == 0) {
		buf[PATH_MAX - resid] = '\0';
		fuse_reply_readlink(req, buf);
	} else
		fuse_reply_err(req, error);
	p2k_cred_put(cred);
}

static void
p2k_statfs(fuse_req_t req, fuse_ino_t ino)
{
	struct rump_statvfs rsb;
	struct statvfs sb;
	int error;

	error = rump_pub_vfs_statvfs(P2M(req)->p2m_rmp, &rsb);
	if (error) {
		fuse_reply_err(req, error);
		return;
	}
	memset(&sb, 0, sizeof(sb));
	sb.f_bsize = rsb.f_iosize ? rsb.f_iosize : rsb.f_bsize;
	sb.f_frsize = rsb.f_frsize ? rsb.f_frsize : rsb.f_bsize;
	sb.f_blocks = rsb.f_blocks;
	sb.f_bfree = rsb.f_bfree;
	sb.f_bavail = rsb.f_bavail;
	sb.f_files = rsb.f_files;
	sb.f_ffree = rsb.f_ffree;
	sb.f_favail = rsb.f_favail;
	sb.f_fsid = rsb.f_fsid;
	sb.f_namemax = rsb.f_namemax;
	fuse_reply_statfs(req, &sb);
}

void
p2k_ops_attr(struct fuse_lowlevel_ops *ops)
{
	ops->getattr = p2k_getattr;
	ops->setattr = p2k_setattr;
	ops->access = p2k_access;
	ops->readlink = p2k_readlink;
	ops->statfs = p2k_statfs;
}
