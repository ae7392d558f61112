/*
 * Small helpers: one-line messages, whole writes to the image, rounding.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/*
 * -O: the formatters write the file system at its own offsets; the
 * image's writes are moved by the offset here, in one place, rather
 * than in every formatter.  Other files (scratch copies) are not moved.
 */
static int mkfs_win_fd = -1;
static uint64_t mkfs_win_base;

void
mkfs_pwrite_window(int fd, uint64_t base)
{
	mkfs_win_fd = base != 0 ? fd : -1;
	mkfs_win_base = base;
}

/* all of buf at off, or -1 with errno */
int
mkfs_pwrite(int fd, const void *buf, size_t len, uint64_t off)
{
	const char *p = buf;
	ssize_t n;

	if (fd == mkfs_win_fd)
		off += mkfs_win_base;

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

/*
 * The array v of n elements of elsize with room for one more (capacity
 * *capp, doubled when full): v itself, or its new place; NULL if out of
 * memory (v then unchanged).
 */
void *
mkfs_grow(void *v, size_t n, size_t *capp, size_t elsize)
{
	size_t cap;

	if (n < *capp)
		return v;
	cap = *capp ? *capp * 2 : 8;
	if ((v = realloc(v, cap * elsize)) != NULL)
		*capp = cap;
	return v;
}
