/*
 * The msdos registration as the front ends use it, without a mount, for
 * t_rump_msdos.sh:
 *
 *	msdos_regtool probe image...	"image: yes|no" for the msdos probe
 *	msdos_regtool args [list]	the mount args after ud_mkargs and
 *					the -o list, or the refusal (exit 1)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/ukfs_driver.h>

#include "../msdosfs_args.h"

static int
regtool_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	const int *fd = ctx;

	return pread(*fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

static int
regtool_probe(const struct ukfs_driver *drv, int argc, char **argv)
{
	int i, fd;

	for (i = 0; i < argc; i++) {
		if ((fd = open(argv[i], O_RDONLY)) == -1) {
			perror(argv[i]);
			return 1;
		}
		printf("%s: %s\n", argv[i], drv->ud_probe(regtool_read, &fd) ?
		    "yes" : "no");
		close(fd);
	}
	return 0;
}

static int
regtool_args(const struct ukfs_driver *drv, const char *list)
{
	struct ukfs_mntopts mo;
	struct msdosfs_args *args;

	if ((args = ukfs_driver_mkargs(drv)) == NULL)
		return 1;
	ukfs_mntopts_init(&mo);
	if (list != NULL && ukfs_mntopts_parse(&mo, list, drv, args,
	    "msdos_regtool", NULL, NULL) != 0) {
		free(args);
		return 1;
	}
	printf("uid=%u gid=%u mask=%o dirmask=%o flags=%d gmtoff=%d "
	    "mntflags=%#x\n", (unsigned)args->uid, (unsigned)args->gid,
	    (unsigned)args->mask, (unsigned)args->dirmask, (int)args->flags,
	    (int)args->gmtoff, (unsigned)mo.uo_flags);
	free(args);
	return 0;
}

int
main(int argc, char **argv)
{
	const struct ukfs_driver *drv = ukfs_driver_find("msdos");

	if (drv == NULL) {
		fprintf(stderr, "msdos_regtool: no msdos driver registered\n");
		return 2;
	}
	if (argc >= 2 && strcmp(argv[1], "probe") == 0)
		return regtool_probe(drv, argc - 2, argv + 2);
	if (argc >= 2 && argc <= 3 && strcmp(argv[1], "args") == 0)
		return regtool_args(drv, argc == 3 ? argv[2] : NULL);
	fprintf(stderr, "usage: msdos_regtool probe image... | args [list]\n");
	return 2;
}
