/*
 * Logical to physical block mapping through the direct, indirect, double
 * and triple indirect pointers (extent-mapped files go to
 * ext2fs_extents.c), and VOP_BMAP on top of it (genfs_strategy maps file
 * buffers through VOP_BMAP).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "ext2fs.h"

/* Can b hold file data or metadata?  Block first_dblock is the sb's. */
bool
ext2fs_blk_valid(const struct m_ext2fs *fs, uint64_t b)
{
	return b > fs->e2fs_first_dblock && b < fs->e2fs_bcount;
}

static uint32_t
getptr(const void *data, uint32_t idx)
{
	uint32_t v;

	memcpy(&v, (const uint8_t *)data + (size_t)idx * 4, 4);
	return e2fs_le32(v);
}

/* Length of the run of contiguous pointers after idx in ptrs. */
static int
ptr_run(const void *data, uint32_t idx, uint32_t n, uint64_t pbn, int max)
{
	int run = 0;

	while (run < max && idx + 1 + (uint32_t)run < n &&
	    getptr(data, idx + 1 + (uint32_t)run) == pbn + 1 + (uint64_t)run)
		run++;
	return run;
}

static int
max_run(const struct m_ext2fs *fs)
{
	return (int)(MAXPHYS >> fs->e2fs_bshift) - 1;
}

/*
 * The last mapping read through an indirect block and the run after it:
 * writing a file out maps its blocks one by one, and each used to read
 * the indirect block again.  Pointers only change under the exclusive
 * vnode lock, by ext2fs_balloc filling a hole (never inside a run, which
 * is all non-zero pointers) and by ext2fs_free_range, which forgets it.
 * Lookups run under shared locks too: um_bmclock keeps the three fields
 * one snapshot.
 */
static bool
bmap_cached(struct inode *ip, uint64_t lbn, uint64_t *pbn, int *runp)
{
	uint64_t lbn0, pbn0, k;
	uint32_t run;

	mutex_enter(&ip->i_ump->um_bmclock);
	lbn0 = ip->i_bmc_lbn;
	pbn0 = ip->i_bmc_pbn;
	run = ip->i_bmc_run;
	mutex_exit(&ip->i_ump->um_bmclock);
	k = lbn - lbn0;
	if (pbn0 == 0 || lbn <= lbn0 || k > run ||
	    !ext2fs_blk_valid(ip->i_e2fs, pbn0 + k))
		return false;
	*pbn = pbn0 + k;
	if (runp)
		*runp = (int)(run - k);
	return true;
}

static void
bmap_remember(struct inode *ip, uint64_t lbn, uint64_t pbn, int run)
{

	mutex_enter(&ip->i_ump->um_bmclock);
	ip->i_bmc_lbn = lbn;
	ip->i_bmc_pbn = pbn;
	ip->i_bmc_run = (uint32_t)run;
	mutex_exit(&ip->i_ump->um_bmclock);
}

void
ext2fs_bmap_forget(struct inode *ip)
{

	bmap_remember(ip, 0, 0, 0);
}

/*
 * Map lbn: *pbn gets the block (0: a hole), *runp (if not NULL) how many
 * following logical blocks are physically contiguous.
 */
int
ext2fs_bmap_lookup(struct inode *ip, uint64_t lbn, uint64_t *pbn, int *runp)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t n = fs->e2fs_nindir, span = 1, b, lbn0;
	uint32_t words[E2FS_NBLOCKS], idx;
	struct buf *bp;
	int level, error, run = 0;

	if (runp)
		*runp = 0;
	*pbn = 0;
	if (ip->i_flags & EXT4_EXTENTS_FL)
		return ext2fs_extent_lookup(ip, lbn, pbn, runp);
	if (lbn < E2FS_NDADDR) {
		b = ip->i_din.ic_blocks[lbn];
		if (b != 0 && runp) {
			for (idx = 0; idx < E2FS_NBLOCKS; idx++)
				words[idx] = e2fs_h2le32(ip->i_din.ic_blocks[idx]);
			*runp = ptr_run(words, (uint32_t)lbn, E2FS_NDADDR, b,
			    max_run(fs));
		}
		*pbn = b;
		return 0;
	}
	if (bmap_cached(ip, lbn, pbn, runp))
		return 0;
	lbn0 = lbn;
	lbn -= E2FS_NDADDR;
	for (level = 1; level <= E2FS_NIADDR; level++) {
		span *= n;
		if (lbn < span)
			break;
		lbn -= span;
	}
	if (level > E2FS_NIADDR)
		return 0;		/* past the tree: a hole */
	b = ip->i_din.ic_blocks[E2FS_NDADDR + level - 1];
	while (b != 0) {
		if (!ext2fs_blk_valid(fs, b))
			return ext2fs_corrupt(ip, "indirect block out of range");
		error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, b),
		    fs->e2fs_bsize, 0, &bp);
		if (error)
			return error;
		span /= n;
		idx = (uint32_t)((lbn / span) % n);
		b = getptr(bp->b_data, idx);
		if (span == 1 && b != 0)
			run = ptr_run(bp->b_data, idx, (uint32_t)n, b,
			    max_run(fs));
		brelse(bp, 0);
		if (span == 1)
			break;
	}
	if (b != 0 && !ext2fs_blk_valid(fs, b))
		return ext2fs_corrupt(ip, "data block out of range");
	*pbn = b;
	if (runp)
		*runp = run;
	if (b != 0)
		bmap_remember(ip, lbn0, b, run);
	return 0;
}

int
ext2fs_bmap(struct vop_bmap_args *ap)
{
	struct inode *ip = VTOI(ap->a_vp);
	uint64_t pbn;
	int error;

	if (ap->a_vpp)
		*ap->a_vpp = ip->i_ump->um_devvp;
	if (ap->a_bnp == NULL)
		return 0;
	if (ap->a_bn < 0)
		return EINVAL;
	error = ext2fs_bmap_lookup(ip, (uint64_t)ap->a_bn, &pbn, ap->a_runp);
	if (error)
		return error;
	*ap->a_bnp = pbn == 0 ? -1 : EXT2_FSBTODB(ip->i_e2fs, pbn);
	return 0;
}
