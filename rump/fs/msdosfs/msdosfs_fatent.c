/*
 * FAT entries as bytes: where entry n lies and how 12, 16 and 28-bit
 * values are packed there.  FAT12 puts two entries in three bytes: an
 * even entry in the low 12 bits of the 16-bit word at 3n/2, an odd one
 * in its high 12 bits.
 */
#include <sys/types.h>

#include "msdosfs_format.h"

uint32_t
msdosfs_fat_eoc(int fatbits)
{
	return fatbits == 12 ? 0xfff : fatbits == 16 ? 0xffff : 0x0fffffff;
}

bool
msdosfs_fat_iseoc(int fatbits, uint32_t v)
{
	return v >= (msdosfs_fat_eoc(fatbits) & ~7u);
}

bool
msdosfs_fat_isbad(int fatbits, uint32_t v)
{
	return v == (msdosfs_fat_eoc(fatbits) & ~8u);
}

uint64_t
msdosfs_fat_off(int fatbits, uint32_t cn)
{
	if (fatbits == 12)
		return (uint64_t)cn + cn / 2;
	return (uint64_t)cn * (uint64_t)(fatbits / 8);
}

uint32_t
msdosfs_fat_get(int fatbits, uint32_t cn, const uint8_t *p)
{
	uint16_t w;

	switch (fatbits) {
	case 12:
		w = msdosfs_le16(p);
		return (cn & 1) ? (uint32_t)(w >> 4) : (uint32_t)(w & 0xfff);
	case 16:
		return msdosfs_le16(p);
	default:
		return msdosfs_le32(p) & 0x0fffffff;
	}
}

void
msdosfs_fat_put(int fatbits, uint32_t cn, uint8_t *p, uint32_t v)
{
	uint16_t w;

	switch (fatbits) {
	case 12:
		w = msdosfs_le16(p);
		if (cn & 1)
			w = (uint16_t)((w & 0x000f) | ((v & 0xfff) << 4));
		else
			w = (uint16_t)((w & 0xf000) | (v & 0xfff));
		msdosfs_setle16(p, w);
		break;
	case 16:
		msdosfs_setle16(p, (uint16_t)v);
		break;
	default:
		msdosfs_setle32(p, (msdosfs_le32(p) & 0xf0000000u) |
		    (v & 0x0fffffff));
		break;
	}
}
