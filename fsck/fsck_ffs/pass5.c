/*
 * Phase 5: cylinder groups.  The maps and counts each group should have
 * are rebuilt from what phases 1-4 found and compared with the disk:
 * inode map, fragment map, free counts, fragment-run summary, cluster
 * map and summary, the superblock's per-group array and its totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

struct cgcount {
	struct csum cs;
	int32_t frsum[MAXFRAG];
	int32_t clsum[FS_MAXCONTIG + 1];
	int64_t iwrong, fwrong, cwrong;	/* map bits that differ */
	bool frwrong, clwrong;		/* run summaries that differ */
};

static int64_t tot_ndir, tot_nbfree, tot_nifree, tot_nffree;

/* inode map and inode counts of group c */
static void
check_inodes(int64_t c, const uint8_t *buf, const struct cg *hdr,
    struct cgcount *cnt)
{
	const uint8_t *imap = buf + hdr->cg_iusedoff;
	int64_t i, wrong = 0;
	uint64_t ino;
	bool want;

	cnt->cs.cs_nifree = fk.fs.fs_ipg;
	for (i = 0; i < fk.fs.fs_ipg; i++) {
		ino = (uint64_t)(c * fk.fs.fs_ipg + i);
		want = ino < UFS_ROOTINO || fk.ino[ino].state != I_UNUSED;
		if (want) {
			cnt->cs.cs_nifree--;
			if (ino >= UFS_ROOTINO &&
			    fk.ino[ino].dtype == UFS_IFDIR >> 12)
				cnt->cs.cs_ndir++;
		}
		if (want != bit_get(imap, (uint64_t)i))
			wrong++;
	}
	cnt->iwrong = wrong;
}

/* a run of n free blocks ends: count it in the cluster summary */
static void
cluster_run(struct cgcount *cnt, int64_t n)
{
	int32_t max = fk.fs.fs_contigsumsize;

	if (n > 0 && max > 0)
		cnt->clsum[n > max ? max : n]++;
}

/* fragment and cluster maps of group c */
static void
check_frags(int64_t c, const uint8_t *buf, const struct cg *hdr,
    struct cgcount *cnt)
{
	struct fs *fs = &fk.fs;
	const uint8_t *fmap = buf + hdr->cg_freeoff;
	const uint8_t *cmap = buf + hdr->cg_clusteroff;
	int64_t base = ffs_cgbase(fs, c), f, b, k, run = 0, crun = 0;
	int64_t wrong = 0, cwrong = 0, nfree;
	bool want, cl = fs->fs_contigsumsize > 0;

	for (f = 0; f < hdr->cg_ndblk; f++) {
		want = !bit_get(fk.used, (uint64_t)(base + f));
		if (want != bit_get(fmap, (uint64_t)f))
			wrong++;
	}
	for (b = 0; b + fs->fs_frag <= hdr->cg_ndblk; b += fs->fs_frag) {
		for (nfree = 0, k = 0; k < fs->fs_frag; k++) {
			if (!bit_get(fk.used, (uint64_t)(base + b + k)))
				nfree++;
		}
		if (cl && (nfree == fs->fs_frag) !=
		    bit_get(cmap, (uint64_t)(b / fs->fs_frag)))
			cwrong++;
		if (nfree == fs->fs_frag) {
			cnt->cs.cs_nbfree++;
			crun++;
			continue;
		}
		cluster_run(cnt, crun);
		crun = 0;
		cnt->cs.cs_nffree += (int32_t)nfree;
		for (run = 0, k = 0; k <= fs->fs_frag; k++) {
			if (k < fs->fs_frag &&
			    !bit_get(fk.used, (uint64_t)(base + b + k))) {
				run++;
				continue;
			}
			if (run > 0)
				cnt->frsum[run]++;
			run = 0;
		}
	}
	cluster_run(cnt, crun);
	/* a partial block at the end of the last group: fragments only */
	for (run = 0, f = b; f <= hdr->cg_ndblk; f++) {
		if (f < hdr->cg_ndblk &&
		    !bit_get(fk.used, (uint64_t)(base + f))) {
			cnt->cs.cs_nffree++;
			run++;
			continue;
		}
		if (run > 0)
			cnt->frsum[run]++;
		run = 0;
	}
	cnt->fwrong = wrong;
	cnt->cwrong = cwrong;
}

static bool
cs_equal(const struct csum *a, const struct csum *b)
{
	return a->cs_ndir == b->cs_ndir && a->cs_nbfree == b->cs_nbfree &&
	    a->cs_nifree == b->cs_nifree && a->cs_nffree == b->cs_nffree;
}

static void
compare_sums(const uint8_t *buf, const struct cg *hdr, struct cgcount *cnt)
{
	int32_t k, v;

	for (k = 1; k < fk.fs.fs_frag; k++)
		cnt->frwrong |= hdr->cg_frsum[k] != cnt->frsum[k];
	for (k = 1; k <= fk.fs.fs_contigsumsize; k++) {
		v = (int32_t)ufs_rd32(buf + hdr->cg_clustersumoff + 4 * k,
		    fk.needswap);
		cnt->clwrong |= v != cnt->clsum[k];
	}
}

/* say what is wrong with group c; true: rebuild it */
static bool
report_cg(int64_t c, const struct cg *hdr, const struct cgcount *cnt)
{
	const struct csum *h = &hdr->cg_cs, *w = &cnt->cs;
	bool want = false;

	if (cnt->iwrong)
		want |= fix(P_PREEN, "SALVAGE", "INODE MAP WRONG IN CG %lld "
		    "(%lld INODES)", (long long)c, (long long)cnt->iwrong);
	if (cnt->fwrong)
		want |= fix(P_PREEN, "SALVAGE", "FREE FRAGMENT MAP WRONG IN "
		    "CG %lld (%lld FRAGS)", (long long)c,
		    (long long)cnt->fwrong);
	if (cnt->cwrong)
		want |= fix(P_PREEN, "SALVAGE", "CLUSTER MAP WRONG IN CG %lld "
		    "(%lld BLOCKS)", (long long)c, (long long)cnt->cwrong);
	if (!cs_equal(h, w))
		want |= fix(P_PREEN, "SALVAGE", "SUMMARY INFORMATION WRONG IN "
		    "CG %lld (ndir %d/%d nbfree %d/%d nifree %d/%d nffree "
		    "%d/%d)", (long long)c, h->cs_ndir, w->cs_ndir,
		    h->cs_nbfree, w->cs_nbfree, h->cs_nifree, w->cs_nifree,
		    h->cs_nffree, w->cs_nffree);
	if (cnt->frwrong)
		want |= fix(P_PREEN, "SALVAGE", "FRAGMENT SUMMARY WRONG IN CG "
		    "%lld", (long long)c);
	if (cnt->clwrong)
		want |= fix(P_PREEN, "SALVAGE", "CLUSTER SUMMARY WRONG IN CG "
		    "%lld", (long long)c);
	return want;
}

/* make group c what phases 1-5 say it should be, and write it */
static void
rebuild_cg(int64_t c, uint8_t *buf, struct cg *hdr, const struct cgcount *cnt)
{
	struct fs *fs = &fk.fs;
	int64_t base = ffs_cgbase(fs, c), f, b, k, i;
	uint8_t *fmap = buf + hdr->cg_freeoff, *imap = buf + hdr->cg_iusedoff;
	uint8_t *cmap = buf + hdr->cg_clusteroff;
	uint64_t ino;
	bool whole;

	for (i = 0; i < fs->fs_ipg; i++) {
		ino = (uint64_t)(c * fs->fs_ipg + i);
		imap[i / 8] &= (uint8_t)~(1u << (i % 8));
		if (ino < UFS_ROOTINO || fk.ino[ino].state != I_UNUSED)
			imap[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	for (f = 0; f < hdr->cg_ndblk; f++) {
		fmap[f / 8] &= (uint8_t)~(1u << (f % 8));
		if (!bit_get(fk.used, (uint64_t)(base + f)))
			fmap[f / 8] |= (uint8_t)(1u << (f % 8));
	}
	for (b = 0; fs->fs_contigsumsize > 0 &&
	    b + fs->fs_frag <= hdr->cg_ndblk; b += fs->fs_frag) {
		for (whole = true, k = 0; k < fs->fs_frag; k++)
			whole = whole &&
			    !bit_get(fk.used, (uint64_t)(base + b + k));
		i = b / fs->fs_frag;
		cmap[i / 8] &= (uint8_t)~(1u << (i % 8));
		if (whole)
			cmap[i / 8] |= (uint8_t)(1u << (i % 8));
	}
	for (k = 1; k <= fs->fs_contigsumsize; k++)
		ufs_wr32(buf + hdr->cg_clustersumoff + 4 * k,
		    (uint32_t)cnt->clsum[k], fk.needswap);
	for (k = 0; k < MAXFRAG; k++)
		hdr->cg_frsum[k] = k > 0 && k < fs->fs_frag ? cnt->frsum[k] : 0;
	hdr->cg_cs = cnt->cs;
	ffs_cg_header_store(hdr, buf, fk.needswap);
	if (writeat(buf, (size_t)fs->fs_cgsize,
	    ffs_cgtod(fs, c) * fs->fs_fsize) != 0)
		fix_failed("CANNOT WRITE CG %lld", (long long)c);
}

/* the superblock's per-group summary array, host order */
static struct csum *
read_csums(void)
{
	struct fs *fs = &fk.fs;
	size_t n = (size_t)fs->fs_ncg, i;
	struct csum *cs = xcalloc(n, sizeof(*cs));
	uint8_t *raw = xcalloc(n, sizeof(*cs));

	if (readfrags(raw, fs->fs_csaddr, n * sizeof(*cs)) != 0)
		problem("CANNOT READ SUMMARY INFORMATION");
	for (i = 0; i < n; i++) {
		const uint8_t *p = raw + i * sizeof(*cs);

		cs[i].cs_ndir = (int32_t)ufs_rd32(p, fk.needswap);
		cs[i].cs_nbfree = (int32_t)ufs_rd32(p + 4, fk.needswap);
		cs[i].cs_nifree = (int32_t)ufs_rd32(p + 8, fk.needswap);
		cs[i].cs_nffree = (int32_t)ufs_rd32(p + 12, fk.needswap);
	}
	free(raw);
	return cs;
}

static void
check_totals(void)
{
	struct csum_total *t = &fk.fs.fs_cstotal;

	if (t->cs_ndir == tot_ndir && t->cs_nbfree == tot_nbfree &&
	    t->cs_nifree == tot_nifree && t->cs_nffree == tot_nffree)
		return;
	if (!fix(P_PREEN, "FIX", "FREE COUNTS WRONG IN SUPERBLOCK (nbfree "
	    "%lld/%lld nffree %lld/%lld nifree %lld/%lld ndir %lld/%lld)",
	    (long long)t->cs_nbfree, (long long)tot_nbfree,
	    (long long)t->cs_nffree, (long long)tot_nffree,
	    (long long)t->cs_nifree, (long long)tot_nifree,
	    (long long)t->cs_ndir, (long long)tot_ndir))
		return;
	t->cs_ndir = tot_ndir;
	t->cs_nbfree = tot_nbfree;
	t->cs_nifree = tot_nifree;
	t->cs_nffree = tot_nffree;
	fk.sbdirty = true;
}

static void
check_cg(int64_t c, uint8_t *buf, struct csum *sbcs)
{
	struct cgcount cnt;
	struct cg hdr;
	const char *why;

	if ((why = getcg(c, buf, &hdr)) != NULL) {
		problem("CG %lld: %s", (long long)c, why);
		return;
	}
	memset(&cnt, 0, sizeof(cnt));
	check_inodes(c, buf, &hdr, &cnt);
	check_frags(c, buf, &hdr, &cnt);
	compare_sums(buf, &hdr, &cnt);
	if (report_cg(c, &hdr, &cnt))
		rebuild_cg(c, buf, &hdr, &cnt);
	if (!cs_equal(sbcs, &cnt.cs) && fix(P_PREEN, "FIX", "SUPERBLOCK "
	    "SUMMARY FOR CG %lld WRONG", (long long)c)) {
		*sbcs = cnt.cs;
		fk.csdirty = true;
	}
	tot_ndir += cnt.cs.cs_ndir;
	tot_nbfree += cnt.cs.cs_nbfree;
	tot_nifree += cnt.cs.cs_nifree;
	tot_nffree += cnt.cs.cs_nffree;
}

void
pass5(void)
{
	struct fs *fs = &fk.fs;
	uint8_t *buf = xcalloc(1, (size_t)fs->fs_cgsize);
	int64_t c;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 5 - Check Cyl groups\n");
	/* inodes cleared since phase 1 gave their blocks back */
	if (fk.rewalk)
		rebuild_used();
	fk.csums = read_csums();
	for (c = 0; c < fs->fs_ncg; c++)
		check_cg(c, buf, &fk.csums[c]);
	check_totals();
	free(buf);
}

void
pass5_summary(void)
{
	struct fs *fs = &fk.fs;
	int64_t nfree = tot_nbfree * fs->fs_frag + tot_nffree;

	say("%lld files, %lld used, %lld free (%lld frags, %lld blocks, "
	    "%.1f%% fragmentation)\n", (long long)fk.nfiles,
	    (long long)(fs->fs_dsize - nfree), (long long)nfree,
	    (long long)tot_nffree, (long long)tot_nbfree,
	    fs->fs_dsize > 0 ? tot_nffree * 100.0 / fs->fs_dsize : 0.0);
}
