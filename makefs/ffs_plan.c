/*
 * The FFS geometry.  Every group starts with room for the boot block
 * and superblock (group 0) or free data (the others) up to sblkno, then
 * a superblock copy, the group header block (cblkno), the inode table
 * (iblkno) and data (dblkno); group 0's data starts with the summary
 * array and the root directory's fragment.  A group holds as many
 * fragments as its header block's maps can describe.  The tree's need is
 * counted in fragments (each file's blocks, its last one in fragments,
 * its indirect blocks; each directory's 512-byte chunks; long
 * symlinks), with slack for fragments the allocator leaves apart.
 */
#include <string.h>

#include "ffs.h"

#define MFFS_MAXGROUPS	(1 << 20)

struct mffs_need {
	const struct fs *fs;
	uint64_t frags, inodes;
};

static uint64_t
mffs_filefrags(const struct fs *fs, uint64_t size)
{
	uint64_t bs = (uint64_t)fs->fs_bsize, n = mkfs_howmany(size, bs);
	uint64_t ni = (uint64_t)fs->fs_nindir, meta = 1, r;

	if (n <= UFS_NDADDR)	/* the last block in fragments */
		return n == 0 ? 0 : (n - 1) * (uint64_t)fs->fs_frag +
		    mkfs_howmany(size - (n - 1) * bs, (uint64_t)fs->fs_fsize);
	r = n - UFS_NDADDR;
	if (r > ni) {
		r -= ni;
		meta += 1 + mkfs_howmany(r < ni * ni ? r : ni * ni, ni);
		if (r > ni * ni) {
			r -= ni * ni;
			meta += 1 + mkfs_howmany(r, ni * ni) +
			    mkfs_howmany(r, ni);
		}
	}
	return (n + meta) * (uint64_t)fs->fs_frag;
}

/* a directory's entries in 512-byte chunks, as bytes */
static uint64_t
mffs_dirbytes(const struct mkfs_node *d)
{
	uint64_t chunks = 1, used = 24, len;	/* . and .. */

	for (size_t i = 0; i < d->nkids; i++) {
		len = UFS_DIRSIZ(strlen(d->kids[i]->name));
		if (used + len > UFS_DIRBLKSIZ) {
			chunks++;
			used = 0;
		}
		used += len;
	}
	return chunks * UFS_DIRBLKSIZ;
}

static int
mffs_need_visit(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mffs_need *need = ctx;
	mode_t m = n->st.st_mode;
	int32_t maxlink = need->fs->fs_maxsymlinklen;

	(void)dir;
	if (n->first != NULL)
		return 0;
	need->inodes++;
	if (S_ISREG(m) || (S_ISLNK(m) && n->st.st_size >= maxlink))
		need->frags += mffs_filefrags(need->fs,
		    (uint64_t)n->st.st_size);
	else if (S_ISDIR(m))
		need->frags += mffs_filefrags(need->fs, mffs_dirbytes(n));
	return 0;
}

static void
mffs_need(const struct fs *fs, const struct mkfs_opts *o,
    const struct mkfs_tree *t, struct mffs_need *need)
{
	uint64_t frag = (uint64_t)fs->fs_frag;

	need->fs = fs;
	need->frags = mffs_filefrags(fs, mffs_dirbytes(t->root));
	need->inodes = UFS_ROOTINO + 1;
	(void)mkfs_tree_walk(t->root, mffs_need_visit, need);
	/* fragments the allocator leaves apart, then -b and -f */
	need->frags += need->frags / 50 + 16 * frag;
	need->frags += mkfs_slack(need->frags / frag, o->freeblocks,
	    o->freeblocks_pct) * frag;
	need->inodes += mkfs_slack(need->inodes, o->freefiles,
	    o->freefiles_pct);
}

static int32_t
mffs_log2(uint64_t v)
{
	int32_t s = 0;

	while ((1ULL << s) < v)
		s++;
	return s;
}

static uint64_t
mffs_maxfilesize(const struct fs *fs)
{
	uint64_t per = (uint64_t)fs->fs_bsize, max = per * UFS_NDADDR - 1;

	for (int i = 0; i < UFS_NIADDR; i++) {
		if (per > (UINT64_MAX >> 1) / (uint64_t)fs->fs_nindir)
			return INT64_MAX;
		per *= (uint64_t)fs->fs_nindir;
		max += per;
	}
	return max > INT64_MAX ? INT64_MAX : max;
}

/* what follows from the sizes alone */
static void
mffs_base(const struct mffs_opts *fo, struct fs *fs)
{
	bool ufs2 = fo->version == 2;
	int32_t b = (int32_t)(fo->bsize ? fo->bsize : fo->fsize ?
	    (8 * fo->fsize < 65536 ? 8 * fo->fsize : 65536) : 8192);
	int32_t f = fo->fsize ? (int32_t)fo->fsize : b / 8;

	memset(fs, 0, sizeof(*fs));
	fs->fs_magic = ufs2 ? FS_UFS2_MAGIC : FS_UFS1_MAGIC;
	fs->fs_bsize = b;
	fs->fs_fsize = f;
	fs->fs_frag = b / f;
	fs->fs_bshift = mffs_log2((uint64_t)b);
	fs->fs_fshift = mffs_log2((uint64_t)f);
	fs->fs_bmask = ~(b - 1);
	fs->fs_fmask = ~(f - 1);
	fs->fs_qbmask = ~(int64_t)fs->fs_bmask;
	fs->fs_qfmask = ~(int64_t)fs->fs_fmask;
	fs->fs_fragshift = fs->fs_bshift - fs->fs_fshift;
	fs->fs_fsbtodb = fs->fs_fshift - 9;
	/* in whole fragments, but never past the superblock's area */
	fs->fs_sbsize = f < SBLOCKSIZE ? (int32_t)mkfs_roundup(
	    sizeof(struct fs), (uint64_t)f) : SBLOCKSIZE;
	fs->fs_nindir = b / (ufs2 ? 8 : 4);
	fs->fs_inopb = b / (ufs2 ? 256 : 128);
	fs->fs_sblockloc = ufs2 ? SBLOCK_UFS2 : SBLOCK_UFS1;
	fs->fs_sblkno = (int32_t)mkfs_roundup(mkfs_howmany((uint64_t)
	    fs->fs_sblockloc + SBLOCKSIZE, (uint64_t)f), (uint64_t)fs->fs_frag);
	fs->fs_cblkno = fs->fs_sblkno + (int32_t)mkfs_roundup(mkfs_howmany(
	    SBLOCKSIZE, (uint64_t)f), (uint64_t)fs->fs_frag);
	fs->fs_iblkno = fs->fs_cblkno + fs->fs_frag;
	/* clusters of -o extent bytes (64 KiB: a usual largest transfer) */
	fs->fs_maxbsize = fo->extent ? (int32_t)fo->extent : b;
	fs->fs_maxcontig = (fo->extent ? fs->fs_maxbsize : 65536) / b;
	if (fs->fs_maxcontig > FS_MAXCONTIG)
		fs->fs_maxcontig = FS_MAXCONTIG;
	fs->fs_contigsumsize = fs->fs_maxcontig;
	fs->fs_maxbpg = fo->maxbpg ? (int32_t)fo->maxbpg : fs->fs_nindir;
	fs->fs_maxsymlinklen = ufs2 ? UFS2_MAXSYMLINKLEN : UFS1_MAXSYMLINKLEN;
	fs->fs_old_inodefmt = FS_44INODEFMT;
	fs->fs_minfree = (int32_t)fo->minfree;
	fs->fs_optim = fo->optim;
	fs->fs_avgfilesize = fo->avgfilesize ? fo->avgfilesize : 16384;
	fs->fs_avgfpdir = fo->avgfpdir ? fo->avgfpdir : 64;
	fs->fs_old_rps = 60;
	fs->fs_old_nspf = f / 512;
	fs->fs_old_interleave = 1;
	fs->fs_maxfilesize = mffs_maxfilesize(fs);
	if (fo->label != NULL)
		memcpy(fs->fs_volname, fo->label, strlen(fo->label));
}

/* bytes of a group header before its fragment map, UFS1's tables too */
static int64_t
mffs_cghead(const struct fs *fs)
{
	return (int64_t)sizeof(struct cg) + (ffs_is_ufs2(fs) ? 0 : 4 + 4);
}

/* the most fragments a group header block can map with ipg inodes,
 * and -o maxbpcg allows */
static int64_t
mffs_maxfpg(const struct mffs_opts *fo, int64_t ipg)
{
	const struct fs *fs = &fo->fs;
	int64_t frag = fs->fs_frag, room, most;

	room = fs->fs_bsize - mffs_cghead(fs) - mkfs_howmany((uint64_t)ipg,
	    8) - 4 * (fs->fs_contigsumsize + 1) - 8;
	if (room <= 0)
		return 0;
	/* a bit per fragment and a bit per block */
	most = room * 8 * frag / (frag + 1) / frag * frag;
	if (fo->maxbpcg != 0 && most > (int64_t)fo->maxbpcg * frag)
		most = (int64_t)fo->maxbpcg * frag;
	return most;
}

/* ipg, dblkno and the maps' size for ncg groups of inodes in all */
static bool
mffs_setgroups(struct mffs_opts *fo, int64_t ncg, uint64_t inodes)
{
	struct fs *fs = &fo->fs;
	int64_t ipg = (int64_t)mkfs_roundup(mkfs_howmany(inodes,
	    (uint64_t)ncg), (uint64_t)fs->fs_inopb);

	if (ncg > MFFS_MAXGROUPS || ipg * ncg > 0x7fffffffLL)
		return false;
	fs->fs_ncg = (int32_t)ncg;
	fs->fs_ipg = (int32_t)ipg;
	fs->fs_dblkno = fs->fs_iblkno +
	    (int32_t)(ipg / fs->fs_inopb * fs->fs_frag);
	fs->fs_cssize = (int32_t)mkfs_roundup((uint64_t)ncg *
	    sizeof(struct csum), (uint64_t)fs->fs_fsize);
	fo->csfrags = fs->fs_cssize / fs->fs_fsize;
	return mffs_maxfpg(fo, ipg) > fs->fs_dblkno + fs->fs_frag;
}

/* fragments that are not data: every group's metadata, summary, root */
static int64_t
mffs_overhead(const struct mffs_opts *fo)
{
	const struct fs *fs = &fo->fs;

	return fs->fs_dblkno + fo->csfrags + 1 + (int64_t)(fs->fs_ncg - 1) *
	    (fs->fs_dblkno - fs->fs_sblkno);
}

/*
 * Groups for size fragments and inodes: as few as the maps allow, of
 * equal size but the last, which must hold its metadata and a block.
 * grow: size may grow for that (else the last group is dropped).
 */
static bool
mffs_fit(struct mffs_opts *fo, int64_t *sizep, uint64_t inodes, bool grow)
{
	struct fs *fs = &fo->fs;
	int64_t ncg = 1, n, size = *sizep, fpg, last;

	for (;;) {
		if (!mffs_setgroups(fo, ncg, inodes)) {
			if (++ncg > MFFS_MAXGROUPS)
				return false;
			continue;
		}
		if (grow)
			size = (int64_t)mkfs_roundup((uint64_t)(*sizep +
			    mffs_overhead(fo)), (uint64_t)fs->fs_frag);
		n = (int64_t)mkfs_howmany((uint64_t)size,
		    (uint64_t)mffs_maxfpg(fo, fs->fs_ipg));
		if (n <= ncg)
			break;
		ncg = n;
	}
	fpg = (int64_t)mkfs_roundup(mkfs_howmany((uint64_t)size,
	    (uint64_t)ncg), (uint64_t)fs->fs_frag);
	if (fpg < fs->fs_dblkno + fo->csfrags + 2 * fs->fs_frag)
		fpg = fs->fs_dblkno + fo->csfrags + 2 * fs->fs_frag;
	last = size - (ncg - 1) * fpg;
	if (last < fs->fs_dblkno + fs->fs_frag && grow)
		size += fs->fs_dblkno + fs->fs_frag - last;
	else if (last < fs->fs_dblkno + fs->fs_frag) {
		if (ncg == 1 || !mffs_setgroups(fo, --ncg, inodes))
			return false;
		size = ncg * fpg;
	}
	if (fpg > mffs_maxfpg(fo, fs->fs_ipg) || size > ncg * fpg ||
	    size <= (ncg - 1) * fpg)
		return false;
	fs->fs_fpg = (int32_t)fpg;
	*sizep = size;
	return true;
}

/* the header block's maps: their offsets, as ffs_cg.c lays them out */
static int32_t
mffs_cgsize(const struct fs *fs)
{
	int64_t off = mffs_cghead(fs) + (int64_t)mkfs_howmany((uint64_t)
	    fs->fs_ipg, 8);

	off += (int64_t)mkfs_howmany((uint64_t)fs->fs_fpg, 8);
	off = (int64_t)mkfs_roundup((uint64_t)off, 4);
	off += 4 * (fs->fs_contigsumsize + 1);
	off += (int64_t)mkfs_howmany((uint64_t)(fs->fs_fpg / fs->fs_frag), 8);
	return (int32_t)off;
}

/* the fields that follow from the groups */
static void
mffs_finish(struct mffs_opts *fo, int64_t size)
{
	struct fs *fs = &fo->fs;

	fs->fs_size = size;
	fs->fs_dsize = size - fs->fs_sblkno - (int64_t)fs->fs_ncg *
	    (fs->fs_dblkno - fs->fs_sblkno) - fo->csfrags;
	fs->fs_csaddr = fs->fs_dblkno;
	fs->fs_cgsize = mffs_cgsize(fs);
	if (ffs_is_ufs2(fs))
		return;
	/* UFS1: one "cylinder" per group, one rotational position */
	fs->fs_old_size = (int32_t)fs->fs_size;
	fs->fs_old_dsize = (int32_t)fs->fs_dsize;
	fs->fs_old_csaddr = (int32_t)fs->fs_csaddr;
	fs->fs_old_cgmask = -1;
	fs->fs_old_cpg = 1;
	fs->fs_old_ncyl = fs->fs_ncg;
	fs->fs_old_nsect = fs->fs_fpg * fs->fs_old_nspf;
	fs->fs_old_npsect = fs->fs_old_nsect;
	fs->fs_old_spc = fs->fs_old_nsect;
	fs->fs_old_cpc = 0;
	fs->fs_old_nrpos = 1;
	fs->fs_old_postblformat = 1;		/* dynamic tables */
	fs->fs_old_flags = FS_FLAGS_UPDATED;
}

static int
mffs_toobig(const struct mkfs_opts *o, uint64_t size, uint64_t max)
{
	mkfs_warnx("%s: tree too big: ffs needs %llu bytes, more than the "
	    "%llu of -s/-m", o->image, (unsigned long long)size,
	    (unsigned long long)max);
	return -1;
}

int
mffs_plan(void *fsopts, const struct mkfs_opts *o, const struct mkfs_tree *t,
    uint64_t *sizep)
{
	struct mffs_opts *fo = fsopts;
	struct fs *fs = &fo->fs;
	struct mffs_need need;
	uint64_t fsize, density;
	int64_t size;

	mffs_base(fo, fs);
	fsize = (uint64_t)fs->fs_fsize;
	mffs_need(fs, o, t, &need);
	size = (int64_t)need.frags;
	if (!mffs_fit(fo, &size, need.inodes, true)) {
		mkfs_warnx("%s: the tree is too big for ffs", o->image);
		return -1;
	}
	if (o->maxsize != 0 && (uint64_t)size * fsize > o->maxsize)
		return mffs_toobig(o, (uint64_t)size * fsize, o->maxsize);
	if (o->minsize > (uint64_t)size * fsize) {
		density = fo->density ? fo->density : 4 * fsize;
		size = (int64_t)(o->minsize / fsize);
		if (o->minsize / density > need.inodes)
			need.inodes = o->minsize / density;
		if (!mffs_fit(fo, &size, need.inodes, false) ||
		    size - mffs_overhead(fo) < (int64_t)need.frags) {
			mkfs_warnx("%s: no ffs layout of %llu bytes holds the "
			    "tree with these -o options", o->image,
			    (unsigned long long)o->minsize);
			return -1;
		}
	}
	mffs_finish(fo, size);
	*sizep = (uint64_t)size * fsize;
	if (o->minsize > *sizep)
		*sizep = o->minsize;
	return 0;
}
