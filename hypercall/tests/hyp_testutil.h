/*
 * Helpers shared by the hypercall unit tests: a scratch directory under
 * $O/tmp (or /tmp), removed at the end.
 */
#ifndef HYP_TESTUTIL_H
#define HYP_TESTUTIL_H

#include <stddef.h>

/* Make the scratch directory; returns its path (static storage). */
const char *hyp_tmpdir(const char *tag);
/* dir/name in a static rotating buffer. */
const char *hyp_path(const char *name);
/* Remove the scratch directory and everything in it. */
void hyp_tmpdir_remove(void);
/* Write len bytes of a pattern seeded by seed. */
void hyp_fill(void *buf, size_t len, unsigned seed);

#endif
