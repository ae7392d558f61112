/*
 * A rename within one directory block, written as one block: the name
 * changes in place, or the target's entry is pointed at the file and the
 * file's old entry goes in the same write.  No crash can then leave the
 * file under both names or under none, which e2fsck -p cannot repair for
 * a directory (a second link to it, or an unconnected directory): the
 * two-step rename of ext2fs_rename.c is used only when the names do not
 * share a block or the new name does not fit where the old one was.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/vnode.h>

#include "ext2fs.h"
#include "ext2fs_dir.h"

/* the source's record in place: the new name where the old one was */
static int
local_rename(struct inode *dp, uint8_t *blk, uint32_t inb,
    const struct ext2fs_dent *de, const char *name, size_t namelen)
{
	struct m_ext2fs *fs = dp->i_e2fs;
	bool ftype = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);

	if (de->de_reclen < E2FS_DIRSIZ(namelen))
		return ENOSPC;
	ext2fs_dirent_pack(blk, fs->e2fs_bsize, inb, de->de_ino,
	    de->de_reclen, name, (uint32_t)namelen, de->de_type, ftype);
	return 0;
}

/* the target's record names the file; the source's record goes */
static int
local_replace(struct inode *dp, uint8_t *blk, uint32_t finb, uint32_t pinb,
    uint32_t tinb, const struct ext2fs_dent *de, int mode)
{

	ext2fs_dirent_setino(blk, tinb, de->de_ino);
	if (E2FS_HAS_INCOMPAT(dp->i_e2fs, EXT2F_INCOMPAT_FTYPE))
		blk[tinb + 7] = ext2fs_mode2ft((uint32_t)mode);
	return ext2fs_slot_drop(dp, blk, pinb, finb, de);
}

int
ext2fs_dirrename_local(struct vnode *dvp, const struct ext2fs_slot *fsl,
    const struct ext2fs_slot *tsl, const char *name, size_t namelen,
    int mode)
{
	struct inode *dp = VTOI(dvp);
	struct m_ext2fs *fs = dp->i_e2fs;
	uint32_t mask = fs->e2fs_bsize - 1, finb;
	uint64_t lbn = fsl->sl_off >> fs->e2fs_bshift;
	struct ext2fs_dent de;
	struct buf *bp;
	int error;

	if (tsl != NULL && (tsl->sl_off >> fs->e2fs_bshift) != lbn)
		return ENOSPC;
	error = ext2fs_slot_read(dvp, fsl, "directory changed under rename",
	    &bp, &finb, &de);
	if (error != 0)
		return error;
	/* the index: the old name goes (read while the record still holds
	 * it); a new one comes at the same place */
	if (tsl == NULL && de.de_reclen < E2FS_DIRSIZ(namelen)) {
		brelse(bp, 0);
		return ENOSPC;
	}
	if (dp->i_dirhash != NULL)
		genfs_dirhash_remove(dp->i_dirhash, de.de_name, de.de_namlen,
		    fsl->sl_off);
	if (tsl == NULL)
		error = local_rename(dp, bp->b_data, finb, &de, name, namelen);
	else
		error = local_replace(dp, bp->b_data, finb,
		    fsl->sl_prevoff & mask, tsl->sl_off & mask, &de, mode);
	if (error != 0) {
		brelse(bp, 0);
		return error;
	}
	ext2fs_dir_index(dp, lbn, bp->b_data, tsl == NULL ? name : NULL,
	    namelen, finb);
	ext2fs_dir_write(dp, bp);
	return ext2fs_iupdate(dp, 0);
}
