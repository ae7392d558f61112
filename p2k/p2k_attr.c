/*
 * Credentials of the caller and attribute conversion.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <errno.h>
#include <string.h>

#include "p2k_impl.h"

#define P2K_MAXGROUPS 32

/*
 * The caller's uid, gid and supplementary groups as a kernel credential,
 * as the image knows them (-o uid=, gid=); root's with -o fakeroot.
 */
struct kauth_cred *
p2k_cred(fuse_req_t req)
{
	const struct fuse_ctx *ctx = fuse_req_ctx(req);
	const struct p2k_mount *p2m = P2M(req);
	gid_t groups[P2K_MAXGROUPS];
	uint32_t g32[P2K_MAXGROUPS];
	int n, i;

	if (p2m->p2m_fakeroot)
		return rump_pub_cred_create(0, 0, 0, NULL);
	n = 0;
	if (ctx->uid != 0) {
		/* reading the groups costs a /proc read: not for root */
		n = fuse_req_getgroups(req, P2K_MAXGROUPS, groups);
		if (n < 0)
			n = 0;
		if (n > P2K_MAXGROUPS)
			n = P2K_MAXGROUPS;
	}
	for (i = 0; i < n; i++)
		g32[i] = p2k_gid_in(p2m, groups[i]);
	return rump_pub_cred_create(p2k_uid_in(p2m, ctx->uid),
	    p2k_gid_in(p2m, ctx->gid), n, g32);
}

void
p2k_cred_put(struct kauth_cred *cred)
{
	if (cred != NULL)
		rump_pub_cred_put(cred);
}

static const mode_t vtype_to_ifmt[] = {
	[RUMP_VNON] = 0, [RUMP_VREG] = S_IFREG, [RUMP_VDIR] = S_IFDIR,
	[RUMP_VBLK] = S_IFBLK, [RUMP_VCHR] = S_IFCHR, [RUMP_VLNK] = S_IFLNK,
	[RUMP_VSOCK] = S_IFSOCK, [RUMP_VFIFO] = S_IFIFO, [RUMP_VBAD] = 0,
};

void
p2k_vattr_to_stat(struct p2k_mount *p2m, const struct rump_vattr *va,
    struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = va->va_fileid;
	if (va->va_type >= 0 && va->va_type <= RUMP_VBAD)
		st->st_mode = vtype_to_ifmt[va->va_type];
	st->st_mode |= va->va_mode & 07777;
	st->st_nlink = va->va_nlink;
	st->st_uid = p2k_uid_out(p2m, va->va_uid);
	st->st_gid = p2k_gid_out(p2m, va->va_gid);
	st->st_rdev = makedev((unsigned)(va->va_rdev >> 32),
	    (unsigned)(va->va_rdev & 0xffffffff));
	st->st_size = va->va_size;
	st->st_blksize = va->va_blocksize;
	st->st_blocks = va->va_bytes / 512;
	st->st_atim.tv_sec = va->va_atime.tv_sec;
	st->st_atim.tv_nsec = va->va_atime.tv_nsec;
	st->st_mtim.tv_sec = va->va_mtime.tv_sec;
	st->st_mtim.tv_nsec = va->va_mtime.tv_nsec;
	st->st_ctim.tv_sec = va->va_ctime.tv_sec;
	st->st_ctim.tv_nsec = va->va_ctime.tv_nsec;
}

/*
 * Reply to a lookup-like request with vp (one reference, which this
 * drops).  Returns 0, or an errno to reply with.
 */
int
p2k_reply_entry(fuse_req_t req, struct p2k_mount *p2m, struct vnode *vp,
    struct kauth_cred *cred)
{
	struct fuse_entry_param e;
	struct rump_vattr va;
	struct p2k_node *pn;
	int error;

	error = RUMP_VOP_GETATTR(vp, &va, cred);
	if (error == 0)
		error = p2k_node_get(p2m, vp, &pn);
	rump_pub_vp_rele(vp);
	if (error)
		return error;
	p2k_entry_fill(p2m, pn, &va, &e);
	if (fuse_reply_entry(req, &e) != 0)	/* interrupted: undo */
		p2k_node_forget(p2m, pn, 1);
	return 0;
}

/* a FUSE entry of pn with attributes va */
void
p2k_entry_fill(struct p2k_mount *p2m, struct p2k_node *pn,
    const struct rump_vattr *va, struct fuse_entry_param *e)
{
	memset(e, 0, sizeof(*e));
	e->ino = p2k_node_ino(p2m, pn);
	e->generation = pn->pn_gen;
	e->attr_timeout = p2m->p2m_timeout;
	e->entry_timeout = p2m->p2m_entry_timeout;
	p2k_vattr_to_stat(p2m, va, &e->attr);
}
