/*
 * VOP_READDIR: directory entries as struct dirent records.  The cookie
 * (uio_offset, d_off) is the byte offset of an entry in the directory.
 */
#include <sys/types.h>
#include <sys/dirent.h>
#include <sys/kmem.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/systm.h>
#include <sys/uio.h>
#include <sys/vnode.h>

#include "ffs_int.h"

struct ufs_rd {
	struct uio *uio;
	struct dirent d;
	int64_t next;		/* cookie to resume at */
	int count;
};

static int
ufs_readdir_fn(void *arg, const struct ufs_dent *de, int64_t off)
{
	struct ufs_rd *rd = arg;
	struct dirent *d = &rd->d;
	size_t reclen = _DIRENT_RECLEN(de->namlen);
	int error;

	if (rd->uio->uio_resid < reclen)
		return rd->count > 0 ? UFS_DIR_STOP : EINVAL;
	memset(d, 0, reclen);
	d->d_fileno = de->ino;
	d->d_off = off + de->reclen;
	d->d_reclen = (uint16_t)reclen;
	d->d_namlen = de->namlen;
	d->d_type = de->type == UFS_DT_WHT ? DT_UNKNOWN : de->type;
	memcpy(d->d_name, de->name, de->namlen);
	d->d_name[de->namlen] = '\0';
	if ((error = uiomove(d, reclen, rd->uio)) != 0)
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
	struct ufs_rd *rd;
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
	if ((rd = kmem_zalloc(sizeof(*rd), KM_SLEEP)) == NULL)
		return ENOMEM;
	rd->uio = uio;
	rd->next = (int64_t)dp->i_din.size;
	error = ufs_dir_walk(dp, uio->uio_offset, ufs_readdir_fn, rd);
	/* uiomove moved uio_offset by bytes copied: set the cookie */
	if (error == UFS_DIR_STOP) {
		uio->uio_offset = rd->next;
		error = 0;
	} else if (error == 0) {
		uio->uio_offset = (off_t)dp->i_din.size;
		if (ap->a_eofflag != NULL)
			*ap->a_eofflag = 1;
	}
	kmem_free(rd, sizeof(*rd));
	return error;
}
