/*
 * File I/O: open, create, read, write, flush, release, fsync, lseek,
 * fallocate, copy_file_range.  fi->fh keeps the open flags.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "p2k_impl.h"

/*
 * Keep the host's page cache across opens when the file did not change
 * since the last open (nothing but this server writes the image).
 */
static void
p2k_cachepolicy(struct p2k_node *pn, const struct rump_vattr *va,
    struct fuse_file_info *fi)
{
	uint64_t key = 14695981039346656037ULL;

	/* a hash of the mtime and size (never 0: "not opened yet") */
	key = (key ^ (uint64_t)va->va_mtime.tv_sec) * 1099511628211ULL;
	key = (key ^ (uint64_t)va->va_mtime.tv_nsec) * 1099511628211ULL;
	key = ((key ^ (uint64_t)va->va_size) * 1099511628211ULL) | 1;
	fi->keep_cache = pn->pn_cachekey == key;
	pn->pn_cachekey = key;
}

/* open pn's file vp; the node then holds vp until p2k_node_close */
static int
p2k_doopen(fuse_req_t req, struct p2k_node *pn, struct vnode *vp,
    struct fuse_file_info *fi, struct kauth_cred *cred)
{
	struct rump_vattr va;
	int error;

	error = RUMP_VOP_OPEN(vp, fi->flags, cred);
	if (error == 0 && (fi->flags & O_TRUNC)) {
		rump_pub_vattr_null(&va);
		va.va_size = 0;
		error = RUMP_VOP_SETATTR(vp, &va, cred);
		if (error)
			RUMP_VOP_CLOSE(vp, fi->flags, cred);
		else
			p2k_killpriv(req, vp, P2K_KILL_TRUNC);
	}
	if (error == 0 && RUMP_VOP_GETATTR(vp, &va, cred) == 0)
		p2k_cachepolicy(pn, &va, fi);
	if (error == 0)
		p2k_node_open(P2M(req), pn, vp);
	fi->fh = (uint64_t)fi->flags;
	return error;
}

/* an open the host kernel did not get (interrupted): undo it */
static void
p2k_unopen(fuse_req_t req, struct p2k_node *pn, struct vnode *vp,
    struct fuse_file_info *fi, struct kauth_cred *cred)
{
	RUMP_VOP_CLOSE(vp, fi->flags, cred);
	p2k_node_close(P2M(req), pn);
}

/* Linux's open flag for execve(2), passed on by FUSE */
#define P2K_FMODE_EXEC	0x20

/*
 * The caller may open the file as asked (vn_open's check: VOP_OPEN
 * itself checks nothing).  O_TRUNC needs write permission, as on Linux;
 * execve(2) needs execute permission only.
 */
static int
p2k_open_access(struct vnode *vp, int flags, struct kauth_cred *cred)
{
	int mode = 0;

	if (flags & P2K_FMODE_EXEC)
		mode |= X_OK;
	else if ((flags & O_ACCMODE) != O_WRONLY)
		mode |= R_OK;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		mode |= W_OK;
	return RUMP_VOP_ACCESS(vp, mode, cred);
}

static void
p2k_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	error = p2k_open_access(vp, fi->flags, cred);
	if (error == 0)
		error = p2k_doopen(req, NODE(req, ino), vp, fi, cred);
	if (error)
		fuse_reply_err(req, error);
	else if (fuse_reply_open(req, fi) != 0)
		p2k_unopen(req, NODE(req, ino), vp, fi, cred);
	p2k_vput(vp);
	p2k_cred_put(cred);
}

static void
p2k_create(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
    struct fuse_file_info *fi)
{
	struct p2k_mount *p2m = P2M(req);
	struct kauth_cred *cred;
	struct fuse_entry_param e;
	struct rump_vattr va;
	struct p2k_node *pn;
	struct vnode *dvp, *vp;
	int error;

	if (!p2k_op_begin(req, parent, &dvp, &cred))
		return;
	rump_pub_vattr_null(&va);
	va.va_type = RUMP_VREG;
	va.va_mode = mode & 07777;
	if (fi->flags & O_EXCL)
		va.va_vaflags |= RUMP_VA_EXCLUSIVE;
	error = RUMP_VOP_CREATE(dvp, name, strlen(name), &va, cred, &vp);
	p2k_vput(dvp);
	if (error) {
		fuse_reply_err(req, error);
		goto out;
	}
	if ((error = RUMP_VOP_GETATTR(vp, &va, cred)) != 0 ||
	    (error = p2k_node_get(p2m, vp, &pn)) != 0) {
		fuse_reply_err(req, error);
		goto outvp;
	}
	fi->flags &= ~O_TRUNC;	/* a file we just made, or O_EXCL failed */
	if ((error = p2k_doopen(req, pn, vp, fi, cred)) != 0) {
		p2k_node_forget(p2m, pn, 1);
		fuse_reply_err(req, error);
		goto outvp;
	}
	p2k_entry_fill(p2m, pn, &va, &e);
	if (fuse_reply_create(req, &e, fi) != 0) {
		p2k_unopen(req, pn, vp, fi, cred);
		p2k_node_forget(p2m, pn, 1);
	}
outvp:
	p2k_vput(vp);
out:
	p2k_cred_put(cred);
}

static void
p2k_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
    struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	size_t resid;
	char *buf;
	int error;

	if ((buf = malloc(size ? size : 1)) == NULL) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (!p2k_op_begin(req, ino, &vp, &cred)) {
		free(buf);
		return;
	}
	error = RUMP_VOP_READ(vp, buf, size, off, &resid, 0, cred);
	p2k_vput(vp);
	if (error)
		fuse_reply_err(req, error);
	else
		fuse_reply_buf(req, buf, size - resid);
	free(buf);
	p2k_cred_put(cred);
}

static void
p2k_write(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size,
    off_t off, struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	int ioflag = 0;
	size_t resid;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	if (fi->fh & O_APPEND)
		ioflag |= RUMP_IO_APPEND;
	if (fi->fh & O_DSYNC)
		ioflag |= (fi->fh & O_SYNC) == O_SYNC ? RUMP_IO_SYNC :
		    RUMP_IO_DSYNC;
	error = RUMP_VOP_WRITE(vp, buf, size, off, &resid, ioflag, cred);
	p2k_vput(vp);
	if (error && resid == size)
		fuse_reply_err(req, error);
	else
		fuse_reply_write(req, size - resid);
	p2k_cred_put(cred);
}

/* a close(2): the closing process loses its POSIX locks on the file */
static void
p2k_flush(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct vnode *vp;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	fuse_reply_err(req, p2k_unlock_owner(vp, fi->lock_owner,
	    RUMP_F_POSIX));
	p2k_vput(vp);
}

/* the last close of an open file: its flock locks go with it */
static void
p2k_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	int error;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	if (fi->flock_release)
		(void)p2k_unlock_owner(vp, fi->lock_owner, RUMP_F_FLOCK);
	error = RUMP_VOP_CLOSE(vp, (int)fi->fh, cred);
	p2k_node_close(P2M(req), NODE(req, ino));
	fuse_reply_err(req, error);
	p2k_vput(vp);
	p2k_cred_put(cred);
}

/* fsync and fsyncdir */
void
p2k_fsync_common(fuse_req_t req, fuse_ino_t ino, int datasync)
{
	struct kauth_cred *cred;
	struct vnode *vp;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	fuse_reply_err(req, RUMP_VOP_FSYNC(vp, datasync, cred));
	p2k_vput(vp);
	p2k_cred_put(cred);
}

static void
p2k_fsync(fuse_req_t req, fuse_ino_t ino, int datasync,
    struct fuse_file_info *fi)
{
	p2k_fsync_common(req, ino, datasync);
}

static void
p2k_lseek(fuse_req_t req, fuse_ino_t ino, off_t off, int whence,
    struct fuse_file_info *fi)
{
	struct vnode *vp;
	int64_t o = off;
	int error;

	if (whence != SEEK_DATA && whence != SEEK_HOLE) {
		fuse_reply_err(req, EINVAL);
		return;
	}
	if (!p2k_vget_reply(req, ino, &vp))
		return;
	error = RUMP_VOP_SEEKHOLE(vp, whence, &o);
	if (error == EOPNOTSUPP) {
		/* no hole map: the whole file is data, as lseek(2) allows */
		struct rump_vattr va;

		error = RUMP_VOP_GETATTR(vp, &va, RUMP_FSCRED);
		if (error == 0 && o >= va.va_size)
			error = ENXIO;
		else if (error == 0 && whence == SEEK_HOLE)
			o = va.va_size;
	}
	p2k_vput(vp);
	if (error)
		fuse_reply_err(req, error);
	else
		fuse_reply_lseek(req, o);
}

static void
p2k_fallocate(fuse_req_t req, fuse_ino_t ino, int mode, off_t off,
    off_t len, struct fuse_file_info *fi)
{
	struct vnode *vp;
	int error;

	if (!p2k_vget_reply(req, ino, &vp))
		return;
	if (mode == 0)
		error = RUMP_VOP_FALLOCATE(vp, off, len);
	else if (mode == (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE))
		error = RUMP_VOP_FDISCARD(vp, off, len);
	else
		error = EOPNOTSUPP;	/* so that tools fall back */
	p2k_vput(vp);
	/* a driver without the VOP: EOPNOTSUPP, never EINVAL */
	fuse_reply_err(req, error == EINVAL && mode != 0 ? EOPNOTSUPP : error);
}

/* Copy inside the rump kernel: no round trip through the host. */
static void
p2k_copy_file_range(fuse_req_t req, fuse_ino_t ino_in, off_t off_in,
    struct fuse_file_info *fi_in, fuse_ino_t ino_out, off_t off_out,
    struct fuse_file_info *fi_out, size_t len, int flags)
{
	struct kauth_cred *cred;
	size_t chunk, resid, done = 0, got;
	struct vnode *in, *out;
	char *buf = NULL;
	int error = 0;

	if (!p2k_vget2_reply(req, ino_in, &in, ino_out, &out))
		return;
	cred = p2k_cred(req);
	chunk = len < (1u << 20) ? len : (1u << 20);
	if (chunk > 0 && (buf = malloc(chunk)) == NULL)
		error = ENOMEM;
	while (error == 0 && done < len) {
		size_t n = len - done < chunk ? len - done : chunk;

		error = RUMP_VOP_READ(in, buf, n, off_in + done, &resid, 0,
		    cred);
		got = n - resid;
		if (error || got == 0)
			break;
		error = RUMP_VOP_WRITE(out, buf, got, off_out + done, &resid,
		    0, cred);
		done += got - resid;
		if (resid != 0)
			break;
	}
	free(buf);
	p2k_vput(in);
	p2k_vput(out);
	if (done == 0 && error)
		fuse_reply_err(req, error);
	else
		fuse_reply_write(req, done);
	p2k_cred_put(cred);
}

void
p2k_ops_io(struct fuse_lowlevel_ops *ops)
{
	ops->open = p2k_open;
	ops->create = p2k_create;
	ops->read = p2k_read;
	ops->write = p2k_write;
	ops->flush = p2k_flush;
	ops->release = p2k_release;
	ops->fsync = p2k_fsync;
	ops->lseek = p2k_lseek;
	ops->fallocate = p2k_fallocate;
	ops->copy_file_range = p2k_copy_file_range;
}
