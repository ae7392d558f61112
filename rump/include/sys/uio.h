#ifndef _SYS_UIO_H_
#define _SYS_UIO_H_

#include <sys/types.h>

enum uio_rw { UIO_READ, UIO_WRITE };
enum uio_seg { UIO_USERSPACE, UIO_SYSSPACE };

struct uio {
	struct iovec *uio_iov;
	int uio_iovcnt;
	off_t uio_offset;
	size_t uio_resid;
	enum uio_rw uio_rw;
	enum uio_seg uio_seg;
};

#define UIO_MAXIOV	1024

/* copy n bytes between buf and the uio, advancing it */
int uiomove(void *buf, size_t n, struct uio *uio);
/* zero-fill n bytes of a read uio */
int uiomove_zero(size_t n, struct uio *uio);
/* a one-iovec kernel uio */
void uio_setup_sys(struct uio *uio, struct iovec *iov, void *buf,
    size_t len, off_t off, enum uio_rw rw);

#endif /* _SYS_UIO_H_ */
