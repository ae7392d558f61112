/*
 * VOP_READDIR: directory records become struct dirent records.  The
 * cookie is the byte offset of a record in the directory; a cookie that
 * is not on a record boundary (the directory changed) resumes at the next
 * record of its block.  An entry with a bad name (ext2fs_dent_hidden) is
 * skipped like a free record: never handed up.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/buf.h>
#include <sys/uio.h>
#include <sys/dirent.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>

#include "ext2fs.h"
#include "ext2fs_dir.h"

/* Emit one entry and move the cookie past it; EJUSTRETURN when full. */
static int
emit(struct uio *uio, const struct ext2fs_dent *de, off_t next, bool ftype)
{
	int error;

	error = genfs_dirent_emit(uio, de->de_ino, de->de_name, de->de_namlen,
	    ftype ? ext2fs_ft2dt(de->de_type) : DT_UNKNOWN, next);
	if (error == 0)
		uio->uio_offset = next;
	return error;
}

int
ext2fs_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct uio *uio = ap->a_uio;
	struct inode *ip = VTOI(vp);
	struct m_ext2fs *fs = ip->i_e2fs;
	bool ftype = E2FS_HAS_INCOMPAT(fs, EXT2F_INCOMPAT_FTYPE);
	struct ext2fs_dent de;
	const char *why;
	struct buf *bp;
	uint64_t lbn;
	uint32_t off;
	unsigned idx;
	off_t start;
	int error = 0, n = 0;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (ap->a_eofflag)
		*ap->a_eofflag = 0;
	while (error == 0 && (uint64_t)uio->uio_offset < ip->i_size) {
		start = uio->uio_offset;
		lbn = (uint64_t)start >> fs->e2fs_bshift;
		if ((error = ext2fs_blkread(vp, lbn, &bp)) != 0)
			break;
		idx = lbn == 0 ? 0 : 2;
		for (off = 0; off < fs->e2fs_bsize;
		    off += de.de_reclen, idx += idx < 2) {
			off_t here = (off_t)(lbn << fs->e2fs_bshift) + off;
			if (ext2fs_dirent_parse(bp->b_data, fs->e2fs_bsize,
			    off, ftype, &de, &why) != 0) {
				error = ext2fs_corrupt(ip, why);
				break;
			}
			if (here < start)
				continue;
			if (de.de_ino == 0 ||
			    ext2fs_dent_hidden(ip, &de, (uint64_t)here, idx)) {
				uio->uio_offset = here + de.de_reclen;
				continue;
			}
			error = emit(uio, &de, here + de.de_reclen, ftype);
			if (error)
				break;
			n++;
		}
		brelse(bp, 0);
		if (error == 0)	/* the whole block is done */
			uio->uio_offset = (off_t)((lbn + 1) << fs->e2fs_bshift);
	}
	error = genfs_dirent_end(error, n);
	if (error == 0 && (uint64_t)uio->uio_offset >= ip->i_size &&
	    ap->a_eofflag)
		*ap->a_eofflag = 1;
	if (!fs->e2fs_ronly)
		ext2fs_accessed(ip);
	return error;
}
