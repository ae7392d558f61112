/*
 * VOP_READDIR: the entries of cd9660_dir.c's walk as struct dirent
 * records.  The cookie is the byte offset of an entry's record in the
 * directory; hidden entries (relocated directories, associated files,
 * damaged records) are stepped over.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/uio.h>
#include <sys/kmem.h>
#include <sys/genfs.h>

#include "cd9660.h"

int
cd9660_readdir(struct vop_readdir_args *ap)
{
	struct vnode *vp = ap->a_vp;
	struct uio *uio = ap->a_uio;
	struct cd9660_node *dp = VTOI(vp);
	struct cd9660_diter di;
	struct cd9660_dent *de;
	int error, n = 0;

	if (vp->v_type != VDIR)
		return ENOTDIR;
	if (uio->uio_offset < 0)
		return EINVAL;
	if (ap->a_eofflag)
		*ap->a_eofflag = 0;
	if ((de = kmem_alloc(sizeof(*de), KM_SLEEP)) == NULL)
		return ENOMEM;
	if ((error = cd9660_diter_init(&di, dp)) != 0) {
		kmem_free(de, sizeof(*de));
		return error;
	}
	while ((uint64_t)uio->uio_offset < dp->in_size) {
		error = cd9660_diter_next(&di, (uint64_t)uio->uio_offset, de);
		if (error == ENOENT) {
			error = 0;
			uio->uio_offset = (off_t)dp->in_size;
			break;
		}
		if (error == 0 && !de->de_hidden) {
			error = genfs_dirent_emit(uio, de->de_ino, de->de_name,
			    de->de_namlen, de->de_type, (off_t)de->de_next);
			n += error == 0;
		}
		if (error != 0)
			break;
		uio->uio_offset = (off_t)de->de_next;
	}
	cd9660_diter_done(&di);
	kmem_free(de, sizeof(*de));
	error = genfs_dirent_end(error, n);
	if (error == 0 && (uint64_t)uio->uio_offset >= dp->in_size &&
	    ap->a_eofflag)
		*ap->a_eofflag = 1;
	return error;
}
