/*
 * fsu_find's expression: primaries ANDed, evaluated in order, each one
 * true or false for the file (find(1) without -o, !, parentheses).
 */
#ifndef FSU_FIND_H
#define FSU_FIND_H

#include "fsu.h"

enum fprim {
	F_NAME, F_TYPE, F_SIZE, F_MTIME, F_NEWER, F_PERM, F_USER, F_GROUP,
	F_PRINT, F_EXEC, F_EXECPLUS, F_DELETE
};

/* -exec ... {} +: the paths waiting to run */
struct fbatch {
	char **paths;
	size_t n, cap, bytes;
};

struct fprimary {
	enum fprim kind;
	const char *arg;
	int cmp;		/* -1 less, 0 exactly, 1 more */
	int64_t n, unit;	/* -size, -mtime; ids for -user, -group */
	struct rump_timespec when;	/* -newer */
	char how;		/* -perm: '=', '-' all of, '/' any of */
	char **argv;		/* -exec: the command; {}: the path */
	int argc;
	struct fbatch batch;
};

struct find {
	struct fprimary *p;
	int np;
	int maxdepth, mindepth;
	bool depthfirst;	/* -delete: what a directory holds first */
	int64_t now;
	int rv;
};

int find_parse(struct ukfs *, struct find *, int argc, char **argv);
/* -exec: run with path; the command's exit status, -1 if not run */
int find_exec(struct fprimary *, const char *path);
/* -exec +: add path, running the command when the batch is full */
int find_batch(struct find *, struct fprimary *, const char *path);
/* -exec +: run what is left */
int find_flush(struct find *);

#endif /* FSU_FIND_H */
