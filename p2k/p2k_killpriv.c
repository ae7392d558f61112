/*
 * Set-user-ID and set-group-ID bits on a write, a truncate or a chown.
 *
 * Unless the server takes the job over (FUSE_CAP_HANDLE_KILLPRIV; libfuse
 * 3.14 offers it but never tells the host kernel), the host kernel clears
 * the bits itself before a write or with a truncate or chown: a SETATTR
 * whose new mode is the file's minus those bits, in the caller's name.
 * For a caller who does not own the file that is a chmod the driver
 * refuses (EPERM), which failed the write and kept the bits.  Such a
 * request is honoured here for any caller who may write the file: a
 * write by them clears the bits anyway (p2k_killmode).
 *
 * Where the kernel does leave it to the server, the drivers' VOP_WRITE
 * clears both bits for a writer who is not root; a truncate and a chown
 * are done here (p2k_killpriv) by Linux's rules (should_remove_suid(),
 * setattr_should_drop_sgid()):
 *   truncate by anyone but root: set-user-ID goes, and set-group-ID if
 *     the file is group-executable or the caller is not in its group;
 *   chown, by anyone: set-user-ID goes, and set-group-ID by the same
 *     test, root counting as a member of every group.
 * Only regular files lose them.  The mode is read, then set: a chmod
 * racing with the truncate may win, as it could on the host.
 */
#include <sys/stat.h>
#include <errno.h>
#include <stdbool.h>
#include <unistd.h>

#include "p2k_impl.h"

#define P2K_MAXGROUPS	32

/* is the caller (as the image sees it) root, or in group gid? */
static bool
p2k_ingroup(fuse_req_t req, uint32_t gid)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	const struct p2k_mount *p2m = P2M(req);
	gid_t groups[P2K_MAXGROUPS];
	int n, i;

	if (p2m->p2m_fakeroot || p2k_uid_in(p2m, ctx->uid) == 0 ||
	    p2k_gid_in(p2m, ctx->gid) == gid)
		return true;
	n = fuse_req_getgroups(req, P2K_MAXGROUPS, groups);
	for (i = 0; i < n && i < P2K_MAXGROUPS; i++)
		if (p2k_gid_in(p2m, groups[i]) == gid)
			return true;
	return false;
}

static bool
p2k_isroot(fuse_req_t req)
{
	const struct p2k_mount *p2m = P2M(req);

	return p2m->p2m_fakeroot ||
	    p2k_uid_in(p2m, fuse_req_ctx(req)->uid) == 0;
}

/* set vp's mode to mode as the system, not as the caller */
static int
p2k_setmode_sys(struct vnode *vp, uint32_t mode)
{
	struct kauth_cred *root;
	struct rump_vattr va;
	int error;

	if ((root = rump_pub_cred_create(0, 0, 0, NULL)) == NULL)
		return ENOMEM;
	rump_pub_vattr_null(&va);
	va.va_mode = mode;
	error = RUMP_VOP_SETATTR(vp, &va, root);
	rump_pub_cred_put(root);
	return error;
}

/*
 * va holds a SETATTR's mode: if it only clears set-id bits of vp's mode
 * and the caller, not the owner, may write vp, apply it and take it out
 * of va.  0, or the error to reply with.
 */
int
p2k_killmode(fuse_req_t req, struct vnode *vp, struct rump_vattr *va,
    struct kauth_cred *cred)
{
	const struct p2k_mount *p2m = P2M(req);
	const uint32_t setid = S_ISUID | S_ISGID;
	struct rump_vattr cur;
	uint32_t old, new = va->va_mode & 07777, uid;
	int error;

	if (va->va_mode == (uint32_t)RUMP_VNOVAL ||
	    RUMP_VOP_GETATTR(vp, &cur, RUMP_FSCRED) != 0)
		return 0;
	old = cur.va_mode & 07777;
	uid = p2m->p2m_fakeroot ? 0 : p2k_uid_in(p2m, fuse_req_ctx(req)->uid);
	if (new == old || (new & ~old) != 0 || ((old ^ new) & ~setid) != 0 ||
	    uid == 0 || uid == cur.va_uid)
		return 0;	/* a chmod: the driver's rules */
	if (RUMP_VOP_ACCESS(vp, W_OK, cred) != 0)
		return EPERM;
	if ((error = p2k_setmode_sys(vp, new)) != 0)
		return error;
	va->va_mode = (uint32_t)RUMP_VNOVAL;
	return 0;
}

void
p2k_killpriv(fuse_req_t req, struct vnode *vp, int why)
{
	struct rump_vattr va;
	uint32_t mode, kill = 0;

	if (why == P2K_KILL_TRUNC && p2k_isroot(req))
		return;
	if (RUMP_VOP_GETATTR(vp, &va, RUMP_FSCRED) != 0 ||
	    va.va_type != RUMP_VREG || (va.va_mode & (S_ISUID | S_ISGID)) == 0)
		return;
	mode = va.va_mode & 07777;
	if (mode & S_ISUID)
		kill |= S_ISUID;
	if ((mode & S_ISGID) && ((mode & S_IXGRP) ||
	    !p2k_ingroup(req, va.va_gid)))
		kill |= S_ISGID;
	/* the caller may not chmod the file: the change is the system's */
	if (kill != 0)
		(void)p2k_setmode_sys(vp, mode & ~kill);
}
