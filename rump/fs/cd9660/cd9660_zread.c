/*
 * zisofs files read transparently: the file's buffers are blocks of the
 * zisofs block size (genfs_read with that shift), and VOP_STRATEGY
 * fills one by reading its compressed bytes (located by the offset
 * table) from the image and inflating them through rumpuser_inflate:
 * the kernel has no zlib, the host's does the work.  The buffer cache
 * then holds inflated blocks.  Offsets past the compressed data, a
 * block that inflates to the wrong size and a bad header are EIO with
 * one console line.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/kmem.h>
#include <sys/uio.h>
#include <rump/rumpuser.h>

#include "cd9660.h"

/* the compressed blocks' bytes never exceed this (zlib's worst case) */
#define ZISOFS_CMAX(bs)	((bs) + (bs) / 8 + 64)

/* len bytes at off of the file's stored (compressed) data */
static int
zread_raw(struct cd9660_node *ip, uint64_t off, void *buf, size_t len)
{
	struct iovec iov;
	struct uio uio;
	int error;

	if (off > ip->in_rawsize || len > ip->in_rawsize - off)
		return cd9660_corrupt(ip->in_imp, ip->in_number,
		    "zisofs offset past the file's data");
	uio_setup_sys(&uio, &iov, buf, len, (off_t)off, UIO_READ);
	if ((error = cd9660_readraw(ip, &uio, ip->in_rawsize)) != 0)
		return error;
	return uio.uio_resid == 0 ? 0 : EIO;
}

static uint64_t
zblocks(const struct cd9660_node *ip)
{
	return (ip->in_size + (1ULL << ip->in_zbshift) - 1) >> ip->in_zbshift;
}

int
cd9660_zisofs_open(struct cd9660_node *ip, struct cd9660_rr *rr)
{
	uint8_t hdr[ZISOFS_HDR_MIN];
	const char *why = NULL;
	uint64_t table;
	int error;

	if (ip->in_rawsize < ZISOFS_HDR_MIN)
		return cd9660_corrupt(ip->in_imp, ip->in_number,
		    "zisofs file shorter than its header");
	if ((error = zread_raw(ip, 0, hdr, sizeof(hdr))) != 0)
		return error;
	if (cd9660_zisofs_hdr(hdr, sizeof(hdr), rr, &why) != 0)
		return cd9660_corrupt(ip->in_imp, ip->in_number, why);
	ip->in_zbshift = rr->rr_zbshift;
	ip->in_zhdr = rr->rr_zhdr;
	ip->in_size = rr->rr_zsize;
	table = ip->in_zhdr + 4 * (zblocks(ip) + 1);
	if (table > ip->in_rawsize) {
		ip->in_zbshift = 0;
		return cd9660_corrupt(ip->in_imp, ip->in_number,
		    "zisofs block table past the file's data");
	}
	return 0;
}

/* block lbn's compressed bytes [*startp, *endp) of the stored data */
static int
zblock_range(struct cd9660_node *ip, uint64_t lbn, uint32_t *startp,
    uint32_t *endp)
{
	uint64_t bs = 1ULL << ip->in_zbshift;
	uint8_t ptr[8];
	int error;

	if ((error = zread_raw(ip, ip->in_zhdr + 4 * lbn, ptr,
	    sizeof(ptr))) != 0)
		return error;
	*startp = iso_le32(ptr);
	*endp = iso_le32(ptr + 4);
	if (*startp > *endp || *endp > ip->in_rawsize ||
	    *startp < ip->in_zhdr || *endp - *startp > ZISOFS_CMAX(bs))
		return cd9660_corrupt(ip->in_imp, ip->in_number,
		    "zisofs block offsets out of range");
	return 0;
}

/* inflate block lbn into buf (want bytes of it are the file's) */
static int
zblock_read(struct cd9660_node *ip, uint64_t lbn, uint8_t *buf, size_t want)
{
	uint32_t start, end;
	size_t got = 0;
	uint8_t *cbuf;
	int error;

	if ((error = zblock_range(ip, lbn, &start, &end)) != 0)
		return error;
	if (start == end) {
		memset(buf, 0, want);	/* a block of zeros is not stored */
		return 0;
	}
	if ((cbuf = kmem_alloc(end - start, KM_SLEEP)) == NULL)
		return ENOMEM;
	error = zread_raw(ip, start, cbuf, end - start);
	if (error == 0) {
		error = rumpuser_inflate(cbuf, end - start, buf, want, &got);
		if (error != ENOMEM && (error != 0 || got != want))
			error = cd9660_corrupt(ip->in_imp, ip->in_number,
			    "zisofs block does not inflate to its size");
	}
	kmem_free(cbuf, end - start);
	return error;
}

int
cd9660_zisofs_strategy(struct vnode *vp, struct buf *bp)
{
	struct cd9660_node *ip = VTOI(vp);
	uint64_t bs = 1ULL << ip->in_zbshift, lbn = (uint64_t)bp->b_lblkno;
	size_t want = 0;
	int error = 0;

	if ((bp->b_flags & B_READ) == 0)
		error = EROFS;
	else if (bp->b_lblkno >= 0 && lbn < zblocks(ip)) {
		want = (size_t)MIN(bs, ip->in_size - lbn * bs);
		want = MIN(want, bp->b_bcount);
		error = zblock_read(ip, lbn, bp->b_data, want);
	}
	if (error == 0) {
		memset((uint8_t *)bp->b_data + want, 0, bp->b_bcount - want);
		bp->b_resid = 0;
	} else {
		bp->b_error = error;
		bp->b_flags |= B_ERROR;
		bp->b_resid = bp->b_bcount;
	}
	biodone(bp);
	return error;
}
