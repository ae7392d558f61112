/*
 * Group descriptors: where their blocks live (plain or meta_bg layout),
 * decoding with range checks, and encoding a changed one back into the
 * raw copy that ext2fs_cgupdate() writes.  Pure functions.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "ext2fs.h"

/* Block number of raw descriptor block i. */
uint64_t
ext2fs_gdblock(const struct m_ext2fs *fs, uint32_t i)
{
	uint32_t first_meta, per_block, cg;

	if (!E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_META_BG))
		return (uint64_t)fs->e2fs_first_dblock + 1 + i;
	first_meta = e2fs_le32(fs->e2fs_sb.s_first_meta_bg);
	if (i < first_meta)
		return (uint64_t)fs->e2fs_first_dblock + 1 + i;
	/* meta_bg: block i describes groups i*per_block.., kept in the first */
	per_block = fs->e2fs_bsize / fs->e2fs_gdsize;
	cg = i * per_block;
	return cg_first_block(fs, cg) + (ext2fs_cg_has_sb(fs, cg) ? 1 : 0);
}

static bool
range_ok(const struct m_ext2fs *fs, uint64_t b, uint64_t n)
{
	return b >= fs->e2fs_first_dblock && b < fs->e2fs_bcount &&
	    n <= fs->e2fs_bcount - b;
}

static void
gd_read(const struct m_ext2fs *fs, uint32_t cg, struct ext2fs_cg *cgp)
{
	const struct ext2fs_gd *gd = (const struct ext2fs_gd *)
	    (fs->e2fs_gdraw + (size_t)cg * fs->e2fs_gdsize);

	cgp->cg_bbitmap = e2fs_le32(gd->bg_block_bitmap);
	cgp->cg_ibitmap = e2fs_le32(gd->bg_inode_bitmap);
	cgp->cg_itable = e2fs_le32(gd->bg_inode_table);
	cgp->cg_nbfree = e2fs_le16(gd->bg_free_blocks_count);
	cgp->cg_nifree = e2fs_le16(gd->bg_free_inodes_count);
	cgp->cg_ndirs = e2fs_le16(gd->bg_used_dirs_count);
	cgp->cg_flags = e2fs_le16(gd->bg_flags);
	if (fs->e2fs_gdsize >= E2FS_GD64_MINSIZE) {
		cgp->cg_bbitmap |=
		    (uint64_t)e2fs_le32(gd->bg_block_bitmap_hi) << 32;
		cgp->cg_ibitmap |=
		    (uint64_t)e2fs_le32(gd->bg_inode_bitmap_hi) << 32;
		cgp->cg_itable |=
		    (uint64_t)e2fs_le32(gd->bg_inode_table_hi) << 32;
		cgp->cg_nbfree |=
		    (uint32_t)e2fs_le16(gd->bg_free_blocks_count_hi) << 16;
		cgp->cg_nifree |=
		    (uint32_t)e2fs_le16(gd->bg_free_inodes_count_hi) << 16;
		cgp->cg_ndirs |=
		    (uint32_t)e2fs_le16(gd->bg_used_dirs_count_hi) << 16;
	}
}

/*
 * Decode every descriptor from fs->e2fs_gdraw into fs->e2fs_gd, checking
 * that bitmaps and inode tables lie inside the file system.  On failure
 * *bad is the group.
 */
int
ext2fs_gd_decode(struct m_ext2fs *fs, const char **why, uint32_t *bad)
{
	struct ext2fs_cg *cgp;
	uint32_t cg;

	for (cg = 0; cg < fs->e2fs_ncg; cg++) {
		cgp = &fs->e2fs_gd[cg];
		gd_read(fs, cg, cgp);
		*bad = cg;
		if (!range_ok(fs, cgp->cg_bbitmap, 1)) {
			*why = "block bitmap outside the file system";
			return EINVAL;
		}
		if (!range_ok(fs, cgp->cg_ibitmap, 1)) {
			*why = "inode bitmap outside the file system";
			return EINVAL;
		}
		if (!range_ok(fs, cgp->cg_itable, fs->e2fs_itpg)) {
			*why = "inode table outside the file system";
			return EINVAL;
		}
		if (cgp->cg_nbfree > fs->e2fs_bpg ||
		    cgp->cg_nifree > fs->e2fs_ipg ||
		    cgp->cg_ndirs > fs->e2fs_ipg) {
			*why = "free counts larger than the group";
			return EINVAL;
		}
	}
	return 0;
}

/* Store group cg's decoded counts back into the raw descriptor. */
void
ext2fs_gd_encode(struct m_ext2fs *fs, uint32_t cg)
{
	struct ext2fs_gd *gd = (struct ext2fs_gd *)
	    (fs->e2fs_gdraw + (size_t)cg * fs->e2fs_gdsize);
	const struct ext2fs_cg *cgp = &fs->e2fs_gd[cg];

	gd->bg_free_blocks_count = e2fs_h2le16((uint16_t)cgp->cg_nbfree);
	gd->bg_free_inodes_count = e2fs_h2le16((uint16_t)cgp->cg_nifree);
	gd->bg_used_dirs_count = e2fs_h2le16((uint16_t)cgp->cg_ndirs);
	gd->bg_flags = e2fs_h2le16(cgp->cg_flags);
	if (fs->e2fs_gdsize >= E2FS_GD64_MINSIZE) {
		gd->bg_free_blocks_count_hi =
		    e2fs_h2le16((uint16_t)(cgp->cg_nbfree >> 16));
		gd->bg_free_inodes_count_hi =
		    e2fs_h2le16((uint16_t)(cgp->cg_nifree >> 16));
		gd->bg_used_dirs_count_hi =
		    e2fs_h2le16((uint16_t)(cgp->cg_ndirs >> 16));
	}
	fs->e2fs_fmod = true;
}
