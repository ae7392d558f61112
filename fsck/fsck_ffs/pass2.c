/*
 * Phase 2: directory contents.  Every entry must be well formed, name an
 * allocated inode of the type it claims, and '.' and '..' must come
 * first.  Entries naming free or impossible inodes are removed, wrong
 * types fixed, garbled blocks salvaged (entries from the damage to the
 * end of its DIRBLKSIZ chunk are dropped; what they named turns up
 * unreferenced in phases 3 and 4).  References are counted for phase 4
 * and each directory's parent recorded for phase 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

/* one directory block being checked */
struct dblk {
	uint64_t dir;
	uint8_t *buf;
	uint32_t len;
	int64_t blk;		/* frag address */
	int64_t pos;		/* entries seen: 0 is '.', 1 is '..' */
	int32_t prev;		/* previous entry in this chunk, -1: none */
	bool dirty;
};

#define NAMEFMT(de)	(int)(de)->namlen, (de)->name

static int64_t
imgoff(const struct dblk *b, uint32_t off)
{
	return b->blk * fk.fs.fs_fsize + off;
}

static void
set_ino(struct dblk *b, uint32_t off, uint32_t ino)
{
	ufs_wr32(b->buf + off, ino, fk.needswap);
	b->dirty = true;
}

static void
put_entry(struct dblk *b, uint32_t off, uint32_t ino, uint16_t reclen,
    const char *name, uint8_t type)
{
	struct ufs_dent de = { .ino = ino, .reclen = reclen, .type = type,
	    .namlen = (uint16_t)strlen(name), .name = name };

	ufs_dent_store(b->buf, off, &de, fk.oldfmt, fk.needswap);
	b->dirty = true;
}

/* '.' is missing: an empty first record with room gets '.' and '..' */
static bool
make_dots(struct dblk *b, uint32_t off, const struct ufs_dent *de)
{
	uint16_t d1 = UFS_DIRSIZ(1);

	if (de->ino != 0 || de->reclen < d1 + UFS_DIRSIZ(2)) {
		problem("MISSING '.' I=%llu", (unsigned long long)b->dir);
		return false;
	}
	if (!fix(P_MANUAL, "FIX", "MISSING '.' I=%llu",
	    (unsigned long long)b->dir))
		return false;
	put_entry(b, off, (uint32_t)b->dir, d1, ".", UFS_DT_DIR);
	/* '..' gets its inode in phase 3, when the parent is known */
	put_entry(b, off + d1, 0, (uint16_t)(de->reclen - d1), "..",
	    UFS_DT_DIR);
	fk.ino[b->dir].nref++;
	fk.ino[b->dir].dotdot = 0;
	fk.ino[b->dir].dotdot_off = imgoff(b, off + d1);
	return true;
}

/* the first two entries: '.' and '..'; false: treat as an ordinary one */
static bool
dots(struct dblk *b, uint32_t off, const struct ufs_dent *de)
{
	struct inoinfo *dp = &fk.ino[b->dir];
	bool dot = de->namlen == 1 && de->name[0] == '.';
	bool dotdot = de->namlen == 2 && memcmp(de->name, "..", 2) == 0;

	if (b->pos == 0) {
		if (!dot) {
			b->pos = 2;
			return make_dots(b, off, de);
		}
		if (de->ino != b->dir && fix(P_MANUAL, "FIX", "BAD INODE "
		    "NUMBER FOR '.' I=%llu", (unsigned long long)b->dir))
			set_ino(b, off, (uint32_t)b->dir);
		dp->nref++;
		b->pos = 1;
		return true;
	}
	b->pos = 2;
	if (!dotdot) {
		problem("MISSING '..' I=%llu", (unsigned long long)b->dir);
		return false;
	}
	dp->dotdot_off = imgoff(b, off);
	dp->dotdot = 0;		/* phase 3 repairs a bad one */
	if (de->ino >= UFS_ROOTINO && de->ino < fk.ninodes &&
	    fk.ino[de->ino].state != I_UNUSED) {
		dp->dotdot = de->ino;
		fk.ino[de->ino].nref++;
	}
	return true;
}

/* false: the entry was removed */
static bool
check_target(struct dblk *b, uint32_t off, const struct ufs_dent *de)
{
	unsigned long long dir = b->dir;

	if ((de->namlen == 1 && de->name[0] == '.') ||
	    (de->namlen == 2 && memcmp(de->name, "..", 2) == 0)) {
		if (fix(P_MANUAL, "REMOVE", "EXTRA '%.*s' ENTRY I=%llu",
		    NAMEFMT(de), dir))
			set_ino(b, off, 0);
		return false;
	}
	if (de->ino < UFS_ROOTINO || de->ino >= fk.ninodes) {
		if (fix(P_PREEN, "REMOVE", "BAD INODE NUMBER %u FOR '%.*s' "
		    "IN DIR I=%llu", de->ino, NAMEFMT(de), dir))
			set_ino(b, off, 0);
		return false;
	}
	if (fk.ino[de->ino].state == I_UNUSED) {
		if (fix(P_PREEN, "REMOVE", "UNALLOCATED I=%u NAME='%.*s' IN "
		    "DIR I=%llu", de->ino, NAMEFMT(de), dir))
			set_ino(b, off, 0);
		return false;
	}
	return true;
}

/*
 * A directory with a second name: a rename to another parent cut short
 * by a crash (the new name written, the old not yet removed).  The name
 * in the directory its '..' names stays, the other goes: the rename did
 * not happen.  Anything else (no such '..', a name inside the directory
 * itself) is not what a crash leaves: a person decides (-y: the first
 * name found stays).
 */
struct second {
	uint32_t ino;
	uint64_t dir;
	int64_t off;
};
static struct second *seconds;
static size_t nseconds;

static void
add_second(uint32_t ino, uint64_t dir, int64_t off)
{
	seconds = xrealloc(seconds, (nseconds + 1) * sizeof(*seconds));
	seconds[nseconds].ino = ino;
	seconds[nseconds].dir = dir;
	seconds[nseconds].off = off;
	nseconds++;
}

static void
resolve_second(const struct second *sc)
{
	struct inoinfo *t = &fk.ino[sc->ino];
	uint64_t dropdir = sc->dir;
	int64_t drop = sc->off;
	uint32_t zero = 0;
	/* the rename's pattern: '..' names one of them, neither is t */
	bool cut = sc->dir != sc->ino && t->parent != sc->ino &&
	    (t->dotdot == sc->dir || t->dotdot == t->parent);

	if (t->dotdot == sc->dir && t->dotdot != t->parent) {
		dropdir = t->parent;
		drop = t->name_off;
	}
	if (!fix(cut ? P_PREEN : P_MANUAL, "REMOVE", "DIRECTORY I=%u HAS A "
	    "SECOND NAME; THE ONE IN I=%llu", sc->ino,
	    (unsigned long long)dropdir)) {
		t->nref++;
		return;
	}
	if (writeat(&zero, sizeof(zero), drop) != 0) {
		fix_failed("CANNOT WRITE DIRECTORY I=%llu",
		    (unsigned long long)dropdir);
		return;
	}
	if (drop != sc->off) {
		t->parent = (uint32_t)sc->dir;
		t->name_off = sc->off;
	}
}

static void
entry(struct dblk *b, uint32_t off, const struct ufs_dent *de)
{
	struct inoinfo *t;

	if (de->ino == UFS_WINO && de->type == UFS_DT_WHT)
		return;
	if (b->pos < 2 && dots(b, off, de))
		return;
	if (de->ino == 0 || !check_target(b, off, de))
		return;
	t = &fk.ino[de->ino];
	if (!fk.oldfmt && de->type != t->dtype && fix(P_PREEN, "FIX",
	    "BAD TYPE %u FOR '%.*s' I=%u (SHOULD BE %u)", de->type,
	    NAMEFMT(de), de->ino, t->dtype)) {
		b->buf[off + 6] = t->dtype;
		b->dirty = true;
	}
	if (t->dtype == UFS_IFDIR >> 12 && de->ino != UFS_ROOTINO) {
		if (t->parent != 0) {
			/* decided once every '..' is known */
			add_second(de->ino, b->dir, imgoff(b, off));
			return;
		}
		t->parent = (uint32_t)b->dir;
		t->name_off = imgoff(b, off);
		if (b->dir == UFS_ROOTINO && de->namlen == 10 &&
		    memcmp(de->name, "lost+found", 10) == 0)
			fk.lfdir = de->ino;
	}
	t->nref++;
}

/*
 * A garbled entry at off: the previous entry of its chunk takes the rest
 * of the chunk, or the chunk becomes one empty entry.  Returns the offset
 * to go on from.
 */
static uint32_t
salvage(struct dblk *b, uint32_t off)
{
	uint32_t cs = off - off % UFS_DIRBLKSIZ;

	if (b->prev >= 0) {
		ufs_wr16(b->buf + b->prev + 4,
		    (uint16_t)(cs + UFS_DIRBLKSIZ - (uint32_t)b->prev),
		    fk.needswap);
		b->dirty = true;
		return cs + UFS_DIRBLKSIZ;
	}
	put_entry(b, cs, 0, UFS_DIRBLKSIZ, "", 0);
	return cs;	/* parse the now empty chunk: '.' may be remade */
}

static void
scan_block(struct dblk *b, int64_t lbn)
{
	struct ufs_dent de;
	const char *why;
	uint32_t off = 0;

	b->prev = -1;
	while (off < b->len) {
		if (off % UFS_DIRBLKSIZ == 0)
			b->prev = -1;
		why = ufs_dent_parse(b->buf, off, b->len, fk.oldfmt,
		    fk.needswap, &de);
		if (why == NULL) {
			entry(b, off, &de);
			b->prev = (int32_t)off;
			off += de.reclen;
			continue;
		}
		if (fix(P_MANUAL, "SALVAGE", "DIRECTORY CORRUPTED I=%llu "
		    "OFFSET %lld: %s", (unsigned long long)b->dir,
		    (long long)(ffs_lblktosize(&fk.fs, lbn) + off), why)) {
			off = salvage(b, off);
			continue;
		}
		/* skip to the next directory chunk */
		off += UFS_DIRBLKSIZ - off % UFS_DIRBLKSIZ;
		b->pos = b->pos < 2 ? 2 : b->pos;
	}
}

static void
check_dir(uint64_t ino)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	struct dblk b = { .dir = ino };
	int64_t lbn, nblk;

	if (getino(ino, &d) != 0)
		return;
	b.buf = xcalloc(1, (size_t)fs->fs_bsize);
	nblk = (int64_t)((d.size + (uint64_t)fs->fs_bsize - 1) >>
	    fs->fs_bshift);
	for (lbn = 0; lbn < nblk; lbn++) {
		b.len = (uint32_t)ffs_blksize(fs, d.size, lbn);
		if ((uint64_t)ffs_lblktosize(fs, lbn) + b.len > d.size)
			b.len = (uint32_t)(d.size -
			    (uint64_t)ffs_lblktosize(fs, lbn));
		b.blk = ino_bmap(&d, lbn);
		if (b.blk <= 0 || readfrags(b.buf, b.blk, b.len) != 0) {
			problem("CANNOT READ DIRECTORY I=%llu BLOCK %lld",
			    (unsigned long long)ino, (long long)lbn);
			break;
		}
		b.dirty = false;
		scan_block(&b, lbn);
		if (b.dirty && writeat(b.buf, b.len, b.blk * fs->fs_fsize))
			fix_failed("CANNOT WRITE DIRECTORY I=%llu",
			    (unsigned long long)ino);
	}
	if (b.pos < 2)
		problem("DIRECTORY I=%llu LACKS '.' OR '..'",
		    (unsigned long long)ino);
	free(b.buf);
}

void
pass2(void)
{
	uint64_t ino;
	size_t i;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 2 - Check Pathnames\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state == I_DIR)
			check_dir(ino);
	}
	for (i = 0; i < nseconds; i++)
		resolve_second(&seconds[i]);
	free(seconds);
	seconds = NULL;
	nseconds = 0;
}
