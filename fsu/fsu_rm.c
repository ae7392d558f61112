/*
 * fsu_rm [-fr] path ...
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsu.h"

static int rm_path(struct ukfs *fs, const char *path, bool recursive,
    bool force);

static int
rm_child(struct ukfs *fs, const char *dir, const struct rump_dirent *d,
    void *arg)
{
	bool force = arg != NULL;
	char *p = fsu_join(dir, d->d_name);

	if (p == NULL)
		return ENOMEM;
	(void)rm_path(fs, p, true, force);	/* reported there */
	free(p);
	return fsu_interrupted ? EINTR : 0;
}

static int
rm_path(struct ukfs *fs, const char *path, bool recursive, bool force)
{
	struct rump_stat sb;
	int error;

	if ((error = fsu_stat(fs, path, &sb, false)) != 0) {
		if (!(force && error == ENOENT))
			fsu_warn(path, error);
		return force && error == ENOENT ? 0 : error;
	}
	if ((sb.st_mode & 0170000) == 0040000) {
		if (!recursive) {
			fsu_warn(path, EISDIR);
			return EISDIR;
		}
		/* children first; errors are reported as they happen */
		fsu_readdir(fs, path, rm_child, force ? (void *)1 : NULL);
		error = ukfs_rmdir(fs, path) == 0 ? 0 : errno;
	} else
		error = ukfs_remove(fs, path) == 0 ? 0 : errno;
	if (error)
		fsu_warn(path, error);
	return error;
}

int
fsu_rm_main(struct ukfs *fs, int argc, char **argv)
{
	bool force = false, recursive = false;
	int ch, i, rv = 0;

	while ((ch = getopt(argc, argv, "fRr")) != -1) {
		switch (ch) {
		case 'f': force = true; break;
		case 'R': case 'r': recursive = true; break;
		default: return fsu_usage(fsu_findcmd("rm"));
		}
	}
	if (optind == argc && !force)
		return fsu_usage(fsu_findcmd("rm"));
	for (i = optind; i < argc && !fsu_interrupted; i++)
		if (rm_path(fs, argv[i], recursive, force) != 0)
			rv = 1;
	return rv;
}
