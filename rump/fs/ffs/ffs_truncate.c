/*
 * Truncation: growing a file only moves its size (and turns an old last
 * fragment run into a whole block); shrinking zeroes the tail of the new
 * last block, trims it to the fragments it needs, and frees every block
 * past it, walking the indirect trees and freeing indirect blocks that
 * end up empty.  di_blocks follows every free exactly.  Punching a hole
 * frees the whole blocks inside the range the same way and zeroes the
 * partial blocks at its edges.  What is freed goes back to the maps
 * only once the inode no longer naming it is on disk (ffs_freelist.c).
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>
#include <sys/genfs_indir.h>

#include "ffs_int.h"

static void
ffs_free_account(struct inode *ip, struct genfs_freelist *fl, int64_t bno,
    int size)
{
	genfs_freelist_add(fl, bno, size);
	if (ip->i_din.blocks >= (uint64_t)size / DEV_BSIZE)
		ip->i_din.blocks -= (uint64_t)size / DEV_BSIZE;
	else
		ip->i_din.blocks = 0;
}

/* drop the cached copy of file block lbn before its block can be reused */
static void
ffs_inval_lbn(struct inode *ip, int64_t lbn, int size)
{
	struct buf *bp;

	if (incore(ITOV(ip), (daddr_t)lbn) == NULL)
		return;
	if ((bp = getblk(ITOV(ip), (daddr_t)lbn, size, 0, 0)) != NULL)
		brelse(bp, B_INVAL);
}

/*
 * Free the data blocks [from, to) that indirect block blk (entries
 * covering span data blocks each, the first at start) maps, and the
 * indirect blocks that end up empty.  *emptyp: nothing left in blk.
 * up: the indirect blocks above, held busy.
 */
static int
ffs_indir_free(struct inode *ip, struct genfs_freelist *fl, int64_t blk,
    int level, int64_t start, int64_t from, int64_t to, bool *emptyp,
    const struct genfs_indpath *up)
{
	const struct genfs_indpath here = { blk, up };
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ip->i_fs;
	struct buf *bp = NULL;
	int64_t span = 1, i, p, cs;
	int l, w = ump->um_ufs2 ? 8 : 4, error;
	bool sub, dirty = false, empty = true;
	uint8_t *e;

	for (l = 0; l < level; l++)
		span *= fs->fs_nindir;
	if (genfs_indpath_loops(up, blk)) {
		ffs_corrupt(ump, "inode %llu: indirect block %lld names an "
		    "indirect block above it", (unsigned long long)ip->i_number,
		    (long long)blk);
		return EIO;
	}
	if ((error = ffs_indir_read(ump, blk, &bp)) != 0)
		return error;
	for (i = 0; i < fs->fs_nindir; i++) {
		e = (uint8_t *)bp->b_data + i * w;
		p = ffs_indir_entry(ump, bp->b_data, i);
		if (p == 0)
			continue;
		cs = start + i * span;
		if (cs + span - 1 < from || cs >= to || p < 0 ||
		    p >= fs->fs_size) {
			empty = false;
			continue;
		}
		sub = true;
		if (level > 0) {
			error = ffs_indir_free(ip, fl, p, level - 1, cs, from,
			    to, &sub, &here);
			if (error != 0)
				break;
		} else {
			ffs_inval_lbn(ip, cs, fs->fs_bsize);
			ffs_free_account(ip, fl, p, fs->fs_bsize);
		}
		if (!sub) {
			empty = false;
			continue;
		}
		if (w == 8)
			ufs_wr64(e, 0, ump->um_needswap);
		else
			ufs_wr32(e, 0, ump->um_needswap);
		dirty = true;
	}
	*emptyp = empty && error == 0;
	if (*emptyp) {
		/* drop the cached copy before the block can be reused */
		brelse(bp, B_INVAL);
		ffs_free_account(ip, fl, blk, fs->fs_bsize);
	} else if (dirty)
		ffs_metawrite(ump, bp, true);	/* before its blocks go */
	else
		brelse(bp, 0);
	return error;
}

/* free the whole data blocks [from, to) of the file (to: INT64_MAX) */
static int
ffs_free_blocks(struct inode *ip, struct genfs_freelist *fl, int64_t from,
    int64_t to, uint64_t osize)
{
	struct fs *fs = ip->i_fs;
	int64_t start = UFS_NDADDR, span = 1, lbn;
	bool empty;
	int level, size, error = 0;

	for (lbn = from; lbn < MIN(to, (int64_t)UFS_NDADDR); lbn++) {
		if (ip->i_din.db[lbn] == 0)
			continue;
		size = (int)ffs_blksize(fs, osize, lbn);
		ffs_inval_lbn(ip, lbn, size);
		ffs_free_account(ip, fl, ip->i_din.db[lbn], size);
		ip->i_din.db[lbn] = 0;
	}
	for (level = 0; level < UFS_NIADDR && error == 0; level++) {
		span *= fs->fs_nindir;
		if (ip->i_din.ib[level] != 0 && start + span - 1 >= from &&
		    start < to) {
			error = ffs_indir_free(ip, fl, ip->i_din.ib[level],
			    level, start, from, to, &empty, NULL);
			if (error == 0 && empty)
				ip->i_din.ib[level] = 0;
		}
		start += span;
	}
	return error;
}

/* zero bytes [on, end) of file block lbn, if it is allocated */
static int
ffs_zero_part(struct inode *ip, int64_t lbn, int64_t on, int64_t end)
{
	struct buf *bp = NULL;
	int64_t frag;
	int error;

	if (on >= end)
		return 0;
	if ((error = ufs_bmap_frag(ip, lbn, &frag)) != 0 || frag == 0)
		return error;
	error = bread(ITOV(ip), lbn, (int)ffs_blksize(ip->i_fs,
	    ip->i_din.size, lbn), 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	memset((uint8_t *)bp->b_data + on, 0, (size_t)(end - on));
	bdwrite(bp);
	return 0;
}

/* fallocate(PUNCH_HOLE | KEEP_SIZE): [pos, pos + len) reads zeros */
int
ffs_punch(struct inode *ip, uint64_t pos, uint64_t len)
{
	struct fs *fs = ip->i_fs;
	uint64_t end = MIN(pos + len, ip->i_din.size), bs = fs->fs_bsize;
	struct genfs_freelist fl;
	int64_t first, last;
	int error, e2;

	if (pos >= end || ffs_is_shortlink(ip))
		return 0;
	first = (int64_t)howmany(pos, bs);	/* whole blocks: [first, last) */
	last = (int64_t)(end / bs);
	if (first > last)			/* inside one block */
		error = ffs_zero_part(ip, last, (int64_t)(pos % bs),
		    (int64_t)(end % bs));
	else {
		error = ffs_zero_part(ip, (int64_t)(pos / bs),
		    (int64_t)(pos % bs), pos % bs ? (int64_t)bs : 0);
		if (error == 0)
			error = ffs_zero_part(ip, last, 0, (int64_t)(end % bs));
		if (error == 0 && first < last) {
			ffs_freelist_init(&fl, ip);
			error = ffs_free_blocks(ip, &fl, first, last,
			    ip->i_din.size);
			e2 = ffs_freelist_commit(ip, &fl);
			error = error != 0 ? error : e2;
		}
	}
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	return error;
}

/* block bno of bp (cur bytes) keeps its first nsz bytes; the rest is freed */
static void
ffs_trimbuf(struct inode *ip, struct genfs_freelist *fl, struct buf *bp,
    int64_t bno, int cur, int nsz)
{
	ffs_free_account(ip, fl, bno + ffs_numfrags(ip->i_fs, nsz), cur - nsz);
	(void)allocbuf(bp, nsz, 1);
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
}

/* zero the new last block past length and trim it to its fragments */
static int
ffs_trunc_tail(struct inode *ip, struct genfs_freelist *fl, uint64_t length)
{
	struct fs *fs = ip->i_fs;
	int64_t lbn = ffs_lblkno(fs, length), frag;
	int64_t on = ffs_blkoff(fs, length);
	int cur = (int)ffs_blksize(fs, ip->i_din.size, lbn), nsz;
	struct buf *bp = NULL;
	int error;

	if (on == 0)
		return 0;
	if ((error = ufs_bmap_frag(ip, lbn, &frag)) != 0 || frag == 0)
		return error;
	error = bread(ITOV(ip), lbn, cur, 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	memset((uint8_t *)bp->b_data + on, 0, (size_t)(cur - on));
	nsz = (int)ffs_fragroundup(fs, on);
	if (lbn < UFS_NDADDR && nsz < cur)
		ffs_trimbuf(ip, fl, bp, frag, cur, nsz);
	bdwrite(bp);
	return 0;
}

/*
 * Direct block lbn was grown from nsz to cur bytes by a write that then
 * failed: give the fragments back, so the block fits the size again.
 */
int
ffs_shrinkblk(struct inode *ip, int64_t lbn, int cur, int nsz)
{
	struct genfs_freelist fl;
	struct buf *bp = NULL;
	int error;

	error = bread(ITOV(ip), lbn, cur, 0, &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	ffs_freelist_init(&fl, ip);
	ffs_trimbuf(ip, &fl, bp, ip->i_din.db[lbn], cur, nsz);
	bdwrite(bp);
	return ffs_freelist_commit(ip, &fl);
}

/*
 * Growing: the old last block, if a fragment run, must get the size the
 * new length gives it (a whole block when the file now extends past it);
 * everything after it stays a hole.
 */
static int
ffs_grow(struct inode *ip, uint64_t length, kauth_cred_t cred)
{
	struct fs *fs = ip->i_fs;
	uint64_t osize = ip->i_din.size;
	struct buf *bp;
	int64_t last, have, want;
	int error;

	if (osize > 0) {
		last = ffs_lblkno(fs, osize - 1);
		if (last < UFS_NDADDR && ip->i_din.db[last] != 0) {
			have = ffs_blksize(fs, osize, last);
			want = ffs_lblkno(fs, length - 1) > last ?
			    fs->fs_bsize : ffs_blksize(fs, length, last);
			if (want > have) {
				error = ffs_growblk(ip, last, (int)have,
				    (int)want, cred, &bp);
				if (error != 0)
					return error;
				bdwrite(bp);
			}
		}
	}
	ip->i_din.size = length;
	return 0;
}

int
ffs_truncate(struct inode *ip, uint64_t length, kauth_cred_t cred)
{
	struct vnode *vp = ITOV(ip);
	struct fs *fs = ip->i_fs;
	struct genfs_freelist fl;
	int64_t lastkeep;
	uint64_t osize = ip->i_din.size;
	int error = 0, e2;

	if (length > fs->fs_maxfilesize)
		return EFBIG;
	if (vp->v_type == VDIR)		/* its index would name lost blocks */
		ffs_dirhash_drop(ip);
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	if (ffs_is_shortlink(ip)) {
		memset(ip->i_din.db, 0, sizeof(ip->i_din.db));
		memset(ip->i_din.ib, 0, sizeof(ip->i_din.ib));
		memset(ip->i_din.shortlink, 0, sizeof(ip->i_din.shortlink));
		ip->i_din.size = 0;
		vp->v_size = 0;
		return 0;
	}
	if (length > osize) {
		error = ffs_grow(ip, length, cred);
		vp->v_size = (off_t)ip->i_din.size;
		/* again: a moved fragment run wrote the inode meanwhile */
		ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
		return error;
	}
	/* the same length: still free what lies past it (a failed write's) */
	ffs_freelist_init(&fl, ip);
	if (length > 0)
		error = ffs_trunc_tail(ip, &fl, length);
	lastkeep = length == 0 ? -1 : ffs_lblkno(fs, length - 1);
	if (error == 0) {
		(void)vtruncbuf(vp, lastkeep + 1, false, 0);
		error = ffs_free_blocks(ip, &fl, lastkeep + 1, INT64_MAX,
		    osize);
		ip->i_din.size = length;
		vp->v_size = (off_t)length;
	}
	e2 = ffs_freelist_commit(ip, &fl);
	return error != 0 ? error : e2;
}
