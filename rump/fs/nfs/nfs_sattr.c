/*
 * sattr3 (RFC 1813 section 2.6) from a struct vattr: each field not
 * VNOVAL is set.  utimes(NULL) asks for the server's time.  Flags
 * (chflags) have no NFSv3 form: EOPNOTSUPP.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>

#include "nfs.h"

#define NFS3_DONT_CHANGE	0
#define NFS3_SET_TO_SERVER_TIME	1
#define NFS3_SET_TO_CLIENT_TIME	2

static void
sattr_u32(struct nfs_xdr *x, uint32_t v)
{
	xdr_put32(x, v != (uint32_t)VNOVAL);
	if (v != (uint32_t)VNOVAL)
		xdr_put32(x, v);
}

static void
sattr_time(struct nfs_xdr *x, const struct rump_timespec *ts, bool server)
{
	if (ts->tv_sec == VNOVAL) {
		xdr_put32(x, NFS3_DONT_CHANGE);
	} else if (server) {
		xdr_put32(x, NFS3_SET_TO_SERVER_TIME);
	} else {
		xdr_put32(x, NFS3_SET_TO_CLIENT_TIME);
		xdr_put32(x, (uint32_t)ts->tv_sec);
		xdr_put32(x, (uint32_t)ts->tv_nsec);
	}
}

int
nfs_enc_sattr(struct nfs_xdr *x, const struct vattr *va, bool withsize)
{
	bool server = (va->va_vaflags & VA_UTIMES_NULL) != 0;

	if (va->va_flags != (uint32_t)VNOVAL)
		return EOPNOTSUPP;
	if (va->va_atime.tv_sec != VNOVAL && (va->va_atime.tv_sec < 0 ||
	    va->va_atime.tv_sec > UINT32_MAX))
		return EINVAL;
	if (va->va_mtime.tv_sec != VNOVAL && (va->va_mtime.tv_sec < 0 ||
	    va->va_mtime.tv_sec > UINT32_MAX))
		return EINVAL;
	sattr_u32(x, va->va_mode == (uint32_t)VNOVAL ? va->va_mode :
	    va->va_mode & ALLPERMS);
	sattr_u32(x, va->va_uid);
	sattr_u32(x, va->va_gid);
	if (withsize && va->va_size != VNOVAL) {
		xdr_put32(x, 1);
		xdr_put64(x, (uint64_t)va->va_size);
	} else {
		xdr_put32(x, 0);
	}
	sattr_time(x, &va->va_atime, server);
	sattr_time(x, &va->va_mtime, server);
	return 0;
}

/* the size of an encoded sattr3 at most */
size_t
nfs_sattr_max(void)
{
	return 4 * 2 * 3 + 4 + 8 + 2 * 12;
}
