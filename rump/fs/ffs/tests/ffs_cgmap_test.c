/*
 * The cylinder-group allocator against a model: random allocations,
 * extensions and frees of fragments, blocks and inodes on a synthetic
 * group (with a partial last block), checking after every step that the
 * fragment map matches the model and that every summary (free counts,
 * fragment runs, cluster map and cluster runs) equals a recount.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../ffs_fs.h"
#include "../ffs_bswap.h"
#include "../ffs_cgmap.h"

#define FPG	256
#define NDBLK	250
#define IPG	64
#define CSUM	4

static struct fs fs;
static uint8_t buf[4096];
static struct cg hdr;
static struct ffs_cgmap m;
static uint8_t model[NDBLK];	/* 1: used */
static uint32_t seed;

static uint32_t
rnd(void)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) & 0xffffff;
}

static void
setup_cg(int swap)
{
	int d;

	__builtin_memset(&fs, 0, sizeof(fs));
	__builtin_memset(buf, 0, sizeof(buf));
	__builtin_memset(&hdr, 0, sizeof(hdr));
	__builtin_memset(model, 0, sizeof(model));
	fs.fs_magic = FS_UFS2_MAGIC;
	fs.fs_frag = 8;
	fs.fs_fragshift = 3;
	fs.fs_fpg = FPG;
	fs.fs_ipg = IPG;
	fs.fs_contigsumsize = CSUM;
	fs.fs_cgsize = sizeof(buf);
	hdr.cg_magic = CG_MAGIC;
	hdr.cg_cgx = 1;
	hdr.cg_ndblk = NDBLK;
	hdr.cg_iusedoff = 168;
	hdr.cg_freeoff = 168 + IPG / 8;
	hdr.cg_clustersumoff = hdr.cg_freeoff + FPG / 8;
	hdr.cg_clusteroff = hdr.cg_clustersumoff + 4 * (CSUM + 1);
	hdr.cg_nextfreeoff = hdr.cg_clusteroff + FPG / 8 / 8;
	m.fs = &fs;
	m.buf = buf;
	m.hdr = &hdr;
	m.needswap = swap;
	/* everything free; clusters and runs as a fresh group has them */
	for (d = 0; d < NDBLK; d++)
		buf[hdr.cg_freeoff + d / 8] |= (uint8_t)(1 << (d % 8));
	hdr.cg_cs.cs_nbfree = NDBLK / 8;
	hdr.cg_cs.cs_nffree = NDBLK % 8;
	hdr.cg_frsum[NDBLK % 8] = 1;
	hdr.cg_cs.cs_nifree = IPG;
	for (d = 0; d < NDBLK / 8; d++)
		buf[hdr.cg_clusteroff + d / 8] |= (uint8_t)(1 << (d % 8));
	ufs_wr32(buf + hdr.cg_clustersumoff + 4 * CSUM, 1, swap);
}

static bool
isfree(int d)
{
	return (buf[hdr.cg_freeoff + d / 8] >> (d % 8)) & 1;
}

/* recount everything from the fragment map and compare */
static void
verify(void)
{
	int32_t frsum[8] = { 0 }, clsum[CSUM + 1] = { 0 };
	int d, b, k, nfree, run, nb = 0, nf = 0, crun = 0;

	for (d = 0; d < NDBLK; d++)
		assert_int_equal(isfree(d), !model[d]);
	for (b = 0; b < NDBLK; b += 8) {
		int n = NDBLK - b < 8 ? NDBLK - b : 8;

		for (nfree = 0, k = 0; k < n; k++)
			nfree += isfree(b + k);
		if (n == 8) {
			bool cbit = (buf[hdr.cg_clusteroff + b / 64] >>
			    ((b / 8) % 8)) & 1;

			assert_int_equal(cbit, nfree == 8);
		}
		if (n == 8 && nfree == 8) {
			nb++;
			crun++;
			continue;
		}
		if (crun)
			clsum[crun > CSUM ? CSUM : crun]++;
		crun = 0;
		nf += nfree;
		for (run = 0, k = 0; k <= n; k++) {
			if (k < n && isfree(b + k)) {
				run++;
				continue;
			}
			if (run)
				frsum[run]++;
			run = 0;
		}
	}
	if (crun)
		clsum[crun > CSUM ? CSUM : crun]++;
	assert_int_equal(hdr.cg_cs.cs_nbfree, nb);
	assert_int_equal(hdr.cg_cs.cs_nffree, nf);
	for (k = 1; k < 8; k++)
		assert_int_equal(hdr.cg_frsum[k], frsum[k]);
	for (k = 1; k <= CSUM; k++)
		assert_int_equal((int32_t)ufs_rd32(buf + hdr.cg_clustersumoff +
		    4 * k, m.needswap), clsum[k]);
}

struct ext {
	int d, n;
};

static void
run_random(int swap)
{
	struct ext live[200];
	int nlive = 0, step, i, n, k;
	int64_t d;

	setup_cg(swap);
	verify();
	for (step = 0; step < 4000; step++) {
		int op = (int)(rnd() % 10);

		if (op < 5 && nlive < 200) {
			n = (int)(rnd() % 8) + 1;
			d = ffs_cg_alloc(&m, (int64_t)(rnd() % NDBLK), n);
			if (d < 0)
				continue;
			assert_true(d + n <= NDBLK);
			assert_true((d % 8) + n <= 8);
			for (k = 0; k < n; k++) {
				assert_int_equal(model[d + k], 0);
				model[d + k] = 1;
			}
			live[nlive].d = (int)d;
			live[nlive++].n = n;
		} else if (op < 7 && nlive > 0) {
			i = (int)(rnd() % (unsigned)nlive);
			n = live[i].n + 1 + (int)(rnd() % 3);
			if (ffs_cg_extend(&m, live[i].d, live[i].n, n)) {
				for (k = live[i].n; k < n; k++) {
					assert_int_equal(model[live[i].d + k],
					    0);
					model[live[i].d + k] = 1;
				}
				live[i].n = n;
			}
		} else if (nlive > 0) {
			i = (int)(rnd() % (unsigned)nlive);
			assert_true(ffs_cg_free(&m, live[i].d, live[i].n));
			for (k = 0; k < live[i].n; k++)
				model[live[i].d + k] = 0;
			live[i] = live[--nlive];
		}
		verify();
	}
	/* freeing what is free is refused */
	while (nlive > 0) {
		assert_true(ffs_cg_free(&m, live[nlive - 1].d,
		    live[nlive - 1].n));
		for (k = 0; k < live[nlive - 1].n; k++)
			model[live[nlive - 1].d + k] = 0;
		nlive--;
	}
	verify();
	assert_false(ffs_cg_free(&m, 0, 1));
	assert_int_equal(hdr.cg_cs.cs_nbfree, NDBLK / 8);
}

static void
test_random_native(void **state)
{
	seed = 12345;
	run_random(0);
}

static void
test_random_swapped(void **state)
{
	seed = 777;
	run_random(1);
}

static void
test_fill(void **state)
{
	int64_t d;
	int n = 0;

	setup_cg(0);
	while ((d = ffs_cg_alloc(&m, -1, 8)) >= 0) {
		for (int k = 0; k < 8; k++)
			model[d + k] = 1;
		n++;
	}
	assert_int_equal(n, NDBLK / 8);
	verify();
	/* the partial last block still gives fragments */
	d = ffs_cg_alloc(&m, -1, 2);
	assert_int_equal(d, 248);
	model[248] = model[249] = 1;
	verify();
	assert_int_equal(ffs_cg_alloc(&m, -1, 1), -1);
}

static void
test_inodes(void **state)
{
	int64_t i;
	int n = 0;

	setup_cg(1);
	hdr.cg_cgx = 0;
	while ((i = ffs_cg_ialloc(&m, 5, n % 2)) >= 0) {
		assert_true(i >= UFS_ROOTINO);
		n++;
	}
	assert_int_equal(n, IPG - UFS_ROOTINO);
	assert_int_equal(hdr.cg_cs.cs_ndir, n / 2);
	assert_true(ffs_cg_ifree(&m, 10, false));
	assert_false(ffs_cg_ifree(&m, 10, false));
	assert_int_equal(ffs_cg_ialloc(&m, 0, true), 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_native),
		cmocka_unit_test(test_random_swapped),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_inodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
