/*
 * Walking directory entries.  Entries are parsed and checked one by one
 * (ufs_dent_parse): a record length of zero or one that crosses a
 * directory block can never make the walk loop or read outside the
 * buffer, it ends it with EIO.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/vnode.h>

#include "ffs_int.h"

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
	for (off = 0; off < len; off += de.reclen) {
		why = ufs_dent_parse(bp->b_data, off, len, ump->um_oldfmt,
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
		if (de.ino >= ump->um_ninodes) {
			ffs_corrupt(ump, "directory inode %llu: entry names "
			    "inode %u", (unsigned long long)dp->i_number,
			    de.ino);
			error = EIO;
			break;
		}
		if ((error = fn(arg, &de, base + off)) != 0)
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
