/*
 * The in-memory index of a large directory (sys/genfs_dirhash.h): built
 * from one walk of its blocks on the first lookup or entry that needs it,
 * kept by ext2fs_dirops.c as entries come and go, dropped with the vnode
 * or when the directory is truncated.  A walk that meets a damaged record
 * builds nothing: the scanning path then reports the damage as before.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/buf.h>
#include <sys/genfs_dirhash.h>
#include <sys/genfs_name.h>
#include <sys/vnode.h>

#include "ext2fs.h"
#include "ext2fs_dir.h"

/* the largest new record that fits in the block (0: none) */
uint32_t
ext2fs_dirhash_blkfree(const struct m_ext2fs *fs, const uint8_t *blk)
{
	bool ftype = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);
	uint32_t off, used, best = 0;
	struct ext2fs_dent de;
	const char *why;

	for (off = 0; off < fs->e2fs_bsize; off += de.de_reclen) {
		if (ext2fs_dirent_parse(blk, fs->e2fs_bsize, off, ftype, &de,
		    &why) != 0)
			return 0;
		used = de.de_ino != 0 ? E2FS_DIRSIZ(de.de_namlen) : 0;
		best = MAX(best, de.de_reclen - used);
	}
	return best;
}

/* the entries of one block into dh; EIO on a damaged record */
static int
index_block(struct inode *dp, struct genfs_dirhash *dh, uint64_t lbn,
    const uint8_t *blk)
{
	struct m_ext2fs *fs = dp->i_e2fs;
	bool ftype = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);
	uint64_t base = lbn << fs->e2fs_bshift;
	unsigned idx = lbn == 0 ? 0 : 2;
	struct ext2fs_dent de;
	const char *why;
	uint32_t off;
	int error;

	for (off = 0; off < fs->e2fs_bsize;
	    off += de.de_reclen, idx += idx < 2) {
		if (ext2fs_dirent_parse(blk, fs->e2fs_bsize, off, ftype, &de,
		    &why) != 0)
			return EIO;
		if (de.de_ino == 0 || ext2fs_dirent_namecheck(&de, idx) ||
		    genfs_name_isdot(de.de_name, de.de_namlen))
			continue;
		error = genfs_dirhash_add(dh, de.de_name, de.de_namlen,
		    base + off);
		if (error != 0)
			return error;
	}
	return genfs_dirhash_setfree(dh, lbn, ext2fs_dirhash_blkfree(fs, blk));
}

static struct genfs_dirhash *
build(struct inode *dp)
{
	struct m_ext2fs *fs = dp->i_e2fs;
	uint64_t lbn, nblk = dp->i_size >> fs->e2fs_bshift;
	struct genfs_dirhash *dh;
	struct buf *bp;
	int error = 0;

	if ((dh = genfs_dirhash_create()) == NULL)
		return NULL;
	for (lbn = 0; lbn < nblk && error == 0; lbn++) {
		if ((error = ext2fs_blkread(ITOV(dp), lbn, &bp)) != 0)
			break;
		error = index_block(dp, dh, lbn, bp->b_data);
		brelse(bp, 0);
	}
	if (error != 0) {
		genfs_dirhash_destroy(dh);
		return NULL;
	}
	return dh;
}

struct genfs_dirhash *
ext2fs_dirhash(struct inode *dp)
{
	struct genfs_dirhash *dh;

	dh = __atomic_load_n(&dp->i_dirhash, __ATOMIC_ACQUIRE);
	if (dh != NULL || dp->i_size < GENFS_DIRHASH_MINSIZE)
		return dh;
	if ((dh = build(dp)) == NULL)
		return NULL;
	return genfs_dirhash_publish(&dp->i_dirhash, dh);
}

void
ext2fs_dirhash_drop(struct inode *dp)
{

	genfs_dirhash_destroy(dp->i_dirhash);
	dp->i_dirhash = NULL;
}
