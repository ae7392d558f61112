/*
 * Block and inode allocation in the bitmaps, keeping the group descriptor
 * and superblock free counts exact.  Blocks go as close after the goal as
 * possible (files stay contiguous); new directories go to a group with
 * above-average free space and few directories (Orlov-like spreading),
 * files next to their directory.  All under um_lock.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>
#include <sys/cprng.h>

#include "ext2fs.h"

static void
fs_warn(struct ext2fs_mount *ump, const char *what, uint64_t n)
{
	printf("ext2fs: %s: %s %llu\n",
	    ump->um_mountp->mnt_stat.f_mntfromname, what,
	    (unsigned long long)n);
}

/*
 * First clear bit in [lo, hi), or -1.  Full 64-bit words are skipped
 * whole: a new file's first block is sought from the start of a group
 * that earlier files have filled.
 */
static int64_t
bitmap_scan(const uint8_t *map, uint32_t lo, uint32_t hi)
{
	uint64_t w;
	uint32_t i;

	for (i = lo; i < hi; i++) {
		if ((i & 63) == 0 && i + 64 <= hi) {
			memcpy(&w, map + (i >> 3), sizeof(w));
			if (w == UINT64_MAX) {
				i += 63;
				continue;
			}
		}
		if (isclr(map, i))
			return i;
	}
	return -1;
}

/* First clear bit in [from, nbits), then [0, from); -1 if none. */
static int64_t
bitmap_find(const uint8_t *map, uint32_t nbits, uint32_t from)
{
	int64_t bit;

	if ((bit = bitmap_scan(map, from, nbits)) >= 0)
		return bit;
	return bitmap_scan(map, 0, from);
}

static uint32_t
cg_nblocks(const struct m_ext2fs *fs, uint32_t cg)
{
	uint64_t first = cg_first_block(fs, cg);

	return (uint32_t)MIN((uint64_t)fs->e2fs_bpg, fs->e2fs_bcount - first);
}

/* Is b one of group cg's own metadata blocks (bitmaps, inode table)? */
static bool
is_cg_meta(const struct m_ext2fs *fs, uint32_t cg, uint64_t b)
{
	const struct ext2fs_cg *g = &fs->e2fs_gd[cg];

	return b == g->cg_bbitmap || b == g->cg_ibitmap ||
	    (b >= g->cg_itable && b < g->cg_itable + fs->e2fs_itpg) ||
	    !ext2fs_blk_valid(fs, b);
}

/*
 * Claim the free blocks that follow bit in group cg's bitmap map, up to
 * want in all (bit itself is claimed): a sequential write's blocks in
 * one pass.  Never more than the group's free count.
 */
static uint32_t
claim_run(struct m_ext2fs *fs, uint32_t cg, uint8_t *map, uint32_t nbits,
    uint32_t bit, uint32_t want)
{
	uint64_t first = cg_first_block(fs, cg);
	uint32_t got = 1;

	want = MIN(want, fs->e2fs_gd[cg].cg_nbfree);
	want = (uint32_t)MIN((uint64_t)want, fs->e2fs_fbcount);
	while (got < want && bit + got < nbits && isclr(map, bit + got) &&
	    !is_cg_meta(fs, cg, first + bit + got)) {
		setbit(map, bit + got);
		got++;
	}
	return got;
}

static int
alloc_in_cg(struct ext2fs_mount *ump, uint32_t cg, uint32_t from,
    uint32_t want, uint64_t *bnp, uint32_t *gotp)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct ext2fs_cg *g = &fs->e2fs_gd[cg];
	uint32_t nbits = cg_nblocks(fs, cg);
	struct buf *bp;
	int64_t bit;
	int error;

	if (from >= nbits)
		from = 0;
	error = bread(ump->um_devvp, EXT2_FSBTODB(fs, g->cg_bbitmap),
	    fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	for (;;) {
		bit = bitmap_find(bp->b_data, nbits, from);
		if (bit < 0) {
			brelse(bp, 0);
			fs_warn(ump, "free block count wrong in group", cg);
			g->cg_nbfree = 0;
			ext2fs_gd_encode(fs, cg);
			return ENOSPC;
		}
		setbit((uint8_t *)bp->b_data, bit);
		*bnp = cg_first_block(fs, cg) + (uint64_t)bit;
		if (!is_cg_meta(fs, cg, *bnp))
			break;
		/* a bitmap claiming metadata is free: keep it marked used */
		fs_warn(ump, "metadata block marked free:", *bnp);
		from = (uint32_t)bit;
	}
	*gotp = claim_run(fs, cg, bp->b_data, nbits, (uint32_t)bit, want);
	bdwrite(bp);
	g->cg_nbfree -= *gotp;
	fs->e2fs_fbcount -= *gotp;
	ext2fs_gd_encode(fs, cg);
	return 0;
}

/*
 * Allocate up to want (at least 1) contiguous blocks near goal (0: near
 * the inode) for ip: *bnp the first, *gotp how many.
 */
int
ext2fs_blkalloc_run(struct inode *ip, uint64_t goal, uint32_t want,
    uint64_t *bnp, uint32_t *gotp)
{
	struct ext2fs_mount *ump = ip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;
	uint32_t cg, c, i, from;
	int error = ENOSPC;

	if (!ext2fs_blk_valid(fs, goal))
		goal = cg_first_block(fs, ino_to_cg(fs, ip->i_number));
	cg = blk_to_cg(fs, goal);
	if (cg >= fs->e2fs_ncg)
		cg = 0;
	from = (uint32_t)(goal - cg_first_block(fs, cg));
	mutex_enter(&ump->um_lock);
	for (i = 0; i < fs->e2fs_ncg && fs->e2fs_fbcount > 0; i++) {
		c = (cg + i) % fs->e2fs_ncg;
		if (fs->e2fs_gd[c].cg_nbfree == 0 ||
		    (fs->e2fs_gd[c].cg_flags & E2FS_BG_BLOCK_UNINIT))
			continue;
		error = alloc_in_cg(ump, c, i == 0 ? from : 0, MAX(want, 1),
		    bnp, gotp);
		if (error != ENOSPC)
			break;
	}
	mutex_exit(&ump->um_lock);
	return error;
}

/* Allocate a block near goal (0: near the inode) for ip. */
int
ext2fs_blkalloc(struct inode *ip, uint64_t goal, uint64_t *bnp)
{
	uint32_t got;

	return ext2fs_blkalloc_run(ip, goal, 1, bnp, &got);
}

void
ext2fs_blkfree(struct ext2fs_mount *ump, uint64_t bno)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct buf *bp;
	uint32_t cg, bit;

	if (!ext2fs_blk_valid(fs, bno)) {
		fs_warn(ump, "freeing a block out of range:", bno);
		return;
	}
	cg = blk_to_cg(fs, bno);
	bit = (uint32_t)(bno - cg_first_block(fs, cg));
	if (is_cg_meta(fs, cg, bno)) {
		fs_warn(ump, "refusing to free metadata block", bno);
		return;
	}
	mutex_enter(&ump->um_lock);
	if (bread(ump->um_devvp, EXT2_FSBTODB(fs, fs->e2fs_gd[cg].cg_bbitmap),
	    fs->e2fs_bsize, 0, &bp) != 0) {
		mutex_exit(&ump->um_lock);
		fs_warn(ump, "cannot read the block bitmap of group", cg);
		return;
	}
	if (isclr((uint8_t *)bp->b_data, bit)) {
		brelse(bp, 0);
		mutex_exit(&ump->um_lock);
		fs_warn(ump, "freeing a free block", bno);
		return;
	}
	clrbit((uint8_t *)bp->b_data, bit);
	bdwrite(bp);
	fs->e2fs_gd[cg].cg_nbfree++;
	fs->e2fs_fbcount++;
	ext2fs_gd_encode(fs, cg);
	mutex_exit(&ump->um_lock);
}

/* Orlov-like: a group with enough free inodes and blocks, fewest dirs. */
static uint32_t
dir_group(const struct m_ext2fs *fs, uint32_t pcg, bool top)
{
	uint32_t avgi = fs->e2fs_ficount / fs->e2fs_ncg;
	uint64_t avgb = fs->e2fs_fbcount / fs->e2fs_ncg;
	uint32_t i, c, best = UINT32_MAX, start;

	start = top ? cprng_fast32() % fs->e2fs_ncg : pcg;
	for (i = 0; i < fs->e2fs_ncg; i++) {
		const struct ext2fs_cg *g;
		c = (start + i) % fs->e2fs_ncg;
		g = &fs->e2fs_gd[c];
		if (g->cg_nifree == 0 || g->cg_nifree < avgi ||
		    g->cg_nbfree < avgb)
			continue;
		if (best == UINT32_MAX ||
		    g->cg_ndirs < fs->e2fs_gd[best].cg_ndirs)
			best = c;
		if (!top && g->cg_ndirs == 0)
			break;
	}
	return best == UINT32_MAX ? pcg : best;
}

static int
ialloc_in_cg(struct ext2fs_mount *ump, uint32_t cg, int mode, ino_t *inop)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	struct ext2fs_cg *g = &fs->e2fs_gd[cg];
	uint32_t from = 0;
	struct buf *bp;
	int64_t bit;
	int error;

	if (cg == 0)
		from = fs->e2fs_first_ino - 1;
	if (from >= fs->e2fs_ipg)
		return ENOSPC;
	error = bread(ump->um_devvp, EXT2_FSBTODB(fs, g->cg_ibitmap),
	    fs->e2fs_bsize, 0, &bp);
	if (error)
		return error;
	bit = bitmap_find((uint8_t *)bp->b_data + 0, fs->e2fs_ipg, from);
	if (bit >= 0 && (uint32_t)bit < from && cg == 0)
		bit = -1;		/* wrapped into the reserved inodes */
	if (bit < 0) {
		brelse(bp, 0);
		fs_warn(ump, "free inode count wrong in group", cg);
		g->cg_nifree = 0;
		ext2fs_gd_encode(fs, cg);
		return ENOSPC;
	}
	setbit((uint8_t *)bp->b_data, bit);
	bdwrite(bp);
	g->cg_nifree--;
	fs->e2fs_ficount--;
	if (S_ISDIR(mode))
		g->cg_ndirs++;
	ext2fs_gd_encode(fs, cg);
	*inop = (ino_t)cg * fs->e2fs_ipg + (ino_t)bit + 1;
	return 0;
}

int
ext2fs_inoalloc(struct inode *pip, int mode, ino_t *inop)
{
	struct ext2fs_mount *ump = pip->i_ump;
	struct m_ext2fs *fs = ump->um_e2fs;
	uint32_t pcg = (uint32_t)ino_to_cg(fs, pip->i_number), cg, i;
	int error = ENOSPC;

	mutex_enter(&ump->um_lock);
	if (fs->e2fs_ficount == 0)
		goto out;
	cg = pcg;
	if (S_ISDIR(mode))
		cg = dir_group(fs, pcg, pip->i_number == E2FS_ROOTINO);
	for (i = 0; i < fs->e2fs_ncg; i++) {
		uint32_t c = (cg + i) % fs->e2fs_ncg;
		if (fs->e2fs_gd[c].cg_nifree == 0 ||
		    (fs->e2fs_gd[c].cg_flags & E2FS_BG_INODE_UNINIT))
			continue;
		error = ialloc_in_cg(ump, c, mode, inop);
		if (error != ENOSPC)
			break;
	}
out:
	mutex_exit(&ump->um_lock);
	return error;
}

void
ext2fs_inofree(struct ext2fs_mount *ump, ino_t ino, int mode)
{
	struct m_ext2fs *fs = ump->um_e2fs;
	uint32_t cg, bit;
	struct buf *bp;

	if (ino < fs->e2fs_first_ino || ino > fs->e2fs_icount) {
		fs_warn(ump, "freeing a reserved or bad inode", ino);
		return;
	}
	cg = (uint32_t)ino_to_cg(fs, ino);
	bit = (uint32_t)((ino - 1) % fs->e2fs_ipg);
	mutex_enter(&ump->um_lock);
	if (bread(ump->um_devvp, EXT2_FSBTODB(fs, fs->e2fs_gd[cg].cg_ibitmap),
	    fs->e2fs_bsize, 0, &bp) != 0) {
		mutex_exit(&ump->um_lock);
		fs_warn(ump, "cannot read the inode bitmap of group", cg);
		return;
	}
	if (isclr((uint8_t *)bp->b_data, bit)) {
		brelse(bp, 0);
		mutex_exit(&ump->um_lock);
		fs_warn(ump, "freeing a free inode", ino);
		return;
	}
	clrbit((uint8_t *)bp->b_data, bit);
	bdwrite(bp);
	fs->e2fs_gd[cg].cg_nifree++;
	fs->e2fs_ficount++;
	if (S_ISDIR(mode) && fs->e2fs_gd[cg].cg_ndirs > 0)
		fs->e2fs_gd[cg].cg_ndirs--;
	ext2fs_gd_encode(fs, cg);
	mutex_exit(&ump->um_lock);
}
