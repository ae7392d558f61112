/*
 * Scratch directories and data patterns for the hypercall tests.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hyp_testutil.h"

static char tmpdir[512];

const char *
hyp_tmpdir(const char *tag)
{
	const char *o = getenv("O");
	char base[400];

	if (o != NULL && *o != '\0') {
		snprintf(base, sizeof(base), "%s/tmp", o);
		mkdir(o, 0755);
		mkdir(base, 0755);
	} else {
		snprintf(base, sizeof(base), "/tmp");
	}
	snprintf(tmpdir, sizeof(tmpdir), "%s/%s.XXXXXX", base, tag);
	if (mkdtemp(tmpdir) == NULL) {
		perror(tmpdir);
		exit(1);
	}
	return tmpdir;
}

const char *
hyp_path(const char *name)
{
	static char bufs[4][600];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", tmpdir, name);
	return b;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{

	return remove(path) == 0 ? 0 : 0;
}

void
hyp_tmpdir_remove(void)
{

	if (tmpdir[0] != '\0')
		nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void
hyp_fill(void *buf, size_t len, unsigned seed)
{
	unsigned char *p = buf;
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (unsigned char)x;
	}
}
