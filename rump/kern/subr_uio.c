/*
 * Moving data between kernel buffers and uio descriptions.  All memory
 * is the host process's, so copyin/copyout are copies with a NULL check.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/uio.h>

int
uiomove(void *buf, size_t n, struct uio *uio)
{
	char *cp = buf;

	while (n > 0 && uio->uio_resid > 0) {
		struct iovec *iov = uio->uio_iov;
		size_t cnt;

		if (uio->uio_iovcnt <= 0)
			return EINVAL;	/* resid larger than the iovecs */
		if ((cnt = iov->iov_len) == 0) {
			uio->uio_iov++;
			uio->uio_iovcnt--;
			continue;
		}
		if (cnt > n)
			cnt = n;
		if (iov->iov_base == NULL)
			return EFAULT;
		if (uio->uio_rw == UIO_READ)
			memcpy(iov->iov_base, cp, cnt);
		else
			memcpy(cp, iov->iov_base, cnt);
		iov->iov_base = (char *)iov->iov_base + cnt;
		iov->iov_len -= cnt;
		uio->uio_resid -= cnt;
		uio->uio_offset += (off_t)cnt;
		cp += cnt;
		n -= cnt;
	}
	return 0;
}

int
uiomove_zero(size_t n, struct uio *uio)
{
	static const char zeros[512];
	int error = 0;

	KASSERT(uio->uio_rw == UIO_READ);
	while (n > 0 && uio->uio_resid > 0 && error == 0) {
		size_t cnt = n < sizeof(zeros) ? n : sizeof(zeros);

		error = uiomove((void *)(uintptr_t)zeros, cnt, uio);
		n -= cnt;
	}
	return error;
}

void
uio_setup_sys(struct uio *uio, struct iovec *iov, void *buf, size_t len,
    off_t off, enum uio_rw rw)
{
	iov->iov_base = buf;
	iov->iov_len = len;
	uio->uio_iov = iov;
	uio->uio_iovcnt = 1;
	uio->uio_offset = off;
	uio->uio_resid = len;
	uio->uio_rw = rw;
	uio->uio_seg = UIO_SYSSPACE;
}

int
copyin(const void *uaddr, void *kaddr, size_t len)
{
	if (uaddr == NULL && len > 0)
		return EFAULT;
	memcpy(kaddr, uaddr, len);
	return 0;
}

int
copyout(const void *kaddr, void *uaddr, size_t len)
{
	if (uaddr == NULL && len > 0)
		return EFAULT;
	memcpy(uaddr, kaddr, len);
	return 0;
}

int
copyinstr(const void *uaddr, void *kaddr, size_t len, size_t *done)
{
	size_t n;

	if (uaddr == NULL)
		return EFAULT;
	n = strnlen(uaddr, len);
	if (n == len)
		return ENAMETOOLONG;
	memcpy(kaddr, uaddr, n + 1);
	if (done != NULL)
		*done = n + 1;
	return 0;
}
