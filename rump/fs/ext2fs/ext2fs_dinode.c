/*
 * Raw inode <-> struct ext2fs_icore.  Pure functions.  The extra fields of
 * large inodes are used only when i_extra_isize says they are present.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/stat.h>

#include "ext2fs.h"

#define DI_OFF(f)	offsetof(struct ext2fs_dinode, f)
/* is field f inside the inode's extra area? */
#define HAS_EXTRA(ic, isize, f) \
	((isize) > E2FS_GOOD_OLD_INODE_SIZE && \
	 E2FS_GOOD_OLD_INODE_SIZE + (ic)->ic_extra_isize >= \
	 DI_OFF(f) + sizeof(uint32_t))

void
ext2fs_time_decode(uint32_t sec, uint32_t extra, struct timespec *ts)
{
	ts->tv_sec = (int64_t)(int32_t)sec + ((int64_t)(extra & 3) << 32);
	ts->tv_nsec = (long)(extra >> 2);
	if (ts->tv_nsec > 999999999)
		ts->tv_nsec = 999999999;
}

uint32_t
ext2fs_time_encode(const struct timespec *ts, uint32_t *extra)
{
	uint32_t lo = (uint32_t)ts->tv_sec;
	int64_t epoch = (ts->tv_sec - (int64_t)(int32_t)lo) >> 32;

	*extra = ((uint32_t)epoch & 3) | ((uint32_t)ts->tv_nsec << 2);
	return lo;
}

void
ext2fs_dinode_decode(const void *raw, size_t isize, bool hugefile,
    uint32_t bshift, struct ext2fs_icore *ic)
{
	struct ext2fs_dinode di;
	int i;

	memset(&di, 0, sizeof(di));
	memcpy(&di, raw, MIN(isize, sizeof(di)));
	memset(ic, 0, sizeof(*ic));
	ic->ic_mode = e2fs_le16(di.e2di_mode);
	ic->ic_uid = e2fs_le16(di.e2di_uid) |
	    ((uint32_t)e2fs_le16(di.e2di_uid_high) << 16);
	ic->ic_gid = e2fs_le16(di.e2di_gid) |
	    ((uint32_t)e2fs_le16(di.e2di_gid_high) << 16);
	ic->ic_nlink = e2fs_le16(di.e2di_nlink);
	ic->ic_size = e2fs_le32(di.e2di_size);
	if (S_ISREG(ic->ic_mode))
		ic->ic_size |= (uint64_t)e2fs_le32(di.e2di_size_high) << 32;
	ic->ic_flags = e2fs_le32(di.e2di_flags);
	ic->ic_nblock = e2fs_le32(di.e2di_nblock);
	if (hugefile) {
		ic->ic_nblock |= (uint64_t)e2fs_le16(di.e2di_nblock_high) << 32;
		if (ic->ic_flags & EXT4_HUGE_FILE_FL)
			ic->ic_nblock <<= bshift - DEV_BSHIFT;
	}
	ic->ic_gen = e2fs_le32(di.e2di_gen);
	ic->ic_dtime = e2fs_le32(di.e2di_dtime);
	ic->ic_facl = e2fs_le32(di.e2di_facl) |
	    ((uint64_t)e2fs_le16(di.e2di_facl_high) << 32);
	for (i = 0; i < E2FS_NBLOCKS; i++)
		ic->ic_blocks[i] = e2fs_le32(di.e2di_blocks[i]);
	if (isize > E2FS_GOOD_OLD_INODE_SIZE) {
		ic->ic_extra_isize = e2fs_le16(di.e2di_extra_isize);
		if (E2FS_GOOD_OLD_INODE_SIZE + ic->ic_extra_isize > isize)
			ic->ic_extra_isize = 0;
	}
	ext2fs_time_decode(e2fs_le32(di.e2di_atime),
	    HAS_EXTRA(ic, isize, e2di_atime_extra) ?
	    e2fs_le32(di.e2di_atime_extra) : 0, &ic->ic_atime);
	ext2fs_time_decode(e2fs_le32(di.e2di_mtime),
	    HAS_EXTRA(ic, isize, e2di_mtime_extra) ?
	    e2fs_le32(di.e2di_mtime_extra) : 0, &ic->ic_mtime);
	ext2fs_time_decode(e2fs_le32(di.e2di_ctime),
	    HAS_EXTRA(ic, isize, e2di_ctime_extra) ?
	    e2fs_le32(di.e2di_ctime_extra) : 0, &ic->ic_ctime);
	if (HAS_EXTRA(ic, isize, e2di_crtime_extra))
		ext2fs_time_decode(e2fs_le32(di.e2di_crtime),
		    e2fs_le32(di.e2di_crtime_extra), &ic->ic_crtime);
}

/* Encode ic over raw (isize bytes), leaving unknown bytes alone. */
void
ext2fs_dinode_encode(const struct ext2fs_icore *ic, size_t isize, void *raw)
{
	struct ext2fs_dinode di;
	uint32_t extra;
	size_t n = MIN(isize, sizeof(di));
	int i;

	memcpy(&di, raw, n);
	di.e2di_mode = e2fs_h2le16(ic->ic_mode);
	di.e2di_uid = e2fs_h2le16((uint16_t)ic->ic_uid);
	di.e2di_uid_high = e2fs_h2le16((uint16_t)(ic->ic_uid >> 16));
	di.e2di_gid = e2fs_h2le16((uint16_t)ic->ic_gid);
	di.e2di_gid_high = e2fs_h2le16((uint16_t)(ic->ic_gid >> 16));
	di.e2di_nlink = e2fs_h2le16(ic->ic_nlink);
	di.e2di_size = e2fs_h2le32((uint32_t)ic->ic_size);
	di.e2di_size_high = e2fs_h2le32(S_ISREG(ic->ic_mode) ?
	    (uint32_t)(ic->ic_size >> 32) : 0);
	di.e2di_flags = e2fs_h2le32(ic->ic_flags);
	di.e2di_nblock = e2fs_h2le32((uint32_t)ic->ic_nblock);
	di.e2di_nblock_high = 0;
	di.e2di_gen = e2fs_h2le32(ic->ic_gen);
	di.e2di_dtime = e2fs_h2le32(ic->ic_dtime);
	di.e2di_facl = e2fs_h2le32((uint32_t)ic->ic_facl);
	di.e2di_facl_high = e2fs_h2le16((uint16_t)(ic->ic_facl >> 32));
	for (i = 0; i < E2FS_NBLOCKS; i++)
		di.e2di_blocks[i] = e2fs_h2le32(ic->ic_blocks[i]);
	di.e2di_atime = e2fs_h2le32(ext2fs_time_encode(&ic->ic_atime, &extra));
	if (HAS_EXTRA(ic, isize, e2di_atime_extra))
		di.e2di_atime_extra = e2fs_h2le32(extra);
	di.e2di_mtime = e2fs_h2le32(ext2fs_time_encode(&ic->ic_mtime, &extra));
	if (HAS_EXTRA(ic, isize, e2di_mtime_extra))
		di.e2di_mtime_extra = e2fs_h2le32(extra);
	di.e2di_ctime = e2fs_h2le32(ext2fs_time_encode(&ic->ic_ctime, &extra));
	if (HAS_EXTRA(ic, isize, e2di_ctime_extra))
		di.e2di_ctime_extra = e2fs_h2le32(extra);
	if (HAS_EXTRA(ic, isize, e2di_crtime_extra)) {
		di.e2di_crtime = e2fs_h2le32(
		    ext2fs_time_encode(&ic->ic_crtime, &extra));
		di.e2di_crtime_extra = e2fs_h2le32(extra);
	}
	if (isize > E2FS_GOOD_OLD_INODE_SIZE)
		di.e2di_extra_isize = e2fs_h2le16(ic->ic_extra_isize);
	memcpy(raw, &di, n);
}
