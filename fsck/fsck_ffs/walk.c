/*
 * fsck_ffs: walking a file's blocks.  In W_CHECK mode (phase 1) each
 * fragment is checked to be inside the file system and outside the
 * metadata and claimed in fk.used, a second claim recorded as a
 * duplicate; W_FINDDUP (phase 1b) counts claims of duplicate fragments;
 * W_CLAIM only marks fk.used (rebuilding it after inodes were cleared).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fsck.h"

#define NEXTB	2		/* UFS2 extended-attribute block pointers */

static bool
badblk(struct walk *w, int64_t blk, const char *what)
{
	w->nbad++;
	if (w->mode == W_CHECK)
		note("%lld BAD I=%llu%s", (long long)blk,
		    (unsigned long long)w->ino, what);
	return false;
}

static bool
claim(struct walk *w, int64_t blk, int n)
{
	struct fs *fs = &fk.fs;
	int64_t f;

	if (blk <= 0 || blk + n > fs->fs_size ||
	    ffs_fragnum(fs, blk) + n > fs->fs_frag)
		return badblk(w, blk, "");
	for (f = blk; f < blk + n; f++) {
		if (bit_get(fk.meta, (uint64_t)f))
			return badblk(w, f, " (metadata area)");
	}
	for (f = blk; f < blk + n; f++) {
		if (w->mode == W_FINDDUP) {
			w->ndup += bit_get(fk.dups, (uint64_t)f);
			continue;
		}
		if (w->mode == W_CHECK && bit_get(fk.used, (uint64_t)f)) {
			note("%lld DUP I=%llu", (long long)f,
			    (unsigned long long)w->ino);
			bit_set(fk.dups, (uint64_t)f);
			fk.ndups++;
			w->ndup++;
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
		if (w->mode == W_CHECK)
			note("CANNOT READ BLK %lld I=%llu", (long long)blk,
			    (unsigned long long)w->ino);
		w->nbad++;
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

/* n direct pointers of data size bytes, the last one fragments */
static void
walk_direct(struct walk *w, const int64_t *ptr, int64_t n, uint64_t size)
{
	struct fs *fs = &fk.fs;
	int64_t lbn;

	for (lbn = 0; lbn < n && w->nbad <= MAXBAD; lbn++) {
		if (ptr[lbn] == 0)
			continue;
		if ((uint64_t)ffs_lblktosize(fs, lbn) >= size) {
			w->beyond = true;
			(void)claim(w, ptr[lbn], fs->fs_frag);
			continue;
		}
		(void)claim(w, ptr[lbn],
		    (int)(ffs_blksize(fs, size, lbn) / fs->fs_fsize));
	}
}

/* UFS2 extended attributes: up to two blocks, the last one fragments */
static void
walk_ext(struct walk *w, const struct ufs_dino *d)
{
	walk_direct(w, d->extb, NEXTB, d->extsize);
}

static void
walk_file(struct walk *w, const struct ufs_dino *d)
{
	struct fs *fs = &fk.fs;
	int64_t span = 1, start = UFS_NDADDR;
	int level;

	walk_direct(w, d->db, UFS_NDADDR, d->size);
	for (level = 0; level < UFS_NIADDR; level++) {
		span *= fs->fs_nindir;
		if (d->ib[level] != 0) {
			if ((uint64_t)ffs_lblktosize(fs, start) >= d->size)
				w->beyond = true;
			walk_indir(w, d->ib[level], level, start, span);
		}
		start += span;
	}
	if (fk.ufs2 && d->extsize > 0)
		walk_ext(w, d);
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

struct walk
walk_inode(uint64_t ino, const struct ufs_dino *d, enum wmode mode)
{
	struct walk w = { .mode = mode, .ino = ino, .size = d->size };

	if (has_blocks(d))
		walk_file(&w, d);
	else if (fk.ufs2 && d->extsize > 0)
		walk_ext(&w, d);
	return w;
}

