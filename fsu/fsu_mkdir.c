/*
 * fsu_mkdir [-p] [-m mode] path ...
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsu.h"

int
fsu_mkdir_main(struct ukfs *fs, int argc, char **argv)
{
	uint32_t mode = 0777;
	bool parents = false;
	int ch, i, rv = 0;
	char *end;

	while ((ch = getopt(argc, argv, "pm:")) != -1) {
		switch (ch) {
		case 'p':
			parents = true;
			break;
		case 'm':
			mode = (uint32_t)strtoul(optarg, &end, 8);
			if (*end != '\0' || mode > 07777)
				return fsu_usage(fsu_findcmd("mkdir"));
			break;
		default:
			return fsu_usage(fsu_findcmd("mkdir"));
		}
	}
	if (optind == argc)
		return fsu_usage(fsu_findcmd("mkdir"));
	for (i = optind; i < argc; i++) {
		int r = parents ? ukfs_util_builddirs(fs, argv[i], mode) :
		    ukfs_mkdir(fs, argv[i], mode);

		if (r != 0) {
			fsu_warn(argv[i], errno);
			rv = 1;
		}
	}
	return rv;
}
