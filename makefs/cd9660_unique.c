/*
 * Names in one directory told apart: after mapping to d-characters (or
 * cutting to 64 Joliet units) two entries may read alike; the later
 * ones, in sorted order, get the smallest number that makes the name
 * new, at the end of the name part ("FOO_BAR1.TXT;1").  A hash of the
 * names taken keeps that linear in the directory's size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cd9660.h"

struct c9_set {
	const struct c9_name **slot;
	size_t mask;
};

static size_t
c9_hash(const struct c9_name *nm)
{
	size_t h = 2166136261u;

	for (unsigned i = 0; i < nm->len; i++)
		h = (h ^ nm->b[i]) * 16777619u;
	return h;
}

/* true if it was not there (and now is) */
static bool
c9_set_add(struct c9_set *s, const struct c9_name *nm)
{
	size_t i = c9_hash(nm) & s->mask;

	for (; s->slot[i] != NULL; i = (i + 1) & s->mask)
		if (s->slot[i]->len == nm->len &&
		    memcmp(s->slot[i]->b, nm->b, nm->len) == 0)
			return false;
	s->slot[i] = nm;
	return true;
}

/* where the name part ends, and how long it may be, in units */
static void
c9_namepart(const struct c9_node *n, bool jol, unsigned level,
    unsigned *endp, unsigned *maxp)
{
	unsigned u = jol ? 2 : 1, len, i;
	bool dir = n->isdir || n->reloc != NULL;
	const struct c9_name *nm = jol ? &n->jol : &n->iso;

	len = nm->len / u;
	*endp = len;
	for (i = len; i > 1; i--) {
		unsigned c = jol ? (unsigned)nm->b[2 * (i - 1)] << 8 |
		    nm->b[2 * (i - 1) + 1] : nm->b[i - 1];

		if (c == '.' && (jol || !dir)) {
			*endp = i - 1;
			break;
		}
	}
	if (jol)
		*maxp = C9_JMAXCH - (len - *endp);
	else if (dir)
		*maxp = level == 1 ? 8 : 31;
	else	/* the extension is what is left less "." and ";1" */
		*maxp = level == 1 ? 8 : 30 - (len - *endp - 3);
}

/* the k-th other name of n */
static void
c9_numbered(struct c9_node *n, const struct c9_name *orig, bool jol,
    unsigned level, unsigned k)
{
	struct c9_name *nm = jol ? &n->jol : &n->iso;
	unsigned u = jol ? 2 : 1, end, max, keep, nd, i;
	char digits[16];

	nm->len = orig->len;
	memcpy(nm->b, orig->b, orig->len);
	c9_namepart(n, jol, level, &end, &max);
	nd = (unsigned)snprintf(digits, sizeof(digits), "%u", k);
	keep = end + nd > max ? max - nd : end;
	memmove(nm->b + (keep + nd) * u, orig->b + end * u,
	    orig->len - end * u);
	for (i = 0; i < nd; i++) {
		if (jol)
			nm->b[2 * (keep + i)] = 0;
		nm->b[(keep + i) * u + u - 1] = (unsigned char)digits[i];
	}
	nm->len = orig->len - (end - keep - nd) * u;
}

static bool c9_sortjol;

static int
c9_kidcmp(const void *a, const void *b)
{
	const struct c9_node *const *x = a, *const *y = b;

	return c9_namecmp(c9_sortjol ? &(*x)->jol : &(*x)->iso,
	    c9_sortjol ? &(*y)->jol : &(*y)->iso, c9_sortjol);
}

static void
c9_sort(struct c9_node **v, size_t n, bool jol)
{
	c9_sortjol = jol;
	if (n > 1)
		qsort(v, n, sizeof(*v), c9_kidcmp);
}

/* sort v by the recorded names and make them unique; -1 on ENOMEM */
int
c9_unique(struct c9_node **v, size_t n, bool jol, unsigned level)
{
	struct c9_set s;
	struct c9_name orig;
	size_t size = 16, i;
	unsigned k = 0;
	bool dup = false;

	if (n == 0)
		return 0;
	c9_sort(v, n, jol);
	while (size < 2 * n)
		size *= 2;
	if ((s.slot = calloc(size, sizeof(*s.slot))) == NULL)
		return -1;
	s.mask = size - 1;
	for (i = 0; i < n; i++)
		if (!c9_set_add(&s, jol ? &v[i]->jol : &v[i]->iso))
			dup = true;
	orig = jol ? v[0]->jol : v[0]->iso;
	for (i = 1; dup && i < n; i++) {
		struct c9_name *nm = jol ? &v[i]->jol : &v[i]->iso;

		if (nm->len != orig.len || memcmp(nm->b, orig.b, nm->len)) {
			orig = *nm;	/* a new name: v is sorted */
			k = 0;
			continue;
		}
		do
			c9_numbered(v[i], &orig, jol, level, ++k);
		while (!c9_set_add(&s, nm));
	}
	free(s.slot);
	if (dup)
		c9_sort(v, n, jol);
	return 0;
}
