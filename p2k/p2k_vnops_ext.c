/*
 * Extended attributes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "p2k_impl.h"

/* getxattr (name) or listxattr (name NULL): a value, or its size */
static void
p2k_readxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	struct kauth_cred *cred;
	struct vnode *vp;
	size_t got = 0;
	char *buf = NULL;
	int error;

	if (size > 0 && (buf = malloc(size)) == NULL) {
		fuse_reply_err(req, ENOMEM);
		return;
	}
	if (!p2k_op_begin(req, ino, &vp, &cred)) {
		free(buf);
		return;
	}
	if (name != NULL)
		error = RUMP_VOP_GETEXTATTR(vp, name, buf, size, &got, cred);
	else
		error = RUMP_VOP_LISTEXTATTR(vp, buf, size, &got, cred);
	p2k_vput(vp);
	if (error)
		fuse_reply_err(req, error);
	else if (size == 0)
		fuse_reply_xattr(req, got);
	else
		fuse_reply_buf(req, buf, got);
	free(buf);
	p2k_cred_put(cred);
}

static void
p2k_getxattr(fuse_req_t req, fuse_ino_t ino, const char *name, size_t size)
{
	p2k_readxattr(req, ino, name, size);
}

static void
p2k_setxattr(fuse_req_t req, fuse_ino_t ino, const char *name,
    const char *value, size_t size, int flags)
{
	struct kauth_cred *cred;
	struct vnode *vp;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	fuse_reply_err(req, RUMP_VOP_SETEXTATTR(vp, name, value, size, flags,
	    cred));
	p2k_vput(vp);
	p2k_cred_put(cred);
}

static void
p2k_listxattr(fuse_req_t req, fuse_ino_t ino, size_t size)
{
	p2k_readxattr(req, ino, NULL, size);
}

static void
p2k_removexattr(fuse_req_t req, fuse_ino_t ino, const char *name)
{
	struct kauth_cred *cred;
	struct vnode *vp;

	if (!p2k_op_begin(req, ino, &vp, &cred))
		return;
	fuse_reply_err(req, RUMP_VOP_DELETEEXTATTR(vp, name, cred));
	p2k_vput(vp);
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
