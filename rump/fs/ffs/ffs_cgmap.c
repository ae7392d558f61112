/*
 * Cylinder-group maps: allocation and freeing of fragments, blocks and
 * inodes with every summary kept exact (see ffs_cgmap.h).  A bit set in
 * the fragment map means free; the cluster map has a bit per block, set
 * when the whole block is free.
 */
#include "ffs_fs.h"
#include "ffs_bswap.h"
#include "ffs_cgmap.h"

static uint8_t *
freemap(const struct ffs_cgmap *m)
{
	return m->buf + m->hdr->cg_freeoff;
}

static bool
bit(const uint8_t *map, int64_t i)
{
	return (map[i >> 3] >> (i & 7)) & 1;
}

static void
setb(uint8_t *map, int64_t i, bool v)
{
	if (v)
		map[i >> 3] |= (uint8_t)(1u << (i & 7));
	else
		map[i >> 3] &= (uint8_t)~(1u << (i & 7));
}

bool
ffs_cg_fragfree(const struct ffs_cgmap *m, int64_t d)
{
	return bit(freemap(m), d);
}

/* the number of fragments of the block starting at b inside the group */
static int
blkfrags(const struct ffs_cgmap *m, int64_t b)
{
	int64_t left = m->hdr->cg_ndblk - b;

	return left < m->fs->fs_frag ? (int)left : m->fs->fs_frag;
}

bool
ffs_cg_blockfree(const struct ffs_cgmap *m, int64_t d)
{
	int64_t b = ffs_blknum(m->fs, d);
	int k;

	if (blkfrags(m, b) < m->fs->fs_frag)
		return false;
	for (k = 0; k < m->fs->fs_frag; k++)
		if (!bit(freemap(m), b + k))
			return false;
	return true;
}

/* add cnt for every run of free fragments shorter than a block */
static void
fragacct(struct ffs_cgmap *m, int64_t b, int cnt)
{
	int n = blkfrags(m, b), k, run = 0;

	if (n == m->fs->fs_frag && ffs_cg_blockfree(m, b))
		return;
	for (k = 0; k <= n; k++) {
		if (k < n && bit(freemap(m), b + k)) {
			run++;
			continue;
		}
		if (run > 0 && run < m->fs->fs_frag)
			m->hdr->cg_frsum[run] += cnt;
		run = 0;
	}
}

static int32_t
clsum_get(struct ffs_cgmap *m, int i)
{
	return (int32_t)ufs_rd32(m->buf + m->hdr->cg_clustersumoff + 4 * i,
	    m->needswap);
}

static void
clsum_add(struct ffs_cgmap *m, int i, int cnt)
{
	ufs_wr32(m->buf + m->hdr->cg_clustersumoff + 4 * i,
	    (uint32_t)(clsum_get(m, i) + cnt), m->needswap);
}

/* block blk (block index) becomes free (cnt 1) or used (cnt -1) */
static void
clusteracct(struct ffs_cgmap *m, int64_t blk, int cnt)
{
	int32_t max = m->fs->fs_contigsumsize;
	uint8_t *cmap = m->buf + m->hdr->cg_clusteroff;
	int64_t nblk = m->hdr->cg_ndblk / m->fs->fs_frag, i;
	int back = 0, fwd = 0, len;

	if (max <= 0)
		return;
	setb(cmap, blk, cnt > 0);
	for (i = blk + 1; i < nblk && fwd < max && bit(cmap, i); i++)
		fwd++;
	for (i = blk - 1; i >= 0 && back < max && bit(cmap, i); i--)
		back++;
	len = back + fwd + 1;
	if (len > max)
		len = max;
	clsum_add(m, len, cnt);
	if (back > 0)
		clsum_add(m, back, -cnt);
	if (fwd > 0)
		clsum_add(m, fwd, -cnt);
}

/* mark [d, d+n) used (inside one block), all summaries */
static void
take(struct ffs_cgmap *m, int64_t d, int n)
{
	int64_t b = ffs_blknum(m->fs, d);
	int k;

	if (n == m->fs->fs_frag) {
		for (k = 0; k < n; k++)
			setb(freemap(m), b + k, false);
		m->hdr->cg_cs.cs_nbfree--;
		clusteracct(m, b / m->fs->fs_frag, -1);
		return;
	}
	if (ffs_cg_blockfree(m, b)) {
		/* breaking a whole block: it turns into free fragments */
		m->hdr->cg_cs.cs_nbfree--;
		m->hdr->cg_cs.cs_nffree += m->fs->fs_frag;
		clusteracct(m, b / m->fs->fs_frag, -1);
	} else
		fragacct(m, b, -1);
	for (k = 0; k < n; k++)
		setb(freemap(m), d + k, false);
	m->hdr->cg_cs.cs_nffree -= n;
	fragacct(m, b, 1);
}

/*
 * With eight fragments a block (the common layout) block i is byte i of
 * the free map: a whole byte says at once whether it is free (0xff) or
 * full (0), where testing a bit at a time from the group's start cost
 * most of the time of filling a new file system.
 */
static bool
blockbusy8(const struct ffs_cgmap *m, int64_t b)
{

	return m->fs->fs_frag == 8 && freemap(m)[b >> 3] == 0;
}

static bool
blockfree8(const struct ffs_cgmap *m, int64_t blk)
{

	return freemap(m)[blk] == 0xff;
}

/* a free run of at least n fragments inside a block, from pref on */
static int64_t
findfrags(struct ffs_cgmap *m, int64_t pref, int n)
{
	const struct fs *fs = m->fs;
	int64_t nd = m->hdr->cg_ndblk, start, b, i;
	int k, run, bf;

	start = pref >= 0 && pref < nd ? ffs_blknum(fs, pref) : 0;
	for (i = 0; i < nd; i += fs->fs_frag) {
		b = (start + i) % ffs_blknum(fs, nd + fs->fs_frag - 1);
		if (b >= nd || blockbusy8(m, b))
			continue;
		bf = blkfrags(m, b);
		if (bf == fs->fs_frag && ffs_cg_blockfree(m, b))
			continue;
		for (run = 0, k = 0; k < bf; k++) {
			run = bit(freemap(m), b + k) ? run + 1 : 0;
			if (run == n)
				return b + k - n + 1;
		}
	}
	return -1;
}

static int64_t
findblock(struct ffs_cgmap *m, int64_t pref)
{
	const struct fs *fs = m->fs;
	int64_t nblk = m->hdr->cg_ndblk / fs->fs_frag, i, b, start;

	if (nblk == 0)
		return -1;
	start = pref >= 0 ? ffs_fragstoblks(fs, pref) % nblk : 0;
	if (fs->fs_frag == 8) {
		for (i = start; i < nblk; i++)
			if (blockfree8(m, i))
				return ffs_blkstofrags(fs, i);
		for (i = 0; i < start; i++)
			if (blockfree8(m, i))
				return ffs_blkstofrags(fs, i);
		return -1;
	}
	for (i = 0; i < nblk; i++) {
		b = ffs_blkstofrags(fs, (start + i) % nblk);
		if (ffs_cg_blockfree(m, b))
			return b;
	}
	return -1;
}

int64_t
ffs_cg_alloc(struct ffs_cgmap *m, int64_t pref, int n)
{
	const struct fs *fs = m->fs;
	int64_t d = -1;
	int k;

	if (n < 1 || n > fs->fs_frag)
		return -1;
	if (n < fs->fs_frag) {
		for (k = n; k < fs->fs_frag; k++)
			if (m->hdr->cg_frsum[k] > 0)
				break;
		if (k < fs->fs_frag)
			d = findfrags(m, pref, n);
	}
	if (d < 0) {
		if (m->hdr->cg_cs.cs_nbfree <= 0)
			return -1;
		d = findblock(m, pref);
		if (d < 0)
			return -1;
	}
	take(m, d, n);
	return d;
}

bool
ffs_cg_extend(struct ffs_cgmap *m, int64_t d, int osz, int nsz)
{
	int64_t b = ffs_blknum(m->fs, d);
	int k;

	if (ffs_fragnum(m->fs, d) + nsz > blkfrags(m, b) || nsz <= osz)
		return false;
	for (k = osz; k < nsz; k++)
		if (!bit(freemap(m), d + k))
			return false;
	fragacct(m, b, -1);
	for (k = osz; k < nsz; k++)
		setb(freemap(m), d + k, false);
	m->hdr->cg_cs.cs_nffree -= nsz - osz;
	fragacct(m, b, 1);
	return true;
}

bool
ffs_cg_free(struct ffs_cgmap *m, int64_t d, int n)
{
	const struct fs *fs = m->fs;
	int64_t b = ffs_blknum(fs, d);
	int k;

	if (d < 0 || n < 1 || ffs_fragnum(fs, d) + n > fs->fs_frag ||
	    d + n > m->hdr->cg_ndblk)
		return false;
	for (k = 0; k < n; k++)
		if (bit(freemap(m), d + k))
			return false;	/* freeing a free fragment */
	fragacct(m, b, -1);
	for (k = 0; k < n; k++)
		setb(freemap(m), d + k, true);
	m->hdr->cg_cs.cs_nffree += n;
	if (ffs_cg_blockfree(m, b)) {
		/* the block is whole again */
		m->hdr->cg_cs.cs_nffree -= fs->fs_frag;
		m->hdr->cg_cs.cs_nbfree++;
		clusteracct(m, b / fs->fs_frag, 1);
	} else
		fragacct(m, b, 1);
	return true;
}

int64_t
ffs_cg_ialloc(struct ffs_cgmap *m, int64_t pref, bool isdir)
{
	uint8_t *imap = m->buf + m->hdr->cg_iusedoff;
	int64_t ipg = m->fs->fs_ipg, i, idx;

	if (m->hdr->cg_cs.cs_nifree <= 0)
		return -1;
	if (pref < 0 || pref >= ipg)
		pref = 0;
	for (i = 0; i < ipg; i++) {
		idx = (pref + i) % ipg;
		if (m->hdr->cg_cgx == 0 && idx < UFS_ROOTINO)
			continue;
		if (!bit(imap, idx)) {
			setb(imap, idx, true);
			m->hdr->cg_cs.cs_nifree--;
			if (isdir)
				m->hdr->cg_cs.cs_ndir++;
			m->hdr->cg_irotor = (int32_t)idx;
			return idx;
		}
	}
	return -1;
}

bool
ffs_cg_ifree(struct ffs_cgmap *m, int64_t idx, bool isdir)
{
	uint8_t *imap = m->buf + m->hdr->cg_iusedoff;

	if (idx < 0 || idx >= m->fs->fs_ipg || !bit(imap, idx))
		return false;
	setb(imap, idx, false);
	m->hdr->cg_cs.cs_nifree++;
	if (isdir)
		m->hdr->cg_cs.cs_ndir--;
	return true;
}

void
ffs_cg_sync(struct ffs_cgmap *m)
{
	ffs_cg_header_store(m->hdr, m->buf, m->needswap);
}
