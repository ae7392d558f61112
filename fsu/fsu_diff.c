/*
 * fsu_diff path1 path2: compare two files or trees inside the image, as
 * diff -rq does: "Files a and b differ", "Only in dir: name".  Exit 0 if
 * the same, 1 if different, 2 on trouble.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsu.h"

#define DCHUNK 65536

static int diff_paths(struct ukfs *, const char *, const char *);

static int
diff_files(struct ukfs *fs, const char *a, const char *b)
{
	char *x = malloc(DCHUNK), *y = malloc(DCHUNK);
	int64_t off = 0;
	long n, m;
	int rv = 0;

	if (x == NULL || y == NULL) {
		rv = 2;
		goto out;
	}
	for (;;) {
		n = ukfs_read(fs, a, off, x, DCHUNK);
		m = ukfs_read(fs, b, off, y, DCHUNK);
		if (n < 0 || m < 0) {
			fsu_warn(n < 0 ? a : b, errno);
			rv = 2;
			break;
		}
		if (n != m || memcmp(x, y, (size_t)n) != 0) {
			printf("Files %s and %s differ\n", a, b);
			rv = 1;
			break;
		}
		if (n == 0)
			break;
		off += n;
	}
out:
	free(x);
	free(y);
	return rv;
}

struct diffdir {
	const char *other;	/* the directory to look in */
	const char *self;
	bool descend;		/* compare (first pass) or only report */
	int rv;
};

static int
diff_entry(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	struct diffdir *dd = arg;
	char *mine = fsu_join(dir, d->d_name);
	char *theirs = fsu_join(dd->other, d->d_name);
	struct rump_stat sb;
	int r;

	if (mine == NULL || theirs == NULL) {
		dd->rv = 2;
	} else if (ukfs_lstat(fs, theirs, &sb) != 0) {
		printf("Only in %s: %s\n", dir, d->d_name);
		if (dd->rv < 1)
			dd->rv = 1;
	} else if (dd->descend) {
		r = diff_paths(fs, mine, theirs);
		if (r > dd->rv)
			dd->rv = r;
	}
	free(mine);
	free(theirs);
	return fsu_interrupted ? EINTR : 0;
}

static int
diff_paths(struct ukfs *fs, const char *a, const char *b)
{
	struct rump_stat sa, sb;
	struct diffdir dd;
	char la[4096], lb[4096];
	long na, nb;

	if (ukfs_lstat(fs, a, &sa) != 0 || ukfs_lstat(fs, b, &sb) != 0) {
		fsu_warn(errno == ENOENT && ukfs_lstat(fs, a, &sa) == 0 ? b :
		    a, errno);
		return 2;
	}
	if ((sa.st_mode & 0170000) != (sb.st_mode & 0170000)) {
		printf("File %s and %s differ in type\n", a, b);
		return 1;
	}
	switch (sa.st_mode & 0170000) {
	case 0040000:
		dd = (struct diffdir){ b, a, true, 0 };
		fsu_readdir(fs, a, diff_entry, &dd);
		{
			struct diffdir back = { a, b, false, dd.rv };

			fsu_readdir(fs, b, diff_entry, &back);
			return back.rv;
		}
	case 0100000:
		return diff_files(fs, a, b);
	case 0120000:
		na = ukfs_readlink(fs, a, la, sizeof(la));
		nb = ukfs_readlink(fs, b, lb, sizeof(lb));
		if (na != nb || na < 0 || memcmp(la, lb, (size_t)na) != 0) {
			printf("Symbolic links %s and %s differ\n", a, b);
			return 1;
		}
		return 0;
	default:
		return sa.st_rdev == sb.st_rdev ? 0 : 1;
	}
}

int
fsu_diff_main(struct ukfs *fs, int argc, char **argv)
{
	if (argc != 3)
		return fsu_usage(fsu_findcmd("diff"));
	return diff_paths(fs, argv[1], argv[2]);
}
