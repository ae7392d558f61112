/*
 * The shortest edit script between two lists of lines: E. Myers, "An
 * O(ND) Difference Algorithm and Its Variations" (1986), the greedy
 * forward search.  For each number of edits d the furthest point reached
 * on each diagonal k (x - y = k) is kept, so that the path can be walked
 * back from the end.  Memory grows as d squared: fine for the files
 * people diff by hand; the caller falls back to "Files differ" beyond.
 */
#include <stdlib.h>
#include <string.h>

#include "fsu_udiff.h"

#define MYERS_DMAX	3000

struct myers {
	const struct utext *a, *b;
	long **trace;		/* trace[d][k + d + 1]: V before round d */
	long dmax;
};

static int
same(const struct myers *m, long x, long y)
{
	const struct uline *p = &m->a->l[x], *q = &m->b->l[y];

	return p->len == q->len && memcmp(p->s, q->s, p->len) == 0;
}

/* rounds until the end is reached; the number of edits, -1: no memory */
static long
myers_search(struct myers *m, long *v, long off)
{
	long n = (long)m->a->n, mm = (long)m->b->n, d, k, x, y;

	v[off + 1] = 0;
	for (d = 0; d <= m->dmax; d++) {
		/* keep V[-d-1 .. d+1] for the walk back */
		if ((m->trace[d] = malloc((size_t)(2 * d + 3) *
		    sizeof(long))) == NULL)
			return -1;
		memcpy(m->trace[d], v + off - d - 1, (size_t)(2 * d + 3) *
		    sizeof(long));
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[off + k - 1] <
			    v[off + k + 1]))
				x = v[off + k + 1];	/* down: insert */
			else
				x = v[off + k - 1] + 1; /* right: delete */
			for (y = x - k; x < n && y < mm && same(m, x, y); )
				x++, y++;
			v[off + k] = x;
			if (x >= n && y >= mm)
				return d;
		}
	}
	return -1;
}

/* walk back from the end: the steps, last first */
static size_t
myers_back(const struct myers *m, long dend, struct uop *ops)
{
	long x = (long)m->a->n, y = (long)m->b->n, d, k, pk, px, py;
	size_t n = 0;

	for (d = dend; d >= 0; d--) {
		/* v[k] for k from -d-1 to d+1 */
		const long *v = m->trace[d] + d + 1;

		k = x - y;
		pk = (k == -d || (k != d && v[k - 1] < v[k + 1])) ? k + 1 :
		    k - 1;
		px = v[pk];
		py = px - pk;
		for (; x > px && y > py; x--, y--)
			ops[n++] = (struct uop){ ' ', (size_t)x - 1,
			    (size_t)y - 1 };
		if (d == 0)
			break;
		if (x == px)
			ops[n++] = (struct uop){ '+', (size_t)x,
			    (size_t)--y };
		else
			ops[n++] = (struct uop){ '-', (size_t)--x,
			    (size_t)y };
	}
	return n;
}

struct uop *
fsu_myers(const struct utext *a, const struct utext *b, size_t *nops)
{
	struct myers m = { a, b, NULL, (long)(a->n + b->n) };
	struct uop *ops;
	long off, d = -1, *v;

	if (m.dmax > MYERS_DMAX)	/* the trace stays under 80 MB */
		m.dmax = MYERS_DMAX;
	off = m.dmax + 1;
	v = calloc((size_t)(2 * off + 1), sizeof(long));
	ops = malloc((a->n + b->n + 1) * sizeof(*ops));
	m.trace = calloc((size_t)m.dmax + 1, sizeof(*m.trace));
	if (v != NULL && ops != NULL && m.trace != NULL)
		d = myers_search(&m, v, off);
	if (d >= 0) {
		*nops = myers_back(&m, d, ops);
		/* the walk back gave them last first */
		for (size_t i = 0; i < *nops / 2; i++) {
			struct uop t = ops[i];

			ops[i] = ops[*nops - 1 - i];
			ops[*nops - 1 - i] = t;
		}
	}
	for (long i = 0; m.trace && i <= m.dmax && m.trace[i]; i++)
		free(m.trace[i]);
	free(m.trace);
	free(v);
	if (d < 0) {
		free(ops);
		return NULL;
	}
	return ops;
}
