/*
 * rumpuser_inflate: one zlib stream (RFC 1950) decompressed by the host's
 * zlib, for file systems that store compressed blocks (cd9660's zisofs).
 * The kernel keeps no compression library of its own: it hands over a
 * block and gets the bytes back, or an error for anything malformed.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <zlib.h>

#include "rumpuser_int.h"

int
rumpuser_inflate(const void *src, size_t srclen, void *dst, size_t dstlen,
    size_t *outlenp)
{
	z_stream zs;
	int zr;

	*outlenp = 0;
	if (srclen > UINT_MAX || dstlen > UINT_MAX)
		return EINVAL;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return ENOMEM;
	/* zlib's input pointer is not const-qualified but never written */
	zs.next_in = (Bytef *)(uintptr_t)src;
	zs.avail_in = (uInt)srclen;
	zs.next_out = dst;
	zs.avail_out = (uInt)dstlen;
	zr = inflate(&zs, Z_FINISH);
	*outlenp = dstlen - zs.avail_out;
	(void)inflateEnd(&zs);
	switch (zr) {
	case Z_STREAM_END:
		return 0;
	case Z_MEM_ERROR:
		return ENOMEM;
	case Z_BUF_ERROR:
		/* output full before the stream ended: more than promised */
		return zs.avail_out == 0 ? EFBIG : EINVAL;
	default:
		return EINVAL;
	}
}
