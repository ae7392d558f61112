/*
 * fsu_find -exec: the command runs on the host, with the file's path in
 * the image as its argument ("{}"), as find(1) runs it with the path it
 * found.  "{} ;" once per file (true if it exits 0), "{} +" with many
 * paths at once (always true; a failure makes find's exit status 1).
 */
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu_find.h"

#define BATCH_MAX	1024		/* paths per run */
#define BATCH_BYTES	(64 * 1024)	/* well under ARG_MAX */

/* argv with each {} replaced by paths[0..n) (all of them for +) */
static int
exec_run(const struct fprimary *p, char **paths, size_t n)
{
	char **av = calloc((size_t)p->argc + n + 1, sizeof(*av));
	int i, k = 0, status;

	if (av == NULL)
		return -1;
	for (i = 0; i < p->argc; i++) {
		if (strcmp(p->argv[i], "{}") != 0)
			av[k++] = p->argv[i];
		else
			for (size_t j = 0; j < n; j++)
				av[k++] = paths[j];
	}
	status = fsu_run(av);
	free(av);
	return status;
}

int
find_exec(struct fprimary *p, const char *path)
{
	char *one = (char *)path;

	return exec_run(p, &one, 1);
}

static int
batch_run(struct find *f, struct fprimary *p)
{
	struct fbatch *b = &p->batch;
	int r = b->n > 0 ? exec_run(p, b->paths, b->n) : 0;

	for (size_t i = 0; i < b->n; i++)
		free(b->paths[i]);
	b->n = b->bytes = 0;
	if (r != 0)
		f->rv = 1;
	return r;
}

int
find_batch(struct find *f, struct fprimary *p, const char *path)
{
	struct fbatch *b = &p->batch;
	char *copy;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		void *v = realloc(b->paths, cap * sizeof(*b->paths));

		if (v == NULL)
			return ENOMEM;
		b->paths = v;
		b->cap = cap;
	}
	if ((copy = strdup(path)) == NULL)
		return ENOMEM;
	b->paths[b->n++] = copy;
	b->bytes += strlen(path) + 1;
	if (b->n >= BATCH_MAX || b->bytes >= BATCH_BYTES)
		batch_run(f, p);
	return 0;
}

int
find_flush(struct find *f)
{
	for (int i = 0; i < f->np; i++) {
		if (f->p[i].kind != F_EXECPLUS)
			continue;
		batch_run(f, &f->p[i]);
		free(f->p[i].batch.paths);
	}
	return f->rv;
}
