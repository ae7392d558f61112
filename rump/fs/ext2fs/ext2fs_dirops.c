/*
 * Changing directories: adding an entry (into free space of a record or
 * a new block), removing one (merged into its predecessor), pointing one
 * at another inode, the empty test, a new directory's first block and the
 * rename ancestry check.  Changing a hashed directory clears its index
 * flag: it stays valid as a linear directory.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/mount.h>
#include <sys/namei.h>

#include "ext2fs.h"
#include "ext2fs_dir.h"

static bool
has_ftype(const struct m_ext2fs *fs)
{
	return E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);
}

void
ext2fs_dir_write(struct inode *dp, struct buf *bp)
{
	if (dp->i_flags & EXT2_INDEX_FL) {
		dp->i_flags &= ~EXT2_INDEX_FL;
		dp->i_flag |= IN_MODIFIED;
	}
	dp->i_flag |= IN_CHANGE | IN_UPDATE;
	/* every entry change is ordered (ext2fs.h); a failure stays dirty */
	if ((dp->i_ump->um_mountp->mnt_flag & MNT_SYNCHRONOUS) ||
	    ext2fs_ordered(dp->i_ump))
		(void)bwrite(bp);
	else
		bdwrite(bp);
}

/* Try to fit a record of need bytes in block bp; 0 if placed at *offp. */
static int
try_block(struct inode *dp, struct buf *bp, uint64_t lbn, const char *name,
    size_t namelen, ino_t ino, uint8_t ft, uint32_t *offp)
{
	struct m_ext2fs *fs = dp->i_e2fs;
	uint32_t need = E2FS_DIRSIZ(namelen), off, used;
	struct ext2fs_dent de;
	const char *why;

	for (off = 0; off < fs->e2fs_bsize; off += de.de_reclen) {
		if (ext2fs_dirent_parse(bp->b_data, fs->e2fs_bsize, off,
		    has_ftype(fs), &de, &why) != 0) {
			char msg[80];
			snprintf(msg, sizeof(msg), "directory block %llu: %s",
			    (unsigned long long)lbn, why);
			return ext2fs_corrupt(dp, msg);
		}
		used = de.de_ino ? E2FS_DIRSIZ(de.de_namlen) : 0;
		if (de.de_reclen - used < need)
			continue;
		if (used != 0) {
			ext2fs_dirent_setreclen(bp->b_data, fs->e2fs_bsize,
			    off, used);
			off += used;
		}
		ext2fs_dirent_pack(bp->b_data, fs->e2fs_bsize, off,
		    (uint32_t)ino, de.de_reclen - used, name,
		    (uint32_t)namelen, ft, has_ftype(fs));
		*offp = off;
		return 0;
	}
	return ENOSPC;
}

/*
 * Tell a directory's index what changed in block lbn: the entry added at
 * off (name non-NULL), and the block's free space.  An index that cannot
 * follow (no memory) goes: the directory is scanned then.
 */
void
ext2fs_dir_index(struct inode *dp, uint64_t lbn, const uint8_t *blk,
    const char *name, size_t namelen, uint32_t off)
{
	struct genfs_dirhash *dh = dp->i_dirhash;
	uint64_t base = lbn << dp->i_e2fs->e2fs_bshift;

	if (dh == NULL)
		return;
	if ((name != NULL && genfs_dirhash_add(dh, name, namelen,
	    base + off) != 0) || genfs_dirhash_setfree(dh, lbn,
	    ext2fs_dirhash_blkfree(dp->i_e2fs, blk)) != 0)
		ext2fs_dirhash_drop(dp);
}

/* enter the name in block lbn if it fits there: 0, ENOSPC or an error */
static int
enter_block(struct inode *dp, uint64_t lbn, const char *name, size_t namelen,
    ino_t ino, uint8_t ft)
{
	struct buf *bp;
	uint32_t off = 0;
	int error;

	if ((error = ext2fs_blkread(ITOV(dp), lbn, &bp)) != 0)
		return error;
	error = try_block(dp, bp, lbn, name, namelen, ino, ft, &off);
	if (error == 0) {
		ext2fs_dir_index(dp, lbn, bp->b_data, name, namelen, off);
		ext2fs_dir_write(dp, bp);
		return ext2fs_iupdate(dp, 0);
	}
	/* ENOSPC where the index saw room: it learns the truth */
	if (error == ENOSPC)
		ext2fs_dir_index(dp, lbn, bp->b_data, NULL, 0, 0);
	brelse(bp, 0);
	return error;
}

/* a block with room: the index's answer, or each in turn; ENOSPC: none */
static int
enter_existing(struct inode *dp, const char *name, size_t namelen,
    ino_t ino, uint8_t ft)
{
	uint64_t lbn, nblk = dp->i_size >> dp->i_e2fs->e2fs_bshift;
	uint32_t need = E2FS_DIRSIZ(namelen);
	struct genfs_dirhash *dh = ext2fs_dirhash(dp);
	int64_t blk;
	int error;

	while (dh != NULL && (blk = genfs_dirhash_findfree(dh, need)) >= 0 &&
	    (uint64_t)blk < nblk) {
		error = enter_block(dp, (uint64_t)blk, name, namelen, ino, ft);
		if (error != ENOSPC)
			return error;
		dh = dp->i_dirhash;
	}
	if (dh != NULL)
		return ENOSPC;
	for (lbn = 0; lbn < nblk; lbn++)
		if ((error = enter_block(dp, lbn, name, namelen, ino,
		    ft)) != ENOSPC)
			return error;
	return ENOSPC;
}

int
ext2fs_direnter(struct vnode *dvp, const char *name, size_t namelen,
    ino_t ino, int mode, kauth_cred_t cred)
{
	struct inode *dp = VTOI(dvp);
	struct m_ext2fs *fs = dp->i_e2fs;
	uint64_t nblk = dp->i_size >> fs->e2fs_bshift, pbn;
	uint8_t ft = ext2fs_mode2ft((uint32_t)mode);
	struct buf *bp;
	bool isnew;
	int error;

	if (namelen == 0 || namelen > E2FS_MAXNAMLEN)
		return ENAMETOOLONG;
	error = enter_existing(dp, name, namelen, ino, ft);
	if (error != ENOSPC)
		return error;
	/* no room: append a block */
	if ((uint64_t)(nblk + 1) << fs->e2fs_bshift > UINT32_MAX)
		return EFBIG;
	error = ext2fs_balloc(dp, nblk, cred, &pbn, &isnew);
	if (error)
		return error;
	bp = getblk(dvp, (daddr_t)nblk, (int)fs->e2fs_bsize, 0, 0);
	if (bp == NULL)
		return ENOMEM;
	memset(bp->b_data, 0, fs->e2fs_bsize);
	ext2fs_dirent_pack(bp->b_data, fs->e2fs_bsize, 0, (uint32_t)ino,
	    fs->e2fs_bsize, name, (uint32_t)namelen, ft, has_ftype(fs));
	ext2fs_dir_index(dp, nblk, bp->b_data, name, namelen, 0);
	ext2fs_setsize(dp, (nblk + 1) << fs->e2fs_bshift);
	ext2fs_dir_write(dp, bp);
	/* the size that reaches the new entry, before anything names it */
	return ext2fs_update_dirop(dp);
}

/*
 * Read the block of slot sl and parse its entry into *de; *inb gets the
 * in-block offset.  The entry must still name the slot's inode: the
 * directory was locked from lookup to here, so anything else is damage,
 * reported as what.
 */
int
ext2fs_slot_read(struct vnode *dvp, const struct ext2fs_slot *sl,
    const char *what, struct buf **bpp, uint32_t *inb, struct ext2fs_dent *de)
{
	struct inode *dp = VTOI(dvp);
	struct m_ext2fs *fs = dp->i_e2fs;
	const char *why;
	int error;

	*inb = sl->sl_off & (fs->e2fs_bsize - 1);
	error = ext2fs_blkread(dvp, sl->sl_off >> fs->e2fs_bshift, bpp);
	if (error != 0)
		return error;
	if (ext2fs_dirent_parse((*bpp)->b_data, fs->e2fs_bsize, *inb,
	    has_ftype(fs), de, &why) != 0 || de->de_ino != sl->sl_ino) {
		brelse(*bpp, 0);
		*bpp = NULL;
		return ext2fs_corrupt(dp, what);
	}
	return 0;
}

/*
 * Take the entry de at in-block offset inb out of block blk: its space
 * joins the record before it (at pinb) when that is its neighbour, else
 * the entry is marked unused.
 */
int
ext2fs_slot_drop(struct inode *dp, uint8_t *blk, uint32_t pinb, uint32_t inb,
    const struct ext2fs_dent *de)
{
	struct m_ext2fs *fs = dp->i_e2fs;
	struct ext2fs_dent prev;
	const char *why;

	if (pinb == inb) {
		ext2fs_dirent_setino(blk, inb, 0);
		return 0;
	}
	if (ext2fs_dirent_parse(blk, fs->e2fs_bsize, pinb, has_ftype(fs),
	    &prev, &why) != 0)
		return ext2fs_corrupt(dp, "directory changed under removal");
	if (pinb + prev.de_reclen == inb)
		ext2fs_dirent_setreclen(blk, fs->e2fs_bsize, pinb,
		    prev.de_reclen + de->de_reclen);
	else
		ext2fs_dirent_setino(blk, inb, 0);
	return 0;
}

int
ext2fs_dirremove(struct vnode *dvp, const struct ext2fs_slot *sl)
{
	struct inode *dp = VTOI(dvp);
	struct m_ext2fs *fs = dp->i_e2fs;
	struct ext2fs_dent de;
	struct buf *bp;
	uint32_t inb;
	int error;

	error = ext2fs_slot_read(dvp, sl,
	    "directory changed under removal", &bp, &inb, &de);
	if (error != 0)
		return error;
	error = ext2fs_slot_drop(dp, bp->b_data,
	    sl->sl_prevoff & (fs->e2fs_bsize - 1), inb, &de);
	if (error != 0) {
		brelse(bp, 0);
		return error;
	}
	if (dp->i_dirhash != NULL)
		genfs_dirhash_remove(dp->i_dirhash, de.de_name, de.de_namlen,
		    sl->sl_off);
	ext2fs_dir_index(dp, sl->sl_off >> fs->e2fs_bshift, bp->b_data, NULL, 0,
	    0);
	ext2fs_dir_write(dp, bp);
	return ext2fs_iupdate(dp, 0);
}

int
ext2fs_dirrewrite(struct vnode *dvp, const struct ext2fs_slot *sl,
    ino_t ino, int mode)
{
	struct inode *dp = VTOI(dvp);
	struct ext2fs_dent de;
	struct buf *bp;
	uint32_t inb;
	int error;

	error = ext2fs_slot_read(dvp, sl,
	    "directory changed under rename", &bp, &inb, &de);
	if (error != 0)
		return error;
	ext2fs_dirent_setino(bp->b_data, inb, (uint32_t)ino);
	if (has_ftype(dp->i_e2fs))
		((uint8_t *)bp->b_data)[inb + 7] =
		    ext2fs_mode2ft((uint32_t)mode);
	ext2fs_dir_write(dp, bp);
	return ext2fs_iupdate(dp, 0);
}

/*
 * Empty: nothing but "." and ".." in their places.  A hidden entry
 * (ext2fs_dent_hidden) counts as content: removing the directory would
 * leave the inode it names with a link count too high.
 */
int
ext2fs_dirempty(struct vnode *vp, ino_t parent, bool *empty)
{
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint64_t lbn, nblk = ip->i_size >> fs->e2fs_bshift;
	struct ext2fs_dent de;
	const char *why;
	struct buf *bp;
	uint32_t off;
	unsigned idx;
	int error;

	*empty = true;
	for (lbn = 0; lbn < nblk && *empty; lbn++) {
		if ((error = ext2fs_blkread(vp, lbn, &bp)) != 0)
			return error;
		idx = lbn == 0 ? 0 : 2;
		for (off = 0; off < fs->e2fs_bsize;
		    off += de.de_reclen, idx += idx < 2) {
			if (ext2fs_dirent_parse(bp->b_data, fs->e2fs_bsize,
			    off, has_ftype(fs), &de, &why) != 0) {
				brelse(bp, 0);
				return ext2fs_corrupt(ip, why);
			}
			if (de.de_ino == 0)
				continue;
			if (idx < 2 && de.de_namlen == idx + 1 &&
			    memcmp(de.de_name, "..", idx + 1) == 0)
				continue;	/* '.' first, '..' second */
			(void)ext2fs_dent_hidden(ip, &de,
			    (lbn << fs->e2fs_bshift) + off, idx);
			*empty = false;
			break;
		}
		brelse(bp, 0);
	}
	return 0;
}

/* The first block of a new directory: "." and "..". */
int
ext2fs_dirinit(struct vnode *vp, ino_t parent, kauth_cred_t cred)
{
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	uint8_t ft = has_ftype(fs) ? EXT2_FT_DIR : 0;
	struct buf *bp;
	uint64_t pbn;
	bool isnew;
	int error;

	error = ext2fs_balloc(ip, 0, cred, &pbn, &isnew);
	if (error)
		return error;
	bp = getblk(vp, 0, (int)fs->e2fs_bsize, 0, 0);
	if (bp == NULL)
		return ENOMEM;
	memset(bp->b_data, 0, fs->e2fs_bsize);
	ext2fs_dirent_pack(bp->b_data, fs->e2fs_bsize, 0,
	    (uint32_t)ip->i_number, 12, ".", 1, ft, has_ftype(fs));
	ext2fs_dirent_pack(bp->b_data, fs->e2fs_bsize, 12, (uint32_t)parent,
	    fs->e2fs_bsize - 12, "..", 2, ft, has_ftype(fs));
	ext2fs_setsize(ip, fs->e2fs_bsize);
	ext2fs_dir_write(ip, bp);
	ip->i_flag |= IN_MODIFIED;	/* the caller writes it (mkdir) */
	return 0;
}
