/*
 * XDR cursor: big-endian 32-bit units, variable data padded to 4 bytes
 * (RFC 4506 sections 4.1, 4.5, 4.10).
 */
#include "nfs_xdr.h"

#define XDR_PAD(n)	(((n) + 3) & ~(size_t)3)

void
xdr_init(struct nfs_xdr *x, void *buf, size_t len)
{
	x->x_buf = buf;
	x->x_len = len;
	x->x_pos = 0;
	x->x_bad = false;
}

/* n bytes at the cursor, advancing it, or NULL (and bad) */
static uint8_t *
xdr_take(struct nfs_xdr *x, size_t n)
{
	uint8_t *p;

	if (x->x_bad || n > x->x_len - x->x_pos) {
		x->x_bad = true;
		return NULL;
	}
	p = x->x_buf + x->x_pos;
	x->x_pos += n;
	return p;
}

void
xdr_put32(struct nfs_xdr *x, uint32_t v)
{
	uint8_t *p = xdr_take(x, 4);

	if (p == NULL)
		return;
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
xdr_put64(struct nfs_xdr *x, uint64_t v)
{
	xdr_put32(x, (uint32_t)(v >> 32));
	xdr_put32(x, (uint32_t)v);
}

void *
xdr_reserve(struct nfs_xdr *x, size_t n)
{
	uint8_t *p;
	size_t pad;

	if (n > SIZE_MAX - 3)
		n = SIZE_MAX - 3;	/* cannot fit: xdr_take says so */
	pad = XDR_PAD(n);
	if ((p = xdr_take(x, pad)) == NULL)
		return NULL;
	for (; n < pad; n++)
		p[n] = 0;
	return p;
}

void
xdr_putfixed(struct nfs_xdr *x, const void *src, size_t n)
{
	uint8_t *p = xdr_reserve(x, n);

	if (p != NULL && n > 0)
		__builtin_memcpy(p, src, n);
}

void
xdr_putopaque(struct nfs_xdr *x, const void *src, size_t n)
{
	if (n > UINT32_MAX) {
		x->x_bad = true;
		return;
	}
	xdr_put32(x, (uint32_t)n);
	xdr_putfixed(x, src, n);
}

uint32_t
xdr_get32(struct nfs_xdr *x)
{
	const uint8_t *p = xdr_take(x, 4);

	if (p == NULL)
		return 0;
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

uint64_t
xdr_get64(struct nfs_xdr *x)
{
	uint64_t hi = xdr_get32(x);

	return hi << 32 | xdr_get32(x);
}

/* a bool is 0 or 1 (RFC 4506 4.4): anything else is hostile */
bool
xdr_getbool(struct nfs_xdr *x)
{
	uint32_t v = xdr_get32(x);

	if (v > 1)
		x->x_bad = true;
	return v == 1;
}

const void *
xdr_getfixed(struct nfs_xdr *x, size_t n)
{
	if (n > x->x_len) {
		x->x_bad = true;
		return NULL;
	}
	return xdr_take(x, XDR_PAD(n));
}

const void *
xdr_getopaque(struct nfs_xdr *x, size_t max, size_t *lenp)
{
	uint32_t n = xdr_get32(x);
	const void *p;

	*lenp = 0;
	if (n > max) {
		x->x_bad = true;
		return NULL;
	}
	if ((p = xdr_getfixed(x, n)) != NULL)
		*lenp = n;
	return p;
}

const char *
xdr_getname(struct nfs_xdr *x, size_t max, size_t *lenp)
{
	const char *p = xdr_getopaque(x, max, lenp);
	size_t i;

	if (p == NULL)
		return NULL;
	for (i = 0; i < *lenp; i++)
		if (p[i] == '/' || p[i] == '\0')
			break;
	if (*lenp == 0 || i < *lenp) {
		x->x_bad = true;
		*lenp = 0;
		return NULL;
	}
	return p;
}
