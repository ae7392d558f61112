/*
 * Scatter/gather file I/O and syncing.
 */
#include <errno.h>
#include <limits.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rumpuser_int.h"

/* Files with a direct or mmap backend go through it, piece by piece. */
static int
iov_backend(int fd, int op, const struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp)
{
	size_t i, done;
	int error = 0;

	*retp = 0;
	for (i = 0; i < iovcnt; i++) {
		error = rumpuser__blk_rw(fd, op, iov[i].iov_base,
		    iov[i].iov_len, off, &done);
		*retp += done;
		off += (int64_t)done;
		if (error != 0 || done < iov[i].iov_len)
			break;
	}
	return error;
}

static int
iov_host(int fd, int op, const struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp)
{
	/* struct rumpuser_iovec has struct iovec's layout. */
	const struct iovec *hiov = (const struct iovec *)(const void *)iov;
	ssize_t n;

	if (iovcnt > IOV_MAX)
		iovcnt = IOV_MAX;	/* a short transfer is allowed */
	do {
		if (off == RUMPUSER_IOV_NOSEEK)
			n = op == RUMPUSER_BIO_WRITE ?
			    writev(fd, hiov, (int)iovcnt) :
			    readv(fd, hiov, (int)iovcnt);
		else
			n = op == RUMPUSER_BIO_WRITE ?
			    pwritev(fd, hiov, (int)iovcnt, (off_t)off) :
			    preadv(fd, hiov, (int)iovcnt, (off_t)off);
	} while (n == -1 && errno == EINTR);
	if (n == -1) {
		*retp = 0;
		return rumpuser__errtrans(errno);
	}
	*retp = (size_t)n;
	return 0;
}

static int
iov_rw(int fd, int op, const struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp)
{
	struct rumpuser_fdinfo *fi;
	int error, crash;

	_Static_assert(sizeof(struct rumpuser_iovec) == sizeof(struct iovec),
	    "iovec layout");
	if (off < 0 && off != RUMPUSER_IOV_NOSEEK)
		return EINVAL;
	crash = rumpuser__crash_armed && op == RUMPUSER_BIO_WRITE &&
	    off != RUMPUSER_IOV_NOSEEK;
	rumpuser__unschedule();
	if (crash)
		rumpuser__crash_enter();
	fi = off == RUMPUSER_IOV_NOSEEK ? NULL : rumpuser__fd_lookup(fd);
	if (fi != NULL && fi->fi_ops != NULL)
		error = iov_backend(fd, op, iov, iovcnt, off, retp);
	else
		error = iov_host(fd, op, iov, iovcnt, off, retp);
	if (crash)
		rumpuser__crash_leave();
	rumpuser__schedule();
	return error;
}

int
rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp)
{

	return iov_rw(fd, RUMPUSER_BIO_READ, iov, iovcnt, off, retp);
}

int
rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp)
{

	return iov_rw(fd, RUMPUSER_BIO_WRITE, iov, iovcnt, off, retp);
}

/*
 * SYNC is fsync, a write barrier or plain WRITE is fdatasync; READ alone
 * has nothing to do.  Descriptors that can't be synced (EINVAL: pipes,
 * character devices) have nothing to flush either.
 */
int
rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len)
{
	int rv = 0;

	if ((flags & (RUMPUSER_SYNCFD_SYNC | RUMPUSER_SYNCFD_BARRIER |
	    RUMPUSER_SYNCFD_WRITE)) == 0)
		return 0;
	rumpuser__unschedule();
	do {
		if (flags & RUMPUSER_SYNCFD_SYNC)
			rv = fsync(fd);
		else
			rv = fdatasync(fd);
	} while (rv == -1 && errno == EINTR);
	rumpuser__schedule();
	if (rv == -1 && errno != EINVAL)
		return rumpuser__errtrans(errno);
	return 0;
}
