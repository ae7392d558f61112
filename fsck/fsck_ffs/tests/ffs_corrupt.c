/*
 * ffs_corrupt image op [path]: break an FFS image in one precise way, for
 * the fsck_ffs and driver tests.  Ops:
 *   nbfree      superblock total free-block count off by one
 *   cgnbfree    cylinder group 0's free-block count off by one
 *   cgmagic     cylinder group 0's magic number
 *   sbzero      zero every superblock copy at the standard locations
 *   unclean     clear the clean flag
 *   wapbl       set FS_DOWAPBL with a log location (a log we cannot replay)
 *   suj         set FS_SUJ (soft updates journal)
 *   newflag     set an fs_flags bit this driver does not know
 *   snap        record a snapshot inode in fs_snapinum
 *   quota2      set FS_DOQUOTA2 (in-file-system quotas)
 *   nlink PATH  link count of PATH plus one
 *   dup PATH    PATH's second direct block pointing at its first
 *   oob PATH    PATH's first block pointer past the end of the fs
 *   size PATH   PATH's size huge (2^62)
 *   dangle PATH the entry naming PATH points at a free inode
 *   reclen0 PATH  the first entry of directory PATH gets record length 0
 *   xattr PATH  (UFS2) give PATH extended attributes user.color=blue,
 *               user.empty= and system.sec=x in the last block of the
 *               file system (not marked used: for driver tests only)
 *   badxattr PATH  the same with a record length running off the area
 *   dirloop PATH  directory PATH's first subdirectory entry names PATH's
 *               parent (a second name for it: a loop)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fsck.h"

static int wfd;

static void
die(const char *msg)
{
	fprintf(stderr, "ffs_corrupt: %s\n", msg);
	exit(1);
}

static void
cwrite(const void *buf, size_t len, int64_t off)
{
	if (pwrite(wfd, buf, len, off) != (ssize_t)len)
		die("write failed");
}

static int64_t
ino_offset(uint64_t ino)
{
	return ffs_ino_to_fsba(&fk.fs, ino) * fk.fs.fs_fsize +
	    (int64_t)ffs_ino_to_fsbo(&fk.fs, ino) * ffs_dinode_size(&fk.fs);
}

static void
putino(uint64_t ino, const struct ufs_dino *d)
{
	uint8_t raw[256];
	size_t sz = (size_t)ffs_dinode_size(&fk.fs);

	if (readat(raw, sz, ino_offset(ino)) != 0)
		die("cannot read inode");
	ufs_dino_store(d, raw, fk.ufs2, fk.needswap);
	cwrite(raw, sz, ino_offset(ino));
}

/*
 * Find name in directory dir: its inode and the byte offset of its
 * entry in the image.  cb, if set, is called for every entry.
 */
static uint64_t
dirscan(uint64_t dir, const char *name, int64_t *entoff)
{
	struct ufs_dino d;
	struct ufs_dent de;
	uint8_t buf[65536];
	int64_t lbn, blk;
	uint32_t off, len;

	if (getino(dir, &d) != 0)
		die("cannot read directory inode");
	for (lbn = 0; ffs_lblktosize(&fk.fs, lbn) < (int64_t)d.size; lbn++) {
		len = (uint32_t)ffs_blksize(&fk.fs, d.size, lbn);
		blk = ino_bmap(&d, lbn);
		if (blk <= 0 || readfrags(buf, blk, len) != 0)
			die("cannot read directory");
		for (off = 0; off < len; off += de.reclen) {
			if (ufs_dent_parse(buf, off, len, fk.oldfmt,
			    fk.needswap, &de) != NULL)
				die("corrupt directory");
			if (de.ino != 0 && de.namlen == strlen(name) &&
			    memcmp(de.name, name, de.namlen) == 0) {
				*entoff = blk * fk.fs.fs_fsize + off;
				return de.ino;
			}
		}
	}
	die("name not found");
	return 0;
}

/* inode of path, its parent directory and the entry's offset */
static uint64_t
namei(const char *path, uint64_t *parent, int64_t *entoff)
{
	char buf[1024], *p, *save = NULL;
	uint64_t cur = UFS_ROOTINO;

	snprintf(buf, sizeof(buf), "%s", path);
	*parent = UFS_ROOTINO;
	*entoff = -1;
	for (p = strtok_r(buf, "/", &save); p; p = strtok_r(NULL, "/", &save)) {
		*parent = cur;
		cur = dirscan(cur, p, entoff);
	}
	return cur;
}

static uint64_t
free_inode(void)
{
	struct ufs_dino d;
	uint64_t ino;

	for (ino = fk.ninodes - 1; ino > UFS_ROOTINO; ino--) {
		if (getino(ino, &d) == 0 && d.mode == 0)
			return ino;
	}
	die("no free inode");
	return 0;
}

static void
sb_op(const char *op)
{
	struct fs fs = fk.fs, raw;
	uint8_t zero[SBLOCKSIZE];

	if (strcmp(op, "sbzero") == 0) {
		memset(zero, 0, sizeof(zero));
		cwrite(zero, sizeof(zero), SBLOCK_UFS1);
		cwrite(zero, sizeof(zero), SBLOCK_UFS2);
		cwrite(zero, sizeof(zero), SBLOCK_PIGGY);
		return;
	}
	if (strcmp(op, "unclean") == 0)
		fs.fs_clean = 0;
	else if (strcmp(op, "wapbl") == 0) {
		fs.fs_flags |= FS_DOWAPBL;
		fs.fs_journal_location = UFS_WAPBL_JOURNALLOC_IN_FILESYSTEM;
	} else if (strcmp(op, "suj") == 0)
		fs.fs_flags |= FS_SUJ;
	else if (strcmp(op, "newflag") == 0)
		fs.fs_flags |= 0x40000000;
	else if (strcmp(op, "snap") == 0)
		fs.fs_snapinum[0] = 5;
	else if (strcmp(op, "quota2") == 0)
		fs.fs_flags |= FS_DOQUOTA2;
	else {
		fs.fs_cstotal.cs_nbfree++;
		fs.fs_old_cstotal.cs_nbfree++;
	}
	if (fk.needswap)
		ffs_sb_bswap(&fs, &raw);
	else
		raw = fs;
	cwrite(&raw, sizeof(raw), fk.sbloc);
}

static void
cg_op(const char *op)
{
	uint8_t buf[65536];
	struct cg hdr;
	int64_t off = ffs_cgtod(&fk.fs, 0) * fk.fs.fs_fsize;

	if (readat(buf, (size_t)fk.fs.fs_cgsize, off) != 0)
		die("cannot read cg");
	ffs_cg_header(buf, &hdr, fk.needswap);
	if (strcmp(op, "cgmagic") == 0)
		hdr.cg_magic ^= 0x5a5a;
	else
		hdr.cg_cs.cs_nbfree++;
	ffs_cg_header_store(&hdr, buf, fk.needswap);
	cwrite(buf, (size_t)fk.fs.fs_cgsize, off);
}

/* one extended attribute record at off; returns the offset after it */
static size_t
ea_put(uint8_t *a, size_t off, int ns, const char *name, const char *val)
{
	size_t nl = strlen(name), vl = strlen(val);
	size_t coff = (7 + nl + 7) & ~(size_t)7;
	size_t rlen = (coff + vl + 7) & ~(size_t)7;

	ufs_wr32(a + off, (uint32_t)rlen, fk.needswap);
	a[off + 4] = (uint8_t)ns;
	a[off + 5] = (uint8_t)(rlen - coff - vl);
	a[off + 6] = (uint8_t)nl;
	memcpy(a + off + 7, name, nl);
	memcpy(a + off + coff, val, vl);
	return off + rlen;
}

static void
ino_op(const char *op, const char *path)
{
	struct ufs_dino d;
	uint64_t ino, parent;
	int64_t eoff;
	uint8_t hdr[8];

	ino = namei(path, &parent, &eoff);
	if (getino(ino, &d) != 0)
		die("cannot read inode");
	if (strcmp(op, "nlink") == 0)
		d.nlink++;
	else if (strcmp(op, "dup") == 0)
		d.db[1] = d.db[0];
	else if (strcmp(op, "oob") == 0)
		d.db[0] = fk.fs.fs_size + 1000;
	else if (strcmp(op, "size") == 0)
		d.size = 1ULL << 62;
	else if (strcmp(op, "dangle") == 0 || strcmp(op, "dirloop") == 0) {
		if (strcmp(op, "dirloop") == 0) {
			/* the entry of path (a directory) now names its
			 * parent: the parent has a second name, inside
			 * itself */
			ufs_wr32(hdr, (uint32_t)parent, fk.needswap);
		} else
			ufs_wr32(hdr, (uint32_t)free_inode(), fk.needswap);
		cwrite(hdr, 4, eoff);
		return;
	} else if (strcmp(op, "xattr") == 0 || strcmp(op, "badxattr") == 0) {
		uint8_t area[64];
		int64_t blk = ffs_blknum(&fk.fs, fk.fs.fs_size - 1);
		size_t len;

		if (!fk.ufs2)
			die("xattr needs UFS2");
		memset(area, 0, sizeof(area));
		len = ea_put(area, 0, 1, "color", "blue");
		len = ea_put(area, len, 1, "empty", "");
		len = ea_put(area, len, 2, "sec", "x");
		if (strcmp(op, "badxattr") == 0)
			ufs_wr32(area + 24, 4000, fk.needswap);
		cwrite(area, sizeof(area), blk * fk.fs.fs_fsize);
		d.extsize = (uint32_t)len;
		d.extb[0] = blk;
	} else if (strcmp(op, "reclen0") == 0) {
		int64_t blk = ino_bmap(&d, 0);

		ufs_wr16(hdr, 0, fk.needswap);
		cwrite(hdr, 2, blk * fk.fs.fs_fsize + 4);
		return;
	} else
		die("unknown op");
	putino(ino, &d);
}

int
main(int argc, char **argv)
{
	if (argc < 3)
		die("usage: ffs_corrupt image op [path]");
	fk.quiet = true;
	fk.name = "ffs_corrupt";
	if (setup(argv[1]) != 0)
		die("not an FFS image");
	wfd = open(argv[1], O_RDWR);
	if (wfd < 0)
		die(strerror(errno));
	if (strcmp(argv[2], "nbfree") == 0 || strcmp(argv[2], "sbzero") == 0 ||
	    strcmp(argv[2], "unclean") == 0 || strcmp(argv[2], "wapbl") == 0 ||
	    strcmp(argv[2], "suj") == 0 || strcmp(argv[2], "newflag") == 0 ||
	    strcmp(argv[2], "snap") == 0 || strcmp(argv[2], "quota2") == 0)
		sb_op(argv[2]);
	else if (strcmp(argv[2], "cgmagic") == 0 ||
	    strcmp(argv[2], "cgnbfree") == 0)
		cg_op(argv[2]);
	else if (argc == 4)
		ino_op(argv[2], argv[3]);
	else
		die("unknown op or missing path");
	close(wfd);
	return 0;
}
