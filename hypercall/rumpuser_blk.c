/*
 * Block backend dispatch and the default backend: buffered pread and
 * pwrite on the host file.
 */
#include <errno.h>
#include <unistd.h>

#include "rumpuser_int.h"

/* Loop over short transfers; a read stops at end of file. */
static int
buffered_rw(struct rumpuser_fdinfo *fi, int op, void *buf, size_t len,
    int64_t off, size_t *donep)
{
	char *p = buf;
	size_t done = 0;
	ssize_t n;

	while (done < len) {
		if (op & RUMPUSER_BIO_WRITE)
			n = pwrite(fi->fi_fd, p + done, len - done,
			    (off_t)(off + (int64_t)done));
		else
			n = pread(fi->fi_fd, p + done, len - done,
			    (off_t)(off + (int64_t)done));
		if (n == -1) {
			if (errno == EINTR)
				continue;
			*donep = done;
			return rumpuser__errtrans(errno);
		}
		if (n == 0) {
			if (op & RUMPUSER_BIO_WRITE) {
				*donep = done;
				return ENOSPC;
			}
			break;
		}
		done += (size_t)n;
	}
	*donep = done;
	return 0;
}

const struct rumpuser_blkops rumpuser__blk_buffered = {
	.bo_name = "buffered",
	.bo_rw = buffered_rw,
};

int
rumpuser__blk_rw(int fd, int op, void *buf, size_t len, int64_t off,
    size_t *donep)
{
	struct rumpuser_fdinfo *fi, plain;

	*donep = 0;
	if (off < 0 || (uint64_t)len > (uint64_t)INT64_MAX - (uint64_t)off)
		return EINVAL;
	fi = rumpuser__fd_lookup(fd);
	if (fi == NULL || fi->fi_ops == NULL) {
		plain.fi_fd = fd;
		return buffered_rw(&plain, op, buf, len, off, donep);
	}
	return fi->fi_ops->bo_rw(fi, op, buf, len, off, donep);
}
