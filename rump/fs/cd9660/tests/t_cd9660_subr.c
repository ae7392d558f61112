/*
 * Unit tests of the cd9660 on-disk parsers: volume descriptors (Joliet
 * escapes, block size), directory records (bounds, padding, names as
 * mount_cd9660 shows them), ISO dates (both forms, GMT offsets, out of
 * range), SUSP entries and CE bounds, Rock Ridge entries (PX, NM with
 * continuation, SL components, TF long and short, CL/PL/RE, ZF, ER),
 * Joliet UCS-2 to UTF-8 and the zisofs header.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/errno.h>

#include "../cd9660_format.h"

#define MEMSET	__builtin_memset
#define MEMCPY	__builtin_memcpy
#define STRLEN	__builtin_strlen

/* both-endian 32 and 16-bit fields */
static void
put733(uint8_t *p, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
		p[7 - i] = (uint8_t)(v >> (8 * i));
	}
}

static void
put723(uint8_t *p, unsigned v)
{
	p[0] = p[3] = (uint8_t)v;
	p[1] = p[2] = (uint8_t)(v >> 8);
}

/* a directory record at r: returns its length */
static size_t
mkrec(uint8_t *r, const char *name, size_t nl, uint32_t ext, uint32_t size,
    uint8_t flags, const uint8_t *su, size_t sulen)
{
	size_t len = 33 + nl + !(nl & 1) + sulen;

	MEMSET(r, 0, len);
	r[0] = (uint8_t)len;
	put733(r + 2, ext);
	put733(r + 10, size);
	r[18] = 101;		/* 2001-02-03 04:05:06 GMT+1 */
	r[19] = 2;
	r[20] = 3;
	r[21] = 4;
	r[22] = 5;
	r[23] = 6;
	r[24] = 4;
	r[25] = flags;
	r[32] = (uint8_t)nl;
	MEMCPY(r + 33, name, nl);
	if (sulen > 0)
		MEMCPY(r + 33 + nl + !(nl & 1), su, sulen);
	return len;
}

static void
test_vd(void **state)
{
	uint8_t sec[ISO_SECSIZE];
	struct iso_vd vd;
	const char *why = NULL;

	(void)state;
	MEMSET(sec, 0, sizeof(sec));
	sec[0] = ISO_VD_PRIMARY;
	MEMCPY(sec + 1, "CD001", 5);
	sec[6] = 1;
	put733(sec + ISO_VD_VOLSPACE, 1000);
	put723(sec + ISO_VD_LBSIZE, 2048);
	mkrec(sec + ISO_VD_ROOT, "\0", 1, 20, 2048, ISO_DRF_DIR, NULL, 0);
	assert_int_equal(cd9660_vd_parse(sec, &vd, &why), 0);
	assert_int_equal(vd.vd_volspace, 1000);
	assert_false(vd.vd_joliet);
	sec[0] = ISO_VD_SUPPLEMENTARY;
	MEMCPY(sec + ISO_VD_ESCAPES, "%/E", 3);
	assert_int_equal(cd9660_vd_parse(sec, &vd, &why), 0);
	assert_true(vd.vd_joliet);
	assert_int_equal(vd.vd_joliet_level, 3);
	put723(sec + ISO_VD_LBSIZE, 512);
	assert_int_not_equal(cd9660_vd_parse(sec, &vd, &why), 0);
	sec[1] = 'X';
	assert_int_not_equal(cd9660_vd_parse(sec, &vd, &why), 0);
}

static void
test_drec(void **state)
{
	uint8_t sec[ISO_SECSIZE];
	struct iso_drec dr;
	const char *why = NULL;
	char name[64];
	size_t len;

	(void)state;
	MEMSET(sec, 0, sizeof(sec));
	len = mkrec(sec, "README.TXT;1", 12, 30, 100, 0, (const uint8_t *)
	    "ST\4\1", 4);
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why), 0);
	assert_int_equal(dr.dr_extent, 30);
	assert_int_equal(dr.dr_size, 100);
	assert_int_equal(dr.dr_sulen, 4);	/* after the padding byte */
	assert_int_equal(cd9660_isoname(&dr, false, true, name,
	    sizeof(name)), 10);
	assert_string_equal(name, "readme.txt");
	assert_int_equal(cd9660_isoname(&dr, true, false, name,
	    sizeof(name)), 12);
	assert_string_equal(name, "README.TXT;1");
	mkrec(sec, "NOEXT.;1", 8, 30, 100, 0, NULL, 0);
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why), 0);
	cd9660_isoname(&dr, false, false, name, sizeof(name));
	assert_string_equal(name, "NOEXT");
	/* the end of a sector's records, then damage */
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), len + 10, &dr,
	    &why), ENOENT);
	sec[ISO_SECSIZE - 40] = 60;		/* crosses the sector */
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec),
	    ISO_SECSIZE - 40, &dr, &why), EIO);
	mkrec(sec, "A", 1, 30, 100, 0, NULL, 0);
	sec[32] = 40;				/* name past the record */
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why),
	    EIO);
	sec[0] = 20;				/* too short */
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why),
	    EIO);
	mkrec(sec, "D", 1, 30, 100, ISO_DRF_DIR | ISO_DRF_MULTI, NULL, 0);
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why),
	    EIO);
	mkrec(sec, "\1", 1, 30, 2048, ISO_DRF_DIR, NULL, 0);
	assert_int_equal(cd9660_drec_parse(sec, sizeof(sec), 0, &dr, &why), 0);
	assert_true(cd9660_drec_isdotdot(&dr));
}

static void
test_time(void **state)
{
	uint8_t t7[7] = { 101, 2, 3, 4, 5, 6, 4 };	/* GMT+1 */
	uint8_t t17[17];
	struct timespec ts;

	(void)state;
	assert_int_equal(cd9660_days(1970, 1, 1), 0);
	assert_int_equal(cd9660_days(2000, 3, 1), 11017);
	assert_true(cd9660_time7(t7, &ts));
	assert_int_equal(ts.tv_sec, 981173106 - 3600);
	t7[6] = (uint8_t)-96;		/* a bad offset: none */
	assert_true(cd9660_time7(t7, &ts));
	assert_int_equal(ts.tv_sec, 981173106);
	t7[1] = 13;
	assert_false(cd9660_time7(t7, &ts));
	assert_int_equal(ts.tv_sec, 0);
	MEMCPY(t17, "2038010203040599", 16);
	t17[16] = (uint8_t)-8;				/* GMT-2 */
	assert_true(cd9660_time17(t17, &ts));
	assert_int_equal(ts.tv_sec, 2146014245 + 7200);
	assert_int_equal(ts.tv_nsec, 990000000);
	t17[3] = 'x';
	assert_false(cd9660_time17(t17, &ts));
	MEMSET(t17, '0', 16);
	t17[16] = 0;
	assert_false(cd9660_time17(t17, &ts));		/* not specified */
}

static void
test_joliet(void **state)
{
	static const uint8_t n1[] = { 0, 'a', 0, 0xfc, 0x20, 0xac, 0, ';',
	    0, '1' };
	static const uint8_t n2[] = { 0xd8, 0x3d, 0xde, 0x00 };	/* U+1F600 */
	static const uint8_t bad[] = { 0, 'a', 0, '/' };
	static const uint8_t lone[] = { 0xdc, 0x00 };
	char out[32];

	(void)state;
	assert_int_equal(cd9660_joliet_name(n1, sizeof(n1), false, out,
	    sizeof(out)), 6);
	assert_string_equal(out, "a\xc3\xbc\xe2\x82\xac");
	assert_int_equal(cd9660_joliet_name(n1, sizeof(n1), true, out,
	    sizeof(out)), 8);
	assert_int_equal(cd9660_joliet_name(n2, sizeof(n2), false, out,
	    sizeof(out)), 4);
	assert_string_equal(out, "\xf0\x9f\x98\x80");
	assert_int_equal(cd9660_joliet_name(bad, sizeof(bad), false, out,
	    sizeof(out)), 0);
	assert_int_equal(cd9660_joliet_name(lone, sizeof(lone), false, out,
	    sizeof(out)), 0);
	assert_int_equal(cd9660_joliet_name(n1, 3, false, out, sizeof(out)),
	    0);
	assert_int_equal(cd9660_joliet_name(n1, sizeof(n1), false, out, 4),
	    0);					/* does not fit */
}

static void
test_susp(void **state)
{
	uint8_t a[64];
	unsigned sig = 0;
	size_t elen = 0;
	uint32_t s, o, l;
	const char *why = NULL;

	(void)state;
	MEMSET(a, 0, sizeof(a));
	MEMCPY(a, "RE\4\1CE\34\1", 8);
	assert_int_equal(cd9660_susp_entry(a, 32, 0, &sig, &elen, &why), 0);
	assert_int_equal(sig, SUSP_SIG('R', 'E'));
	assert_int_equal(elen, 4);
	assert_int_equal(cd9660_susp_entry(a, 32, 4, &sig, &elen, &why), 0);
	assert_int_equal(elen, 28);
	put733(a + 8, 40);
	put733(a + 16, 100);
	put733(a + 24, 200);
	assert_int_equal(cd9660_susp_ce(a + 4, 28, &s, &o, &l, &why), 0);
	assert_int_equal(s, 40);
	assert_int_equal(o, 100);
	assert_int_equal(l, 200);
	put733(a + 24, 2000);			/* past its sector */
	assert_int_equal(cd9660_susp_ce(a + 4, 28, &s, &o, &l, &why), EIO);
	assert_int_equal(cd9660_susp_entry(a, 31, 4, &sig, &elen, &why), EIO);
	a[2] = 2;				/* shorter than a header */
	assert_int_equal(cd9660_susp_entry(a, 32, 0, &sig, &elen, &why), EIO);
	assert_int_equal(cd9660_susp_entry(a, 32, 30, &sig, &elen, &why), 0);
	assert_int_equal(elen, 0);		/* the end */
}

/* one entry into rr */
static void
rr_put(struct cd9660_rr *rr, const char *sig, const uint8_t *data,
    size_t dlen)
{
	uint8_t e[256];

	e[0] = (uint8_t)sig[0];
	e[1] = (uint8_t)sig[1];
	e[2] = (uint8_t)(4 + dlen);
	e[3] = 1;
	MEMCPY(e + 4, data, dlen);
	cd9660_rr_entry(rr, SUSP_SIG(sig[0], sig[1]), e, 4 + dlen);
}

static void
test_rrip_px_nm(void **state)
{
	struct cd9660_rr rr;
	char name[RR_NAMEMAX + 1];
	uint8_t px[40];

	(void)state;
	MEMSET(&rr, 0, sizeof(rr));
	rr.rr_name = name;
	put733(px, 0100644);
	put733(px + 8, 3);
	put733(px + 16, 1000);
	put733(px + 24, 100);
	put733(px + 32, 77);
	rr_put(&rr, "PX", px, 40);
	assert_true(rr.rr_have & RR_PX);
	assert_int_equal(rr.rr_mode, 0100644);
	assert_int_equal(rr.rr_nlink, 3);
	assert_int_equal(rr.rr_uid, 1000);
	assert_int_equal(rr.rr_gid, 100);
	assert_int_equal(rr.rr_ino, 77);
	rr_put(&rr, "NM", (const uint8_t *)"\1long-", 6);
	rr_put(&rr, "NM", (const uint8_t *)"\0name", 5);
	assert_string_equal(name, "long-name");
	assert_null(rr.rr_bad);
	rr_put(&rr, "PX", px, 10);
	assert_non_null(rr.rr_bad);
}

static void
test_rrip_sl(void **state)
{
	struct cd9660_rr rr;
	char link[64];
	/* "/", "usr", continued "lo" + "cal", "..", "." */
	static const uint8_t sl1[] = { 1, 8, 0, 0, 3, 'u', 's', 'r', 1, 2,
	    'l', 'o' };
	static const uint8_t sl2[] = { 0, 0, 3, 'c', 'a', 'l', 4, 0, 2, 0 };

	(void)state;
	MEMSET(&rr, 0, sizeof(rr));
	rr.rr_link = link;
	rr.rr_linkmax = sizeof(link);
	rr_put(&rr, "SL", sl1, sizeof(sl1));
	rr_put(&rr, "SL", sl2, sizeof(sl2));
	assert_string_equal(link, "/usr/local/../.");
	assert_int_equal(rr.rr_linklen, 15);
	assert_false(rr.rr_sltoolong);
	MEMSET(&rr, 0, sizeof(rr));
	rr.rr_link = link;
	rr.rr_linkmax = 4;
	rr_put(&rr, "SL", sl1, sizeof(sl1));
	assert_true(rr.rr_sltoolong);
	MEMSET(&rr, 0, sizeof(rr));
	rr.rr_link = link;
	rr.rr_linkmax = sizeof(link);
	rr_put(&rr, "SL", (const uint8_t *)"\0\0\11ab", 5);	/* overrun */
	assert_non_null(rr.rr_bad);
}

static void
test_rrip_tf_misc(void **state)
{
	struct cd9660_rr rr;
	uint8_t tf[1 + 3 * 17], b[16], pn[16];

	(void)state;
	MEMSET(&rr, 0, sizeof(rr));
	tf[0] = 0x80 | 0x02 | 0x04;	/* long form: modify, access */
	MEMCPY(tf + 1, "2001020304050600", 16);
	tf[17] = 0;
	MEMCPY(tf + 18, "1970010100000100", 16);
	tf[34] = 0;
	rr_put(&rr, "TF", tf, 35);
	assert_int_equal(rr.rr_tfmask, (1u << RR_T_MODIFY) |
	    (1u << RR_T_ACCESS));
	assert_int_equal(rr.rr_time[RR_T_MODIFY].tv_sec, 981173106);
	assert_int_equal(rr.rr_time[RR_T_ACCESS].tv_sec, 1);
	MEMSET(&rr, 0, sizeof(rr));
	tf[0] = 0x02;			/* short form, a byte short (makefs) */
	MEMCPY(tf + 1, "\x65\2\3\4\5\6", 6);
	rr_put(&rr, "TF", tf, 6);
	assert_null(rr.rr_bad);
	assert_int_equal(rr.rr_tfmask, 0);
	put733(b, 1234);
	rr_put(&rr, "CL", b, 8);
	rr_put(&rr, "PL", b, 8);
	rr_put(&rr, "RE", b, 0);
	assert_int_equal(rr.rr_cl, 1234);
	assert_int_equal(rr.rr_pl, 1234);
	assert_true(rr.rr_have & RR_RE);
	rr_put(&rr, "SP", (const uint8_t *)"\xbe\xef\x05", 3);
	assert_int_equal(rr.rr_skip, 5);
	rr_put(&rr, "ER", (const uint8_t *)"\x0a\0\0\1RRIP_1991A", 14);
	assert_true(rr.rr_have & RR_ER);
	/* PN: major and minor (genisoimage), a packed 32-bit number
	 * (xorriso: 259, 1030 is 0x410306) */
	put733(pn, 259);
	put733(pn + 8, 1030);
	rr_put(&rr, "PN", pn, 16);
	assert_int_equal(rr.rr_devmajor, 259);
	assert_int_equal(rr.rr_devminor, 1030);
	put733(pn, 0);
	put733(pn + 8, 0x410306);
	rr_put(&rr, "PN", pn, 16);
	assert_int_equal(rr.rr_devmajor, 259);
	assert_int_equal(rr.rr_devminor, 1030);
	put733(pn + 8, 5);
	rr_put(&rr, "PN", pn, 16);
	assert_int_equal(rr.rr_devmajor, 0);
	assert_int_equal(rr.rr_devminor, 5);
	rr_put(&rr, "PN", pn, 8);
	assert_non_null(rr.rr_bad);
}

static void
test_zisofs(void **state)
{
	struct cd9660_rr rr;
	uint8_t h[16] = { 0x37, 0xe4, 0x53, 0x96, 0xc9, 0xdb, 0xd6, 0x07,
	    0x40, 0x42, 0x0f, 0x00, 4, 15, 0, 0 };
	uint8_t zf[12] = { 'p', 'z', 4, 15 };
	const char *why = NULL;

	(void)state;
	MEMSET(&rr, 0, sizeof(rr));
	put733(zf + 4, 1000000);
	rr_put(&rr, "ZF", zf, 12);
	assert_true(rr.rr_have & RR_ZF);
	assert_int_equal(rr.rr_zsize, 1000000);
	assert_int_equal(cd9660_zisofs_hdr(h, sizeof(h), &rr, &why), 0);
	h[8] = 0x41;				/* size disagrees */
	assert_int_equal(cd9660_zisofs_hdr(h, sizeof(h), &rr, &why), EIO);
	h[8] = 0x40;
	h[0] = 0;				/* no magic */
	assert_int_equal(cd9660_zisofs_hdr(h, sizeof(h), &rr, &why), EIO);
	h[0] = 0x37;
	rr.rr_zbshift = 20;			/* unknown block size */
	assert_int_equal(cd9660_zisofs_hdr(h, sizeof(h), &rr, &why), EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vd),
		cmocka_unit_test(test_drec),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_joliet),
		cmocka_unit_test(test_susp),
		cmocka_unit_test(test_rrip_px_nm),
		cmocka_unit_test(test_rrip_sl),
		cmocka_unit_test(test_rrip_tf_misc),
		cmocka_unit_test(test_zisofs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
