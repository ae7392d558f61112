/*
 * fsu_put [-pRv] hostpath ... path	host -> image (path default "/")
 * fsu_get [-pRv] path ... hostpath	image -> host (hostpath default ".")
 * "-" is standard input for put (one file, into a file of the image) and
 * standard output for get (the files one after the other, as cat).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "fsu_side.h"

static int
xfer_opts(int argc, char **argv, struct fsu_copyopts *o)
{
	int ch;

	*o = (struct fsu_copyopts){ .force = true };
	while ((ch = getopt(argc, argv, "pRrv")) != -1) {
		switch (ch) {
		case 'p': o->preserve = true; break;
		case 'R': case 'r': o->recursive = true; break;
		case 'v': o->verbose = true; break;
		default: return -1;
		}
	}
	/* a tree's progress, on a terminal only; -v says more already */
	o->progress = o->recursive && !o->verbose && isatty(STDERR_FILENO);
	return optind < argc ? 0 : -1;
}

/* put - path: standard input has no name, so path is the file */
static int
put_stdin(struct ukfs *fs, const char *path)
{
	struct rump_stat sb;
	int error;

	if (ukfs_stat(fs, path, &sb) == 0 && (sb.st_mode & 0170000) ==
	    0040000)
		error = EISDIR;
	else
		error = fsu_copy_in(fs, STDIN_FILENO, path, false, 0644);
	if (error) {
		fsu_warn(path, error);
		return 1;
	}
	return 0;
}

/* get path ... -: to standard output, which is never closed or removed */
static int
get_stdout(struct ukfs *fs, char **paths, int n)
{
	int error, rv = 0;

	for (int i = 0; i < n && !fsu_interrupted; i++) {
		if ((error = fsu_copy_out(fs, paths[i], STDOUT_FILENO)) != 0) {
			fsu_warn(paths[i], error);
			rv = 1;
		}
	}
	return rv;
}

int
fsu_put_main(struct ukfs *fs, int argc, char **argv)
{
	struct fsu_side host, image;
	struct fsu_copyopts o;
	int n;

	if (xfer_opts(argc, argv, &o) != 0)
		return fsu_usage(fsu_findcmd("put"));
	fsu_side_host(&host);
	fsu_side_image(&image, fs);
	n = argc - optind;
	if (strcmp(argv[optind], "-") == 0) {
		if (n != 2)
			return fsu_usage(fsu_findcmd("put"));
		return put_stdin(fs, argv[optind + 1]);
	}
	if (n == 1)
		return fsu_copy(&host, argv + optind, 1, &image, "/", &o);
	return fsu_copy(&host, argv + optind, n - 1, &image, argv[argc - 1],
	    &o);
}

int
fsu_get_main(struct ukfs *fs, int argc, char **argv)
{
	struct fsu_side host, image;
	struct fsu_copyopts o;
	int n;

	if (xfer_opts(argc, argv, &o) != 0)
		return fsu_usage(fsu_findcmd("get"));
	fsu_side_host(&host);
	fsu_side_image(&image, fs);
	n = argc - optind;
	if (n == 1)
		return fsu_copy(&image, argv + optind, 1, &host, ".", &o);
	if (strcmp(argv[argc - 1], "-") == 0)
		return get_stdout(fs, argv + optind, n - 1);
	return fsu_copy(&image, argv + optind, n - 1, &host, argv[argc - 1],
	    &o);
}
