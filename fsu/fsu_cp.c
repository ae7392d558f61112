/*
 * fsu_cp [-pRv] from ... to: copy inside the image.
 * fsu_write [-a] path: standard input into a file of the image.
 */
#include <unistd.h>

#include "fsu_side.h"

int
fsu_cp_main(struct ukfs *fs, int argc, char **argv)
{
	struct fsu_copyopts o = { .force = true };
	struct fsu_side image;
	int ch;

	while ((ch = getopt(argc, argv, "pRrv")) != -1) {
		switch (ch) {
		case 'p': o.preserve = true; break;
		case 'R': case 'r': o.recursive = true; break;
		case 'v': o.verbose = true; break;
		default: return fsu_usage(fsu_findcmd("cp"));
		}
	}
	if (argc - optind < 2)
		return fsu_usage(fsu_findcmd("cp"));
	fsu_side_image(&image, fs);
	return fsu_copy(&image, argv + optind, argc - optind - 1, &image,
	    argv[argc - 1], &o);
}

int
fsu_write_main(struct ukfs *fs, int argc, char **argv)
{
	bool append = false;
	int ch, error;

	while ((ch = getopt(argc, argv, "a")) != -1) {
		if (ch != 'a')
			return fsu_usage(fsu_findcmd("write"));
		append = true;
	}
	if (argc - optind != 1)
		return fsu_usage(fsu_findcmd("write"));
	error = fsu_copy_in(fs, STDIN_FILENO, argv[optind], append, 0);
	if (error) {
		fsu_warn(argv[optind], error);
		return 1;
	}
	return 0;
}
