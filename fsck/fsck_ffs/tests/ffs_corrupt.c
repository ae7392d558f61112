/*
 * ffs_corrupt image op [path]: break an FFS image in one precise way, for
 * the fsck_ffs and driver tests.  Ops:
 *   nbfree      superblock total free-block count off by one
 *   cgnbfree    cylinder group 0's free-block count off by one
 *   cgmagic     cylinder group 0's magic number
 *   sbzero      zero every superblock copy at the standard locations
 *   sbprimary   zero the primary superblock only
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
 * What a crash of an ordered FFS (no soft updates, no log) leaves:
 *   unlink PATH the entry naming PATH is gone, its inode kept (a file:
 *               unreferenced; a directory: disconnected)
 *   zerolink PATH  the same with the inode's link count 0 (removed, not
 *               yet freed)
 *   orphan      a free inode becomes an empty file, link count 1, with
 *               no name (created; the entry never reached the disk)
 *   blocks PATH PATH's block count (di_blocks) off
 *   freeblk PATH  PATH's first fragment marked free in its group's map
 *   leak        a free fragment of group 0 marked in use
 *   imap PATH   PATH's inode marked free in its group's inode map
 *   badino PATH the entry naming PATH names an inode past the last
 *   altsb       print the DEV_BSIZE sector of the last group's superblock
 *               copy (one that is not the primary)
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

	if (strcmp(op, "sbprimary") == 0) {
		memset(zero, 0, sizeof(zero));
		cwrite(zero, sizeof(zero), fk.sbloc);
		return;
	}
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

/* flip fragment f's bit in its group's free map (or inode ino's) */
static void
cg_flip(int64_t f, int64_t ino)
{
	uint8_t buf[65536];
	struct cg hdr;
	int64_t c = ino >= 0 ? (int64_t)ffs_ino_to_cg(&fk.fs, ino) :
	    ffs_dtog(&fk.fs, f);
	int64_t off = ffs_cgtod(&fk.fs, c) * fk.fs.fs_fsize, i;
	uint8_t *map;

	if (readat(buf, (size_t)fk.fs.fs_cgsize, off) != 0)
		die("cannot read cg");
	ffs_cg_header(buf, &hdr, fk.needswap);
	if (ino >= 0) {
		map = buf + hdr.cg_iusedoff;
		i = ino % fk.fs.fs_ipg;
	} else {
		map = buf + hdr.cg_freeoff;
		i = ffs_dtogd(&fk.fs, f);
	}
	map[i / 8] ^= (uint8_t)(1u << (i % 8));
	cwrite(buf, (size_t)fk.fs.fs_cgsize, off);
}

/* a free fragment of group 0 (per its map) */
static int64_t
free_frag(void)
{
	uint8_t buf[65536];
	struct cg hdr;
	int64_t f;

	if (getcg(0, buf, &hdr) != NULL)
		die("cannot read cg 0");
	for (f = hdr.cg_ndblk - 1; f > 0; f--) {
		if (bit_get(buf + hdr.cg_freeoff, (uint64_t)f))
			return f;
	}
	die("no free fragment");
	return 0;
}

static void
orphan(void)
{
	struct ufs_dino d;
	uint64_t ino;

	/* the lowest free one, as the driver would pick (and inside the
	 * initialised part of a UFS2 group) */
	for (ino = UFS_ROOTINO + 1; ino < fk.ninodes; ino++) {
		if (getino(ino, &d) == 0 && d.mode == 0)
			break;
	}
	if (ino == fk.ninodes)
		die("no free inode");
	memset(&d, 0, sizeof(d));
	d.mode = UFS_IFREG | 0644;
	d.nlink = 1;
	d.gen = 1;
	if (putino(ino, &d) != 0)
		die("cannot write inode");
}

static void
altsb(void)
{
	int64_t c, off;

	for (c = fk.fs.fs_ncg - 1; c >= 0; c--) {
		off = ffs_cgsblock(&fk.fs, c) * fk.fs.fs_fsize;
		if (off != fk.sbloc) {
			printf("%lld\n", (long long)(off / 512));
			return;
		}
	}
	die("no superblock copy");
}

/* the crash-like ops on PATH; false if op is not one of them */
static bool
crash_op(const char *op, uint64_t ino, int64_t eoff, struct ufs_dino *d)
{
	uint8_t hdr[4];

	if (strcmp(op, "unlink") == 0 || strcmp(op, "zerolink") == 0 ||
	    strcmp(op, "badino") == 0) {
		ufs_wr32(hdr, strcmp(op, "badino") == 0 ?
		    (uint32_t)fk.ninodes + 5 : 0, fk.needswap);
		cwrite(hdr, 4, eoff);
		if (strcmp(op, "zerolink") != 0)
			return true;
		d->nlink = 0;
	} else if (strcmp(op, "blocks") == 0)
		d->blocks += 8;
	else if (strcmp(op, "freeblk") == 0) {
		if (d->db[0] <= 0)
			die("no block");
		cg_flip(d->db[0], -1);
		return true;
	} else if (strcmp(op, "imap") == 0) {
		cg_flip(0, (int64_t)ino);
		return true;
	} else
		return false;
	if (putino(ino, d) != 0)
		die("cannot write inode");
	return true;
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
	if (crash_op(op, ino, eoff, &d))
		return;
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
	if (putino(ino, &d) != 0)
		die("cannot write inode");
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
	    strcmp(argv[2], "sbprimary") == 0 ||
	    strcmp(argv[2], "unclean") == 0 || strcmp(argv[2], "wapbl") == 0 ||
	    strcmp(argv[2], "suj") == 0 || strcmp(argv[2], "newflag") == 0 ||
	    strcmp(argv[2], "snap") == 0 || strcmp(argv[2], "quota2") == 0)
		sb_op(argv[2]);
	else if (strcmp(argv[2], "orphan") == 0)
		orphan();
	else if (strcmp(argv[2], "leak") == 0)
		cg_flip(free_frag(), -1);
	else if (strcmp(argv[2], "altsb") == 0)
		altsb();
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
