/*
 * Writing the superblock and the per-group summary array back.  The
 * in-core superblock is host order; UFS1's old 32-bit copies of the
 * totals are refreshed so that old readers see the same counts.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/mount.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/vnode.h>

#include "ffs_int.h"

static int
ffs_write_csum(struct ufsmount *ump, bool waitfor)
{
	struct fs *fs = ump->um_fs;
	struct buf *bp = NULL;
	int64_t total = ffs_fragroundup(fs, (int64_t)fs->fs_cssize), off, len;
	int64_t i, n = fs->fs_ncg, first, last;
	uint8_t *p;
	int error = 0;

	/* one block at a time: the array can be larger than a buffer */
	for (off = 0; off < total && error == 0; off += fs->fs_bsize) {
		len = MIN(total - off, fs->fs_bsize);
		error = bread(ump->um_devvp, ffs_fsbtodb(fs, fs->fs_csaddr +
		    ffs_numfrags(fs, off)), (int)len, 0, &bp);
		if (error != 0) {
			if (bp != NULL)
				brelse(bp, 0);
			break;
		}
		first = off / (int64_t)sizeof(struct csum);
		last = MIN(n, (off + len) / (int64_t)sizeof(struct csum));
		for (i = first; i < last; i++) {
			p = (uint8_t *)bp->b_data + (i - first) * 16;
			ufs_wr32(p, (uint32_t)ump->um_csum[i].cs_ndir,
			    ump->um_needswap);
			ufs_wr32(p + 4, (uint32_t)ump->um_csum[i].cs_nbfree,
			    ump->um_needswap);
			ufs_wr32(p + 8, (uint32_t)ump->um_csum[i].cs_nifree,
			    ump->um_needswap);
			ufs_wr32(p + 12, (uint32_t)ump->um_csum[i].cs_nffree,
			    ump->um_needswap);
		}
		if (waitfor)
			error = bwrite(bp);
		else
			bdwrite(bp);
		bp = NULL;
	}
	return error;
}

int
ffs_sbupdate(struct ufsmount *ump, bool waitfor)
{
	struct fs *fs = ump->um_fs;
	struct buf *bp = NULL;
	struct fs copy;
	int error;

	if ((error = ffs_write_csum(ump, waitfor)) != 0)
		return error;
	fs->fs_time = time_second;
	ffs_sb_compat_write(fs, fs->fs_time, &copy);
	error = bread(ump->um_devvp, ump->um_sbloc / DEV_BSIZE, SBLOCKSIZE, 0,
	    &bp);
	if (error != 0) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	if (ump->um_needswap)
		ffs_sb_bswap(&copy, bp->b_data);
	else
		memcpy(bp->b_data, &copy, sizeof(copy));
	fs->fs_fmod = 0;
	if (waitfor)
		return bwrite(bp);
	bdwrite(bp);
	return 0;
}
