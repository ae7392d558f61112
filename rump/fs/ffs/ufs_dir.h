/*
 * On-disk directory entries.  The 4.4BSD format has d_type and an 8-bit
 * d_namlen; the old 4.2BSD format (UFS1 with fs_old_inodefmt
 * FS_42INODEFMT) has a 16-bit d_namlen and no type.  Entries never cross
 * a UFS_DIRBLKSIZ boundary; d_reclen is a multiple of 4.  Shared with
 * fsck/fsck_ffs.
 */
#ifndef _UFS_UFS_DIR_H_
#define _UFS_UFS_DIR_H_

#include <stdbool.h>
#include <stdint.h>

#define UFS_DIRBLKSIZ	512
#define UFS_MAXNAMLEN	255
#define UFS_DIRHDRSIZ	8

/* bytes an entry with a name of length n needs */
#define UFS_DIRSIZ(n)	((UFS_DIRHDRSIZ + (n) + 1 + 3) & ~3)

/* d_type values (same as DT_*) */
#define UFS_DT_UNKNOWN	0
#define UFS_DT_FIFO	1
#define UFS_DT_CHR	2
#define UFS_DT_DIR	4
#define UFS_DT_BLK	6
#define UFS_DT_REG	8
#define UFS_DT_LNK	10
#define UFS_DT_SOCK	12
#define UFS_DT_WHT	14

/* a decoded entry; name points into the block */
struct ufs_dent {
	uint32_t ino;
	uint16_t reclen;
	uint8_t type;
	uint16_t namlen;
	const char *name;
};

/*
 * Decode the entry at off of a directory block chunk [0, len) and check
 * the record: reclen at least the header, a multiple of 4, inside the
 * chunk and not crossing a UFS_DIRBLKSIZ boundary; the name fits.
 * Returns NULL if fine, else a description.  A record that passes can be
 * stepped over whatever its name holds.
 */
const char *ufs_dent_decode(const uint8_t *blk, uint32_t off, uint32_t len,
    bool oldfmt, bool needswap, struct ufs_dent *de);
/* ufs_dent_decode, and a live entry's name holds no NUL or '/' */
const char *ufs_dent_parse(const uint8_t *blk, uint32_t off, uint32_t len,
    bool oldfmt, bool needswap, struct ufs_dent *de);
/*
 * May a live entry's name be handed out?  Not when it is empty, holds a
 * NUL or '/', or is '.' or '..' anywhere but as the directory's first
 * (idx 0) or second (idx 1) record; idx is the record's place in the
 * directory, 2 for any later one.  NULL if fine, else why: that entry
 * alone is corrupt, the records around it still are sound.
 */
const char *ufs_dent_namecheck(const struct ufs_dent *de, unsigned idx);
/* encode an entry header and name at off (no checks) */
void ufs_dent_store(uint8_t *blk, uint32_t off, const struct ufs_dent *de,
    bool oldfmt, bool needswap);

#endif /* _UFS_UFS_DIR_H_ */
