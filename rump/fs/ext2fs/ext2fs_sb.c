/*
 * Superblock decoding and validation.  Pure functions (no I/O), so the
 * unit tests can feed them hostile superblocks directly.  Every field the
 * driver later uses as an index, size or shift is range-checked here.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "ext2fs.h"

#define FAIL(msg)	do { *why = (msg); return EINVAL; } while (0)

static bool
is_pow(uint32_t v, uint32_t base)
{
	if (v == 0)
		return false;
	while (v % base == 0)
		v /= base;
	return v == 1;
}

/* Does group cg hold a superblock (and descriptor) backup? */
bool
ext2fs_cg_has_sb(const struct m_ext2fs *fs, uint32_t cg)
{
	if (cg <= 1)
		return true;
	if (!E2FS_HAS_ROCOMPAT(fs, EXT2F_ROCOMPAT_SPARSESUPER))
		return true;
	return is_pow(cg, 3) || is_pow(cg, 5) || is_pow(cg, 7);
}

static uint64_t
maxfilesize(const struct m_ext2fs *fs)
{
	uint64_t n = fs->e2fs_nindir, blocks, cap;

	if (E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_EXTENTS))
		blocks = (uint64_t)1 << 32;
	else
		blocks = E2FS_NDADDR + n + n * n + n * n * n;
	/* i_blocks counts 512-byte sectors in 32 bits without huge_file */
	cap = ((uint64_t)1 << 41) - ((uint64_t)fs->e2fs_bsize << 8);
	if (E2FS_HAS_ROCOMPAT(fs, EXT2F_ROCOMPAT_HUGE_FILE))
		cap = (uint64_t)1 << 46;
	if (blocks > cap >> fs->e2fs_bshift)
		return cap;
	return blocks << fs->e2fs_bshift;
}

static int
decode_geometry(const struct ext2fs_sb *sb, struct m_ext2fs *fs,
    const char **why)
{
	uint32_t lbs = e2fs_le32(sb->s_log_block_size);

	if (e2fs_le16(sb->s_magic) != E2FS_MAGIC)
		FAIL("bad magic number");
	fs->e2fs_rev = e2fs_le32(sb->s_rev_level);
	if (fs->e2fs_rev > E2FS_REV1)
		FAIL("unknown revision");
	if (lbs > E2FS_MAX_LOG_BSIZE)
		FAIL("block size out of range (1-64 KiB)");
	fs->e2fs_bshift = 10 + lbs;
	fs->e2fs_bsize = 1u << fs->e2fs_bshift;
	fs->e2fs_fsbtodb = fs->e2fs_bshift - DEV_BSHIFT;
	fs->e2fs_nindir = fs->e2fs_bsize / 4;
	if (fs->e2fs_rev == E2FS_REV0) {
		fs->e2fs_isize = E2FS_REV0_INODE_SIZE;
		fs->e2fs_first_ino = E2FS_REV0_FIRST_INO;
		fs->e2fs_compat = fs->e2fs_incompat = fs->e2fs_rocompat = 0;
	} else {
		fs->e2fs_isize = e2fs_le16(sb->s_inode_size);
		fs->e2fs_first_ino = e2fs_le32(sb->s_first_ino);
		fs->e2fs_compat = e2fs_le32(sb->s_feature_compat);
		fs->e2fs_incompat = e2fs_le32(sb->s_feature_incompat);
		fs->e2fs_rocompat = e2fs_le32(sb->s_feature_ro_compat);
	}
	if (fs->e2fs_isize < E2FS_GOOD_OLD_INODE_SIZE ||
	    fs->e2fs_isize > E2FS_MAX_INODE_SIZE ||
	    !powerof2(fs->e2fs_isize) || fs->e2fs_isize > fs->e2fs_bsize)
		FAIL("inode size out of range (128-1024, power of 2)");
	fs->e2fs_ipb = fs->e2fs_bsize / fs->e2fs_isize;
	return 0;
}

static int
decode_counts(const struct ext2fs_sb *sb, uint64_t devsize,
    struct m_ext2fs *fs, const char **why)
{
	bool is64 = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_64BIT);
	uint64_t ncg, ngdb;

	fs->e2fs_bcount = e2fs_le32(sb->s_blocks_count);
	fs->e2fs_rbcount = e2fs_le32(sb->s_r_blocks_count);
	fs->e2fs_fbcount = e2fs_le32(sb->s_free_blocks_count);
	if (is64) {
		fs->e2fs_bcount |= (uint64_t)e2fs_le32(sb->s_blocks_count_hi)
		    << 32;
		fs->e2fs_rbcount |=
		    (uint64_t)e2fs_le32(sb->s_r_blocks_count_hi) << 32;
		fs->e2fs_fbcount |=
		    (uint64_t)e2fs_le32(sb->s_free_blocks_count_hi) << 32;
	}
	fs->e2fs_icount = e2fs_le32(sb->s_inodes_count);
	fs->e2fs_ficount = e2fs_le32(sb->s_free_inodes_count);
	fs->e2fs_first_dblock = e2fs_le32(sb->s_first_data_block);
	fs->e2fs_bpg = e2fs_le32(sb->s_blocks_per_group);
	fs->e2fs_ipg = e2fs_le32(sb->s_inodes_per_group);

	if (fs->e2fs_first_dblock != (fs->e2fs_bsize == 1024 ? 1u : 0u))
		FAIL("bad first data block");
	if (fs->e2fs_bcount <= fs->e2fs_first_dblock + 2 ||
	    fs->e2fs_bcount > ((uint64_t)1 << 48))
		FAIL("block count out of range");
	if (devsize != 0 && fs->e2fs_bcount > devsize >> fs->e2fs_bshift)
		FAIL("file system larger than its device");
	if (fs->e2fs_bpg < 8 || fs->e2fs_bpg > 8 * fs->e2fs_bsize ||
	    fs->e2fs_bpg % 8 != 0)
		FAIL("blocks per group out of range");
	if (fs->e2fs_ipg < fs->e2fs_ipb || fs->e2fs_ipg > 8 * fs->e2fs_bsize ||
	    fs->e2fs_ipg % fs->e2fs_ipb != 0)
		FAIL("inodes per group out of range");
	fs->e2fs_itpg = fs->e2fs_ipg / fs->e2fs_ipb;
	ncg = howmany(fs->e2fs_bcount - fs->e2fs_first_dblock, fs->e2fs_bpg);
	if (ncg == 0 || ncg * fs->e2fs_ipg != fs->e2fs_icount)
		FAIL("inode count does not match the groups");
	fs->e2fs_ncg = (uint32_t)ncg;
	if (fs->e2fs_fbcount > fs->e2fs_bcount ||
	    fs->e2fs_ficount > fs->e2fs_icount ||
	    fs->e2fs_rbcount > fs->e2fs_bcount)
		FAIL("free or reserved counts larger than the totals");
	if (fs->e2fs_first_ino < E2FS_REV0_FIRST_INO ||
	    fs->e2fs_first_ino >= fs->e2fs_icount)
		FAIL("first inode out of range");

	fs->e2fs_gdsize = E2FS_GD_SIZE;
	if (is64) {
		fs->e2fs_gdsize = e2fs_le16(sb->s_desc_size);
		if (fs->e2fs_gdsize < E2FS_GD64_MINSIZE ||
		    fs->e2fs_gdsize > 1024 || !powerof2(fs->e2fs_gdsize))
			FAIL("group descriptor size out of range");
	}
	ngdb = howmany(ncg * fs->e2fs_gdsize, fs->e2fs_bsize);
	if (ngdb >= fs->e2fs_bcount || ngdb > (1u << 20))
		FAIL("group descriptors do not fit");
	fs->e2fs_ngdb = (uint32_t)ngdb;
	return 0;
}

/*
 * Decode and check sb into fs.  devsize: the device's bytes (0: unknown).
 * Feature policy is the caller's; this only checks consistency.
 */
int
ext2fs_sb_decode(const struct ext2fs_sb *sb, uint64_t devsize,
    struct m_ext2fs *fs, const char **why)
{
	int error;

	memcpy(&fs->e2fs_sb, sb, sizeof(*sb));
	if ((error = decode_geometry(sb, fs, why)) != 0)
		return error;
	if ((error = decode_counts(sb, devsize, fs, why)) != 0)
		return error;
	if (fs->e2fs_isize > E2FS_GOOD_OLD_INODE_SIZE &&
	    e2fs_le16(sb->s_min_extra_isize) >
	    fs->e2fs_isize - E2FS_GOOD_OLD_INODE_SIZE)
		FAIL("extra inode size out of range");
	fs->e2fs_state = e2fs_le16(sb->s_state);
	fs->e2fs_last_orphan = e2fs_le32(sb->s_last_orphan);
	if (fs->e2fs_last_orphan > fs->e2fs_icount)
		FAIL("orphan list head out of range");
	fs->e2fs_maxfilesize = maxfilesize(fs);
	return 0;
}

/* Copy the in-core counts and state back into the raw superblock. */
void
ext2fs_sb_encode(struct m_ext2fs *fs)
{
	struct ext2fs_sb *sb = &fs->e2fs_sb;

	sb->s_free_blocks_count = e2fs_h2le32((uint32_t)fs->e2fs_fbcount);
	if (E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_64BIT))
		sb->s_free_blocks_count_hi =
		    e2fs_h2le32((uint32_t)(fs->e2fs_fbcount >> 32));
	sb->s_free_inodes_count = e2fs_h2le32(fs->e2fs_ficount);
	sb->s_state = e2fs_h2le16(fs->e2fs_state);
	sb->s_last_orphan = e2fs_h2le32(fs->e2fs_last_orphan);
	if (fs->e2fs_rev >= E2FS_REV1) {
		sb->s_feature_compat = e2fs_h2le32(fs->e2fs_compat);
		sb->s_feature_incompat = e2fs_h2le32(fs->e2fs_incompat);
		sb->s_feature_ro_compat = e2fs_h2le32(fs->e2fs_rocompat);
	}
}
