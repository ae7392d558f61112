/* fsck_ffs: reporting, image I/O and bitmaps */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsck.h"

struct fsck fk;

static void
vsay(const char *fmt, va_list ap)
{
	if (fk.pflag)
		printf("%s: ", fk.dev);
	vprintf(fmt, ap);
}

void
say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
}

/* preen met something it must not decide: stop before writing more */
static void __attribute__((__noreturn__))
unexpected(void)
{
	printf("\n%s: UNEXPECTED INCONSISTENCY; RUN fsck_ffs MANUALLY.\n",
	    fk.dev);
	fflush(stdout);
	exit(EXIT_FAILED);
}

/* the past tense BSD prints after a preen repair: CLEAR -> CLEARED */
static void
past(const char *action)
{
	size_t n = strlen(action);

	printf(" (%s%s)\n", action, n > 0 && action[n - 1] == 'E' ? "D" :
	    "ED");
}

bool
fix(int how, const char *action, const char *fmt, ...)
{
	va_list ap;

	fk.errors++;
	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	if (fk.pflag) {
		if (how != P_PREEN || action == NULL) {
			printf("\n");
			unexpected();
		}
		past(action);
		fk.fixed++;
		return true;
	}
	printf("\n");
	if (action == NULL)
		return false;
	printf("%s? %s\n\n", action, fk.yflag ? "yes" : "no");
	if (fk.yflag)
		fk.fixed++;
	return fk.yflag;
}

void
note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(fmt, ap);
	va_end(ap);
	printf("\n");
	if (fk.pflag)
		unexpected();
}

void
fix_failed(const char *fmt, ...)
{
	va_list ap;

	fk.fixed--;
	va_start(ap, fmt);
	vsay(fmt, ap);
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

/* offsets are within the file system; the partition starts at fk.base */
int
readat(void *buf, size_t len, int64_t off)
{
	ssize_t n;

	if (off < 0 || (uint64_t)off + len > fk.mediasize)
		return EINVAL;
	n = pread(fk.fd, buf, len, off + (int64_t)fk.base);
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

	/* -n opened the image read-only; this is a second line of defence */
	if (fk.nflag || off < 0 || (uint64_t)off + len > fk.mediasize)
		return EINVAL;
	n = pwrite(fk.fd, buf, len, off + (int64_t)fk.base);
	if (n < 0)
		return errno;
	return (size_t)n == len ? 0 : EIO;
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

void
bit_clr(uint8_t *map, uint64_t i)
{
	map[i / 8] &= (uint8_t)~(1u << (i % 8));
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL) {
		pfatal("out of memory");
		exit(EXIT_FAILED);
	}
	return p;
}

void *
xrealloc(void *p, size_t sz)
{
	if ((p = realloc(p, sz ? sz : 1)) == NULL) {
		pfatal("out of memory");
		exit(EXIT_FAILED);
	}
	return p;
}
