/*
 * Pure checks of on-disk metadata: superblock, cylinder-group header and
 * directory entries.  Freestanding and allocation-free: shared by the
 * kernel driver and fsck_ffs, and unit-tested on their own.
 */
#include "ffs_fs.h"
#include "ffs_bswap.h"
#include "ufs_dir.h"
#include "../../include/sys/genfs_name.h"

static int
ilog2_exact(int64_t v)
{
	int s;

	if (v <= 0 || (v & (v - 1)) != 0)
		return -1;
	for (s = 0; ((int64_t)1 << s) != v; s++)
		continue;
	return s;
}

/* block-size geometry: sizes, shifts and masks agree with each other */
static const char *
sbcheck_sizes(const struct fs *fs)
{
	int bs = ilog2_exact(fs->fs_bsize), fs_ = ilog2_exact(fs->fs_fsize);

	if (bs < 12 || bs > 16)
		return "block size not a power of two in 4096..65536";
	if (fs_ < 9 || fs_ > bs)
		return "fragment size not a power of two in 512..bsize";
	if (fs->fs_frag != fs->fs_bsize / fs->fs_fsize ||
	    fs->fs_frag > MAXFRAG)
		return "frag not bsize/fsize or more than 8";
	if (fs->fs_bshift != bs || fs->fs_fshift != fs_ ||
	    fs->fs_bmask != ~(fs->fs_bsize - 1) ||
	    fs->fs_fmask != ~(fs->fs_fsize - 1) ||
	    fs->fs_qbmask != ~(int64_t)fs->fs_bmask ||
	    fs->fs_qfmask != ~(int64_t)fs->fs_fmask)
		return "shift or mask fields inconsistent with sizes";
	if (fs->fs_fragshift != bs - fs_ || fs->fs_fsbtodb != fs_ - 9)
		return "fragshift or fsbtodb wrong";
	if (fs->fs_sbsize < (int32_t)sizeof(struct fs) ||
	    fs->fs_sbsize > SBLOCKSIZE)
		return "superblock size out of range";
	if (fs->fs_nindir != fs->fs_bsize / (ffs_is_ufs2(fs) ? 8 : 4) ||
	    fs->fs_inopb != fs->fs_bsize / ffs_dinode_size(fs))
		return "nindir or inopb wrong for the block size";
	return NULL;
}

/* cylinder groups: counts and the layout inside one group */
static const char *
sbcheck_groups(const struct fs *fs)
{
	int64_t inoblks;

	if (fs->fs_ncg < 1 || fs->fs_ipg < fs->fs_inopb ||
	    fs->fs_ipg % fs->fs_inopb != 0)
		return "ncg or ipg out of range";
	if ((int64_t)fs->fs_ipg * fs->fs_ncg > 0x7fffffffLL)
		return "too many inodes";
	if (fs->fs_fpg < fs->fs_frag || fs->fs_fpg % fs->fs_frag != 0)
		return "fpg not a positive multiple of frag";
	if (fs->fs_size <= 0 ||
	    fs->fs_size > (int64_t)fs->fs_fpg * fs->fs_ncg ||
	    fs->fs_size <= (int64_t)fs->fs_fpg * (fs->fs_ncg - 1))
		return "size does not match ncg * fpg";
	inoblks = (int64_t)fs->fs_ipg / fs->fs_inopb * fs->fs_frag;
	if (fs->fs_sblkno < 0 || fs->fs_sblkno >= fs->fs_cblkno ||
	    fs->fs_cblkno >= fs->fs_iblkno ||
	    (int64_t)fs->fs_iblkno + inoblks > fs->fs_dblkno ||
	    fs->fs_dblkno >= fs->fs_fpg)
		return "sblkno/cblkno/iblkno/dblkno out of order";
	if ((int64_t)fs->fs_sblkno * fs->fs_fsize <
	    fs->fs_sblockloc + fs->fs_sbsize && fs->fs_sblockloc != 0)
		return "superblock overlaps the first cylinder group";
	if (fs->fs_cgsize < (int32_t)sizeof(struct cg) ||
	    fs->fs_cgsize > fs->fs_bsize ||
	    fs->fs_cgsize > (fs->fs_iblkno - fs->fs_cblkno) * fs->fs_fsize)
		return "cg size out of range";
	if (fs->fs_cssize < fs->fs_ncg * (int32_t)sizeof(struct csum) ||
	    fs->fs_cssize > fs->fs_ncg * (int32_t)sizeof(struct csum) +
	    fs->fs_fsize)
		return "cs summary size wrong";
	if (fs->fs_csaddr < 0 || fs->fs_csaddr +
	    (fs->fs_cssize + fs->fs_fsize - 1) / fs->fs_fsize > fs->fs_size)
		return "cs summary outside the file system";
	return NULL;
}

/* UFS1 stagger: every group's inodes and first data inside the group */
static const char *
sbcheck_ufs1(const struct fs *fs)
{
	int64_t c;

	if (fs->fs_old_inodefmt != FS_44INODEFMT &&
	    fs->fs_old_inodefmt != FS_42INODEFMT)
		return "unknown inode format";
	if (fs->fs_old_cgoffset < 0 || fs->fs_old_cgoffset > fs->fs_fpg)
		return "cg offset out of range";
	for (c = 0; c < fs->fs_ncg; c++) {
		if (ffs_cgdmin(fs, c) >= ffs_cgbase(fs, c + 1) ||
		    ffs_cgdmin(fs, c) > fs->fs_size)
			return "cg stagger pushes metadata out of its group";
	}
	return NULL;
}

const char *
ffs_sbcheck(const struct fs *fs, uint64_t mediasize, int64_t sbloc)
{
	const char *why;

	if (fs->fs_magic != FS_UFS1_MAGIC && fs->fs_magic != FS_UFS2_MAGIC)
		return "bad magic";
	if (ffs_is_ufs2(fs) && fs->fs_sblockloc != sbloc)
		return "UFS2 superblock not at its recorded location";
	if ((why = sbcheck_sizes(fs)) != NULL)
		return why;
	if ((why = sbcheck_groups(fs)) != NULL)
		return why;
	if (!ffs_is_ufs2(fs) && (why = sbcheck_ufs1(fs)) != NULL)
		return why;
	if (fs->fs_dsize <= 0 || fs->fs_dsize > fs->fs_size)
		return "dsize out of range";
	if (mediasize != 0 &&
	    (uint64_t)fs->fs_size * (uint64_t)fs->fs_fsize > mediasize)
		return "file system larger than the device";
	if (fs->fs_maxsymlinklen < 0 || fs->fs_maxsymlinklen >
	    (ffs_is_ufs2(fs) ? UFS2_MAXSYMLINKLEN : UFS1_MAXSYMLINKLEN))
		return "maxsymlinklen out of range";
	if (fs->fs_contigsumsize < 0 || fs->fs_contigsumsize > FS_MAXCONTIG)
		return "contigsumsize out of range";
	if (fs->fs_minfree < 0 || fs->fs_minfree > 99)
		return "minfree out of range";
	if (fs->fs_cstotal.cs_nbfree < 0 || fs->fs_cstotal.cs_nffree < 0 ||
	    fs->fs_cstotal.cs_nifree < 0 || fs->fs_cstotal.cs_ndir < 0)
		return "negative summary count";
	return NULL;
}

const char *
ffs_sbcheck_counts(const struct fs *fs)
{
	int64_t inodes = (int64_t)fs->fs_ipg * fs->fs_ncg;

	if (fs->fs_cstotal.cs_nbfree > fs->fs_size / fs->fs_frag ||
	    fs->fs_cstotal.cs_nffree > fs->fs_size ||
	    fs->fs_cstotal.cs_nifree > inodes || fs->fs_cstotal.cs_ndir > inodes)
		return "summary count larger than the file system";
	return NULL;
}

static bool
map_fits(const struct fs *fs, int32_t off, int64_t bytes)
{
	return off >= (int32_t)sizeof(struct cg) && bytes >= 0 &&
	    (int64_t)off + bytes <= fs->fs_cgsize;
}

const char *
ffs_cgcheck(const struct fs *fs, const struct cg *cgp, int64_t cgx)
{
	int64_t nblk = fs->fs_fpg / fs->fs_frag;

	if (cgp->cg_magic != CG_MAGIC)
		return "bad cylinder group magic";
	if (cgp->cg_cgx != cgx)
		return "cylinder group index mismatch";
	if (cgp->cg_ndblk < 0 || cgp->cg_ndblk > fs->fs_fpg ||
	    ffs_cgbase(fs, cgx) + cgp->cg_ndblk > fs->fs_size)
		return "cg_ndblk out of range";
	if (!map_fits(fs, cgp->cg_iusedoff, (fs->fs_ipg + 7) / 8))
		return "inode map outside the cylinder group";
	if (!map_fits(fs, cgp->cg_freeoff, (fs->fs_fpg + 7) / 8))
		return "free map outside the cylinder group";
	if (cgp->cg_nextfreeoff < 0 || cgp->cg_nextfreeoff > fs->fs_cgsize)
		return "cg_nextfreeoff out of range";
	if (fs->fs_contigsumsize > 0 &&
	    (!map_fits(fs, cgp->cg_clustersumoff,
	    4 * ((int64_t)fs->fs_contigsumsize + 1)) ||
	    !map_fits(fs, cgp->cg_clusteroff, (nblk + 7) / 8)))
		return "cluster maps outside the cylinder group";
	if (ffs_is_ufs2(fs) && (cgp->cg_initediblk < 0 ||
	    cgp->cg_initediblk > fs->fs_ipg || cgp->cg_niblk != fs->fs_ipg))
		return "cg inode counts out of range";
	if (cgp->cg_cs.cs_nbfree < 0 || cgp->cg_cs.cs_nffree < 0 ||
	    cgp->cg_cs.cs_nifree < 0 || cgp->cg_cs.cs_ndir < 0 ||
	    cgp->cg_cs.cs_nifree > fs->fs_ipg ||
	    (int64_t)cgp->cg_cs.cs_nbfree * fs->fs_frag > fs->fs_fpg)
		return "cg summary counts out of range";
	return NULL;
}

const char *
ufs_dent_decode(const uint8_t *blk, uint32_t off, uint32_t len, bool oldfmt,
    bool needswap, struct ufs_dent *de)
{
	uint32_t room;

	if ((off & 3) != 0 || off + UFS_DIRHDRSIZ > len)
		return "entry header outside the block";
	de->ino = ufs_rd32(blk + off, needswap);
	de->reclen = ufs_rd16(blk + off + 4, needswap);
	if (oldfmt) {
		de->namlen = ufs_rd16(blk + off + 6, needswap);
		de->type = UFS_DT_UNKNOWN;
	} else {
		de->type = blk[off + 6];
		de->namlen = blk[off + 7];
	}
	de->name = (const char *)blk + off + UFS_DIRHDRSIZ;
	room = UFS_DIRBLKSIZ - (off % UFS_DIRBLKSIZ);
	if (de->reclen < UFS_DIRHDRSIZ || (de->reclen & 3) != 0)
		return "bad record length";
	if (de->reclen > room || off + de->reclen > len)
		return "record crosses a directory block";
	if (de->namlen > UFS_MAXNAMLEN ||
	    UFS_DIRHDRSIZ + (uint32_t)de->namlen > de->reclen)
		return "name longer than its record";
	return NULL;
}

/* a name that is not one path component */
static const char *
ufs_dent_namebad(const struct ufs_dent *de)
{

	return de->ino == 0 ? NULL : genfs_name_bad(de->name, de->namlen);
}

const char *
ufs_dent_parse(const uint8_t *blk, uint32_t off, uint32_t len, bool oldfmt,
    bool needswap, struct ufs_dent *de)
{
	const char *why;

	why = ufs_dent_decode(blk, off, len, oldfmt, needswap, de);
	return why != NULL ? why : ufs_dent_namebad(de);
}

const char *
ufs_dent_namecheck(const struct ufs_dent *de, unsigned idx)
{
	const char *why;

	if ((why = ufs_dent_namebad(de)) != NULL || de->ino == 0)
		return why;
	return genfs_name_misplaced(de->name, de->namlen, idx);
}

void
ufs_dent_store(uint8_t *blk, uint32_t off, const struct ufs_dent *de,
    bool oldfmt, bool needswap)
{
	uint32_t pad;

	ufs_wr32(blk + off, de->ino, needswap);
	ufs_wr16(blk + off + 4, de->reclen, needswap);
	if (oldfmt) {
		ufs_wr16(blk + off + 6, de->namlen, needswap);
	} else {
		blk[off + 6] = de->type;
		blk[off + 7] = (uint8_t)de->namlen;
	}
	__builtin_memmove(blk + off + UFS_DIRHDRSIZ, de->name, de->namlen);
	/* NUL-pad the name up to the 4-byte boundary */
	for (pad = UFS_DIRHDRSIZ + de->namlen;
	    pad < (uint32_t)UFS_DIRSIZ(de->namlen); pad++)
		blk[off + pad] = 0;
}

/*
 * UFS1 file systems written before the 64-bit fields existed keep their
 * sizes and totals only in the fs_old_* fields; bring them over so the
 * rest of the code reads one set.
 */
void
ffs_sb_compat_read(struct fs *fs)
{
	if (ffs_is_ufs2(fs) || (fs->fs_old_flags & FS_FLAGS_UPDATED) != 0)
		return;
	fs->fs_flags = fs->fs_old_flags;
	fs->fs_size = fs->fs_old_size;
	fs->fs_dsize = fs->fs_old_dsize;
	fs->fs_csaddr = fs->fs_old_csaddr;
	fs->fs_time = fs->fs_old_time;
	fs->fs_sblockloc = SBLOCK_UFS1;
	fs->fs_cstotal.cs_ndir = fs->fs_old_cstotal.cs_ndir;
	fs->fs_cstotal.cs_nbfree = fs->fs_old_cstotal.cs_nbfree;
	fs->fs_cstotal.cs_nifree = fs->fs_old_cstotal.cs_nifree;
	fs->fs_cstotal.cs_nffree = fs->fs_old_cstotal.cs_nffree;
	if (fs->fs_qbmask == 0)
		fs->fs_qbmask = ~(int64_t)fs->fs_bmask;
	if (fs->fs_qfmask == 0)
		fs->fs_qfmask = ~(int64_t)fs->fs_fmask;
}

/*
 * The copy of fs to write, as of time now: nothing in-core only, and
 * for UFS1 the fs_old_* fields older readers use kept in step.
 */
void
ffs_sb_compat_write(const struct fs *fs, int64_t now, struct fs *copy)
{
	*copy = *fs;
	copy->fs_fmod = 0;
	copy->fs_time = now;
	if (ffs_is_ufs2(fs))
		return;
	copy->fs_old_time = (int32_t)now;
	copy->fs_old_cstotal.cs_ndir = (int32_t)fs->fs_cstotal.cs_ndir;
	copy->fs_old_cstotal.cs_nbfree = (int32_t)fs->fs_cstotal.cs_nbfree;
	copy->fs_old_cstotal.cs_nifree = (int32_t)fs->fs_cstotal.cs_nifree;
	copy->fs_old_cstotal.cs_nffree = (int32_t)fs->fs_cstotal.cs_nffree;
	copy->fs_old_flags = fs->fs_old_flags | FS_FLAGS_UPDATED;
}
