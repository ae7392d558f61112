/*
 * The two directories an empty ext2 file system has: the root (inode 2)
 * and lost+found (inode 11, made large enough that e2fsck need not grow
 * it), their inodes and directory blocks, right after group 0's inode
 * table.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ext2.h"

#define ME2_FT_DIR	2
#define ME2_IFDIR	0040000

/* one entry; returns where the next one goes */
static unsigned char *
me2_dirent(unsigned char *p, uint32_t ino, uint32_t reclen, const char *name)
{
	size_t len = strlen(name);

	mkfs_le32(p, ino);
	mkfs_le16(p + 4, reclen);
	p[6] = (unsigned char)len;
	p[7] = ino != 0 ? ME2_FT_DIR : 0;
	memcpy(p + 8, name, len);
	return p + reclen;
}

static void
me2_dirinode(unsigned char *di, const struct me2_geom *g, uint32_t mode,
    uint32_t nlink, uint32_t first, uint32_t nblocks, uint32_t when)
{
	memset(di, 0, g->isz);
	mkfs_le16(di + 0, ME2_IFDIR | mode);
	mkfs_le32(di + 4, nblocks * g->bs);		/* size */
	mkfs_le32(di + 8, when);			/* atime */
	mkfs_le32(di + 12, when);			/* ctime */
	mkfs_le32(di + 16, when);			/* mtime */
	mkfs_le16(di + 26, nlink);
	mkfs_le32(di + 28, nblocks * (g->bs / 512));	/* 512-byte units */
	for (uint32_t i = 0; i < nblocks; i++)
		mkfs_le32(di + 40 + 4 * i, first + i);
	if (g->isz > 128)
		mkfs_le16(di + 128, 32);		/* i_extra_isize */
}

static int
me2_inode(int fd, const struct me2_geom *g, uint32_t ino,
    const unsigned char *di)
{
	/* group 0's table follows its two bitmaps */
	uint64_t table = me2_firstdata(g) - g->itb;

	return mkfs_pwrite(fd, di, g->isz, table * g->bs +
	    (uint64_t)(ino - 1) * g->isz);
}

static int
me2_dirblocks(int fd, const struct me2_geom *g, unsigned char *b)
{
	uint32_t root = me2_firstdata(g), lf = root + 1;
	unsigned char *p;

	memset(b, 0, g->bs);
	p = me2_dirent(b, ME2_ROOTINO, 12, ".");
	p = me2_dirent(p, ME2_ROOTINO, 12, "..");
	me2_dirent(p, ME2_FIRSTINO, g->bs - 24, "lost+found");
	if (mkfs_pwrite(fd, b, g->bs, (uint64_t)root * g->bs) != 0)
		return -1;
	memset(b, 0, g->bs);
	p = me2_dirent(b, ME2_FIRSTINO, 12, ".");
	me2_dirent(p, ME2_ROOTINO, g->bs - 12, "..");
	if (mkfs_pwrite(fd, b, g->bs, (uint64_t)lf * g->bs) != 0)
		return -1;
	memset(b, 0, g->bs);
	me2_dirent(b, 0, g->bs, "");		/* an empty block */
	for (uint32_t i = 1; i < g->lfblocks; i++)
		if (mkfs_pwrite(fd, b, g->bs, (uint64_t)(lf + i) * g->bs) != 0)
			return -1;
	return 0;
}

int
me2_write_root(const struct me2_geom *g, const struct mkfs_opts *o, int fd)
{
	uint32_t when = (uint32_t)(o->timeset ? o->timestamp : time(NULL));
	uint32_t root = me2_firstdata(g);
	unsigned char *b = malloc(g->bs);
	int r = -1;

	if (b == NULL)
		return -1;
	me2_dirinode(b, g, 0755, 3, root, 1, when);
	if (me2_inode(fd, g, ME2_ROOTINO, b) != 0)
		goto out;
	me2_dirinode(b, g, 0700, 2, root + 1, g->lfblocks, when);
	if (me2_inode(fd, g, ME2_FIRSTINO, b) != 0)
		goto out;
	r = me2_dirblocks(fd, g, b);
out:
	free(b);
	return r;
}
