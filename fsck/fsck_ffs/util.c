/* fsck_ffs: reporting, image I/O and bitmaps */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsck.h"

struct fsck fk;

/* an inconsistency: print it; with -n the answer to "fix?" is no */
void
problem(const char *fmt, ...)
{
	va_list ap;

	fk.errors++;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* cannot go on */
void
pfatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", fk.name ? fk.name : "fsck_ffs");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

int
readat(void *buf, size_t len, int64_t off)
{
	ssize_t n;

	if (off < 0)
		return EINVAL;
	n = pread(fk.fd, buf, len, off);
	if (n < 0)
		return errno;
	if ((size_t)n != len)
		return EIO;
	return 0;
}

int
readfrags(void *buf, int64_t frag, size_t len)
{
	if (frag < 0 || frag >= fk.fs.fs_size)
		return EINVAL;
	return readat(buf, len, frag * (int64_t)fk.fs.fs_fsize);
}

int
writeat(const void *buf, size_t len, int64_t off)
{
	ssize_t n;

	if (off < 0)
		return EINVAL;
	n = pwrite(fk.fd, buf, len, off);
	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
}

void
repaired(int n)
{
	if (!fk.yflag || n <= 0)
		return;
	fk.fixed += n;
	printf("FIXED\n");
}

bool
bit_get(const uint8_t *map, uint64_t i)
{
	return (map[i / 8] >> (i % 8)) & 1;
}

void
bit_set(uint8_t *map, uint64_t i)
{
	map[i / 8] |= (uint8_t)(1u << (i % 8));
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		pfatal("out of memory");
		exit(8);
	}
	return p;
}
