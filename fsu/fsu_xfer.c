/*
 * fsu_put [-pRv] hostpath ... path	host -> image (path default "/")
 * fsu_get [-pRv] path ... hostpath	image -> host (hostpath default ".")
 */
#include <unistd.h>

#include "fsu_side.h"

static int
xfer_opts(int argc, char **argv, struct fsu_copyopts *o)
{
	int ch;

	*o = (struct fsu_copyopts){ false, false, false, true };
	while ((ch = getopt(argc, argv, "pRrv")) != -1) {
		switch (ch) {
		case 'p': o->preserve = true; break;
		case 'R': case 'r': o->recursive = true; break;
		case 'v': o->verbose = true; break;
		default: return -1;
		}
	}
	return optind < argc ? 0 : -1;
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
	return fsu_copy(&image, argv + optind, n - 1, &host, argv[argc - 1],
	    &o);
}
