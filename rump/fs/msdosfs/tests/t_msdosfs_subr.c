/*
 * Unit tests of the msdosfs pure parsers and encoders: BPB validation
 * (each hostile field refused, the FAT type from the cluster count),
 * FAT12/16/32 entry packing, long-name checksums and pieces, UTF-8 <->
 * UTF-16, case folding, name checks, 8.3 names (exact with NT case
 * bits, basis names, numeric tails, display) and DOS times.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/errno.h>
#include "../msdosfs_format.h"

/* A boot sector like mkfs.fat -F 16 of a 16 MiB image. */
static void
mkbpb16(uint8_t *bs)
{
	__builtin_memset(bs, 0, 512);
	bs[0] = 0xeb;
	bs[1] = 0x3c;
	bs[2] = 0x90;
	msdosfs_setle16(bs + BPB_BYTSPERSEC, 512);
	bs[BPB_SECPERCLUS] = 4;
	msdosfs_setle16(bs + BPB_RSVDSECCNT, 4);
	bs[BPB_NUMFATS] = 2;
	msdosfs_setle16(bs + BPB_ROOTENTCNT, 512);
	msdosfs_setle16(bs + BPB_TOTSEC16, 32768);
	bs[BPB_MEDIA] = 0xf8;
	msdosfs_setle16(bs + BPB_FATSZ16, 32);
	bs[510] = 0x55;
	bs[511] = 0xaa;
}

/* mkfs.fat -F 32 -s 1 of a 40 MB image. */
static void
mkbpb32(uint8_t *bs)
{
	mkbpb16(bs);
	msdosfs_setle16(bs + BPB_ROOTENTCNT, 0);
	msdosfs_setle16(bs + BPB_TOTSEC16, 0);
	msdosfs_setle32(bs + BPB_TOTSEC32, 80000);
	bs[BPB_SECPERCLUS] = 1;
	msdosfs_setle16(bs + BPB_RSVDSECCNT, 32);
	msdosfs_setle16(bs + BPB_FATSZ16, 0);
	msdosfs_setle32(bs + BPB_FATSZ32, 616);
	msdosfs_setle32(bs + BPB_ROOTCLUS, 2);
	msdosfs_setle16(bs + BPB_FSINFO, 1);
}

#define DEV16	(16ULL << 20)

static int
parse(const uint8_t *bs, uint64_t dev, struct msdosfs_geom *g)
{
	const char *why = NULL;
	int error;

	__builtin_memset(g, 0, sizeof(*g));
	error = msdosfs_bpb_parse(bs, dev, g, &why);
	assert_true(error == 0 ? why == NULL : why != NULL);
	return error;
}

static void
test_bpb_fat16(void **state)
{
	struct msdosfs_geom g;
	uint8_t bs[512];

	mkbpb16(bs);
	assert_int_equal(parse(bs, DEV16, &g), 0);
	assert_int_equal(g.g_fatbits, 16);
	assert_int_equal(g.g_clsize, 2048);
	assert_int_equal(g.g_clshift, 11);
	assert_int_equal(g.g_rootsec, 68);
	assert_int_equal(g.g_rootsecs, 32);
	assert_int_equal(g.g_datasec, 100);
	assert_int_equal(g.g_nclusters, 8167);
	assert_int_equal(g.g_activefat, -1);
}

static void
test_bpb_fat12_32(void **state)
{
	struct msdosfs_geom g;
	uint8_t bs[512];

	mkbpb16(bs);
	msdosfs_setle16(bs + BPB_TOTSEC16, 4096);	/* 999 clusters */
	msdosfs_setle16(bs + BPB_FATSZ16, 3);
	assert_int_equal(parse(bs, DEV16, &g), 0);
	assert_int_equal(g.g_fatbits, 12);
	mkbpb32(bs);
	assert_int_equal(parse(bs, 80000 * 512, &g), 0);
	assert_int_equal(g.g_fatbits, 32);
	assert_int_equal(g.g_rootclus, 2);
	assert_int_equal(g.g_fsinfo, 1);
	assert_int_equal(g.g_datasec, 32 + 2 * 616);
	/* mirroring off, FAT 1 active */
	msdosfs_setle16(bs + BPB_EXTFLAGS, 0x81);
	assert_int_equal(parse(bs, 80000 * 512, &g), 0);
	assert_int_equal(g.g_activefat, 1);
}

/* Each field broken alone is refused with EINVAL. */
static void
test_bpb_hostile(void **state)
{
	static const struct {
		int off, size;
		uint32_t val;
	} bad[] = {
		{ 0, 1, 0 },			/* no jump */
		{ BPB_BYTSPERSEC, 2, 500 },
		{ BPB_BYTSPERSEC, 2, 256 },
		{ BPB_BYTSPERSEC, 2, 8192 },
		{ BPB_SECPERCLUS, 1, 0 },
		{ BPB_SECPERCLUS, 1, 3 },
		{ BPB_SECPERCLUS, 1, 256 & 0xff },
		{ BPB_RSVDSECCNT, 2, 0 },
		{ BPB_NUMFATS, 1, 0 },
		{ BPB_NUMFATS, 1, 3 },
		{ BPB_MEDIA, 1, 0x12 },
		{ BPB_TOTSEC16, 2, 0 },		/* and TotSec32 0 */
		{ BPB_TOTSEC16, 2, 90 },	/* no data area */
		{ BPB_FATSZ16, 2, 1 },		/* FAT too small */
		{ BPB_ROOTENTCNT, 2, 0 },	/* FAT16 without a root */
	};
	struct msdosfs_geom g;
	uint8_t bs[512];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		mkbpb16(bs);
		if (bad[i].size == 1)
			bs[bad[i].off] = (uint8_t)bad[i].val;
		else
			msdosfs_setle16(bs + bad[i].off, (uint16_t)bad[i].val);
		assert_int_equal(parse(bs, DEV16, &g), EINVAL);
	}
	/* sectors past the device: a truncated image */
	mkbpb16(bs);
	assert_int_equal(parse(bs, DEV16 / 2, &g), EINVAL);
	/* 64 KiB clusters are the limit */
	mkbpb16(bs);
	msdosfs_setle16(bs + BPB_BYTSPERSEC, 4096);
	bs[BPB_SECPERCLUS] = 32;
	assert_int_equal(parse(bs, 1ULL << 30, &g), EINVAL);
	/* FAT32 extension */
	mkbpb32(bs);
	msdosfs_setle32(bs + BPB_ROOTCLUS, 1);
	assert_int_equal(parse(bs, 80000 * 512, &g), EINVAL);
	mkbpb32(bs);
	msdosfs_setle32(bs + BPB_ROOTCLUS, 0x0fffffff);
	assert_int_equal(parse(bs, 80000 * 512, &g), EINVAL);
	mkbpb32(bs);
	msdosfs_setle16(bs + BPB_FSVER, 1);
	assert_int_equal(parse(bs, 80000 * 512, &g), EINVAL);
	mkbpb32(bs);
	msdosfs_setle16(bs + BPB_EXTFLAGS, 0x83);	/* FAT 3 of 2 */
	assert_int_equal(parse(bs, 80000 * 512, &g), EINVAL);
	mkbpb32(bs);
	msdosfs_setle32(bs + BPB_FATSZ32, 0);
	assert_int_equal(parse(bs, 80000 * 512, &g), EINVAL);
	/* FSInfo in the boot sector or past the reserved area: none */
	mkbpb32(bs);
	msdosfs_setle16(bs + BPB_FSINFO, 0xffff);
	assert_int_equal(parse(bs, 80000 * 512, &g), 0);
	assert_int_equal(g.g_fsinfo, 0);
}

static void
test_fat12_packing(void **state)
{
	uint8_t fat[16];
	uint32_t cn;

	__builtin_memset(fat, 0, sizeof(fat));
	msdosfs_fat_put(12, 0, fat + msdosfs_fat_off(12, 0), 0xff8);
	msdosfs_fat_put(12, 1, fat + msdosfs_fat_off(12, 1), 0xfff);
	msdosfs_fat_put(12, 2, fat + msdosfs_fat_off(12, 2), 0x003);
	msdosfs_fat_put(12, 3, fat + msdosfs_fat_off(12, 3), 0x004);
	assert_int_equal(fat[0], 0xf8);
	assert_int_equal(fat[1], 0xff);
	assert_int_equal(fat[2], 0xff);
	assert_int_equal(fat[3], 0x03);
	assert_int_equal(fat[4], 0x40);
	assert_int_equal(fat[5], 0x00);
	for (cn = 4; cn < 10; cn++)
		msdosfs_fat_put(12, cn, fat + msdosfs_fat_off(12, cn),
		    0xa00 + cn);
	/* neighbours kept */
	assert_int_equal(msdosfs_fat_get(12, 3, fat + msdosfs_fat_off(12, 3)),
	    4);
	for (cn = 4; cn < 10; cn++)
		assert_int_equal(msdosfs_fat_get(12, cn,
		    fat + msdosfs_fat_off(12, cn)), 0xa00 + cn);
	assert_int_equal(msdosfs_fat_off(12, 5), 7);
	assert_true(msdosfs_fat_iseoc(12, 0xff8));
	assert_false(msdosfs_fat_iseoc(12, 0xff7));
	assert_true(msdosfs_fat_isbad(12, 0xff7));
	assert_true(msdosfs_fat_isbad(16, 0xfff7));
	assert_true(msdosfs_fat_iseoc(32, 0x0ffffff8));
}

static void
test_fat16_32_packing(void **state)
{
	uint8_t e[4] = { 0xff, 0xff, 0xff, 0xff };

	msdosfs_fat_put(32, 7, e, 0x1234567);
	/* the reserved top nibble is kept */
	assert_int_equal(msdosfs_le32(e), 0xf1234567);
	assert_int_equal(msdosfs_fat_get(32, 7, e), 0x1234567);
	msdosfs_fat_put(16, 7, e, 0xbeef);
	assert_int_equal(msdosfs_fat_get(16, 7, e), 0xbeef);
	assert_int_equal(msdosfs_fat_off(32, 3), 12);
	assert_int_equal(msdosfs_fat_off(16, 3), 6);
}

static void
test_lfn(void **state)
{
	static const uint16_t name[15] = {
		'A', ' ', 'l', 'o', 'n', 'g', ' ', 'n', 'a', 'm', 'e', '.',
		't', 'x', 't'
	};
	uint8_t e[32];
	uint16_t u[13];
	int i;

	assert_int_equal(msdosfs_lfn_chksum((const uint8_t *)"README  TXT"),
	    0x73);
	assert_int_equal(msdosfs_lfn_chksum((const uint8_t *)"ALONGF~1BIN"),
	    0x30);
	msdosfs_lfn_fill(e, name, 15, 2, true, 0x42);
	assert_int_equal(e[LFN_ORD], 0x42);
	assert_int_equal(e[DE_ATTR], ATTR_LFN);
	assert_int_equal(e[LFN_CHKSUM], 0x42);
	assert_int_equal(msdosfs_le16(e + 26), 0);
	msdosfs_lfn_getchars(e, u);
	assert_int_equal(u[0], 'x');
	assert_int_equal(u[1], 't');
	assert_int_equal(u[2], 0);		/* the NUL after the end */
	for (i = 3; i < 13; i++)
		assert_int_equal(u[i], 0xffff);	/* then padding */
	msdosfs_lfn_fill(e, name, 15, 1, false, 0x42);
	assert_int_equal(e[LFN_ORD], 1);
	msdosfs_lfn_getchars(e, u);
	for (i = 0; i < 13; i++)
		assert_int_equal(u[i], name[i]);
}

static void
test_utf(void **state)
{
	uint16_t u[8];
	char s[16];

	assert_int_equal(msdosfs_utf8_to_utf16("a\xc3\xa9", 3, u, 8), 2);
	assert_int_equal(u[1], 0xe9);
	assert_int_equal(msdosfs_utf8_to_utf16("\xf0\x9f\x98\x80", 4, u, 8),
	    2);
	assert_int_equal(u[0], 0xd83d);
	assert_int_equal(u[1], 0xde00);
	assert_int_equal(msdosfs_utf16_to_utf8(u, 2, s, 16), 4);
	assert_memory_equal(s, "\xf0\x9f\x98\x80", 4);
	/* overlong, lone surrogate, truncated: refused */
	assert_int_equal(msdosfs_utf8_to_utf16("\xc0\x80", 2, u, 8), -1);
	assert_int_equal(msdosfs_utf8_to_utf16("\xed\xa0\x80", 3, u, 8), -1);
	assert_int_equal(msdosfs_utf8_to_utf16("\xe2\x82", 2, u, 8), -1);
	assert_int_equal(msdosfs_utf8_to_utf16("abc", 3, u, 2), -1);
	u[0] = 0xdc00;
	assert_int_equal(msdosfs_utf16_to_utf8(u, 1, s, 16), -1);
	u[0] = 0x20ac;
	assert_int_equal(msdosfs_utf16_to_utf8(u, 1, s, 2), -1);
	assert_int_equal(msdosfs_utf16_to_utf8(u, 1, s, 3), 3);
}

static void
test_fold_and_check(void **state)
{
	uint16_t a[3] = { 'a', 0xe9, 0x3b1 }, b[3] = { 'A', 0xc9, 0x391 };
	uint16_t bad[3] = { 'a', '*', 'b' };
	uint16_t dots[6] = { 'f', 'o', 'o', '.', ' ', '.' };
	size_t len;

	assert_true(msdosfs_u16_eqfold(a, 3, b, 3));
	assert_false(msdosfs_u16_eqfold(a, 3, b, 2));
	b[0] = 'B';
	assert_false(msdosfs_u16_eqfold(a, 3, b, 3));
	len = 3;
	assert_int_equal(msdosfs_name_check(bad, &len), EINVAL);
	len = 6;
	assert_int_equal(msdosfs_name_check(dots, &len), 0);
	assert_int_equal(len, 3);
	len = 2;
	assert_int_equal(msdosfs_name_check(dots + 4, &len), EINVAL);
}

static size_t
u16(const char *s, uint16_t *u)
{
	int n = msdosfs_utf8_to_utf16(s, __builtin_strlen(s), u, 255);

	assert_true(n > 0);
	return (size_t)n;
}

static void
test_short_exact(void **state)
{
	uint16_t u[255];
	uint8_t n11[11], lc;
	size_t n;

	n = u16("README.TXT", u);
	assert_true(msdosfs_short_exact(u, n, n11, &lc));
	assert_memory_equal(n11, "README  TXT", 11);
	assert_int_equal(lc, 0);
	n = u16("readme.txt", u);
	assert_true(msdosfs_short_exact(u, n, n11, &lc));
	assert_memory_equal(n11, "README  TXT", 11);
	assert_int_equal(lc, LCASE_BASE | LCASE_EXT);
	n = u16("Makefile", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));	/* mixed */
	n = u16("a.b.c", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));
	n = u16("toolongname", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));
	n = u16("x.html", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));
	n = u16("a b", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));
	n = u16("\xc3\xa9t\xc3\xa9", u);
	assert_false(msdosfs_short_exact(u, n, n11, &lc));
}

static void
test_short_basis(void **state)
{
	uint16_t u[255];
	uint8_t n11[11], t11[11];
	size_t n;

	n = u16("A long file name with spaces.bin", u);
	assert_true(msdosfs_short_basis(u, n, n11));
	assert_memory_equal(n11, "ALONGFILBIN", 11);
	msdosfs_short_tail(n11, 1, t11);
	assert_memory_equal(t11, "ALONGF~1BIN", 11);
	msdosfs_short_tail(n11, 12, t11);
	assert_memory_equal(t11, "ALONG~12BIN", 11);
	n = u16("My.Doc.File.txt", u);
	assert_true(msdosfs_short_basis(u, n, n11));
	assert_memory_equal(n11, "MYDOCFILTXT", 11);
	n = u16("x+y;z.tar", u);
	assert_true(msdosfs_short_basis(u, n, n11));
	assert_memory_equal(n11, "X_Y_Z   TAR", 11);
	/* fits 8.3 but for its case: no tail needed */
	n = u16("Mixed.Txt", u);
	assert_false(msdosfs_short_basis(u, n, n11));
	assert_memory_equal(n11, "MIXED   TXT", 11);
	n = u16(".profile", u);
	assert_true(msdosfs_short_basis(u, n, n11));
	assert_memory_equal(n11, "PROFILE    ", 11);
	msdosfs_short_tail((const uint8_t *)"AB         ", 3, t11);
	assert_memory_equal(t11, "AB~3       ", 11);
}

static void
test_short_text(void **state)
{
	char out[MSDOSFS_SHORTTEXT];
	size_t n;

	n = msdosfs_short_text((const uint8_t *)"README  TXT", 0, out);
	assert_int_equal(n, 10);
	assert_memory_equal(out, "README.TXT", 10);
	n = msdosfs_short_text((const uint8_t *)"README  TXT", LCASE_BASE,
	    out);
	assert_memory_equal(out, "readme.TXT", n);
	n = msdosfs_short_text((const uint8_t *)"MAKEFILE   ", LCASE_EXT,
	    out);
	assert_int_equal(n, 8);
	n = msdosfs_short_text((const uint8_t *)"\x05" "A      X  ", 0, out);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "\xc3\x95" "A.X", 5);	/* cp850 0xe5 */
	n = msdosfs_short_text((const uint8_t *)"\x9a" "BER       ", 0, out);
	assert_memory_equal(out, "\xc3\x9c" "BER", n);
	n = msdosfs_short_text((const uint8_t *)"\xdb" "          ", 0, out);
	assert_memory_equal(out, "\xe2\x96\x88", n);
}

static void
test_times(void **state)
{
	uint16_t d, t;

	assert_int_equal(msdosfs_dos2unix((0 << 9) | (1 << 5) | 1, 0, 0),
	    315532800);
	d = (43 << 9) | (11 << 5) | 14;
	t = (22 << 11) | (13 << 5) | 10;
	assert_int_equal(msdosfs_dos2unix(d, t, 0), 1700000000);
	assert_int_equal(msdosfs_dos2unix(d, t, 3600), 1700000000 - 3600);
	msdosfs_unix2dos(1700000000, 0, &d, &t);
	assert_int_equal(d, (43 << 9) | (11 << 5) | 14);
	assert_int_equal(t, (22 << 11) | (13 << 5) | 10);
	msdosfs_unix2dos(1700000001, 3600, &d, &t);
	assert_int_equal(msdosfs_dos2unix(d, t, 3600), 1700000000);
	/* leap day */
	msdosfs_unix2dos(951782400, 0, &d, &t);	/* 2000-02-29 */
	assert_int_equal(d, (20 << 9) | (2 << 5) | 29);
	/* before 1980 and after 2107: clamped */
	msdosfs_unix2dos(0, 0, &d, &t);
	assert_int_equal(d, (1 << 5) | 1);
	msdosfs_unix2dos(INT64_C(9000000000), 0, &d, &t);
	assert_int_equal(d >> 9, 127);
}

/* Every day of the DOS range, counted one at a time here: the date the
 * conversions compute without walking the years, and back. */
static void
test_times_every_day(void **state)
{
	static const int ml[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int64_t secs = 315532800 + 13 * 3600 + 7;	/* 13:00:07 */
	int y = 1980, m = 1, day = 1, len;
	uint16_t d, t;

	while (y <= 2107) {
		msdosfs_unix2dos(secs, 0, &d, &t);
		assert_int_equal(d, ((y - 1980) << 9) | (m << 5) | day);
		assert_int_equal(msdosfs_dos2unix(d, t, 0), secs - 1);
		len = ml[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) ||
		    y % 400 == 0));
		if (++day > len) {
			day = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
		secs += 86400;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bpb_fat16),
		cmocka_unit_test(test_bpb_fat12_32),
		cmocka_unit_test(test_bpb_hostile),
		cmocka_unit_test(test_fat12_packing),
		cmocka_unit_test(test_fat16_32_packing),
		cmocka_unit_test(test_lfn),
		cmocka_unit_test(test_utf),
		cmocka_unit_test(test_fold_and_check),
		cmocka_unit_test(test_short_exact),
		cmocka_unit_test(test_short_basis),
		cmocka_unit_test(test_short_text),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_times_every_day),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
