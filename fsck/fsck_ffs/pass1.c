/*
 * Phase 1: every inode's type, size and blocks.  Each fragment a file
 * claims is checked to be inside the file system and outside the
 * metadata, and claimed once only (duplicates are reported).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fsck.h"

#define MAXBAD	10		/* bad pointers before giving up on a file */

struct walk {
	uint64_t ino;
	uint64_t size;
	int64_t frags;		/* fragments counted */
	int nbad;
	bool beyond;		/* a block past the end of the file */
};

static bool
claim(struct walk *w, int64_t blk, int n)
{
	struct fs *fs = &fk.fs;
	int64_t f;

	if (blk <= 0 || blk + n > fs->fs_size ||
	    ffs_fragnum(fs, blk) + n > fs->fs_frag) {
		problem("%lld BAD I=%llu", (long long)blk,
		    (unsigned long long)w->ino);
		w->nbad++;
		return false;
	}
	for (f = blk; f < blk + n; f++) {
		if (bit_get(fk.meta, (uint64_t)f)) {
			problem("%lld BAD I=%llu (metadata area)",
			    (long long)f, (unsigned long long)w->ino);
			w->nbad++;
			return false;
		}
		if (bit_get(fk.used, (uint64_t)f)) {
			problem("%lld DUP I=%llu", (long long)f,
			    (unsigned long long)w->ino);
			w->nbad++;
		}
		bit_set(fk.used, (uint64_t)f);
	}
	w->frags += n;
	return true;
}

/* lbn: first data block this pointer covers; span: blocks it covers */
static void
walk_indir(struct walk *w, int64_t blk, int level, int64_t lbn, int64_t span)
{
	struct fs *fs = &fk.fs;
	uint8_t *buf;
	int64_t i, p, sub = span / fs->fs_nindir;
	int wsz = fk.ufs2 ? 8 : 4;

	if (w->nbad > MAXBAD || !claim(w, blk, fs->fs_frag))
		return;
	buf = xcalloc(1, (size_t)fs->fs_bsize);
	if (readfrags(buf, blk, (size_t)fs->fs_bsize) != 0) {
		problem("CANNOT READ BLK %lld I=%llu", (long long)blk,
		    (unsigned long long)w->ino);
		free(buf);
		return;
	}
	for (i = 0; i < fs->fs_nindir && w->nbad <= MAXBAD; i++) {
		p = fk.ufs2 ? (int64_t)ufs_rd64(buf + i * wsz, fk.needswap) :
		    (int64_t)(int32_t)ufs_rd32(buf + i * wsz, fk.needswap);
		if (p == 0)
			continue;
		if ((uint64_t)ffs_lblktosize(fs, lbn + i * sub) >= w->size)
			w->beyond = true;
		if (level == 0)
			(void)claim(w, p, fs->fs_frag);
		else
			walk_indir(w, p, level - 1, lbn + i * sub, sub);
	}
	free(buf);
}

static void
walk_file(struct walk *w, const struct ufs_dino *d)
{
	struct fs *fs = &fk.fs;
	int64_t lbn, span = 1, start = UFS_NDADDR;
	int level;

	for (lbn = 0; lbn < UFS_NDADDR && w->nbad <= MAXBAD; lbn++) {
		if (d->db[lbn] == 0)
			continue;
		if ((uint64_t)ffs_lblktosize(fs, lbn) >= d->size) {
			w->beyond = true;
			(void)claim(w, d->db[lbn], fs->fs_frag);
			continue;
		}
		(void)claim(w, d->db[lbn],
		    (int)(ffs_blksize(fs, d->size, lbn) / fs->fs_fsize));
	}
	for (level = 0; level < UFS_NIADDR; level++) {
		span *= fs->fs_nindir;
		if (d->ib[level] != 0) {
			if ((uint64_t)ffs_lblktosize(fs, start) >= d->size)
				w->beyond = true;
			walk_indir(w, d->ib[level], level, start, span);
		}
		start += span;
	}
}

static bool
has_blocks(const struct ufs_dino *d)
{
	switch (d->mode & UFS_IFMT) {
	case UFS_IFREG:
	case UFS_IFDIR:
		return true;
	case UFS_IFLNK:
		/* short symlinks live in the block pointers */
		return !(d->size < (uint64_t)fk.fs.fs_maxsymlinklen ||
		    (fk.fs.fs_maxsymlinklen == 0 && d->blocks == 0));
	default:
		return false;
	}
}

static void
check_dirholes(uint64_t ino, const struct ufs_dino *d)
{
	int64_t lbn, n = (int64_t)((d->size + (uint64_t)fk.fs.fs_bsize - 1) >>
	    fk.fs.fs_bshift);

	if (d->size == 0 || d->size % UFS_DIRBLKSIZ != 0) {
		problem("DIRECTORY I=%llu: SIZE %llu NOT A MULTIPLE OF %d",
		    (unsigned long long)ino, (unsigned long long)d->size,
		    UFS_DIRBLKSIZ);
		fk.ino[ino].state = I_BAD;
		return;
	}
	for (lbn = 0; lbn < n; lbn++) {
		if (ino_bmap(d, lbn) <= 0) {
			problem("DIRECTORY I=%llu HAS A HOLE AT BLOCK %lld",
			    (unsigned long long)ino, (long long)lbn);
			fk.ino[ino].state = I_BAD;
			return;
		}
	}
}

static void
check_inode(uint64_t ino, const struct ufs_dino *d)
{
	struct inoinfo *ip = &fk.ino[ino];
	struct walk w = { .ino = ino, .size = d->size };
	uint16_t fmt = d->mode & UFS_IFMT;

	ip->nlink = d->nlink;
	ip->dtype = (uint8_t)(fmt >> 12);
	ip->state = fmt == UFS_IFDIR ? I_DIR : I_FILE;
	fk.nfiles++;
	if (fmt != UFS_IFIFO && fmt != UFS_IFCHR && fmt != UFS_IFDIR &&
	    fmt != UFS_IFBLK && fmt != UFS_IFREG && fmt != UFS_IFLNK &&
	    fmt != UFS_IFSOCK) {
		problem("UNKNOWN FILE TYPE I=%llu MODE=%o",
		    (unsigned long long)ino, d->mode);
		ip->state = I_BAD;
		return;
	}
	if (d->size > fk.fs.fs_maxfilesize) {
		problem("BAD SIZE I=%llu SIZE=%llu", (unsigned long long)ino,
		    (unsigned long long)d->size);
		ip->state = I_BAD;
		return;
	}
	if (has_blocks(d))
		walk_file(&w, d);
	if (w.nbad > MAXBAD)
		problem("EXCESSIVE BAD BLKS I=%llu", (unsigned long long)ino);
	if (w.nbad > 0)
		ip->state = I_BAD;
	if (w.beyond)
		problem("BLOCKS PAST END OF FILE I=%llu",
		    (unsigned long long)ino);
	if ((uint64_t)w.frags * (uint64_t)(fk.fs.fs_fsize / 512) != d->blocks)
		problem("INCORRECT BLOCK COUNT I=%llu (%llu should be %llu)",
		    (unsigned long long)ino, (unsigned long long)d->blocks,
		    (unsigned long long)w.frags * (fk.fs.fs_fsize / 512));
	if (ip->state == I_DIR) {
		fk.ndirs++;
		check_dirholes(ino, d);
	}
}

/* inodes of a UFS2 group past cg_initediblk were never written */
static int64_t
inited_inodes(int64_t c)
{
	struct cg hdr;
	uint8_t *buf;
	int64_t n = fk.fs.fs_ipg;

	if (!fk.ufs2)
		return n;
	buf = xcalloc(1, (size_t)fk.fs.fs_cgsize);
	if (getcg(c, buf, &hdr) == NULL)
		n = hdr.cg_initediblk;
	free(buf);
	return n;
}

void
pass1(void)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	uint64_t ino;
	int64_t c, i, lim;

	if (!fk.quiet)
		printf("** Phase 1 - Check Blocks and Sizes\n");
	for (c = 0; c < fs->fs_ncg; c++) {
		lim = inited_inodes(c);
		for (i = 0; i < lim; i++) {
			ino = (uint64_t)(c * fs->fs_ipg + i);
			if (ino < UFS_ROOTINO)
				continue;
			if (getino(ino, &d) != 0) {
				problem("CANNOT READ INODE %llu",
				    (unsigned long long)ino);
				continue;
			}
			if (d.mode != 0)
				check_inode(ino, &d);
		}
	}
	if (fk.ino[UFS_ROOTINO].state != I_DIR)
		problem("ROOT INODE NOT A DIRECTORY");
}
