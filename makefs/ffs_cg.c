/*
 * One cylinder group's header block: the header, then the inode map,
 * the fragment map (a set bit: free), the cluster summary (free block
 * runs by length) and the cluster map (a set bit: a whole free block).
 * What is used: in group 0 everything up to the data, the summary array
 * and the root's fragment; in the others their metadata only, the room
 * before the superblock copy being data.
 */
#include <string.h>

#include "ffs.h"

void
mffs_usedrange(const struct mffs_opts *fo, int64_t c, int64_t *lo,
    int64_t *hi)
{
	const struct fs *fs = &fo->fs;

	*lo = c == 0 ? 0 : fs->fs_sblkno;
	*hi = fs->fs_dblkno + (c == 0 ? fo->csfrags + 1 : 0);
}

static void
mffs_set(unsigned char *map, int64_t i)
{
	map[i / 8] |= (unsigned char)(1U << (i % 8));
}

/* the maps' offsets after the header (and UFS1's two small tables) */
static void
mffs_cgoffsets(const struct fs *fs, struct cg *cg)
{
	int32_t off = (int32_t)sizeof(struct cg);

	if (!ffs_is_ufs2(fs)) {
		cg->cg_old_btotoff = off;
		cg->cg_old_boff = off + 4;
		off += 8;
	}
	cg->cg_iusedoff = off;
	off += (fs->fs_ipg + 7) / 8;
	cg->cg_freeoff = off;
	off += (fs->fs_fpg + 7) / 8;
	off = (off + 3) & ~3;
	cg->cg_clustersumoff = off;
	off += 4 * (fs->fs_contigsumsize + 1);
	cg->cg_clusteroff = off;
	off += (fs->fs_fpg / fs->fs_frag + 7) / 8;
	cg->cg_nextfreeoff = off;
}

/* a run of n free blocks has ended */
static void
mffs_run(const struct fs *fs, int32_t *clsum, int64_t n)
{
	if (n > 0)
		clsum[n > fs->fs_contigsumsize ? fs->fs_contigsumsize : n]++;
}

/* the fragment and cluster maps and their counts */
static void
mffs_cgfrags(const struct mffs_opts *fo, int64_t c, struct cg *cg,
    unsigned char *buf, int32_t *clsum)
{
	const struct fs *fs = &fo->fs;
	int64_t lo, hi, b, k, f, nfree, run = 0, frun;

	mffs_usedrange(fo, c, &lo, &hi);
	for (b = 0; b < cg->cg_ndblk; b += fs->fs_frag) {
		for (nfree = 0, frun = 0, k = 0; k <= fs->fs_frag; k++) {
			f = b + k;
			if (k < fs->fs_frag && (f < lo || f >= hi)) {
				mffs_set(buf + cg->cg_freeoff, f);
				nfree++;
				frun++;
				continue;
			}
			if (frun > 0 && frun < fs->fs_frag)
				cg->cg_frsum[frun]++;
			frun = 0;
		}
		if (nfree == fs->fs_frag) {
			mffs_set(buf + cg->cg_clusteroff, b / fs->fs_frag);
			cg->cg_cs.cs_nbfree++;
			run++;
			continue;
		}
		mffs_run(fs, clsum, run);
		run = 0;
		cg->cg_cs.cs_nffree += (int32_t)nfree;
	}
	mffs_run(fs, clsum, run);
}

void
mffs_cg(const struct mffs_opts *fo, int64_t c, int64_t when,
    unsigned char *buf, struct csum *cs, bool ns)
{
	const struct fs *fs = &fo->fs;
	int32_t clsum[FS_MAXCONTIG + 1] = { 0 };
	struct cg cg;

	memset(buf, 0, (size_t)fs->fs_bsize);
	memset(&cg, 0, sizeof(cg));
	cg.cg_magic = CG_MAGIC;
	cg.cg_cgx = (int32_t)c;
	cg.cg_ndblk = (int32_t)(c + 1 < fs->fs_ncg ? fs->fs_fpg :
	    fs->fs_size - c * fs->fs_fpg);
	cg.cg_time = when;
	cg.cg_old_time = (int32_t)when;
	cg.cg_niblk = cg.cg_initediblk = ffs_is_ufs2(fs) ? fs->fs_ipg : 0;
	cg.cg_old_niblk = (int16_t)(ffs_is_ufs2(fs) ? 0 : fs->fs_ipg);
	cg.cg_old_ncyl = (int16_t)(ffs_is_ufs2(fs) ? 0 : 1);
	cg.cg_nclusterblks = cg.cg_ndblk / fs->fs_frag;
	mffs_cgoffsets(fs, &cg);
	cg.cg_cs.cs_nifree = fs->fs_ipg;
	for (int64_t i = 0; c == 0 && i <= UFS_ROOTINO; i++) {
		mffs_set(buf + cg.cg_iusedoff, i);	/* 0, 1 and / */
		cg.cg_cs.cs_nifree--;
	}
	cg.cg_cs.cs_ndir = c == 0;
	mffs_cgfrags(fo, c, &cg, buf, clsum);
	for (int32_t k = 1; k <= fs->fs_contigsumsize; k++)
		ufs_wr32(buf + cg.cg_clustersumoff + 4 * k,
		    (uint32_t)clsum[k], ns);
	if (!ffs_is_ufs2(fs)) {	/* free blocks per cylinder, position */
		ufs_wr32(buf + cg.cg_old_btotoff,
		    (uint32_t)cg.cg_cs.cs_nbfree, ns);
		ufs_wr16(buf + cg.cg_old_boff,
		    (uint16_t)cg.cg_cs.cs_nbfree, ns);
	}
	ffs_cg_header_store(&cg, buf, ns);
	*cs = cg.cg_cs;
}
