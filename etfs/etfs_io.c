/*
 * Synchronous host I/O on a key's window, for REG keys and the character
 * device: the uio's memory is host memory, so its segments go straight to
 * rumpuser_iovread/iovwrite (which use the descriptor's backend).
 */
#include <rump/rumpuser.h>

#include "../rump/fs/rumpfs/rumpfs_int.h"
#include "etfs_int.h"

/* the window's current size: a growing REG key follows the host file */
static uint64_t
etfs_cursize(struct etfs_dev *ed)
{
	uint64_t sz;
	int type;

	if (ed->ed_grow && rumpuser_getfileinfo(ed->ed_hostpath, &sz,
	    &type) == 0)
		ed->ed_size = sz > ed->ed_begin ? sz - ed->ed_begin : 0;
	return ed->ed_size;
}

static void
uio_advance(struct uio *uio, size_t n)
{
	struct iovec *iov = uio->uio_iov;

	iov->iov_base = (char *)iov->iov_base + n;
	iov->iov_len -= n;
	uio->uio_resid -= n;
	uio->uio_offset += (off_t)n;
	if (iov->iov_len == 0) {
		uio->uio_iov++;
		uio->uio_iovcnt--;
	}
}

int
etfs_io(struct etfs_dev *ed, struct uio *uio)
{
	struct rumpuser_iovec riov;
	bool rd = uio->uio_rw == UIO_READ;
	uint64_t size, off;
	size_t n, ret;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	if (!rd && ed->ed_rdonly)
		return EROFS;
	size = etfs_cursize(ed);
	while (uio->uio_resid > 0 && uio->uio_iovcnt > 0) {
		if (uio->uio_iov->iov_len == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		off = (uint64_t)uio->uio_offset;
		n = uio->uio_iov->iov_len;
		if (!(ed->ed_grow && !rd)) {
			if (off >= size) {
				if (!rd && uio->uio_resid != 0)
					error = ENOSPC;
				break;
			}
			n = (size_t)MIN((uint64_t)n, size - off);
		}
		riov.iov_base = uio->uio_iov->iov_base;
		riov.iov_len = n;
		if (rd)
			error = rumpuser_iovread(ed->ed_fd, &riov, 1,
			    (int64_t)(ed->ed_begin + off), &ret);
		else
			error = rumpuser_iovwrite(ed->ed_fd, &riov, 1,
			    (int64_t)(ed->ed_begin + off), &ret);
		if (error != 0)
			break;
		uio_advance(uio, ret);
		if (ret < n)
			break;		/* end of the host file */
	}
	return error;
}
