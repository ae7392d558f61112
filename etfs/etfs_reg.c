/*
 * REG keys: rumpfs regular files whose contents are a window of a host
 * file.
 */
#include <rump/rumpuser.h>

#include "../rump/fs/rumpfs/rumpfs_int.h"
#include "etfs_int.h"

static int
etfs_reg_read(void *cookie, struct uio *uio)
{

	return etfs_io(cookie, uio);
}

static int
etfs_reg_write(void *cookie, struct uio *uio, int ioflag)
{
	struct etfs_dev *ed = cookie;
	uint64_t sz;
	int type, error;

	if (ioflag & IO_APPEND) {
		if (ed->ed_grow && rumpuser_getfileinfo(ed->ed_hostpath, &sz,
		    &type) == 0)
			ed->ed_size = sz > ed->ed_begin ? sz - ed->ed_begin : 0;
		uio->uio_offset = (off_t)ed->ed_size;
	}
	error = etfs_io(ed, uio);
	if (error == 0 && ed->ed_grow &&
	    (uint64_t)uio->uio_offset > ed->ed_size)
		ed->ed_size = (uint64_t)uio->uio_offset;
	if (error == 0 && (ioflag & (IO_SYNC | IO_DSYNC)))
		error = rumpuser_syncfd(ed->ed_fd, RUMPUSER_SYNCFD_WRITE |
		    RUMPUSER_SYNCFD_BARRIER, ed->ed_begin, ed->ed_size);
	return error;
}

static int
etfs_reg_getsize(void *cookie, off_t *sizep)
{
	struct etfs_dev *ed = cookie;
	uint64_t sz;
	int type;

	if (ed->ed_grow && rumpuser_getfileinfo(ed->ed_hostpath, &sz,
	    &type) == 0)
		ed->ed_size = sz > ed->ed_begin ? sz - ed->ed_begin : 0;
	*sizep = (off_t)ed->ed_size;
	return 0;
}

static int
etfs_reg_fsync(void *cookie)
{
	struct etfs_dev *ed = cookie;

	if (ed->ed_rdonly)
		return 0;
	return rumpuser_syncfd(ed->ed_fd, RUMPUSER_SYNCFD_WRITE |
	    RUMPUSER_SYNCFD_SYNC, ed->ed_begin, ed->ed_size);
}

/* a file found in an etfs directory goes with the directory's key */
static void
etfs_reg_release(void *cookie)
{

	etfs_dev_free(cookie);
}

const struct rumpfs_etfs_ops etfs_reg_ops = {
	.eo_read = etfs_reg_read,
	.eo_write = etfs_reg_write,
	.eo_getsize = etfs_reg_getsize,
	.eo_fsync = etfs_reg_fsync,
	.eo_release = etfs_reg_release,
};
