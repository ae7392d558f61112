/*
 * VOP_READDIR: directory entries as struct dirent records.  The cookie
 * (uio_offset, d_off) is the byte offset of an entry in the directory.
 */
#include <sys/types.h>
#include <sys/dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#include "ffs_int.h"

struct ufs_rd {
	struct uio *uio;
	int64_t next;		/* cookie to resume at */
	int count;
};

static int
ufs_readdir_fn(void *arg, const struct ufs_dent *de, int64_t off)
{
	struct ufs_rd *rd = arg;
	int error;

	/* EJUSTRETURN (the buffer is full) ends the walk too */
	error = genfs_dirent_emit(rd->uio, de->ino, de->name, de->namlen,
	    de->type == UFS_DT_WHT ? DT_UNKNOWN : de->type, off + de->reclen);
	if (error != 0)
		return error;
	rd->next = off + de->reclen;
	rd->count++;
	return 0;
}

int
ufs_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct inode *dp = VTOI(vp);
	struct uio *uio = ap->a_uio;
	struct ufs_rd rd = { .uio = uio, .next = (int64_t)dp->i_din.size };
	int error;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (ap->a_eofflag != NULL)
		*ap->a_eofflag = 0;
	if (uio->uio_offset < 0)
		return EINVAL;
	if ((uint64_t)uio->uio_offset >= dp->i_din.size) {
		if (ap->a_eofflag != NULL)
			*ap->a_eofflag = 1;
		return 0;
	}
	error = ufs_dir_walk(dp, uio->uio_offset, ufs_readdir_fn, &rd);
	/* uiomove moved uio_offset by bytes copied: set the cookie */
	if (error == EJUSTRETURN && rd.count > 0) {
		uio->uio_offset = rd.next;
	} else if (error == 0) {
		uio->uio_offset = (off_t)dp->i_din.size;
		if (ap->a_eofflag != NULL)
			*ap->a_eofflag = 1;
	}
	return genfs_dirent_end(error, rd.count);
}
