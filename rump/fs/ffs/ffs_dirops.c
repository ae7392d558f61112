/*
 * Changing directories: entering a name (in the slack of an existing
 * entry, or in a new directory block at the end), removing one (merged
 * into its predecessor, or cleared when first in its block), pointing a
 * name at another inode, and asking whether a directory is empty.
 * Every entry is parsed and checked before it is trusted.  A removal or
 * a rewrite is on disk when it returns (the inode it named may be freed
 * next); a new entry only when asked (its inode is on disk already).
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/kauth.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/genfs_name.h>
#include <sys/vnode.h>

#include "ffs_int.h"

uint8_t
ufs_mode2dtype(uint16_t mode)
{
	return (uint8_t)((mode & UFS_IFMT) >> 12);
}

/* a bad name is only ever stepped over or split off, never matched */
static void
ufs_dir_hide(struct inode *dp, struct dirpos *pos)
{
	const char *why = ufs_dent_namecheck(&pos->de, pos->idx);

	pos->hidden = why != NULL;
	if (why != NULL)
		ufs_dent_hidden(dp, pos->base + pos->off, why);
}

int
ufs_dir_visit_block(struct inode *dp, int64_t lbn, dirvisit_t fn, void *arg)
{
	struct ufsmount *ump = dp->i_ump;
	struct dirpos pos;
	const char *why;
	int error, r;

	if ((error = ufs_readblk(dp, lbn, &pos.bp)) != 0)
		return error;
	pos.base = ffs_lblktosize(dp->i_fs, lbn);
	pos.idx = lbn == 0 ? 0 : 2;
	pos.len = (uint32_t)MIN((uint64_t)pos.bp->b_bcount,
	    dp->i_din.size - (uint64_t)pos.base);
	for (pos.off = 0; pos.off < pos.len; pos.off += pos.de.reclen,
	    pos.idx += pos.idx < 2) {
		if (pos.off % UFS_DIRBLKSIZ == 0)
			pos.prev = ~0u;
		why = ufs_dent_decode(pos.bp->b_data, pos.off, pos.len,
		    ump->um_oldfmt, ump->um_needswap, &pos.de);
		if (why != NULL) {
			ffs_corrupt(ump, "directory inode %llu offset %lld: "
			    "%s", (unsigned long long)dp->i_number,
			    (long long)(pos.base + pos.off), why);
			brelse(pos.bp, 0);
			return EIO;
		}
		ufs_dir_hide(dp, &pos);
		if ((r = fn(dp, &pos, arg)) != 0)
			return r < 0 ? 0 : r;
		pos.prev = pos.off;
	}
	brelse(pos.bp, 0);
	return ENOENT;
}

static int64_t
ufs_dir_nblk(const struct inode *dp)
{

	return (int64_t)((dp->i_din.size + (uint64_t)dp->i_fs->fs_bsize - 1) >>
	    dp->i_fs->fs_bshift);
}

int
ufs_dir_visit(struct inode *dp, dirvisit_t fn, void *arg)
{
	int64_t lbn, nblk = ufs_dir_nblk(dp);
	int error;

	for (lbn = 0; lbn < nblk; lbn++)
		if ((error = ufs_dir_visit_block(dp, lbn, fn, arg)) != ENOENT)
			return error;
	return ENOENT;
}

/*
 * Visit the blocks that may hold the name: those a large directory's
 * index names (none: it is not there), or all of them.
 */
static int
ufs_dir_visit_name(struct inode *dp, const char *name, size_t len,
    dirvisit_t fn, void *arg)
{
	int64_t lbn, last = -1, nblk = ufs_dir_nblk(dp);
	struct genfs_dirhash *dh = NULL;
	uint64_t off;
	size_t pos = 0;
	int error;

	if (!genfs_name_isdot(name, len))
		dh = ffs_dirhash(dp);
	if (dh == NULL)
		return ufs_dir_visit(dp, fn, arg);
	while (genfs_dirhash_next(dh, name, len, &pos, &off)) {
		lbn = ffs_lblkno(dp->i_fs, off);
		if (lbn == last || lbn >= nblk)
			continue;
		last = lbn;
		if ((error = ufs_dir_visit_block(dp, lbn, fn, arg)) != ENOENT)
			return error;
	}
	return ENOENT;
}

struct entarg {
	const char *name;
	size_t len;
	uint32_t ino;
	uint8_t type;
	bool ordered;		/* on disk before the call returns */
};

static bool
ufs_name_is(const struct dirpos *pos, const struct entarg *a)
{
	return pos->de.ino != 0 && !pos->hidden && pos->de.namlen == a->len &&
	    memcmp(pos->de.name, a->name, a->len) == 0;
}

static void
ufs_dirdone(struct inode *dp, struct buf *bp, bool ordered)
{
	dp->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	ffs_metawrite(dp->i_ump, bp, ordered);
}

/* an entry with room for the new name: split it (returns -1: done) */
static int
ufs_enter_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	struct entarg *a = arg;
	struct ufsmount *ump = dp->i_ump;
	struct ufs_dent nd = { .ino = a->ino, .type = a->type,
	    .namlen = (uint16_t)a->len, .name = a->name };
	uint32_t need = UFS_DIRSIZ(a->len), keep;
	uint8_t *blk = pos->bp->b_data;

	keep = pos->de.ino == 0 ? 0 : UFS_DIRSIZ(pos->de.namlen);
	if (pos->de.reclen < keep + need)
		return 0;
	if (keep != 0)
		ufs_wr16(blk + pos->off + 4, (uint16_t)keep, ump->um_needswap);
	nd.reclen = (uint16_t)(pos->de.reclen - keep);
	ufs_dent_store(blk, pos->off + keep, &nd, ump->um_oldfmt,
	    ump->um_needswap);
	ffs_dirhash_update(dp, pos, a->name, a->len,
	    pos->base + pos->off + keep);
	ufs_dirdone(dp, pos->bp, a->ordered);
	return -1;
}

/* the block the index says has room: 0, ENOENT (none), or an error */
static int
ufs_enter_indexed(struct inode *dp, struct entarg *a)
{
	struct genfs_dirhash *dh = ffs_dirhash(dp);
	int64_t blk, nblk = ufs_dir_nblk(dp);
	struct dirpos pos;
	int error;

	if (dh == NULL)
		return ufs_dir_visit(dp, ufs_enter_fn, a);
	while ((blk = genfs_dirhash_findfree(dh, UFS_DIRSIZ(a->len))) >= 0 &&
	    blk < nblk) {
		error = ufs_dir_visit_block(dp, blk, ufs_enter_fn, a);
		if (error != ENOENT)
			return error;
		/* no room after all: the index learns the truth */
		if ((error = ufs_readblk(dp, blk, &pos.bp)) != 0)
			return error;
		pos.base = ffs_lblktosize(dp->i_fs, blk);
		pos.len = (uint32_t)MIN((uint64_t)pos.bp->b_bcount,
		    dp->i_din.size - (uint64_t)pos.base);
		ffs_dirhash_update(dp, &pos, NULL, 0, 0);
		brelse(pos.bp, 0);
		if ((dh = dp->i_dirhash) == NULL)
			return ufs_dir_visit(dp, ufs_enter_fn, a);
	}
	return ENOENT;
}

int
ufs_direnter(struct inode *dp, const char *name, size_t len, ino_t ino,
    uint8_t type, bool ordered)
{
	struct ufsmount *ump = dp->i_ump;
	struct entarg a = { name, len, (uint32_t)ino, type, ordered };
	struct ufs_dent nd = { .ino = (uint32_t)ino, .type = type,
	    .namlen = (uint16_t)len, .name = name, .reclen = UFS_DIRBLKSIZ };
	struct buf *bp;
	uint64_t off = dp->i_din.size;
	int error;

	if (len == 0 || len > UFS_MAXNAMLEN)
		return len == 0 ? EINVAL : ENAMETOOLONG;
	error = ufs_enter_indexed(dp, &a);
	if (error != ENOENT)
		return error;
	/* no room: a new directory block at the end */
	error = ffs_balloc(dp, (int64_t)off, UFS_DIRBLKSIZ, FSCRED, B_CLRBUF,
	    &bp);
	if (error != 0)
		return error;
	dp->i_din.size = off + UFS_DIRBLKSIZ;
	ITOV(dp)->v_size = (off_t)dp->i_din.size;
	ufs_dent_store(bp->b_data, (uint32_t)ffs_blkoff(dp->i_fs, off), &nd,
	    ump->um_oldfmt, ump->um_needswap);
	{
		struct dirpos pos = { .bp = bp,
		    .base = (int64_t)off - ffs_blkoff(dp->i_fs, off),
		    .len = (uint32_t)(ffs_blkoff(dp->i_fs, off) +
		    UFS_DIRBLKSIZ) };

		ffs_dirhash_update(dp, &pos, name, len, (int64_t)off);
	}
	/* a new block is whole on disk, then the size that reaches it */
	ufs_dirdone(dp, bp, true);
	return ffs_update_dirop(dp);
}

static int
ufs_remove_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	struct entarg *a = arg;
	struct ufsmount *ump = dp->i_ump;
	uint8_t *blk = pos->bp->b_data;
	uint16_t prevlen;

	if (!ufs_name_is(pos, a) || (a->ino != 0 && pos->de.ino != a->ino))
		return 0;
	if (dp->i_dirhash != NULL)
		genfs_dirhash_remove(dp->i_dirhash, a->name, a->len,
		    (uint64_t)(pos->base + pos->off));
	if (pos->prev == ~0u)
		ufs_wr32(blk + pos->off, 0, ump->um_needswap);
	else {
		prevlen = ufs_rd16(blk + pos->prev + 4, ump->um_needswap);
		ufs_wr16(blk + pos->prev + 4,
		    (uint16_t)(prevlen + pos->de.reclen), ump->um_needswap);
	}
	ffs_dirhash_update(dp, pos, NULL, 0, 0);
	ufs_dirdone(dp, pos->bp, true);
	return -1;
}

int
ufs_dirremove(struct inode *dp, const char *name, size_t len, ino_t ino)
{
	struct entarg a = { name, len, (uint32_t)ino, 0, true };

	return ufs_dir_visit_name(dp, name, len, ufs_remove_fn, &a);
}

static int
ufs_rewrite_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	struct entarg *a = arg;
	struct ufsmount *ump = dp->i_ump;
	uint8_t *blk = pos->bp->b_data;

	if (!ufs_name_is(pos, a))
		return 0;
	ufs_wr32(blk + pos->off, a->ino, ump->um_needswap);
	if (!ump->um_oldfmt)
		blk[pos->off + 6] = a->type;
	ufs_dirdone(dp, pos->bp, true);
	return -1;
}

int
ufs_dirrewrite(struct inode *dp, const char *name, size_t len, ino_t newino,
    uint8_t newtype)
{
	struct entarg a = { name, len, (uint32_t)newino, newtype, true };

	return ufs_dir_visit_name(dp, name, len, ufs_rewrite_fn, &a);
}

static int
ufs_find_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	struct entarg *a = arg;

	if (!ufs_name_is(pos, a))
		return 0;
	a->ino = pos->de.ino;
	brelse(pos->bp, 0);
	return -1;
}

int
ufs_dirlookup(struct inode *dp, const char *name, size_t len, ino_t *inop)
{
	struct entarg a = { name, len, 0, 0, false };
	int error;

	*inop = 0;
	error = ufs_dir_visit_name(dp, name, len, ufs_find_fn, &a);
	if (error == ENOENT)
		return 0;
	if (error == 0) {
		if (a.ino >= dp->i_ump->um_ninodes) {
			ffs_corrupt(dp->i_ump, "directory inode %llu: entry "
			    "names inode %u", (unsigned long long)dp->i_number,
			    a.ino);
			return EIO;
		}
		*inop = a.ino;
	}
	return error;
}

static int
ufs_empty_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	const struct ufs_dent *de = &pos->de;

	if (de->ino == 0)
		return 0;
	/* '.' and '..' in their places; a hidden entry is content */
	if (!pos->hidden && ((de->namlen == 1 && de->name[0] == '.') ||
	    (de->namlen == 2 && de->name[0] == '.' && de->name[1] == '.')))
		return 0;
	*(bool *)arg = false;
	brelse(pos->bp, 0);
	return -1;
}

int
ufs_dirempty(struct inode *dp, ino_t parent, bool *emptyp)
{
	int error;

	*emptyp = true;
	error = ufs_dir_visit(dp, ufs_empty_fn, emptyp);
	return error == ENOENT ? 0 : error;
}
