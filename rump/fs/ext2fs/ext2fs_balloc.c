/*
 * Giving a file block a disk block (allocating the indirect blocks on the
 * way) and taking ranges of them away again (truncation, hole punching),
 * freeing indirect blocks that become empty.  Indirect-mapped files only:
 * extent-mapped (ext4) file systems are mounted read-only.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/stat.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/genfs_indir.h>

#include "ext2fs.h"

static uint32_t
getptr(const void *data, uint32_t idx)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)data + (size_t)idx * 4, 4);
	return e2fs_le32(v);
}

static void
setptr(void *data, uint32_t idx, uint32_t v)
{
	v = e2fs_h2le32(v);
	memcpy((uint8_t *)data + (size_t)idx * 4, &v, 4);
}

/* a directory's indirect blocks are ordered: its entries must be reachable */
static void
meta_write(struct inode *ip, struct buf *bp)
{
	if ((ip->i_ump->um_mountp->mnt_flag & MNT_SYNCHRONOUS) ||
	    (S_ISDIR(ip->i_mode) && ext2fs_ordered(ip->i_ump)))
		(void)bwrite(bp);
	else
		bdwrite(bp);
}

/* Allocate a zeroed indirect block near goal. */
static int
alloc_indir(struct inode *ip, uint64_t goal, uint64_t *bnp)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct buf *bp;
	int error;

	error = ext2fs_blkalloc(ip, goal, bnp);
	if (error)
		return error;
	bp = getblk(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, *bnp),
	    fs->e2fs_bsize, 0, 0);
	if (bp == NULL) {
		ext2fs_blkfree(ip->i_ump, *bnp);
		return ENOMEM;
	}
	memset(bp->b_data, 0, fs->e2fs_bsize);
	/* zeros on disk before anything names it: never a garbage tree */
	if (ext2fs_ordered(ip->i_ump))
		(void)bwrite(bp);
	else
		meta_write(ip, bp);
	ext2fs_addblocks(ip, 1);
	return 0;
}

static uint64_t
pick_goal(struct inode *ip, uint64_t lbn)
{
	if (lbn > 0 && ip->i_nextlbn == lbn && ip->i_nextpbn != 0)
		return ip->i_nextpbn;
	if (lbn > 0 && lbn < E2FS_NDADDR && ip->i_din.ic_blocks[lbn - 1])
		return (uint64_t)ip->i_din.ic_blocks[lbn - 1] + 1;
	return 0;
}

/*
 * Blocks of a write that extends the file are claimed in runs, one
 * bitmap pass for up to EXT2_RUN_MAX of them, never past the block that
 * names them (cap: the pointers left in it), so indirect blocks still
 * sit before the data they map.  The rest of a run waits on the inode,
 * marked used but named by nothing, until the write takes them or ends
 * (ext2fs_prealloc_end frees them): the same window a block allocated
 * before its inode is written has always had.
 */
#define EXT2_RUN_MAX	256

void
ext2fs_prealloc_begin(struct inode *ip, uint64_t off, uint64_t len)
{
	struct m_ext2fs *fs = ip->i_e2fs;

	ip->i_pa_end = 0;
	if (off < ip->i_size || len == 0 || off + len < off)
		return;
	ip->i_pa_end = (off + len + fs->e2fs_bsize - 1) >> fs->e2fs_bshift;
}

void
ext2fs_prealloc_end(struct inode *ip)
{

	ip->i_pa_end = 0;
	for (; ip->i_pa_count > 0; ip->i_pa_count--)
		ext2fs_blkfree(ip->i_ump, ip->i_pa_next++);
}

static int
alloc_data(struct inode *ip, uint64_t lbn, uint64_t goal, uint64_t cap,
    uint64_t *nbp)
{
	uint64_t want = 1;
	uint32_t got;
	int error;

	if (ip->i_pa_count > 0) {
		*nbp = ip->i_pa_next++;
		ip->i_pa_count--;
		return 0;
	}
	if (ip->i_pa_end > lbn)
		want = MIN(MIN(ip->i_pa_end - lbn, cap), EXT2_RUN_MAX);
	error = ext2fs_blkalloc_run(ip, goal, (uint32_t)want, nbp, &got);
	if (error)
		return error;
	ip->i_pa_next = *nbp + 1;
	ip->i_pa_count = got - 1;
	return 0;
}

/*
 * Make sure file block lbn has a disk block: *pbnp gets it, *newp says
 * whether it was just allocated (its contents are garbage: the caller
 * zeroes or overwrites the whole buffer).
 */
int
ext2fs_balloc(struct inode *ip, uint64_t lbn, kauth_cred_t cred,
    uint64_t *pbnp, bool *newp)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t n = fs->e2fs_nindir, span = 1, rel, goal, nb;
	uint32_t *rootp, idx;
	struct buf *bp;
	int level, error;

	*newp = false;
	goal = pick_goal(ip, lbn);
	if (lbn < E2FS_NDADDR) {
		rootp = &ip->i_din.ic_blocks[lbn];
		if (*rootp == 0) {
			error = alloc_data(ip, lbn, goal, E2FS_NDADDR - lbn,
			    &nb);
			if (error)
				return error;
			*rootp = (uint32_t)nb;
			ext2fs_addblocks(ip, 1);
			*newp = true;
		}
		*pbnp = *rootp;
		goto done;
	}
	rel = lbn - E2FS_NDADDR;
	for (level = 1; level <= E2FS_NIADDR; level++) {
		span *= n;
		if (rel < span)
			break;
		rel -= span;
	}
	if (level > E2FS_NIADDR)
		return EFBIG;
	rootp = &ip->i_din.ic_blocks[E2FS_NDADDR + level - 1];
	if (*rootp == 0) {
		if ((error = alloc_indir(ip, goal, &nb)) != 0)
			return error;
		*rootp = (uint32_t)nb;
		goal = nb + 1;
	}
	nb = *rootp;
	while (span > 1) {
		if (!ext2fs_blk_valid(fs, nb))
			return ext2fs_corrupt(ip, "indirect block out of range");
		error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, nb),
		    fs->e2fs_bsize, 0, &bp);
		if (error)
			return error;
		span /= n;
		idx = (uint32_t)((rel / span) % n);
		nb = getptr(bp->b_data, idx);
		if (nb != 0) {
			brelse(bp, 0);
			continue;
		}
		if (goal == 0 && idx > 0 &&
		    (goal = getptr(bp->b_data, idx - 1)) != 0)
			goal++;		/* right after the previous block */
		if (span > 1)
			error = alloc_indir(ip, goal, &nb);
		else if ((error = alloc_data(ip, lbn, goal, n - idx,
		    &nb)) == 0) {
			ext2fs_addblocks(ip, 1);
			*newp = true;
		}
		if (error) {
			brelse(bp, 0);
			return error;
		}
		setptr(bp->b_data, idx, (uint32_t)nb);
		meta_write(ip, bp);
		goal = nb + 1;
	}
	if (!ext2fs_blk_valid(fs, nb))
		return ext2fs_corrupt(ip, "data block out of range");
	*pbnp = nb;
done:
	ip->i_nextlbn = lbn + 1;
	ip->i_nextpbn = *pbnp + 1;
	ip->i_flag |= IN_CHANGE | IN_UPDATE | IN_MODIFIED;
	return 0;
}

/* Free a metadata block and forget any cached copy of it. */
static void
free_meta(struct inode *ip, struct genfs_freelist *fl, uint64_t b)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	struct buf *bp;

	bp = getblk(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, b), fs->e2fs_bsize,
	    0, 0);
	if (bp != NULL)
		brelse(bp, B_INVAL);
	genfs_freelist_add(fl, (int64_t)b, 1);
	ext2fs_addblocks(ip, -1);
}

static void
free_data(struct inode *ip, struct genfs_freelist *fl, uint64_t lbn,
    uint64_t b, bool inval)
{
	struct buf *bp;

	if (inval) {
		bp = getblk(ip->i_vnode, (daddr_t)lbn, ip->i_e2fs->e2fs_bsize,
		    0, 0);
		if (bp != NULL)
			brelse(bp, B_INVAL);
	}
	genfs_freelist_add(fl, (int64_t)b, 1);
	ext2fs_addblocks(ip, -1);
}

static bool
all_zero(const void *data, size_t len)
{
	const uint32_t *w = data;
	size_t i;

	for (i = 0; i < len / 4; i++)
		if (w[i] != 0)
			return false;
	return true;
}

/*
 * Free the data blocks of [from, to) under the indirect block *ptr of the
 * given level, whose first file block is base; free it too if it ends up
 * empty.  up: the indirect blocks above, held busy.
 */
static int
free_tree(struct inode *ip, struct genfs_freelist *fl, uint32_t *ptr,
    int level, uint64_t base, uint64_t from, uint64_t to, bool inval,
    const struct genfs_indpath *up)
{
	const struct genfs_indpath here = { *ptr, up };
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t n = fs->e2fs_nindir, cspan = 1, i, lo, hi;
	struct buf *bp;
	uint32_t c;
	int l, error = 0;

	if (*ptr == 0)
		return 0;
	if (!ext2fs_blk_valid(fs, *ptr))
		return ext2fs_corrupt(ip, "indirect block out of range");
	if (genfs_indpath_loops(up, *ptr))
		return ext2fs_corrupt(ip,
		    "indirect block names an indirect block above it");
	for (l = 1; l < level; l++)
		cspan *= n;
	error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, *ptr),
	    fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	lo = from > base ? (from - base) / cspan : 0;
	hi = (to - base) / cspan + ((to - base) % cspan != 0);
	hi = MIN(n, hi);
	for (i = lo; i < hi && error == 0; i++) {
		c = getptr(bp->b_data, (uint32_t)i);
		if (c == 0)
			continue;
		if (level == 1) {
			if (ext2fs_blk_valid(fs, c))
				free_data(ip, fl, base + i, c, inval);
			else
				error = ext2fs_corrupt(ip,
				    "data block out of range");
		} else
			error = free_tree(ip, fl, &c, level - 1,
			    base + i * cspan, from, to, inval, &here);
		if (error == 0)
			setptr(bp->b_data, (uint32_t)i, c == 0 ? 0 :
			    (level == 1 ? 0 : c));
	}
	if (error == 0 && all_zero(bp->b_data, fs->e2fs_bsize)) {
		brelse(bp, B_INVAL);
		free_meta(ip, fl, *ptr);
		*ptr = 0;
	} else if (ext2fs_ordered(ip->i_ump))
		(void)bwrite(bp);	/* before its blocks are freed */
	else
		meta_write(ip, bp);
	return error;
}

/*
 * Free file blocks [from, to); to may be UINT64_MAX (truncation).  The
 * blocks go on fl, freed when the caller commits it.
 */
int
ext2fs_free_range(struct inode *ip, uint64_t from, uint64_t to,
    struct genfs_freelist *fl)
{
	uint64_t n = ip->i_e2fs->e2fs_nindir, base = E2FS_NDADDR, span = n;
	bool inval = to != UINT64_MAX;	/* truncation uses vtruncbuf */
	uint64_t lbn;
	int level, error;

	ext2fs_bmap_forget(ip);
	for (lbn = from; lbn < MIN(to, (uint64_t)E2FS_NDADDR); lbn++) {
		uint32_t b = ip->i_din.ic_blocks[lbn];
		if (b == 0)
			continue;
		if (!ext2fs_blk_valid(ip->i_e2fs, b))
			return ext2fs_corrupt(ip, "block pointer out of range");
		free_data(ip, fl, lbn, b, inval);
		ip->i_din.ic_blocks[lbn] = 0;
	}
	for (level = 1; level <= E2FS_NIADDR; level++) {
		if (to > base && from < base + span) {
			error = free_tree(ip, fl,
			    &ip->i_din.ic_blocks[E2FS_NDADDR + level - 1],
			    level, base, from, to, inval, NULL);
			if (error)
				return error;
		}
		base += span;
		span *= n;
	}
	ip->i_nextlbn = ip->i_nextpbn = 0;
	ip->i_flag |= IN_CHANGE | IN_MODIFIED;
	return 0;
}

static void
freelist_free(void *arg, int64_t bno, int size)
{
	ext2fs_blkfree(arg, (uint64_t)bno);
}

void
ext2fs_freelist_init(struct genfs_freelist *fl, struct inode *ip)
{
	genfs_freelist_init(fl, ext2fs_ordered(ip->i_ump), freelist_free,
	    ip->i_ump);
}

/* write the inode (new pointers and size set), then free what fl holds */
int
ext2fs_freelist_commit(struct inode *ip, struct genfs_freelist *fl)
{
	int error = 0;

	if (genfs_freelist_pending(fl))
		error = ext2fs_iupdate(ip, MNT_WAIT);
	genfs_freelist_done(fl, error);
	return error;
}
