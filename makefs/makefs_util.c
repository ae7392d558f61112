/*
 * Small helpers: one-line messages, whole writes to the image, rounding.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "makefs.h"

void
mkfs_warnx(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", mkfs_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* all of buf at off, or -1 with errno */
int
mkfs_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pwrite(fd, p, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

uint64_t
mkfs_howmany(uint64_t v, uint64_t unit)
{
	return v / unit + (v % unit != 0);
}

uint64_t
mkfs_roundup(uint64_t v, uint64_t unit)
{
	return mkfs_howmany(v, unit) * unit;
}
