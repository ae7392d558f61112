/*
 * fsu_chmod [-R] mode path ...: mode as chmod(1), octal or symbolic.
 * With -R symlinks met on the way are left alone (chmod(1) -R does not
 * follow them either, and a symlink's own mode means nothing).
 */
#include <errno.h>
#include <string.h>

#include "fsu.h"

static int
chmod_one(struct ukfs *fs, const char *path, const struct rump_stat *sb,
    void *spec)
{
	int64_t mode;

	if ((sb->st_mode & 0170000) == 0120000)
		return 0;
	mode = fsu_mode_apply(spec, sb->st_mode,
	    (sb->st_mode & 0170000) == 0040000);
	if (mode < 0)
		return EINVAL;
	return ukfs_chmod(fs, path, (uint32_t)mode) == 0 ? 0 : errno;
}

/* "-R", then the mode: which may itself start with '-' ("-w") */
static int
chmod_args(int argc, char **argv, bool *recursive)
{
	int i = 1;

	for (*recursive = false; i < argc; i++) {
		if (strcmp(argv[i], "-R") == 0)
			*recursive = true;
		else if (strcmp(argv[i], "--") == 0)
			return i + 1;
		else
			break;
	}
	return i;
}

int
fsu_chmod_main(struct ukfs *fs, int argc, char **argv)
{
	struct rump_stat sb;
	bool recursive;
	int i = chmod_args(argc, argv, &recursive), rv = 0, error;
	const char *spec = i < argc ? argv[i] : "";

	if (argc - i < 2 || fsu_mode_apply(spec, 0, true) < 0)
		return fsu_usage(fsu_findcmd("chmod"));
	for (i++; i < argc && !fsu_interrupted; i++) {
		if (recursive) {
			rv |= fsu_walk(fs, argv[i], chmod_one, (void *)spec);
			continue;
		}
		/* an operand is followed, as chmod(1) does */
		if ((error = fsu_stat(fs, argv[i], &sb, true)) != 0 ||
		    (error = chmod_one(fs, argv[i], &sb, (void *)spec)) != 0) {
			fsu_warn(argv[i], error);
			rv = 1;
		}
	}
	return rv;
}
