/*
 * Unit tests of the ext2fs on-disk parsers: superblock validation (each
 * hostile field rejected), group descriptor placement and checks, inode
 * decode/encode with nanosecond times, directory record parsing and
 * packing (rec_len 0, past the block, name_len > rec_len).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../ext2fs.h"
#include "../ext2fs_dir.h"
#include <sys/dirent.h>

/* A superblock like mke2fs -b 1024 of an 8 MiB image (1 group). */
static void
mksb(struct ext2fs_sb *sb)
{
	__builtin_memset(sb, 0, sizeof(*sb));
	sb->s_inodes_count = 2048;
	sb->s_blocks_count = 8192;
	sb->s_r_blocks_count = 409;
	sb->s_free_blocks_count = 7000;
	sb->s_free_inodes_count = 2037;
	sb->s_first_data_block = 1;
	sb->s_log_block_size = 0;
	sb->s_log_cluster_size = 0;
	sb->s_blocks_per_group = 8192;
	sb->s_clusters_per_group = 8192;
	sb->s_inodes_per_group = 2048;
	sb->s_magic = E2FS_MAGIC;
	sb->s_state = E2FS_ISCLEAN;
	sb->s_rev_level = 1;
	sb->s_first_ino = 11;
	sb->s_inode_size = 256;
	sb->s_feature_incompat = EXT2F_INCOMPAT_FTYPE;
	sb->s_feature_ro_compat = EXT2F_ROCOMPAT_SPARSESUPER |
	    EXT2F_ROCOMPAT_LARGEFILE;
}

static int
decode(struct ext2fs_sb *sb, uint64_t devsize, struct m_ext2fs *fs)
{
	const char *why = NULL;

	__builtin_memset(fs, 0, sizeof(*fs));
	return ext2fs_sb_decode(sb, devsize, fs, &why);
}

static void
test_sb_valid(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;

	mksb(&sb);
	assert_int_equal(decode(&sb, 8 << 20, &fs), 0);
	assert_int_equal(fs.e2fs_bsize, 1024);
	assert_int_equal(fs.e2fs_ncg, 1);
	assert_int_equal(fs.e2fs_ipb, 4);
	assert_int_equal(fs.e2fs_itpg, 512);
	assert_int_equal(fs.e2fs_ngdb, 1);
	assert_int_equal(fs.e2fs_nindir, 256);
	assert_true(fs.e2fs_maxfilesize > ((uint64_t)1 << 33));
	/* device size unknown is fine */
	assert_int_equal(decode(&sb, 0, &fs), 0);
}

static void
test_sb_hostile(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;

	mksb(&sb); sb.s_magic = 0;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_log_block_size = 7;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_log_block_size = 0xffffffff;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_rev_level = 2;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inode_size = 100;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inode_size = 2048;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inode_size = 384;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inodes_per_group = 0;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inodes_per_group = 9000;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_blocks_per_group = 0;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_inodes_count = 4096;	/* not ncg * ipg */
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_free_blocks_count = 9000;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_first_data_block = 0;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_first_ino = 3;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	mksb(&sb); sb.s_last_orphan = 5000;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	/* a truncated device */
	mksb(&sb);
	assert_int_equal(decode(&sb, 4 << 20, &fs), EINVAL);
	/* 64bit with a bad descriptor size */
	mksb(&sb); sb.s_feature_incompat |= EXT2F_INCOMPAT_64BIT;
	sb.s_desc_size = 48;
	assert_int_equal(decode(&sb, 0, &fs), EINVAL);
	sb.s_desc_size = 64;
	assert_int_equal(decode(&sb, 0, &fs), 0);
	assert_int_equal(fs.e2fs_gdsize, 64);
}

static void
test_sb_rev0(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;

	mksb(&sb);
	sb.s_rev_level = 0;
	sb.s_inode_size = 0;		/* ignored in revision 0 */
	sb.s_feature_incompat = 0xffff;	/* likewise */
	assert_int_equal(decode(&sb, 0, &fs), 0);
	assert_int_equal(fs.e2fs_isize, 128);
	assert_int_equal(fs.e2fs_first_ino, 11);
	assert_int_equal(fs.e2fs_incompat, 0);
}

static void
test_sb_encode(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;

	mksb(&sb);
	assert_int_equal(decode(&sb, 0, &fs), 0);
	fs.e2fs_fbcount = 1234;
	fs.e2fs_ficount = 99;
	fs.e2fs_state = 0;
	fs.e2fs_last_orphan = 12;
	ext2fs_sb_encode(&fs);
	assert_int_equal(e2fs_le32(fs.e2fs_sb.s_free_blocks_count), 1234);
	assert_int_equal(e2fs_le32(fs.e2fs_sb.s_free_inodes_count), 99);
	assert_int_equal(e2fs_le16(fs.e2fs_sb.s_state), 0);
	assert_int_equal(e2fs_le32(fs.e2fs_sb.s_last_orphan), 12);
}

static void
test_cg_has_sb(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;

	mksb(&sb);
	assert_int_equal(decode(&sb, 0, &fs), 0);
	assert_true(ext2fs_cg_has_sb(&fs, 0));
	assert_true(ext2fs_cg_has_sb(&fs, 1));
	assert_false(ext2fs_cg_has_sb(&fs, 2));
	assert_true(ext2fs_cg_has_sb(&fs, 3));
	assert_true(ext2fs_cg_has_sb(&fs, 25));
	assert_true(ext2fs_cg_has_sb(&fs, 49));
	assert_false(ext2fs_cg_has_sb(&fs, 50));
	fs.e2fs_rocompat &= ~EXT2F_ROCOMPAT_SPARSESUPER;
	assert_true(ext2fs_cg_has_sb(&fs, 50));
}

static void
test_gd(void **state)
{
	struct ext2fs_sb sb;
	struct m_ext2fs fs;
	struct ext2fs_cg cg;
	uint8_t raw[1024];
	struct ext2fs_gd *gd = (struct ext2fs_gd *)raw;
	const char *why = NULL;
	uint32_t bad = 99;

	mksb(&sb);
	assert_int_equal(decode(&sb, 0, &fs), 0);
	assert_int_equal(ext2fs_gdblock(&fs, 0), 2);
	__builtin_memset(raw, 0, sizeof(raw));
	gd->bg_block_bitmap = 3;
	gd->bg_inode_bitmap = 4;
	gd->bg_inode_table = 5;
	gd->bg_free_blocks_count = 7000;
	gd->bg_free_inodes_count = 2037;
	gd->bg_used_dirs_count = 2;
	fs.e2fs_gdraw = raw;
	fs.e2fs_gd = &cg;
	assert_int_equal(ext2fs_gd_decode(&fs, &why, &bad), 0);
	assert_int_equal(cg.cg_itable, 5);
	assert_int_equal(cg.cg_nbfree, 7000);
	cg.cg_nbfree = 6999;
	ext2fs_gd_encode(&fs, 0);
	assert_int_equal(gd->bg_free_blocks_count, 6999);
	assert_true(fs.e2fs_fmod);
	/* the inode table running off the end */
	gd->bg_inode_table = 8000;
	assert_int_equal(ext2fs_gd_decode(&fs, &why, &bad), EINVAL);
	assert_int_equal(bad, 0);
	gd->bg_inode_table = 5;
	gd->bg_block_bitmap = 9000;
	assert_int_equal(ext2fs_gd_decode(&fs, &why, &bad), EINVAL);
	gd->bg_block_bitmap = 3;
	gd->bg_free_inodes_count = 3000;
	assert_int_equal(ext2fs_gd_decode(&fs, &why, &bad), EINVAL);
}

static void
test_dinode_roundtrip(void **state)
{
	uint8_t raw[256], raw2[256];
	struct ext2fs_icore ic, ic2;
	struct ext2fs_dinode *di = (struct ext2fs_dinode *)raw;

	__builtin_memset(raw, 0, sizeof(raw));
	di->e2di_mode = 0100644;
	di->e2di_uid = 1000;
	di->e2di_uid_high = 1;
	di->e2di_size = 5;
	di->e2di_size_high = 1;
	di->e2di_nlink = 3;
	di->e2di_nblock = 16;
	di->e2di_blocks[0] = 1234;
	di->e2di_extra_isize = 32;
	di->e2di_mtime = 0x80000000u;	/* 2038, with epoch bits */
	di->e2di_mtime_extra = (123456789u << 2) | 1;
	raw[200] = 0xab;		/* in-inode xattr space: kept */
	ext2fs_dinode_decode(raw, 256, false, 10, &ic);
	assert_int_equal(ic.ic_mode, 0100644);
	assert_int_equal(ic.ic_uid, 65536 + 1000);
	assert_int_equal(ic.ic_size, ((uint64_t)1 << 32) + 5);
	assert_int_equal(ic.ic_nlink, 3);
	assert_int_equal(ic.ic_blocks[0], 1234);
	assert_int_equal(ic.ic_mtime.tv_nsec, 123456789);
	assert_int_equal(ic.ic_mtime.tv_sec,
	    (int64_t)(int32_t)0x80000000u + ((int64_t)1 << 32));
	__builtin_memcpy(raw2, raw, sizeof(raw));
	__builtin_memset(raw2, 0, 128);
	ext2fs_dinode_encode(&ic, 256, raw2);
	assert_memory_equal(raw, raw2, 256);
	ext2fs_dinode_decode(raw2, 256, false, 10, &ic2);
	assert_memory_equal(&ic, &ic2, sizeof(ic));
	/* a 128-byte inode has no nanoseconds */
	ext2fs_dinode_decode(raw, 128, false, 10, &ic);
	assert_int_equal(ic.ic_mtime.tv_nsec, 0);
	/* directories ignore size_high */
	di->e2di_mode = 040755;
	ext2fs_dinode_decode(raw, 256, false, 10, &ic);
	assert_int_equal(ic.ic_size, 5);
	/* an extra size past the inode is ignored */
	di->e2di_extra_isize = 200;
	ext2fs_dinode_decode(raw, 256, false, 10, &ic);
	assert_int_equal(ic.ic_extra_isize, 0);
}

static void
test_time(void **state)
{
	struct timespec ts = { -1, 5 }, back;
	uint32_t lo, extra;

	lo = ext2fs_time_encode(&ts, &extra);
	ext2fs_time_decode(lo, extra, &back);
	assert_int_equal(back.tv_sec, -1);
	assert_int_equal(back.tv_nsec, 5);
	ts.tv_sec = ((int64_t)1 << 33) + 7;
	ts.tv_nsec = 999999999;
	lo = ext2fs_time_encode(&ts, &extra);
	ext2fs_time_decode(lo, extra, &back);
	assert_int_equal(back.tv_sec, ts.tv_sec);
	assert_int_equal(back.tv_nsec, ts.tv_nsec);
}

static void
test_dirent(void **state)
{
	uint8_t blk[1024];
	struct ext2fs_dent de;
	const char *why;

	__builtin_memset(blk, 0, sizeof(blk));
	ext2fs_dirent_pack(blk, 1024, 0, 2, 12, ".", 1, EXT2_FT_DIR, true);
	ext2fs_dirent_pack(blk, 1024, 12, 2, 1012, "..", 2, EXT2_FT_DIR,
	    true);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    0);
	assert_int_equal(de.de_ino, 2);
	assert_int_equal(de.de_reclen, 12);
	assert_int_equal(de.de_namlen, 1);
	assert_int_equal(de.de_type, EXT2_FT_DIR);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 12, true, &de, &why),
	    0);
	assert_int_equal(de.de_reclen, 1012);
	assert_memory_equal(de.de_name, "..", 2);
	/* without filetype, the type byte is part of name_len */
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 12, false, &de,
	    &why), 0);
	assert_int_equal(de.de_type, 0);
	/* rec_len 0 */
	blk[4] = blk[5] = 0;
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    EIO);
	/* rec_len past the block */
	ext2fs_dirent_setreclen(blk, 1024, 0, 2000);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    EIO);
	/* unaligned rec_len */
	ext2fs_dirent_setreclen(blk, 1024, 0, 13);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    EIO);
	/* name_len > rec_len */
	ext2fs_dirent_setreclen(blk, 1024, 0, 12);
	blk[6] = 200;
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    EIO);
	/* header past the block, unaligned offset */
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 1020, true, &de,
	    &why), EIO);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 6, true, &de, &why),
	    EIO);
}

/*
 * Names that are no single component: the record is sound, the entry not
 * (the rules themselves are genfs_name's, tested in t_vfs_genfs_name).
 */
static void
test_dirent_names(void **state)
{
	static const struct {
		const char *name;
		uint32_t len;
		unsigned idx;
		bool bad;
	} c[] = {
		{ "a/b", 3, 2, true }, { "", 0, 2, true },
		{ "..", 2, 1, false }, { ".", 1, 2, true },
	};
	uint8_t blk[1024];
	struct ext2fs_dent de;
	const char *why;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		__builtin_memset(blk, 0, sizeof(blk));
		ext2fs_dirent_pack(blk, 1024, 0, 12, 1024, c[i].name,
		    c[i].len, EXT2_FT_REG_FILE, true);
		assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de,
		    &why), 0);
		assert_true((ext2fs_dirent_namecheck(&de, c[i].idx) != NULL) ==
		    c[i].bad);
	}
	/* a free record's name is never looked at */
	ext2fs_dirent_setino(blk, 0, 0);
	assert_int_equal(ext2fs_dirent_parse(blk, 1024, 0, true, &de, &why),
	    0);
	assert_null(ext2fs_dirent_namecheck(&de, 2));
}

static void
test_dirent_64k(void **state)
{
	static uint8_t blk[65536];
	struct ext2fs_dent de;
	const char *why;

	ext2fs_dirent_pack(blk, 65536, 0, 11, 65536, "x", 1, 1, true);
	assert_int_equal(blk[4], 0xff);
	assert_int_equal(ext2fs_dirent_parse(blk, 65536, 0, true, &de, &why),
	    0);
	assert_int_equal(de.de_reclen, 65536);
}

static void
test_ft(void **state)
{
	assert_int_equal(ext2fs_mode2ft(0100644), EXT2_FT_REG_FILE);
	assert_int_equal(ext2fs_mode2ft(040755), EXT2_FT_DIR);
	assert_int_equal(ext2fs_mode2ft(0120777), EXT2_FT_SYMLINK);
	assert_int_equal(ext2fs_ft2dt(EXT2_FT_SYMLINK), DT_LNK);
	assert_int_equal(ext2fs_ft2dt(EXT2_FT_FIFO), DT_FIFO);
	assert_int_equal(ext2fs_ft2dt(200), DT_UNKNOWN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb_valid),
		cmocka_unit_test(test_sb_hostile),
		cmocka_unit_test(test_sb_rev0),
		cmocka_unit_test(test_sb_encode),
		cmocka_unit_test(test_cg_has_sb),
		cmocka_unit_test(test_gd),
		cmocka_unit_test(test_dinode_roundtrip),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_dirent),
		cmocka_unit_test(test_dirent_names),
		cmocka_unit_test(test_dirent_64k),
		cmocka_unit_test(test_ft),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
