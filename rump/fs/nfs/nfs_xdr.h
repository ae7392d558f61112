/*
 * XDR (RFC 4506) over one buffer: a cursor that never reads or writes
 * past its end.  A put or get that does not fit marks the cursor bad and
 * does nothing (gets return zero); callers check xdr_ok() once at the
 * end of a message instead of after each field.  Pure: no kernel calls,
 * so that tests link it alone.
 */
#ifndef _NFS_XDR_H_
#define _NFS_XDR_H_

#include <sys/types.h>
#include <stdbool.h>
#include <stdint.h>

struct nfs_xdr {
	uint8_t	*x_buf;
	size_t	x_len;
	size_t	x_pos;
	bool	x_bad;
};

void xdr_init(struct nfs_xdr *x, void *buf, size_t len);
static inline bool
xdr_ok(const struct nfs_xdr *x)
{
	return !x->x_bad;
}
static inline size_t
xdr_left(const struct nfs_xdr *x)
{
	return x->x_bad ? 0 : x->x_len - x->x_pos;
}

void xdr_put32(struct nfs_xdr *x, uint32_t v);
void xdr_put64(struct nfs_xdr *x, uint64_t v);
/* opaque<>: length, bytes, zero padding to 4 */
void xdr_putopaque(struct nfs_xdr *x, const void *p, size_t n);
/* opaque[n]: bytes and padding only */
void xdr_putfixed(struct nfs_xdr *x, const void *p, size_t n);
/* room for n bytes (padded) to be filled by the caller, or NULL */
void *xdr_reserve(struct nfs_xdr *x, size_t n);

uint32_t xdr_get32(struct nfs_xdr *x);
uint64_t xdr_get64(struct nfs_xdr *x);
bool xdr_getbool(struct nfs_xdr *x);
/* n bytes (and padding) in place, or NULL */
const void *xdr_getfixed(struct nfs_xdr *x, size_t n);
/* opaque<max>: in place; a longer one makes the cursor bad */
const void *xdr_getopaque(struct nfs_xdr *x, size_t max, size_t *lenp);
/*
 * A file name from the server (filename3): 1..max bytes, no '/' and no
 * NUL; anything else makes the cursor bad.  In place, not NUL-ended.
 */
const char *xdr_getname(struct nfs_xdr *x, size_t max, size_t *lenp);

#endif /* _NFS_XDR_H_ */
