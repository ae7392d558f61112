/*
 * Allocation across cylinder groups: choosing a group (directories
 * spread out, files near their directory, blocks after the previous block
 * of the file), reading and writing back the group, and keeping the
 * superblock's per-group array and totals equal to the groups' counts.
 * The bit work inside a group is ffs_cgmap.c.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/cprng.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/vnode.h>

#include "ffs_int.h"
#include "ffs_cgmap.h"

struct cgref {
	int64_t c;
	struct buf *bp;
	struct cg hdr;
	struct csum old;
	struct ffs_cgmap m;
	bool ordered;		/* on disk before the caller goes on */
};

static int
ffs_getcg(struct ufsmount *ump, int64_t c, struct cgref *r)
{
	struct fs *fs = ump->um_fs;
	const char *why;
	int error;

	r->c = c;
	r->bp = NULL;
	r->ordered = false;
	error = bread(ump->um_devvp, ffs_fsbtodb(fs, ffs_cgtod(fs, c)),
	    fs->fs_cgsize, 0, &r->bp);
	if (error != 0) {
		if (r->bp != NULL)
			brelse(r->bp, 0);
		return error;
	}
	ffs_cg_header(r->bp->b_data, &r->hdr, ump->um_needswap);
	if ((why = ffs_cgcheck(fs, &r->hdr, c)) != NULL) {
		ffs_corrupt(ump, "cylinder group %lld: %s", (long long)c, why);
		brelse(r->bp, 0);
		return EIO;
	}
	r->old = r->hdr.cg_cs;
	r->m.fs = fs;
	r->m.buf = r->bp->b_data;
	r->m.hdr = &r->hdr;
	r->m.needswap = ump->um_needswap;
	return 0;
}

/* write the group back (delayed unless ordered or -o sync), carrying its
 * count changes over */
static void
ffs_putcg(struct ufsmount *ump, struct cgref *r)
{
	struct fs *fs = ump->um_fs;
	struct csum *cs = &r->hdr.cg_cs;

	if (ffs_is_ufs2(fs))
		r->hdr.cg_time = time_second;
	else
		r->hdr.cg_old_time = (int32_t)time_second;
	ffs_cg_sync(&r->m);
	fs->fs_cstotal.cs_ndir += cs->cs_ndir - r->old.cs_ndir;
	fs->fs_cstotal.cs_nbfree += cs->cs_nbfree - r->old.cs_nbfree;
	fs->fs_cstotal.cs_nifree += cs->cs_nifree - r->old.cs_nifree;
	fs->fs_cstotal.cs_nffree += cs->cs_nffree - r->old.cs_nffree;
	ump->um_csum[r->c] = *cs;
	fs->fs_fmod = 1;
	ffs_metawrite(ump, r->bp, r->ordered);
}

/* does [bno, bno+n) touch metadata or leave the file system? */
static bool
ffs_badrange(const struct fs *fs, int64_t bno, int n)
{
	int64_t c = ffs_dtog(fs, bno), csend;

	if (bno <= 0 || bno + n > fs->fs_size || c >= fs->fs_ncg)
		return true;
	if (bno + n > ffs_cgsblock(fs, c) && bno < ffs_cgdmin(fs, c))
		return true;
	csend = fs->fs_csaddr + (fs->fs_cssize + fs->fs_fsize - 1) /
	    fs->fs_fsize;
	return bno + n > fs->fs_csaddr && bno < csend;
}

int64_t
ffs_blkpref(struct inode *ip, int64_t lbn)
{
	struct fs *fs = ip->i_fs;
	int64_t prev = 0;

	if (lbn > 0 && ufs_bmap_frag(ip, lbn - 1, &prev) == 0 && prev > 0)
		return prev + fs->fs_frag;
	return ffs_cgdmin(fs, (int64_t)ffs_ino_to_cg(fs, ip->i_number));
}

static int
ffs_alloc_locked(struct ufsmount *ump, int64_t startcg, int64_t pref, int n,
    int64_t *bnp)
{
	struct fs *fs = ump->um_fs;
	struct cgref r;
	int64_t i, c, d;
	int error;

	for (i = 0; i < fs->fs_ncg; i++) {
		c = (startcg + i) % fs->fs_ncg;
		if (ump->um_csum[c].cs_nbfree == 0 &&
		    (n == fs->fs_frag || ump->um_csum[c].cs_nffree < n))
			continue;
		if ((error = ffs_getcg(ump, c, &r)) != 0)
			return error;
		d = ffs_cg_alloc(&r.m, ffs_dtog(fs, pref) == c ?
		    ffs_dtogd(fs, pref) : -1, n);
		if (d < 0) {
			brelse(r.bp, 0);
			continue;
		}
		ffs_putcg(ump, &r);
		*bnp = ffs_cgbase(fs, c) + d;
		if (ffs_badrange(fs, *bnp, n)) {
			ffs_corrupt(ump, "free map of cg %lld offers "
			    "metadata fragment %lld", (long long)c,
			    (long long)*bnp);
			return EIO;
		}
		return 0;
	}
	return ENOSPC;
}

int
ffs_alloc(struct inode *ip, int64_t pref, int size, int64_t *bnp)
{
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ump->um_fs;
	int64_t startcg;
	int error;

	if (pref <= 0 || pref >= fs->fs_size)
		pref = ffs_cgdmin(fs, (int64_t)ffs_ino_to_cg(fs,
		    ip->i_number));
	startcg = ffs_dtog(fs, pref);
	mutex_enter(&ump->um_lock);
	error = ffs_alloc_locked(ump, startcg, pref,
	    (int)ffs_numfrags(fs, size), bnp);
	mutex_exit(&ump->um_lock);
	if (error == 0)
		ip->i_din.blocks += (uint64_t)size / DEV_BSIZE;
	return error;
}

int
ffs_realloccg(struct inode *ip, int64_t bprev, int64_t pref, int osize,
    int nsize, int64_t *bnp, struct genfs_freelist *fl)
{
	struct ufsmount *ump = ip->i_ump;
	struct fs *fs = ump->um_fs;
	struct cgref r;
	bool grown;
	int error;

	if (ffs_badrange(fs, bprev, (int)ffs_numfrags(fs, osize)))
		return EIO;
	mutex_enter(&ump->um_lock);
	if ((error = ffs_getcg(ump, ffs_dtog(fs, bprev), &r)) != 0) {
		mutex_exit(&ump->um_lock);
		return error;
	}
	grown = ffs_cg_extend(&r.m, ffs_dtogd(fs, bprev),
	    (int)ffs_numfrags(fs, osize), (int)ffs_numfrags(fs, nsize));
	if (grown)
		ffs_putcg(ump, &r);
	else
		brelse(r.bp, 0);
	mutex_exit(&ump->um_lock);
	if (grown) {
		ip->i_din.blocks += (uint64_t)(nsize - osize) / DEV_BSIZE;
		*bnp = bprev;
		return 0;
	}
	/* move: a new run; the old one goes on fl (the buffer has the data) */
	if ((error = ffs_alloc(ip, pref, nsize, bnp)) != 0)
		return error;
	genfs_freelist_add(fl, bprev, osize);
	ip->i_din.blocks -= (uint64_t)osize / DEV_BSIZE;
	return 0;
}

void
ffs_blkfree(struct ufsmount *ump, int64_t bno, int size, ino_t owner)
{
	struct fs *fs = ump->um_fs;
	struct cgref r;
	int n = (int)ffs_numfrags(fs, size);

	if (ffs_badrange(fs, bno, n) ||
	    ffs_fragnum(fs, bno) + n > fs->fs_frag) {
		ffs_corrupt(ump, "inode %llu: freeing bad block %lld",
		    (unsigned long long)owner, (long long)bno);
		return;
	}
	mutex_enter(&ump->um_lock);
	if (ffs_getcg(ump, ffs_dtog(fs, bno), &r) == 0) {
		if (ffs_cg_free(&r.m, ffs_dtogd(fs, bno), n))
			ffs_putcg(ump, &r);
		else {
			brelse(r.bp, 0);
			ffs_corrupt(ump, "inode %llu: freeing free block %lld",
			    (unsigned long long)owner, (long long)bno);
		}
	}
	mutex_exit(&ump->um_lock);
}

/* directories go to a group with few directories and room to spare */
static int64_t
ffs_dirpref(struct ufsmount *ump)
{
	struct fs *fs = ump->um_fs;
	int64_t avgi = fs->fs_cstotal.cs_nifree / fs->fs_ncg;
	int64_t avgb = fs->fs_cstotal.cs_nbfree / fs->fs_ncg;
	int64_t c, best = -1, most = 0;

	for (c = 0; c < fs->fs_ncg; c++) {
		struct csum *cs = &ump->um_csum[c];

		if (cs->cs_nifree > 0 && cs->cs_nifree >= avgi &&
		    cs->cs_nbfree >= avgb &&
		    (best < 0 || cs->cs_ndir < ump->um_csum[best].cs_ndir))
			best = c;
	}
	if (best >= 0)
		return best;
	for (c = 0; c < fs->fs_ncg; c++) {
		if (ump->um_csum[c].cs_nifree > most) {
			most = ump->um_csum[c].cs_nifree;
			best = c;
		}
	}
	return best < 0 ? 0 : best;
}

/* UFS2 writes inode blocks lazily: zero the next one of group c */
static int
ffs_initinodes(struct ufsmount *ump, struct cgref *r)
{
	struct fs *fs = ump->um_fs;
	struct buf *bp;
	uint64_t ino = (uint64_t)(r->c * fs->fs_ipg + r->hdr.cg_initediblk);
	int i;

	bp = getblk(ump->um_devvp, ffs_fsbtodb(fs, ffs_ino_to_fsba(fs, ino)),
	    fs->fs_bsize, 0, 0);
	if (bp == NULL)
		return ENOMEM;
	memset(bp->b_data, 0, (size_t)fs->fs_bsize);
	for (i = 0; i < fs->fs_inopb; i++)
		ufs_wr32((uint8_t *)bp->b_data + i * 256 +
		    offsetof(struct ufs2_dinode, di_gen),
		    cprng_fast32() & 0x7fffffff, ump->um_needswap);
	r->hdr.cg_initediblk += fs->fs_inopb;
	/* fsck reads inodes only up to cg_initediblk: the group goes next */
	r->ordered = true;
	return bwrite(bp);
}

int
ffs_valloc(struct inode *dp, bool isdir, ino_t *inop)
{
	struct ufsmount *ump = dp->i_ump;
	struct fs *fs = ump->um_fs;
	struct cgref r;
	int64_t start, i, c, idx;
	int error = ENOSPC;

	mutex_enter(&ump->um_lock);
	start = isdir ? ffs_dirpref(ump) :
	    (int64_t)ffs_ino_to_cg(fs, dp->i_number);
	for (i = 0; i < fs->fs_ncg; i++) {
		c = (start + i) % fs->fs_ncg;
		if (ump->um_csum[c].cs_nifree <= 0)
			continue;
		if ((error = ffs_getcg(ump, c, &r)) != 0)
			break;
		idx = ffs_cg_ialloc(&r.m, r.hdr.cg_irotor, isdir);
		if (idx < 0) {
			brelse(r.bp, 0);
			error = ENOSPC;
			continue;
		}
		error = 0;
		while (ump->um_ufs2 && idx >= r.hdr.cg_initediblk &&
		    r.hdr.cg_initediblk < fs->fs_ipg && error == 0)
			error = ffs_initinodes(ump, &r);
		if (error != 0)
			(void)ffs_cg_ifree(&r.m, idx, isdir);
		ffs_putcg(ump, &r);
		if (error != 0)
			break;
		*inop = (ino_t)(c * fs->fs_ipg + idx);
		break;
	}
	mutex_exit(&ump->um_lock);
	return error;
}

void
ffs_vfree(struct ufsmount *ump, ino_t ino, bool isdir)
{
	struct fs *fs = ump->um_fs;
	struct cgref r;

	mutex_enter(&ump->um_lock);
	if (ffs_getcg(ump, (int64_t)ffs_ino_to_cg(fs, ino), &r) == 0) {
		if (ffs_cg_ifree(&r.m, (int64_t)(ino % (uint64_t)fs->fs_ipg),
		    isdir))
			ffs_putcg(ump, &r);
		else {
			brelse(r.bp, 0);
			ffs_corrupt(ump, "freeing free inode %llu",
			    (unsigned long long)ino);
		}
	}
	mutex_exit(&ump->um_lock);
}
