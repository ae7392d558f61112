/*
 * NFSv3 structures shared by many procedures (RFC 1813 section 2.6 and
 * 3.3): file handles, fattr3, post_op_attr, wcc_data, post_op_fh3, and
 * nfsstat3 as an errno.  A server's value out of range makes the cursor
 * bad, which the caller reports as EIO.
 */
#include <sys/errno.h>

#include "nfs_proto.h"

void
nfs_enc_fh(struct nfs_xdr *x, const struct nfs_fh *fh)
{
	xdr_putopaque(x, fh->fh_data, fh->fh_len);
}

void
nfs_enc_name(struct nfs_xdr *x, const char *name, size_t len)
{
	xdr_putopaque(x, name, len);
}

void
nfs_dec_fh(struct nfs_xdr *x, struct nfs_fh *fh)
{
	size_t len;
	const void *p = xdr_getopaque(x, NFS3_FHSIZE, &len);

	fh->fh_len = 0;
	if (p == NULL || len == 0) {
		x->x_bad = true;
		return;
	}
	__builtin_memcpy(fh->fh_data, p, len);
	fh->fh_len = (uint32_t)len;
}

static void
nfs_dec_time(struct nfs_xdr *x, struct nfs_time *t)
{
	t->t_sec = xdr_get32(x);
	t->t_nsec = xdr_get32(x);
	if (t->t_nsec >= 1000000000u)
		x->x_bad = true;
}

void
nfs_dec_fattr(struct nfs_xdr *x, struct nfs_fattr *fa)
{
	fa->fa_type = xdr_get32(x);
	fa->fa_mode = xdr_get32(x) & 07777;
	fa->fa_nlink = xdr_get32(x);
	fa->fa_uid = xdr_get32(x);
	fa->fa_gid = xdr_get32(x);
	fa->fa_size = xdr_get64(x);
	fa->fa_used = xdr_get64(x);
	fa->fa_rdev1 = xdr_get32(x);
	fa->fa_rdev2 = xdr_get32(x);
	fa->fa_fsid = xdr_get64(x);
	fa->fa_fileid = xdr_get64(x);
	nfs_dec_time(x, &fa->fa_atime);
	nfs_dec_time(x, &fa->fa_mtime);
	nfs_dec_time(x, &fa->fa_ctime);
	if (fa->fa_type < NF3REG || fa->fa_type > NF3FIFO ||
	    fa->fa_size > INT64_MAX)
		x->x_bad = true;
}

bool
nfs_dec_postop(struct nfs_xdr *x, struct nfs_fattr *fa)
{
	if (!xdr_getbool(x))
		return false;
	nfs_dec_fattr(x, fa);
	return xdr_ok(x);
}

bool
nfs_dec_wcc(struct nfs_xdr *x, struct nfs_fattr *fa)
{
	if (xdr_getbool(x))		/* pre_op_attr: size, mtime, ctime */
		(void)xdr_getfixed(x, 8 + 8 + 8);
	return nfs_dec_postop(x, fa);
}

bool
nfs_dec_postfh(struct nfs_xdr *x, struct nfs_fh *fh)
{
	if (!xdr_getbool(x))
		return false;
	nfs_dec_fh(x, fh);
	return xdr_ok(x);
}

static const struct {
	uint32_t stat;
	int error;
} nfs_errtab[] = {
	{ 1, EPERM }, { 2, ENOENT }, { 5, EIO }, { 6, ENXIO },
	{ 13, EACCES }, { 17, EEXIST }, { 18, EXDEV }, { 19, ENODEV },
	{ 20, ENOTDIR }, { 21, EISDIR }, { 22, EINVAL }, { 27, EFBIG },
	{ 28, ENOSPC }, { 30, EROFS }, { 31, EMLINK },
	{ 63, ENAMETOOLONG }, { 66, ENOTEMPTY }, { 69, EDQUOT },
	{ 70, ESTALE }, { 10001, ESTALE }, { NFS3ERR_NOTSUPP, EOPNOTSUPP },
	{ 10005, EINVAL },
};

int
nfs_stat_errno(uint32_t stat)
{
	size_t i;

	if (stat == 0)
		return 0;
	for (i = 0; i < sizeof(nfs_errtab) / sizeof(nfs_errtab[0]); i++)
		if (nfs_errtab[i].stat == stat)
			return nfs_errtab[i].error;
	return EIO;		/* server fault, bad cookie, ... */
}
