/*
 * fsu_cat path ...: copy files of the image to standard output.
 */
#include <unistd.h>

#include "fsu.h"

int
fsu_cat_main(struct ukfs *fs, int argc, char **argv)
{
	int i, error, rv = 0;

	if (getopt(argc, argv, "") != -1 || optind == argc)
		return fsu_usage(fsu_findcmd("cat"));
	for (i = optind; i < argc && !fsu_interrupted; i++) {
		if ((error = fsu_copy_out(fs, argv[i], STDOUT_FILENO)) != 0) {
			fsu_warn(argv[i], error);
			rv = 1;
		}
	}
	return rv;
}
