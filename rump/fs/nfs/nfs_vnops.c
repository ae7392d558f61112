/*
 * The vnode operations table and the small VOPs: open (fresh attributes:
 * close-to-open consistency), close, access (the server decides, with
 * the caller's ids: ACCESS, RFC 1813 3.3.4), getattr, print, inactive.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/fcntl.h>
#include <sys/genfs.h>

#include "nfs.h"

static int
nfs_open(struct vop_open_args *ap)
{
	struct nfs_node *np = VTON(ap->a_vp);
	struct nfs_fattr fa;
	int error;

	if ((ap->a_mode & FWRITE) && ap->a_vp->v_type == VREG &&
	    (error = genfs_writable(ap->a_vp)) != 0)
		return error;
	nfs_attr_invalidate(np);
	nfs_ra_drop(np);
	if ((error = nfs_attr_get(np, ap->a_cred, &fa)) == 0)
		nfs_silly_open(np, 1);
	return error;
}

static int
nfs_close(struct vop_close_args *ap)
{
	nfs_silly_open(VTON(ap->a_vp), -1);
	nfs_ra_drop(VTON(ap->a_vp));
	return nfs_flush(ap->a_vp, ap->a_cred);
}

/* the ACCESS3 bits standing for VREAD/VWRITE/VEXEC on this type */
static uint32_t
access_bits(enum vtype type, int mode)
{
	uint32_t bits = 0;

	if (mode & VREAD)
		bits |= ACCESS3_READ;
	if (mode & VWRITE)
		bits |= type == VDIR ? ACCESS3_MODIFY | ACCESS3_EXTEND |
		    ACCESS3_DELETE : ACCESS3_MODIFY | ACCESS3_EXTEND;
	if (mode & VEXEC)
		bits |= type == VDIR ? ACCESS3_LOOKUP : ACCESS3_EXECUTE;
	return bits;
}

static int
access_rpc(struct nfs_node *np, kauth_cred_t cred, uint32_t want)
{
	struct nfs_mount *nmp = np->n_nmp;
	struct nfs_fattr fa;
	struct nfs_req rq;
	uint32_t got = 0;
	int error;

	error = nfs_call_start(nmp, &rq, NFSPROC3_ACCESS, cred, &np->n_fh, 4,
	    128);
	if (error == 0) {
		xdr_put32(&rq.rq_args, want);
		error = nfs_call(nmp, &rq, "ACCESS");
	}
	if (nfs_dec_postop(&rq.rq_res, &fa))
		nfs_attr_load(np, &fa);
	if (error == 0) {
		got = xdr_get32(&rq.rq_res);
		if (!xdr_ok(&rq.rq_res))
			error = nfs_badreply(nmp, "ACCESS");
		else if ((got & want) != want)
			error = EACCES;
	}
	nfs_req_done(&rq);
	return error;
}

static int
nfs_access(struct vop_access_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct nfs_node *np = VTON(vp);
	struct nfs_fattr fa;
	uint32_t want;
	int error;

	if ((ap->a_mode & VWRITE) && (vp->v_mount->mnt_flag & MNT_RDONLY) &&
	    (vp->v_type == VDIR || vp->v_type == VREG || vp->v_type == VLNK))
		return EROFS;
	if (ap->a_mode & VADMIN) {
		if ((error = nfs_attr_get(np, ap->a_cred, &fa)) != 0)
			return error;
		if (!kauth_cred_issuser(ap->a_cred) &&
		    kauth_cred_geteuid(ap->a_cred) != fa.fa_uid)
			return EPERM;
	}
	want = access_bits(vp->v_type, ap->a_mode);
	return want == 0 ? 0 : access_rpc(np, ap->a_cred, want);
}

void
nfs_fattr_to_vattr(struct vnode *vp, const struct nfs_fattr *fa,
    struct vattr *va)
{
	memset(va, 0, sizeof(*va));
	va->va_type = vp->v_type;
	va->va_mode = fa->fa_mode & ALLPERMS;
	va->va_nlink = fa->fa_nlink;
	va->va_uid = fa->fa_uid;
	va->va_gid = fa->fa_gid;
	va->va_fsid = vp->v_mount->mnt_stat.f_fsid;
	va->va_fileid = fa->fa_fileid;
	va->va_size = (int64_t)fa->fa_size;
	va->va_bytes = (int64_t)MIN(fa->fa_used, (uint64_t)INT64_MAX);
	va->va_blocksize = 4096;
	va->va_atime.tv_sec = fa->fa_atime.t_sec;
	va->va_atime.tv_nsec = fa->fa_atime.t_nsec;
	va->va_mtime.tv_sec = fa->fa_mtime.t_sec;
	va->va_mtime.tv_nsec = fa->fa_mtime.t_nsec;
	va->va_ctime.tv_sec = fa->fa_ctime.t_sec;
	va->va_ctime.tv_nsec = fa->fa_ctime.t_nsec;
	va->va_birthtime = va->va_ctime;
	if (vp->v_type == VCHR || vp->v_type == VBLK)
		va->va_rdev = makedev(fa->fa_rdev1, fa->fa_rdev2);
}

static int
nfs_getattr(struct vop_getattr_args *ap)
{
	struct nfs_fattr fa;
	int error;

	/* the size and times of what this client wrote: after it landed */
	(void)nfs_wb_drain(VTON(ap->a_vp));
	if ((error = nfs_attr_get(VTON(ap->a_vp), ap->a_cred, &fa)) != 0)
		return error;
	nfs_fattr_to_vattr(ap->a_vp, &fa, ap->a_vap);
	return 0;
}

static int
nfs_print(struct vop_print_args *ap)
{
	struct nfs_node *np = VTON(ap->a_vp);

	printf("nfs node fileid %llu handle %u bytes\n",
	    (unsigned long long)np->n_attr.fa_fileid, np->n_fh.fh_len);
	return 0;
}

static int
nfs_inactive(struct vop_inactive_args *ap)
{
	int error;

	*ap->a_recycle = false;
	nfs_ra_drop(VTON(ap->a_vp));
	error = nfs_flush(ap->a_vp, NOCRED);
	nfs_silly_remove(ap->a_vp);	/* after the last writes to it */
	return error;
}

static int
nfs_fsync(struct vop_fsync_args *ap)
{
	return nfs_flush(ap->a_vp, ap->a_cred);
}

const struct vnodeops nfs_vnodeops = {
	.vop_lookup = nfs_lookup,
	.vop_create = nfs_create,
	.vop_mknod = nfs_mknod,
	.vop_mkdir = nfs_mkdir,
	.vop_symlink = nfs_symlink,
	.vop_open = nfs_open,
	.vop_close = nfs_close,
	.vop_access = nfs_access,
	.vop_getattr = nfs_getattr,
	.vop_setattr = nfs_setattr,
	.vop_read = nfs_read,
	.vop_write = nfs_write,
	.vop_fsync = nfs_fsync,
	.vop_seek = genfs_seek,
	.vop_remove = nfs_remove,
	.vop_link = nfs_link,
	.vop_rename = nfs_rename,
	.vop_rmdir = nfs_rmdir,
	.vop_readdir = nfs_readdir,
	.vop_readlink = nfs_readlink,
	.vop_inactive = nfs_inactive,
	.vop_reclaim = nfs_reclaim,
	.vop_print = nfs_print,
	.vop_pathconf = nfs_pathconf,
	.vop_advlock = genfs_advlock,
};
