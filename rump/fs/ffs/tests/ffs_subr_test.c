/*
 * Unit tests of the FFS on-disk helpers: superblock byte swapping and
 * validation, cylinder-group geometry and header checks, directory entry
 * parsing in both formats and byte orders, inode decode/encode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../ffs_fs.h"
#include "../ffs_bswap.h"
#include "../ufs_dinode.h"
#include "../ufs_dir.h"

/* a superblock as Debian's makefs writes for a 32 MiB UFS2 image */
static void
mkfs2(struct fs *fs)
{
	__builtin_memset(fs, 0, sizeof(*fs));
	fs->fs_magic = FS_UFS2_MAGIC;
	fs->fs_sblkno = 16;
	fs->fs_cblkno = 24;
	fs->fs_iblkno = 32;
	fs->fs_dblkno = 40;
	fs->fs_ncg = 1;
	fs->fs_bsize = 8192;
	fs->fs_fsize = 1024;
	fs->fs_frag = 8;
	fs->fs_minfree = 5;
	fs->fs_bmask = -8192;
	fs->fs_fmask = -1024;
	fs->fs_bshift = 13;
	fs->fs_fshift = 10;
	fs->fs_fragshift = 3;
	fs->fs_fsbtodb = 1;
	fs->fs_sbsize = 2048;
	fs->fs_nindir = 1024;
	fs->fs_inopb = 32;
	fs->fs_cssize = 1024;
	fs->fs_cgsize = 5120;
	fs->fs_ipg = 32;
	fs->fs_fpg = 32768;
	fs->fs_sblockloc = 8192;
	fs->fs_size = 32768;
	fs->fs_dsize = 32727;
	fs->fs_csaddr = 40;
	fs->fs_contigsumsize = 8;
	fs->fs_maxsymlinklen = 120;
	fs->fs_old_inodefmt = 2;
	fs->fs_maxfilesize = 8804691443711ULL;
	fs->fs_qbmask = 8191;
	fs->fs_qfmask = 1023;
	fs->fs_cstotal.cs_nbfree = 2767;
}

static void
test_sb_valid(void **state)
{
	struct fs fs;

	mkfs2(&fs);
	assert_null(ffs_sbcheck(&fs, 32 << 20, 8192));
	/* the same file system does not fit a smaller device */
	assert_non_null(ffs_sbcheck(&fs, 16 << 20, 8192));
	/* UFS2 found somewhere else than it says */
	assert_non_null(ffs_sbcheck(&fs, 0, 65536));
}

#define BAD(field, val) do {					\
	mkfs2(&fs);						\
	fs.field = (val);					\
	assert_non_null(ffs_sbcheck(&fs, 0, 8192));		\
} while (0)

static void
test_sb_invalid(void **state)
{
	struct fs fs;

	BAD(fs_magic, 0x12345678);
	BAD(fs_bsize, 3000);
	BAD(fs_bsize, 1 << 20);
	BAD(fs_fsize, 16384);
	BAD(fs_frag, 4);
	BAD(fs_bshift, 12);
	BAD(fs_fsbtodb, 3);
	BAD(fs_ncg, 0);
	BAD(fs_ncg, -5);
	BAD(fs_ipg, 0);
	BAD(fs_ipg, 33);
	BAD(fs_fpg, 0);
	BAD(fs_fpg, 7);
	BAD(fs_size, 0);
	BAD(fs_size, 40000);
	BAD(fs_sblkno, 30);
	BAD(fs_iblkno, 39);
	BAD(fs_dblkno, 40000);
	BAD(fs_cgsize, 100);
	BAD(fs_cgsize, 65536);
	BAD(fs_cssize, 0);
	BAD(fs_csaddr, 32768);
	BAD(fs_sbsize, 100000);
	BAD(fs_nindir, 2048);
	BAD(fs_inopb, 64);
	BAD(fs_maxsymlinklen, 121);
	BAD(fs_contigsumsize, 17);
	BAD(fs_minfree, 100);
	BAD(fs_dsize, -1);
	BAD(fs_cstotal.cs_nbfree, -1);
}

static void
test_sb_bswap(void **state)
{
	struct fs fs, sw, back;

	mkfs2(&fs);
	fs.fs_fsmnt[0] = '/';
	ffs_sb_bswap(&fs, &sw);
	assert_int_equal((uint32_t)sw.fs_magic, FS_UFS2_MAGIC_SWAPPED);
	assert_int_equal(sw.fs_size, (int64_t)__builtin_bswap64(32768));
	assert_int_equal(sw.fs_fsmnt[0], '/');
	ffs_sb_bswap(&sw, &back);
	assert_memory_equal(&fs, &back, sizeof(fs));
}

static void
test_ufs1_compat(void **state)
{
	struct fs fs;

	mkfs2(&fs);
	fs.fs_magic = FS_UFS1_MAGIC;
	fs.fs_old_flags = 0;
	fs.fs_old_size = 1234;
	fs.fs_old_csaddr = 40;
	fs.fs_old_cstotal.cs_nifree = 77;
	ffs_sb_compat_read(&fs);
	assert_int_equal(fs.fs_size, 1234);
	assert_int_equal(fs.fs_cstotal.cs_nifree, 77);
	/* updated superblocks keep their 64-bit fields */
	mkfs2(&fs);
	fs.fs_magic = FS_UFS1_MAGIC;
	fs.fs_old_flags = FS_FLAGS_UPDATED;
	fs.fs_old_size = 1;
	ffs_sb_compat_read(&fs);
	assert_int_equal(fs.fs_size, 32768);
}

static void
test_cg_geometry(void **state)
{
	struct fs fs;

	mkfs2(&fs);
	fs.fs_ncg = 4;
	fs.fs_fpg = 8192;
	assert_int_equal(ffs_cgbase(&fs, 3), 24576);
	assert_int_equal(ffs_cgimin(&fs, 1), 8192 + 32);
	assert_int_equal(ffs_cgdmin(&fs, 2), 16384 + 40);
	/* inode 70: cg 2, index 6, first inode block */
	assert_int_equal(ffs_ino_to_fsba(&fs, 70), 16384 + 32);
	assert_int_equal(ffs_ino_to_fsbo(&fs, 70), 6);
	/* UFS1 stagger moves the metadata of odd groups */
	fs.fs_magic = FS_UFS1_MAGIC;
	fs.fs_old_cgoffset = 16;
	fs.fs_old_cgmask = ~1;
	assert_int_equal(ffs_cgstart(&fs, 0), 0);
	assert_int_equal(ffs_cgstart(&fs, 1), 8192 + 16);
	assert_int_equal(ffs_cgstart(&fs, 2), 16384);
	/* fragment tails */
	assert_int_equal(ffs_blksize(&fs, 100, 0), 1024);
	assert_int_equal(ffs_blksize(&fs, 8192 + 2049, 1), 3072);
	assert_int_equal(ffs_blksize(&fs, 1 << 20, 0), 8192);
	assert_int_equal(ffs_blksize(&fs, 100, 12), 8192);
}

static void
test_cg_check(void **state)
{
	struct fs fs;
	struct cg cg;

	mkfs2(&fs);
	__builtin_memset(&cg, 0, sizeof(cg));
	cg.cg_magic = CG_MAGIC;
	cg.cg_ndblk = 32768;
	cg.cg_iusedoff = 168;
	cg.cg_freeoff = 172;
	cg.cg_clustersumoff = 4272;
	cg.cg_clusteroff = 4308;
	cg.cg_nextfreeoff = 4820;
	cg.cg_niblk = 32;
	cg.cg_initediblk = 32;
	assert_null(ffs_cgcheck(&fs, &cg, 0));
	assert_non_null(ffs_cgcheck(&fs, &cg, 1));
	cg.cg_freeoff = 5000;
	assert_non_null(ffs_cgcheck(&fs, &cg, 0));
	cg.cg_freeoff = 172;
	cg.cg_magic = 0;
	assert_non_null(ffs_cgcheck(&fs, &cg, 0));
	cg.cg_magic = CG_MAGIC;
	cg.cg_cs.cs_nifree = 33;
	assert_non_null(ffs_cgcheck(&fs, &cg, 0));
	cg.cg_cs.cs_nifree = 0;
	cg.cg_ndblk = 40000;
	assert_non_null(ffs_cgcheck(&fs, &cg, 0));
}

static void
test_dirent(void **state)
{
	uint8_t blk[UFS_DIRBLKSIZ * 2];
	struct ufs_dent in = { .ino = 7, .type = UFS_DT_REG, .namlen = 5,
	    .name = "hello" }, out;
	int swap;

	for (swap = 0; swap < 2; swap++) {
		__builtin_memset(blk, 0, sizeof(blk));
		in.reclen = UFS_DIRBLKSIZ;
		ufs_dent_store(blk, 0, &in, false, swap);
		assert_null(ufs_dent_parse(blk, 0, sizeof(blk), false, swap,
		    &out));
		assert_int_equal(out.ino, 7);
		assert_int_equal(out.type, UFS_DT_REG);
		assert_int_equal(out.namlen, 5);
		assert_memory_equal(out.name, "hello", 5);
		/* the old format keeps a 16-bit length and no type */
		ufs_dent_store(blk, 0, &in, true, swap);
		assert_null(ufs_dent_parse(blk, 0, sizeof(blk), true, swap,
		    &out));
		assert_int_equal(out.namlen, 5);
		assert_int_equal(out.type, UFS_DT_UNKNOWN);
		/* bad record lengths */
		in.reclen = 0;
		ufs_dent_store(blk, 0, &in, false, swap);
		assert_non_null(ufs_dent_parse(blk, 0, sizeof(blk), false,
		    swap, &out));
		in.reclen = UFS_DIRBLKSIZ + 4;	/* crosses a block */
		ufs_dent_store(blk, 0, &in, false, swap);
		assert_non_null(ufs_dent_parse(blk, 0, sizeof(blk), false,
		    swap, &out));
		in.reclen = 10;			/* not a multiple of 4 */
		ufs_dent_store(blk, 0, &in, false, swap);
		assert_non_null(ufs_dent_parse(blk, 0, sizeof(blk), false,
		    swap, &out));
		in.reclen = 12;			/* name longer than record */
		ufs_dent_store(blk, 0, &in, false, swap);
		assert_non_null(ufs_dent_parse(blk, 0, sizeof(blk), false,
		    swap, &out));
	}
	/* a slash in a name, an entry at the very end of the buffer */
	in.reclen = 16;
	in.name = "a/b";
	in.namlen = 3;
	ufs_dent_store(blk, 0, &in, false, false);
	assert_non_null(ufs_dent_parse(blk, 0, 16, false, false, &out));
	assert_non_null(ufs_dent_parse(blk, 1020, 1024, false, false, &out));
	assert_int_equal(UFS_DIRSIZ(1), 12);
	assert_int_equal(UFS_DIRSIZ(4), 16);
}

/*
 * Names that are no single component: the record is sound, the entry not
 * (the rules themselves are genfs_name's, tested in t_vfs_genfs_name).
 */
static void
test_dent_names(void **state)
{
	static const struct {
		const char *name;
		uint16_t len;
		unsigned idx;
		bool bad;
	} c[] = {
		{ "a\0b", 3, 2, true }, { "../../xx", 8, 2, true },
		{ ".", 1, 0, false }, { "..", 2, 0, true },
	};
	uint8_t blk[UFS_DIRBLKSIZ];
	struct ufs_dent in = { .ino = 7, .type = UFS_DT_REG,
	    .reclen = UFS_DIRBLKSIZ }, out;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		in.name = c[i].name;
		in.namlen = c[i].len;
		ufs_dent_store(blk, 0, &in, false, false);
		assert_null(ufs_dent_decode(blk, 0, sizeof(blk), false, false,
		    &out));
		assert_true((ufs_dent_namecheck(&out, c[i].idx) != NULL) ==
		    c[i].bad);
	}
	/* a free record's name is never looked at */
	in.ino = 0;
	in.name = "a/b";
	ufs_dent_store(blk, 0, &in, false, false);
	assert_null(ufs_dent_parse(blk, 0, sizeof(blk), false, false, &out));
	assert_null(ufs_dent_namecheck(&out, 2));
}

static void
test_dinode(void **state)
{
	uint8_t raw[256], raw2[256];
	struct ufs_dino d, e;
	int ufs2, swap, i;

	for (ufs2 = 0; ufs2 < 2; ufs2++) {
		for (swap = 0; swap < 2; swap++) {
			__builtin_memset(raw, 0, sizeof(raw));
			__builtin_memset(&d, 0, sizeof(d));
			d.mode = 0100644;
			d.nlink = 3;
			d.uid = 1000;
			d.gid = 100;
			d.size = 5000000000ULL;
			d.blocks = 80;
			d.mtime = 1700000000;
			d.mtimensec = 123456789;
			d.gen = 42;
			for (i = 0; i < UFS_NDADDR; i++)
				d.db[i] = 100 + i * 8;
			d.ib[2] = 99999;
			ufs_dino_store(&d, raw, ufs2, swap);
			ufs_dino_load(&e, raw, ufs2, swap);
			assert_int_equal(e.mode, d.mode);
			assert_int_equal(e.nlink, 3);
			assert_int_equal(e.uid, 1000);
			assert_int_equal(e.size, 5000000000ULL);
			assert_int_equal(e.mtimensec, 123456789);
			assert_int_equal(e.db[11], 188);
			assert_int_equal(e.ib[2], 99999);
			assert_int_equal(e.gen, 42);
			/* swapped images store the other order */
			ufs_dino_store(&d, raw2, ufs2, !swap);
			assert_memory_not_equal(raw, raw2,
			    ufs2 ? 256 : 128);
		}
	}
	/* a UFS1 mode field sits in the first two bytes, little endian */
	ufs_dino_store(&d, raw, false, false);
	assert_int_equal(raw[0], 0xa4);
	assert_int_equal(raw[1], 0x81);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sb_valid),
		cmocka_unit_test(test_sb_invalid),
		cmocka_unit_test(test_sb_bswap),
		cmocka_unit_test(test_ufs1_compat),
		cmocka_unit_test(test_cg_geometry),
		cmocka_unit_test(test_cg_check),
		cmocka_unit_test(test_dirent),
		cmocka_unit_test(test_dent_names),
		cmocka_unit_test(test_dinode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
