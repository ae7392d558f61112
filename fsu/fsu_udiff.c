/*
 * Printing an edit script as diff -u hunks: 3 lines of context, hunks
 * closer than twice that merged, "@@ -start,count +start,count @@" with
 * the count left out when it is 1 and the start the line before when it
 * is 0, and the "\ No newline at end of file" marker.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu_udiff.h"

#define CONTEXT 3

int
fsu_lines(const char *buf, size_t len, struct utext *t)
{
	size_t cap = 64, start = 0;
	const char *nl;

	t->n = 0;
	if ((t->l = malloc(cap * sizeof(*t->l))) == NULL)
		return -1;
	while (start < len) {
		nl = memchr(buf + start, '\n', len - start);
		if (t->n == cap) {
			void *v = realloc(t->l, (cap *= 2) * sizeof(*t->l));

			if (v == NULL)
				return -1;
			t->l = v;
		}
		t->l[t->n].s = buf + start;
		t->l[t->n].len = nl ? (size_t)(nl - buf) + 1 - start :
		    len - start;
		start += t->l[t->n++].len;
	}
	return 0;
}

static void
uline(char mark, const struct uline *l)
{
	putchar(mark);
	fwrite(l->s, 1, l->len, stdout);
	if (l->len == 0 || l->s[l->len - 1] != '\n')
		fputs("\n\\ No newline at end of file\n", stdout);
}

static void
urange(char side, size_t start, size_t count)
{
	/* an empty range names the line before it */
	if (count == 1)
		printf("%c%zu", side, start + 1);
	else
		printf("%c%zu,%zu", side, count ? start + 1 : start, count);
}

static void
uhunk(const struct utext *a, const struct utext *b, const struct uop *ops,
    size_t from, size_t to)
{
	size_t na = 0, nb = 0, i;

	for (i = from; i < to; i++) {
		na += ops[i].op != '+';
		nb += ops[i].op != '-';
	}
	printf("@@ ");
	urange('-', ops[from].ax, na);
	putchar(' ');
	urange('+', ops[from].by, nb);
	printf(" @@\n");
	for (i = from; i < to; i++) {
		if (ops[i].op == '+')
			uline('+', &b->l[ops[i].by]);
		else
			uline(ops[i].op, &a->l[ops[i].ax]);
	}
}

/* the end of the hunk whose first change is at j */
static size_t
uhunk_end(const struct uop *ops, size_t n, size_t j)
{
	size_t e = j, r;

	for (;;) {
		while (e < n && ops[e].op != ' ')
			e++;
		for (r = e; r < n && ops[r].op == ' '; r++)
			continue;
		if (r == n || r - e > 2 * CONTEXT)
			break;
		e = r;
	}
	return e + CONTEXT < n ? e + CONTEXT : n;
}

void
fsu_uhunks(const struct utext *a, const struct utext *b,
    const struct uop *ops, size_t n)
{
	size_t i = 0, j, end;

	while (i < n) {
		for (j = i; j < n && ops[j].op == ' '; j++)
			continue;
		if (j == n)
			break;
		end = uhunk_end(ops, n, j);
		uhunk(a, b, ops, j >= i + CONTEXT ? j - CONTEXT : i, end);
		i = end;
	}
}
