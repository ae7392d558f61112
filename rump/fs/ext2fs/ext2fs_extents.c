/*
 * Extent-mapped files (ext4, read-only here): a tree whose root is the
 * inode's 60-byte block array.  Every node's header (magic, entry counts,
 * depth) and every block number is checked before it is followed, and the
 * depth must go down by one per level, so a hostile tree cannot loop.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>

#include "ext2fs.h"

#define EXT4_EXT_MAGIC		0xf30a
#define EXT4_EXT_MAXDEPTH	5
#define EXT4_EXT_INIT_MAX	32768	/* longer ones are unwritten */

struct ext4_extent_header {
	uint16_t eh_magic;
	uint16_t eh_entries;
	uint16_t eh_max;
	uint16_t eh_depth;
	uint32_t eh_generation;
} __packed;

struct ext4_extent {		/* leaf entry */
	uint32_t ee_block;
	uint16_t ee_len;
	uint16_t ee_start_hi;
	uint32_t ee_start_lo;
} __packed;

struct ext4_extent_idx {	/* interior entry */
	uint32_t ei_block;
	uint32_t ei_leaf_lo;
	uint16_t ei_leaf_hi;
	uint16_t ei_unused;
} __packed;

CTASSERT(sizeof(struct ext4_extent_header) == 12);
CTASSERT(sizeof(struct ext4_extent) == 12);
CTASSERT(sizeof(struct ext4_extent_idx) == 12);

/* Check a node of size bytes; depth must be want (or any if < 0). */
static int
node_check(const uint8_t *node, size_t size, int want, uint16_t *nent,
    uint16_t *depth)
{
	struct ext4_extent_header eh;

	memcpy(&eh, node, sizeof(eh));
	*nent = e2fs_le16(eh.eh_entries);
	*depth = e2fs_le16(eh.eh_depth);
	if (e2fs_le16(eh.eh_magic) != EXT4_EXT_MAGIC)
		return EIO;
	if (e2fs_le16(eh.eh_max) > (size - sizeof(eh)) / 12 ||
	    *nent > e2fs_le16(eh.eh_max))
		return EIO;
	if (*depth > EXT4_EXT_MAXDEPTH || (want >= 0 && *depth != want))
		return EIO;
	return 0;
}

int
ext2fs_extent_check_root(struct inode *ip)
{
	uint8_t root[E2FS_NBLOCKS * 4];
	uint16_t nent, depth;
	int i;

	for (i = 0; i < E2FS_NBLOCKS; i++) {
		uint32_t w = e2fs_h2le32(ip->i_din.ic_blocks[i]);
		memcpy(root + i * 4, &w, 4);
	}
	return node_check(root, sizeof(root), -1, &nent, &depth);
}

/* Search a leaf for lbn. */
static int
leaf_lookup(struct inode *ip, const uint8_t *node, uint16_t nent,
    uint64_t lbn, uint64_t *pbn, int *runp)
{
	struct ext4_extent ex;
	uint64_t start, first;
	uint32_t len;
	int i;

	for (i = nent - 1; i >= 0; i--) {
		memcpy(&ex, node + 12 + (size_t)i * 12, sizeof(ex));
		first = e2fs_le32(ex.ee_block);
		if (first <= lbn)
			break;
	}
	if (i < 0)
		return 0;
	len = e2fs_le16(ex.ee_len);
	if (len > EXT4_EXT_INIT_MAX) {
		len -= EXT4_EXT_INIT_MAX;
		if (lbn < first + len)
			return 0;	/* unwritten: reads as zeros */
	}
	if (lbn >= first + len)
		return 0;
	start = e2fs_le32(ex.ee_start_lo) |
	    ((uint64_t)e2fs_le16(ex.ee_start_hi) << 32);
	if (!ext2fs_blk_valid(ip->i_e2fs, start) ||
	    start + len > ip->i_e2fs->e2fs_bcount)
		return ext2fs_corrupt(ip, "extent outside the file system");
	*pbn = start + (lbn - first);
	if (runp) {
		uint64_t left = first + len - lbn - 1;
		int max = (int)(MAXPHYS >> ip->i_e2fs->e2fs_bshift) - 1;
		*runp = left > (uint64_t)max ? max : (int)left;
	}
	return 0;
}

/* Pick the child of an index node covering lbn; 0 if none. */
static uint64_t
index_child(const uint8_t *node, uint16_t nent, uint64_t lbn)
{
	struct ext4_extent_idx ix;
	int i;

	for (i = nent - 1; i >= 0; i--) {
		memcpy(&ix, node + 12 + (size_t)i * 12, sizeof(ix));
		if (e2fs_le32(ix.ei_block) <= lbn)
			return e2fs_le32(ix.ei_leaf_lo) |
			    ((uint64_t)e2fs_le16(ix.ei_leaf_hi) << 32);
	}
	return 0;
}

int
ext2fs_extent_lookup(struct inode *ip, uint64_t lbn, uint64_t *pbn,
    int *runp)
{
	struct m_ext2fs *fs = ip->i_e2fs;
	uint8_t root[E2FS_NBLOCKS * 4];
	const uint8_t *node = root;
	struct buf *bp = NULL;
	uint16_t nent, depth;
	uint64_t child;
	int want = -1, error, i;

	*pbn = 0;
	if (lbn >= ((uint64_t)1 << 32))
		return 0;
	for (i = 0; i < E2FS_NBLOCKS; i++) {
		uint32_t w = e2fs_h2le32(ip->i_din.ic_blocks[i]);
		memcpy(root + i * 4, &w, 4);
	}
	for (;;) {
		size_t size = node == root ? sizeof(root) : fs->e2fs_bsize;
		if (node_check(node, size, want, &nent, &depth) != 0) {
			error = ext2fs_corrupt(ip, "bad extent node");
			break;
		}
		if (depth == 0) {
			error = leaf_lookup(ip, node, nent, lbn, pbn, runp);
			break;
		}
		child = index_child(node, nent, lbn);
		if (bp != NULL)
			brelse(bp, 0);
		bp = NULL;
		if (child == 0) {
			error = 0;
			break;
		}
		if (!ext2fs_blk_valid(fs, child)) {
			error = ext2fs_corrupt(ip, "extent index out of range");
			break;
		}
		error = bread(ip->i_ump->um_devvp, EXT2_FSBTODB(fs, child),
		    fs->e2fs_bsize, 0, &bp);
		if (error) {
			bp = NULL;
			break;
		}
		node = bp->b_data;
		want = depth - 1;
	}
	if (bp != NULL)
		brelse(bp, 0);
	return error;
}
