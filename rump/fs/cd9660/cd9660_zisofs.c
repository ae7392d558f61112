/*
 * zisofs: a file whose ZF entry says "pz" holds a 16-byte header (magic,
 * uncompressed size, header size in 4-byte words, log2 of the block
 * size), then a table of nblocks + 1 little-endian 32-bit offsets, then
 * each block as one zlib stream; two equal offsets make a block of
 * zeros.  This file checks the header against the ZF entry and the
 * offsets of one block against the file; cd9660_zread.c reads and
 * inflates.  Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660_format.h"

static const uint8_t zisofs_magic[ZISOFS_MAGIC_LEN] = {
	0x37, 0xe4, 0x53, 0x96, 0xc9, 0xdb, 0xd6, 0x07
};

int
cd9660_zisofs_hdr(const uint8_t *h, size_t len, const struct cd9660_rr *rr,
    const char **why)
{
	if (rr->rr_zbshift < ZISOFS_BSHIFT_MIN ||
	    rr->rr_zbshift > ZISOFS_BSHIFT_MAX ||
	    rr->rr_zhdr < ZISOFS_HDR_MIN) {
		*why = "ZF entry with an unknown block size or header";
		return EIO;
	}
	if (len < ZISOFS_HDR_MIN ||
	    memcmp(h, zisofs_magic, sizeof(zisofs_magic)) != 0) {
		*why = "zisofs file without its magic";
		return EIO;
	}
	if (iso_le32(h + 8) != rr->rr_zsize || (unsigned)h[12] * 4 !=
	    rr->rr_zhdr || h[13] != rr->rr_zbshift) {
		*why = "zisofs header disagrees with its ZF entry";
		return EIO;
	}
	return 0;
}
