/*
 * A progress line while the tree goes in, on a terminal only: "makefs:
 * 1234 of 5678 files, 56 of 789 MiB", redrawn in place at most five
 * times a second and ended with a newline.  A log or a pipe gets none.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "makefs.h"

static int64_t
mkfs_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
mkfs_progress_total(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mkfs_progress *p = ctx;

	(void)dir;
	p->allfiles++;
	if (S_ISREG(n->st.st_mode))
		p->allbytes += (uint64_t)n->st.st_size;
	return 0;
}

void
mkfs_progress_init(struct mkfs_progress *p, const struct mkfs_tree *t)
{
	*p = (struct mkfs_progress){ .on = isatty(STDERR_FILENO) == 1 };
	if (p->on)
		(void)mkfs_tree_walk(t->root, mkfs_progress_total, p);
}

void
mkfs_progress(struct mkfs_progress *p, bool last)
{
	int64_t now;

	if (!p->on)
		return;
	now = mkfs_ms();
	if (!last && p->shown != 0 && now - p->shown < 200)
		return;
	p->shown = now;
	fprintf(stderr, "\r%s: %llu of %llu files, %llu of %llu MiB ",
	    mkfs_progname, (unsigned long long)p->files,
	    (unsigned long long)p->allfiles,
	    (unsigned long long)(p->bytes >> 20),
	    (unsigned long long)(p->allbytes >> 20));
	if (last)
		fputc('\n', stderr);
	fflush(stderr);
}
