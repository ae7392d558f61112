/*
 * Directory entry parsing and packing.  Pure functions: the parser is the
 * one place that decides whether a record can be trusted, the name check
 * whether its name may be handed out.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/genfs_name.h>

#include "ext2fs_format.h"
#include "ext2fs_dir.h"

static uint32_t
get16(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8);
}

static uint32_t
get32(const uint8_t *p)
{
	return get16(p) | (get16(p + 2) << 16);
}

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

/* rec_len on disk: 64 KiB blocks store 65536 as 0 or 65535 */
static uint32_t
reclen_decode(uint32_t v, uint32_t bsize)
{
	if (bsize >= 65536 && (v == 0 || v == 65535))
		return 65536;
	return v;
}

int
ext2fs_dirent_parse(const uint8_t *blk, uint32_t bsize, uint32_t off,
    bool ftype, struct ext2fs_dent *de, const char **why)
{
	const uint8_t *p = blk + off;

	if (off > bsize - E2FS_DIRHDR || (off & 3) != 0) {
		*why = "entry header past the block";
		return EIO;
	}
	de->de_ino = get32(p);
	de->de_reclen = reclen_decode(get16(p + 4), bsize);
	if (ftype) {
		de->de_namlen = p[6];
		de->de_type = p[7];
	} else {
		de->de_namlen = get16(p + 6) & 0xff;
		de->de_type = EXT2_FT_UNKNOWN;
	}
	de->de_name = (const char *)p + E2FS_DIRHDR;
	if (de->de_reclen < E2FS_DIRHDR || (de->de_reclen & 3) != 0) {
		*why = "bad record length";
		return EIO;
	}
	if (de->de_reclen > bsize - off) {
		*why = "record length past the block";
		return EIO;
	}
	if (E2FS_DIRSIZ(de->de_namlen) > de->de_reclen) {
		*why = "name longer than its record";
		return EIO;
	}
	return 0;
}

const char *
ext2fs_dirent_namecheck(const struct ext2fs_dent *de, unsigned idx)
{
	const char *why;

	if (de->de_ino == 0)
		return NULL;
	if ((why = genfs_name_bad(de->de_name, de->de_namlen)) != NULL)
		return why;
	return genfs_name_misplaced(de->de_name, de->de_namlen, idx);
}

void
ext2fs_dirent_setreclen(uint8_t *blk, uint32_t bsize, uint32_t off,
    uint32_t reclen)
{
	if (reclen >= 65536)
		reclen = 65535;
	put16(blk + off + 4, reclen);
}

void
ext2fs_dirent_setino(uint8_t *blk, uint32_t off, uint32_t ino)
{
	put32(blk + off, ino);
}

void
ext2fs_dirent_pack(uint8_t *blk, uint32_t bsize, uint32_t off, uint32_t ino,
    uint32_t reclen, const char *name, uint32_t namlen, uint8_t type,
    bool ftype)
{
	uint8_t *p = blk + off;

	put32(p, ino);
	ext2fs_dirent_setreclen(blk, bsize, off, reclen);
	if (ftype) {
		p[6] = (uint8_t)namlen;
		p[7] = type;
	} else
		put16(p + 6, namlen);
	memcpy(p + E2FS_DIRHDR, name, namlen);
	/* zero the padding so images compare byte for byte */
	memset(p + E2FS_DIRHDR + namlen, 0, E2FS_DIRSIZ(namlen) -
	    E2FS_DIRHDR - namlen);
}

uint8_t
ext2fs_mode2ft(uint32_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG:	return EXT2_FT_REG_FILE;
	case S_IFDIR:	return EXT2_FT_DIR;
	case S_IFCHR:	return EXT2_FT_CHRDEV;
	case S_IFBLK:	return EXT2_FT_BLKDEV;
	case S_IFIFO:	return EXT2_FT_FIFO;
	case S_IFSOCK:	return EXT2_FT_SOCK;
	case S_IFLNK:	return EXT2_FT_SYMLINK;
	default:	return EXT2_FT_UNKNOWN;
	}
}

uint8_t
ext2fs_ft2dt(uint8_t ft)
{
	static const uint8_t tab[EXT2_FT_MAX] = {
		DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR, DT_BLK, DT_FIFO, DT_SOCK,
		DT_LNK
	};

	return ft < EXT2_FT_MAX ? tab[ft] : DT_UNKNOWN;
}
