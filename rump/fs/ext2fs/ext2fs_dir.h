/*
 * Directory entries: {inode, rec_len, name_len, file_type, name}, records
 * 4-byte aligned, filling each directory block exactly.  Without the
 * filetype feature the type byte is the high byte of a 16-bit name_len.
 */
#ifndef _EXT2FS_DIR_H_
#define _EXT2FS_DIR_H_

#include <sys/types.h>

struct ext2fs_direct {
	uint32_t e2d_ino;
	uint16_t e2d_reclen;
	uint8_t e2d_namlen;
	uint8_t e2d_type;
	char e2d_name[255];
} __packed;

#define E2FS_DIRHDR		8
#define E2FS_DIRSIZ(namlen)	(((namlen) + E2FS_DIRHDR + 3) & ~3)
#define E2FS_MAXNAMLEN		255

/* file_type values */
#define EXT2_FT_UNKNOWN		0
#define EXT2_FT_REG_FILE	1
#define EXT2_FT_DIR		2
#define EXT2_FT_CHRDEV		3
#define EXT2_FT_BLKDEV		4
#define EXT2_FT_FIFO		5
#define EXT2_FT_SOCK		6
#define EXT2_FT_SYMLINK		7
#define EXT2_FT_MAX		8

/* A parsed, checked entry. */
struct ext2fs_dent {
	uint32_t de_ino;
	uint32_t de_reclen;	/* decoded (64 KiB blocks) */
	uint32_t de_namlen;
	uint8_t de_type;	/* EXT2_FT_*, 0 without filetype */
	const char *de_name;
};

/*
 * Parse the entry at byte off of a directory block of bsize bytes.
 * Returns 0, or EIO (with *why set) if the record is malformed.
 */
int ext2fs_dirent_parse(const uint8_t *blk, uint32_t bsize, uint32_t off,
    bool ftype, struct ext2fs_dent *de, const char **why);
/*
 * May a parsed live entry's name be handed out?  Not when it is empty,
 * holds a NUL or '/', or is '.' or '..' anywhere but as the directory's
 * first (idx 0) or second (idx 1) record; idx is the record's place in
 * the directory, 2 for any later one.  NULL if fine, else why: that entry
 * alone is corrupt (a stranger's image can name one "../../x"), the
 * records around it are sound.
 */
const char *ext2fs_dirent_namecheck(const struct ext2fs_dent *de,
    unsigned idx);
/* Write an entry header+name at blk+off. */
void ext2fs_dirent_pack(uint8_t *blk, uint32_t bsize, uint32_t off,
    uint32_t ino, uint32_t reclen, const char *name, uint32_t namlen,
    uint8_t type, bool ftype);
/* Change only rec_len of the entry at off. */
void ext2fs_dirent_setreclen(uint8_t *blk, uint32_t bsize, uint32_t off,
    uint32_t reclen);
void ext2fs_dirent_setino(uint8_t *blk, uint32_t off, uint32_t ino);
uint8_t ext2fs_mode2ft(uint32_t mode);
uint8_t ext2fs_ft2dt(uint8_t ft);

#endif /* _EXT2FS_DIR_H_ */
