/*
 * Unit tests of the NFS client's wire code: the XDR cursor (round trips,
 * padding, every read past the end), names from the server ('/', NUL,
 * empty, too long), file handles over 64 bytes, fattr3 with a bad type
 * or nanoseconds, post_op_attr and wcc_data, the RPC call header with
 * AUTH_SYS, and reply headers: accepted, another xid, denied, program
 * unavailable, truncated, an oversized verifier.  nfsstat3 to errno.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sys/errno.h>

#include "../nfs_proto.h"

#define MEMSET	__builtin_memset

static void
t_roundtrip(void **state)
{
	uint8_t buf[64];
	struct nfs_xdr x;
	size_t len;
	const uint8_t *p;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	xdr_put32(&x, 0xdeadbeef);
	xdr_put64(&x, 0x0102030405060708ull);
	xdr_putopaque(&x, "abcde", 5);
	assert_true(xdr_ok(&x));
	assert_int_equal(x.x_pos, 4 + 8 + 4 + 8);
	/* big-endian, zero padding */
	assert_int_equal(buf[0], 0xde);
	assert_int_equal(buf[4], 0x01);
	assert_int_equal(buf[15], 5);
	assert_int_equal(buf[21], 0);
	assert_int_equal(buf[23], 0);
	xdr_init(&x, buf, 24);
	assert_int_equal(xdr_get32(&x), 0xdeadbeef);
	assert_true(xdr_get64(&x) == 0x0102030405060708ull);
	p = xdr_getopaque(&x, 8, &len);
	assert_non_null(p);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "abcde", 5);
	assert_int_equal(xdr_left(&x), 0);
	assert_true(xdr_ok(&x));
}

static void
t_bounds(void **state)
{
	uint8_t buf[8] = { 0, 0, 0, 9, 1, 2, 3, 4 };
	struct nfs_xdr x;
	size_t len;

	(void)state;
	/* a put that does not fit changes nothing, marks bad */
	xdr_init(&x, buf, 6);
	xdr_put32(&x, 1);
	xdr_put32(&x, 2);
	assert_false(xdr_ok(&x));
	assert_int_equal(buf[4], 1);
	/* opaque longer than the data: bad, NULL, length 0 */
	buf[0] = buf[1] = buf[2] = 0;
	buf[3] = 9;
	xdr_init(&x, buf, 8);
	assert_null(xdr_getopaque(&x, 100, &len));
	assert_int_equal(len, 0);
	assert_false(xdr_ok(&x));
	/* opaque over its limit */
	buf[3] = 4;
	xdr_init(&x, buf, 8);
	assert_null(xdr_getopaque(&x, 3, &len));
	assert_false(xdr_ok(&x));
	/* a huge length must not wrap the padding arithmetic */
	buf[0] = buf[1] = buf[2] = buf[3] = 0xff;
	xdr_init(&x, buf, 8);
	assert_null(xdr_getopaque(&x, SIZE_MAX, &len));
	assert_false(xdr_ok(&x));
	/* reads after the end give zeroes, stay bad */
	xdr_init(&x, buf, 2);
	assert_int_equal(xdr_get32(&x), 0);
	assert_true(xdr_get64(&x) == 0);
	assert_false(xdr_ok(&x));
	assert_int_equal(xdr_left(&x), 0);
	/* bool: only 0 and 1 */
	buf[0] = buf[1] = buf[2] = 0;
	buf[3] = 2;
	xdr_init(&x, buf, 4);
	(void)xdr_getbool(&x);
	assert_false(xdr_ok(&x));
}

/* a filename3 of n bytes from s, parsed with limit max */
static bool
name_ok(const char *s, size_t n, size_t max)
{
	uint8_t buf[600];
	struct nfs_xdr x;
	const char *p;
	size_t len;

	xdr_init(&x, buf, sizeof(buf));
	xdr_putopaque(&x, s, n);
	assert_true(xdr_ok(&x));
	xdr_init(&x, buf, x.x_pos);
	p = xdr_getname(&x, max, &len);
	if (p == NULL) {
		assert_false(xdr_ok(&x));
		return false;
	}
	assert_int_equal(len, n);
	return xdr_ok(&x);
}

static void
t_names(void **state)
{
	char big[300];

	(void)state;
	assert_true(name_ok("file", 4, NFS3_NAMEMAX));
	assert_true(name_ok("..", 2, NFS3_NAMEMAX));
	assert_false(name_ok("a/b", 3, NFS3_NAMEMAX));
	assert_false(name_ok("/", 1, NFS3_NAMEMAX));
	assert_false(name_ok("a\0b", 3, NFS3_NAMEMAX));
	assert_false(name_ok("", 0, NFS3_NAMEMAX));
	MEMSET(big, 'x', sizeof(big));
	assert_true(name_ok(big, NFS3_NAMEMAX, NFS3_NAMEMAX));
	assert_false(name_ok(big, NFS3_NAMEMAX + 1, NFS3_NAMEMAX));
}

static void
t_handles(void **state)
{
	uint8_t buf[128], fhb[65];
	struct nfs_xdr x;
	struct nfs_fh fh;

	(void)state;
	MEMSET(fhb, 0xab, sizeof(fhb));
	xdr_init(&x, buf, sizeof(buf));
	xdr_putopaque(&x, fhb, 64);
	xdr_init(&x, buf, x.x_pos);
	nfs_dec_fh(&x, &fh);
	assert_true(xdr_ok(&x));
	assert_int_equal(fh.fh_len, 64);
	/* 65 bytes: refused */
	xdr_init(&x, buf, sizeof(buf));
	xdr_putopaque(&x, fhb, 65);
	xdr_init(&x, buf, x.x_pos);
	nfs_dec_fh(&x, &fh);
	assert_false(xdr_ok(&x));
	assert_int_equal(fh.fh_len, 0);
	/* empty: refused */
	xdr_init(&x, buf, sizeof(buf));
	xdr_putopaque(&x, fhb, 0);
	xdr_init(&x, buf, x.x_pos);
	nfs_dec_fh(&x, &fh);
	assert_false(xdr_ok(&x));
}

/* an fattr3 with the given type and mtime nanoseconds */
static size_t
mkfattr(uint8_t *buf, size_t size, uint32_t type, uint32_t nsec)
{
	struct nfs_xdr x;

	xdr_init(&x, buf, size);
	xdr_put32(&x, type);
	xdr_put32(&x, 0100644);
	xdr_put32(&x, 2);		/* nlink */
	xdr_put32(&x, 1000);
	xdr_put32(&x, 100);
	xdr_put64(&x, 12345);		/* size */
	xdr_put64(&x, 16384);		/* used */
	xdr_put32(&x, 8);
	xdr_put32(&x, 1);		/* rdev */
	xdr_put64(&x, 77);		/* fsid */
	xdr_put64(&x, 424242);		/* fileid */
	xdr_put32(&x, 1);
	xdr_put32(&x, 2);		/* atime */
	xdr_put32(&x, 3);
	xdr_put32(&x, nsec);		/* mtime */
	xdr_put32(&x, 5);
	xdr_put32(&x, 6);		/* ctime */
	assert_true(xdr_ok(&x));
	return x.x_pos;
}

static void
t_fattr(void **state)
{
	uint8_t buf[256];
	struct nfs_fattr fa;
	struct nfs_xdr x;
	size_t n;

	(void)state;
	n = mkfattr(buf, sizeof(buf), NF3REG, 4);
	assert_int_equal(n, 84);
	xdr_init(&x, buf, n);
	nfs_dec_fattr(&x, &fa);
	assert_true(xdr_ok(&x));
	assert_int_equal(fa.fa_type, NF3REG);
	assert_int_equal(fa.fa_mode, 0644);	/* type bits dropped */
	assert_int_equal(fa.fa_uid, 1000);
	assert_true(fa.fa_size == 12345);
	assert_true(fa.fa_fileid == 424242);
	assert_int_equal(fa.fa_mtime.t_nsec, 4);
	/* every truncation is bad */
	for (; n > 0; n -= 4) {
		xdr_init(&x, buf, n - 4);
		nfs_dec_fattr(&x, &fa);
		assert_false(xdr_ok(&x));
	}
	n = mkfattr(buf, sizeof(buf), 0, 4);
	xdr_init(&x, buf, n);
	nfs_dec_fattr(&x, &fa);
	assert_false(xdr_ok(&x));
	n = mkfattr(buf, sizeof(buf), NF3FIFO + 1, 4);
	xdr_init(&x, buf, n);
	nfs_dec_fattr(&x, &fa);
	assert_false(xdr_ok(&x));
	n = mkfattr(buf, sizeof(buf), NF3DIR, 1000000000);
	xdr_init(&x, buf, n);
	nfs_dec_fattr(&x, &fa);
	assert_false(xdr_ok(&x));
}

static void
t_postop_wcc(void **state)
{
	uint8_t buf[256];
	struct nfs_fattr fa;
	struct nfs_xdr x;
	size_t n;

	(void)state;
	/* absent post_op_attr */
	xdr_init(&x, buf, sizeof(buf));
	xdr_put32(&x, 0);
	xdr_init(&x, buf, 4);
	assert_false(nfs_dec_postop(&x, &fa));
	assert_true(xdr_ok(&x));
	/* wcc_data: pre-op attributes, then post-op ones */
	xdr_init(&x, buf, sizeof(buf));
	xdr_put32(&x, 1);
	xdr_put64(&x, 1);
	xdr_put64(&x, 2);
	xdr_put64(&x, 3);
	xdr_put32(&x, 1);
	n = x.x_pos + mkfattr(buf + x.x_pos, sizeof(buf) - x.x_pos, NF3DIR,
	    0);
	xdr_init(&x, buf, n);
	assert_true(nfs_dec_wcc(&x, &fa));
	assert_int_equal(fa.fa_type, NF3DIR);
	assert_int_equal(xdr_left(&x), 0);
	/* truncated pre-op attributes */
	xdr_init(&x, buf, 12);
	assert_false(nfs_dec_wcc(&x, &fa));
	assert_false(xdr_ok(&x));
}

static void
t_call(void **state)
{
	uint8_t buf[256];
	struct nfs_auth au = { .au_uid = 1000, .au_gid = 100,
	    .au_ngroups = 2, .au_groups = { 100, 27 } };
	struct nfs_xdr x;
	static const uint32_t want[] = { 7, RPC_CALL, RPC_VERS, NFS_PROG,
	    NFS_VERS, NFSPROC3_LOOKUP, RPC_AUTH_SYS, 7 * 4, 0, 0, 1000, 100,
	    2, 100, 27, RPC_AUTH_NONE, 0 };
	size_t i;

	(void)state;
	xdr_init(&x, buf, sizeof(buf));
	nfs_rpc_enc_call(&x, 7, NFS_PROG, NFS_VERS, NFSPROC3_LOOKUP, &au);
	assert_true(xdr_ok(&x));
	assert_int_equal(x.x_pos, sizeof(want));
	xdr_init(&x, buf, sizeof(want));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(xdr_get32(&x), want[i]);
	/* more than 16 groups: 16 sent */
	au.au_ngroups = 40;
	xdr_init(&x, buf, sizeof(buf));
	nfs_rpc_enc_call(&x, 7, NFS_PROG, NFS_VERS, 0, &au);
	assert_true(xdr_ok(&x));
	assert_int_equal(x.x_pos, (10 + 5 + 16) * 4);
	/* a buffer too small is bad, not overrun */
	xdr_init(&x, buf, 20);
	nfs_rpc_enc_call(&x, 7, NFS_PROG, NFS_VERS, 0, &au);
	assert_false(xdr_ok(&x));
}

/* a reply header: xid, REPLY, stat words as given */
static int
reply(uint32_t xid, const uint32_t *w, size_t n, size_t cut)
{
	uint8_t buf[256];
	struct nfs_xdr x;
	size_t i;

	xdr_init(&x, buf, sizeof(buf));
	xdr_put32(&x, 42);
	xdr_put32(&x, RPC_REPLY);
	for (i = 0; i < n; i++)
		xdr_put32(&x, w[i]);
	assert_true(xdr_ok(&x));
	xdr_init(&x, buf, x.x_pos - cut);
	return nfs_rpc_dec_reply(&x, xid);
}

static void
t_reply(void **state)
{
	static const uint32_t ok[] = { RPC_MSG_ACCEPTED, 0, 0, 0, 5 };
	static const uint32_t verf[] = { RPC_MSG_ACCEPTED, 0, 4, 9, 0 };
	static const uint32_t bigverf[] = { RPC_MSG_ACCEPTED, 0, 401, 0 };
	static const uint32_t denied[] = { 1, 1, 1 };
	static const uint32_t unavail[] = { RPC_MSG_ACCEPTED, 0, 0, 1 };
	static const uint32_t mismatch[] = { RPC_MSG_ACCEPTED, 0, 0, 2, 3, 3 };
	static const uint32_t garbage[] = { RPC_MSG_ACCEPTED, 0, 0, 4 };
	static const uint32_t badstat[] = { 7 };

	(void)state;
	assert_int_equal(reply(42, ok, 5, 0), 0);
	assert_int_equal(reply(42, verf, 5, 0), 0);
	assert_int_equal(reply(43, ok, 5, 0), ESRCH);
	assert_int_equal(reply(42, ok, 5, 8), EIO);
	assert_int_equal(reply(42, bigverf, 4, 0), EIO);
	assert_int_equal(reply(42, denied, 3, 0), EACCES);
	assert_int_equal(reply(42, unavail, 4, 0), EPROTONOSUPPORT);
	assert_int_equal(reply(42, mismatch, 6, 0), EPROTONOSUPPORT);
	assert_int_equal(reply(42, garbage, 4, 0), EIO);
	assert_int_equal(reply(42, badstat, 1, 0), EIO);
	assert_int_equal(reply(42, ok, 0, 0), EIO);
}

static void
t_stat(void **state)
{
	(void)state;
	assert_int_equal(nfs_stat_errno(0), 0);
	assert_int_equal(nfs_stat_errno(2), ENOENT);
	assert_int_equal(nfs_stat_errno(13), EACCES);
	assert_int_equal(nfs_stat_errno(66), ENOTEMPTY);
	assert_int_equal(nfs_stat_errno(70), ESTALE);
	assert_int_equal(nfs_stat_errno(10004), EOPNOTSUPP);
	assert_int_equal(nfs_stat_errno(10006), EIO);	/* SERVERFAULT */
	assert_int_equal(nfs_stat_errno(0xffffffff), EIO);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_roundtrip),
		cmocka_unit_test(t_bounds),
		cmocka_unit_test(t_names),
		cmocka_unit_test(t_handles),
		cmocka_unit_test(t_fattr),
		cmocka_unit_test(t_postop_wcc),
		cmocka_unit_test(t_call),
		cmocka_unit_test(t_reply),
		cmocka_unit_test(t_stat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
