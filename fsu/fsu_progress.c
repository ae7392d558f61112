/*
 * Progress of a tree copy on a terminal: one line on stderr, redrawn in
 * place ("fsu_get: 1234 files, 56.7M"), ended by a newline when the copy
 * is over.  Only when the caller asked (stderr is a tty): a log or a pipe
 * gets nothing.
 */
#include <stdio.h>

#include "fsu_copy_int.h"

static int64_t
cp_ms(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

void
cp_progress(struct copyctx *c, bool last)
{
	struct timespec now;
	char size[32];

	if (!c->o->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* redrawing costs a write to the terminal: 5 a second is enough */
	if (!last && c->shown.tv_sec != 0 && cp_ms(&now) - cp_ms(&c->shown) <
	    200)
		return;
	c->shown = now;
	fsu_humansize((int64_t)c->bytes, size, sizeof(size));
	/* the padding covers a shorter size after a longer one ("1023K") */
	fprintf(stderr, "\r%s: %llu file%s, %-6s", fsu_cmdname(),
	    (unsigned long long)c->files, c->files == 1 ? "" : "s", size);
	if (last)
		fputc('\n', stderr);
	fflush(stderr);
}
