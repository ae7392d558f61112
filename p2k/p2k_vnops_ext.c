/*
 * Extended attributes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

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

void
p2k_ops_ext(struct fuse_lowlevel_ops *ops)
{
	ops->getxattr = p2k_getxattr;
	ops->setxattr = p2k_setxattr;
	ops->listxattr = p2k_listxattr;
	ops->removexattr = p2k_removexattr;
}
