/*
 * Extended attributes and advisory locks.
 */
#include <sys/file.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

/* advlock flags of the kernel (sys/fcntl.h there) */
#define P2K_F_WAIT	0x010
#define P2K_F_FLOCK	0x020
#define P2K_F_POSIX	0x040

static void
p2k_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	struct kauth_cred *cred = p2k_cred(req);
	size_t got = 0;
	char *buf = NULL;
	int error;

	if (size > 0 && (buf = malloc(size)) == NULL) {
		fuse_reply_err(req, ENOMEM);
		goto out;
	}
	error = RUMP_VOP_GETEXTATTR(VP(req, ino), name, buf, size, &got, cred);
	if (error)
		fuse_reply_err(req, error);
	else if (size == 0)
		fuse_reply_xattr(req, got);
	else
		fuse_reply_buf(req, buf, got);
	free(buf);
out:
	p2k_cred_put(cred);
}

static void
p2k_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
    const char *value, size_t size, int flags)
{
	struct kauth_cred *cred = p2k_cred(req);

	fuse_reply_err(req, RUMP_VOP_SETEXTATTR(VP(req, ino), name, value,
	    size, flags, cred));
	p2k_cred_put(cred);
}

static void
p2k_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	struct kauth_cred *cred = p2k_cred(req);
	size_t got = 0;
	char *buf = NULL;
	int error;

	if (size > 0 && (buf = malloc(size)) == NULL) {
		fuse_reply_err(req, ENOMEM);
		goto out;
	}
	error = RUMP_VOP_LISTEXTATTR(VP(req, ino), buf, size, &got, cred);
	if (error)
		fuse_reply_err(req, error);
	else if (size == 0)
		fuse_reply_xattr(req, got);
	else
		fuse_reply_buf(req, buf, got);
	free(buf);
out:
	p2k_cred_put(cred);
}

static void
p2k_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct kauth_cred *cred = p2k_cred(req);

	fuse_reply_err(req, RUMP_VOP_DELETEEXTATTR(VP(req, ino), name, cred));
	p2k_cred_put(cred);
}

static void
p2k_fl_to_rump(const struct flock *lock, struct rump_flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = lock->l_type;
	fl->l_whence = SEEK_SET;
	fl->l_start = lock->l_start;
	fl->l_len = lock->l_len;
	fl->l_pid = lock->l_pid;
}

static void
p2k_getlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    struct flock *lock)
{
	struct rump_flock fl;
	int error;

	p2k_fl_to_rump(lock, &fl);
	error = RUMP_VOP_ADVLOCK(VP(req, ino), (void *)(uintptr_t)
	    fi->lock_owner, F_GETLK, &fl, P2K_F_POSIX);
	if (error) {
		fuse_reply_err(req, error);
		return;
	}
	lock->l_type = fl.l_type;
	lock->l_start = fl.l_start;
	lock->l_len = fl.l_len;
	lock->l_pid = fl.l_pid;
	lock->l_whence = SEEK_SET;
	fuse_reply_lock(req, lock);
}

static void
p2k_setlk(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    struct flock *lock, int sleep)
{
	struct rump_flock fl;
	int op;

	p2k_fl_to_rump(lock, &fl);
	op = lock->l_type == F_UNLCK ? F_UNLCK : F_SETLK;
	fuse_reply_err(req, RUMP_VOP_ADVLOCK(VP(req, ino),
	    (void *)(uintptr_t)fi->lock_owner, op, &fl,
	    P2K_F_POSIX | (sleep ? P2K_F_WAIT : 0)));
}

static void
p2k_flock(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi,
    int op)
{
	struct rump_flock fl;
	int how = op & ~LOCK_NB;

	memset(&fl, 0, sizeof(fl));
	fl.l_whence = SEEK_SET;
	fl.l_type = how == LOCK_SH ? F_RDLCK : how == LOCK_EX ? F_WRLCK :
	    F_UNLCK;
	fuse_reply_err(req, RUMP_VOP_ADVLOCK(VP(req, ino),
	    (void *)(uintptr_t)fi->lock_owner,
	    fl.l_type == F_UNLCK ? F_UNLCK : F_SETLK, &fl,
	    P2K_F_FLOCK | ((op & LOCK_NB) ? 0 : P2K_F_WAIT)));
}

void
p2k_ops_ext(struct fuse_lowlevel_ops *ops)
{
	ops->getxattr = p2k_getxattr;
	ops->setxattr = p2k_setxattr;
	ops->listxattr = p2k_listxattr;
	ops->removexattr = p2k_removexattr;
	ops->getlk = p2k_getlk;
	ops->setlk = p2k_setlk;
	ops->flock = p2k_flock;
}
