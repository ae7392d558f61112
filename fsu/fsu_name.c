/*
 * fsu_mv from ... to, fsu_ln [-s] target linkname, fsu_rmdir path ...,
 * fsu_mkfifo [-m mode] path ..., fsu_mknod path b|c major minor | p
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fsu.h"

int
fsu_mv_main(struct ukfs *fs, int argc, char **argv)
{
	struct rump_stat sb;
	const char *to;
	int i, rv = 0;

	if (argc < 3)
		return fsu_usage(fsu_findcmd("mv"));
	to = argv[argc - 1];
	if (ukfs_stat(fs, to, &sb) == 0 && (sb.st_mode & 0170000) == 0040000) {
		for (i = 1; i < argc - 1; i++) {
			char *d = fsu_join(to, fsu_basename(argv[i]));

			if (d == NULL || ukfs_rename(fs, argv[i], d) != 0) {
				fsu_warn(argv[i], d ? errno : ENOMEM);
				rv = 1;
			}
			free(d);
		}
		return rv;
	}
	if (argc != 3) {
		fsu_warn(to, ENOTDIR);
		return 1;
	}
	if (ukfs_rename(fs, argv[1], to) != 0) {
		fsu_warn(argv[1], errno);
		return 1;
	}
	return 0;
}

int
fsu_ln_main(struct ukfs *fs, int argc, char **argv)
{
	bool sym = false;
	int ch, r;

	while ((ch = getopt(argc, argv, "s")) != -1) {
		if (ch != 's')
			return fsu_usage(fsu_findcmd("ln"));
		sym = true;
	}
	if (argc - optind != 2)
		return fsu_usage(fsu_findcmd("ln"));
	r = sym ? fsu_symlink(fs, argv[optind], argv[optind + 1]) :
	    ukfs_link(fs, argv[optind], argv[optind + 1]);
	if (r != 0) {
		fsu_warn(argv[optind + 1], errno);
		return 1;
	}
	return 0;
}

int
fsu_rmdir_main(struct ukfs *fs, int argc, char **argv)
{
	int i, rv = 0;

	if (argc < 2)
		return fsu_usage(fsu_findcmd("rmdir"));
	for (i = 1; i < argc; i++) {
		if (ukfs_rmdir(fs, argv[i]) != 0) {
			fsu_warn(argv[i], errno);
			rv = 1;
		}
	}
	return rv;
}

int
fsu_mkfifo_main(struct ukfs *fs, int argc, char **argv)
{
	uint32_t mode = 0666;
	char *end;
	int ch, i, rv = 0;

	while ((ch = getopt(argc, argv, "m:")) != -1) {
		if (ch != 'm')
			return fsu_usage(fsu_findcmd("mkfifo"));
		mode = (uint32_t)strtoul(optarg, &end, 8);
		if (*end != '\0' || mode > 07777)
			return fsu_usage(fsu_findcmd("mkfifo"));
	}
	if (optind == argc)
		return fsu_usage(fsu_findcmd("mkfifo"));
	for (i = optind; i < argc; i++) {
		if (ukfs_mkfifo(fs, argv[i], mode) != 0) {
			fsu_warn(argv[i], errno);
			rv = 1;
		}
	}
	return rv;
}

int
fsu_mknod_main(struct ukfs *fs, int argc, char **argv)
{
	uint32_t mode = 0666;
	uint64_t dev = 0;
	char *end;
	int ch;

	while ((ch = getopt(argc, argv, "m:")) != -1) {
		if (ch != 'm')
			return fsu_usage(fsu_findcmd("mknod"));
		mode = (uint32_t)strtoul(optarg, &end, 8);
		if (*end != '\0' || mode > 07777)
			return fsu_usage(fsu_findcmd("mknod"));
	}
	argc -= optind;
	argv += optind;
	if (argc == 2 && strcmp(argv[1], "p") == 0)
		mode |= 0010000;
	else if (argc == 4 && (strcmp(argv[1], "b") == 0 ||
	    strcmp(argv[1], "c") == 0)) {
		mode |= argv[1][0] == 'b' ? 0060000 : 0020000;
		dev = (strtoull(argv[2], NULL, 0) << 32) |
		    (strtoull(argv[3], NULL, 0) & 0xffffffffu);
	} else
		return fsu_usage(fsu_findcmd("mknod"));
	if (ukfs_mknod(fs, argv[0], mode, dev) != 0) {
		fsu_warn(argv[0], errno);
		return 1;
	}
	return 0;
}
