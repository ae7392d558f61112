/*
 * The in-memory index of a large directory (sys/genfs_dirhash.h): built
 * from one visit of its blocks on the first lookup or entry that needs
 * it, kept by ffs_dirops.c as entries come and go, dropped with the vnode
 * or when the directory is truncated.  Its blocks are file system blocks;
 * a record never crosses a UFS_DIRBLKSIZ chunk, so a block's free space
 * is the largest slack of any one record in it.  A visit that meets a
 * damaged record builds nothing: the scanning path reports the damage.
 */
#include <sys/types.h>
#include <sys/buf.h>
#include <sys/genfs_dirhash.h>
#include <sys/systm.h>
#include <sys/genfs_name.h>
#include <sys/vnode.h>

#include "ffs_int.h"

/* the largest new record that fits in the block at pos (0: none) */
static uint32_t
ffs_dirhash_blkfree(const struct inode *dp, const struct dirpos *pos)
{
	const struct ufsmount *ump = dp->i_ump;
	uint32_t off, keep, best = 0;
	struct ufs_dent de;

	for (off = 0; off < pos->len; off += de.reclen) {
		if (ufs_dent_decode(pos->bp->b_data, off, pos->len,
		    ump->um_oldfmt, ump->um_needswap, &de) != NULL)
			return 0;
		keep = de.ino != 0 ? UFS_DIRSIZ(de.namlen) : 0;
		best = MAX(best, de.reclen - keep);
	}
	return best;
}

struct build {
	struct genfs_dirhash *dh;
	int64_t lbn;		/* the block whose free space is noted */
	int error;
};

static int
ffs_dirhash_build_fn(struct inode *dp, struct dirpos *pos, void *arg)
{
	struct build *b = arg;
	int64_t lbn = ffs_lblkno(dp->i_fs, pos->base);
	const struct ufs_dent *de = &pos->de;

	if (lbn != b->lbn) {
		b->lbn = lbn;
		b->error = genfs_dirhash_setfree(b->dh, (uint64_t)lbn,
		    ffs_dirhash_blkfree(dp, pos));
	}
	if (b->error == 0 && de->ino != 0 && !pos->hidden &&
	    !genfs_name_isdot(de->name, de->namlen))
		b->error = genfs_dirhash_add(b->dh, de->name, de->namlen,
		    (uint64_t)(pos->base + pos->off));
	if (b->error == 0)
		return 0;
	brelse(pos->bp, 0);
	return -1;
}

struct genfs_dirhash *
ffs_dirhash(struct inode *dp)
{
	struct build b = { NULL, -1, 0 };
	struct genfs_dirhash *dh;

	dh = __atomic_load_n(&dp->i_dirhash, __ATOMIC_ACQUIRE);
	if (dh != NULL || dp->i_din.size < GENFS_DIRHASH_MINSIZE)
		return dh;
	if ((b.dh = genfs_dirhash_create()) == NULL)
		return NULL;
	if (ufs_dir_visit(dp, ffs_dirhash_build_fn, &b) != ENOENT ||
	    b.error != 0) {
		genfs_dirhash_destroy(b.dh);
		return NULL;
	}
	return genfs_dirhash_publish(&dp->i_dirhash, b.dh);
}

void
ffs_dirhash_drop(struct inode *dp)
{

	genfs_dirhash_destroy(dp->i_dirhash);
	dp->i_dirhash = NULL;
}

void
ffs_dirhash_update(struct inode *dp, const struct dirpos *pos,
    const char *name, size_t len, int64_t off)
{
	struct genfs_dirhash *dh = dp->i_dirhash;

	if (dh == NULL)
		return;
	/* an index that cannot follow (no memory) goes: scans then */
	if ((name != NULL && genfs_dirhash_add(dh, name, len,
	    (uint64_t)off) != 0) || genfs_dirhash_setfree(dh,
	    (uint64_t)ffs_lblkno(dp->i_fs, pos->base),
	    ffs_dirhash_blkfree(dp, pos)) != 0)
		ffs_dirhash_drop(dp);
}
