/*
 * Byte order of disk data.  needswap is true when the image's byte order
 * differs from the host's; the accessors read and write disk-order
 * integers at any alignment.  Shared with fsck/fsck_ffs.
 */
#ifndef _UFS_FFS_BSWAP_H_
#define _UFS_FFS_BSWAP_H_

#include <stdbool.h>
#include <stdint.h>

static inline uint16_t
ufs_rd16(const void *p, bool ns)
{
	uint16_t v;

	__builtin_memcpy(&v, p, sizeof v);
	return ns ? __builtin_bswap16(v) : v;
}

static inline uint32_t
ufs_rd32(const void *p, bool ns)
{
	uint32_t v;

	__builtin_memcpy(&v, p, sizeof v);
	return ns ? __builtin_bswap32(v) : v;
}

static inline uint64_t
ufs_rd64(const void *p, bool ns)
{
	uint64_t v;

	__builtin_memcpy(&v, p, sizeof v);
	return ns ? __builtin_bswap64(v) : v;
}

static inline void
ufs_wr16(void *p, uint16_t v, bool ns)
{
	if (ns)
		v = __builtin_bswap16(v);
	__builtin_memcpy(p, &v, sizeof v);
}

static inline void
ufs_wr32(void *p, uint32_t v, bool ns)
{
	if (ns)
		v = __builtin_bswap32(v);
	__builtin_memcpy(p, &v, sizeof v);
}

static inline void
ufs_wr64(void *p, uint64_t v, bool ns)
{
	if (ns)
		v = __builtin_bswap64(v);
	__builtin_memcpy(p, &v, sizeof v);
}

/* a host-order field of a disk-order struct: CG_RD32(cgp, cg_magic, ns) */
#define UFS_FIELD_PTR(sp, type, field) \
	((const uint8_t *)(sp) + __builtin_offsetof(type, field))

/* the magic numbers as they appear swapped */
#define FS_UFS1_MAGIC_SWAPPED	0x54190100
#define FS_UFS2_MAGIC_SWAPPED	0x19015419

#endif /* _UFS_FFS_BSWAP_H_ */
