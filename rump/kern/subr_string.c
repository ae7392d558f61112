/*
 * The kernel's own string functions (libkern).
 */
#include <sys/types.h>
#include <sys/systm.h>

size_t
strlen(const char *s)
{
	const char *p = s;

	while (*p != '\0')
		p++;
	return (size_t)(p - s);
}

size_t
strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int
strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int
strncmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (*a == '\0')
			return 0;
	}
	return 0;
}

char *
strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (*s == '\0')
			return NULL;
	}
}

char *
strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (*s == '\0')
			return (char *)(uintptr_t)last;
	}
}

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t dlen = strnlen(dst, size);

	if (dlen == size)
		return size + strlen(src);
	return dlen + strlcpy(dst + dlen, src, size - dlen);
}

void *
memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n > 0; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

static int
digitval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long
strtoull(const char *s, char **end, int base)
{
	unsigned long long v = 0;
	const char *start = s;
	bool any = false;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	if ((base == 0 || base == 16) && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X') && digitval(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0)
		base = s[0] == '0' ? 8 : 10;
	for (; digitval(*s) < base; s++) {
		unsigned long long nv = v * (unsigned)base +
		    (unsigned)digitval(*s);

		v = nv < v ? ULLONG_MAX : nv;	/* saturate on overflow */
		any = true;
	}
	if (end != NULL)
		*end = (char *)(uintptr_t)(any ? s : start);
	return v;
}

long long
strtoll(const char *s, char **end, int base)
{
	bool neg = false;
	unsigned long long v;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '-') {
		neg = true;
		s++;
	}
	v = strtoull(s, end, base);
	if (neg)
		return v > (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN :
		    -(long long)v;
	return v > (unsigned long long)LLONG_MAX ? LLONG_MAX : (long long)v;
}
