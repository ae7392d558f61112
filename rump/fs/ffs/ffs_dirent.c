/*
 * Walking directory entries.  Records are decoded and checked one by one
 * (ufs_dent_decode): a record length of zero or one that crosses a
 * directory block can never make the walk loop or read outside the
 * buffer, it ends it with EIO.  A sound record whose name is not a
 * single component (a stranger's image can hold "../../x") is one bad
 * entry: it is skipped, and the rest of the directory stays readable.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

void
ufs_dent_hidden(struct inode *dp, int64_t off, const char *why)
{
	/* every readdir and lookup meets it again: say it once */
	if (atomic_cas_uint(&dp->i_badent, 0, 1) != 0)
		return;
	ffs_corrupt(dp->i_ump, "directory inode %llu offset %lld: %s "
	    "(entry hidden)", (unsigned long long)dp->i_number,
	    (long long)off, why);
}

/* a live entry: EIO if it names no inode, *hide if its name is bad */
static int
ufs_dir_check(struct inode *dp, const struct ufs_dent *de, int64_t off,
    unsigned idx, bool *hide)
{
	struct ufsmount *ump = dp->i_ump;
	const char *why;

	if (de->ino >= ump->um_ninodes) {
		ffs_corrupt(ump, "directory inode %llu: entry names "
		    "inode %u", (unsigned long long)dp->i_number, de->ino);
		return EIO;
	}
	if ((why = ufs_dent_namecheck(de, idx)) != NULL)
		ufs_dent_hidden(dp, off, why);
	*hide = why != NULL;
	return 0;
}

static int
ufs_dir_block(struct inode *dp, int64_t lbn, int64_t start, ufs_dirfn_t fn,
    void *arg)
{
	struct fs *fs = dp->i_fs;
	struct ufsmount *ump = dp->i_ump;
	struct ufs_dent de;
	struct buf *bp;
	const char *why;
	int64_t base = ffs_lblktosize(fs, lbn), frag;
	uint32_t len, off;
	unsigned idx = lbn == 0 ? 0 : 2;
	bool hide;
	int error;

	if ((error = ufs_bmap_frag(dp, lbn, &frag)) != 0)
		return error;
	if (frag == 0) {
		ffs_corrupt(ump, "directory inode %llu: hole at block %lld",
		    (unsigned long long)dp->i_number, (long long)lbn);
		return EIO;
	}
	if ((error = ufs_readblk(dp, lbn, &bp)) != 0)
		return error;
	len = (uint32_t)bp->b_bcount;
	if ((uint64_t)base + len > dp->i_din.size)
		len = (uint32_t)(dp->i_din.size - (uint64_t)base);
	for (off = 0; off < len; off += de.reclen, idx += idx < 2) {
		why = ufs_dent_decode(bp->b_data, off, len, ump->um_oldfmt,
		    ump->um_needswap, &de);
		if (why != NULL) {
			ffs_corrupt(ump, "directory inode %llu offset %lld: "
			    "%s", (unsigned long long)dp->i_number,
			    (long long)(base + off), why);
			error = EIO;
			break;
		}
		if (de.ino == 0 || base + off < start)
			continue;
		if ((error = ufs_dir_check(dp, &de, base + off, idx,
		    &hide)) != 0)
			break;
		if (!hide && (error = fn(arg, &de, base + off)) != 0)
			break;
	}
	brelse(bp, 0);
	return error;
}

int
ufs_dir_walk(struct inode *dp, int64_t start, ufs_dirfn_t fn, void *arg)
{
	struct fs *fs = dp->i_fs;
	int64_t lbn, nblk;
	int error;

	if (start < 0)
		return EINVAL;
	nblk = (int64_t)((dp->i_din.size + (uint64_t)fs->fs_bsize - 1) >>
	    fs->fs_bshift);
	for (lbn = ffs_lblkno(fs, start); lbn < nblk; lbn++) {
		if ((error = ufs_dir_block(dp, lbn, start, fn, arg)) != 0)
			return error;
	}
	return 0;
}
