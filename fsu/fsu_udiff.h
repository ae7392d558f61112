/*
 * Unified diffs of two texts in memory (diff -u): fsu_myers.c finds the
 * shortest edit script, fsu_udiff.c prints it as hunks.
 */
#ifndef FSU_UDIFF_H
#define FSU_UDIFF_H

#include <stddef.h>
#include <stdint.h>

struct uline {
	const char *s;
	size_t len;		/* with its newline, if it has one */
};

struct utext {
	struct uline *l;
	size_t n;
};

/* one step of the script; ax, by: lines of a and b before it */
struct uop {
	char op;		/* ' ' both, '-' only a, '+' only b */
	size_t ax, by;
};

/* the script turning a into b (malloc'd, *nops steps); NULL: no memory */
struct uop *fsu_myers(const struct utext *a, const struct utext *b,
    size_t *nops);
/* split buf into lines (l malloc'd); -1: no memory */
int fsu_lines(const char *buf, size_t len, struct utext *t);
/* print the hunks (3 lines of context) after the two header lines */
void fsu_uhunks(const struct utext *a, const struct utext *b,
    const struct uop *ops, size_t n);

#endif /* FSU_UDIFF_H */
