/*
 * rump_ffs: serve a BSD FFS (UFS1/UFS2) image over FUSE, no root needed.
 */
#include <stdio.h>
#include <string.h>

#include "../common/rumpserv.h"

struct ffs_mountargs {
	char *fspec;		/* struct ufs_args: set by p2k */
};

static int
ffs_option(void *args, int *mntflags, const char *key, const char *value)
{
	if (strcmp(key, "log") == 0 || strcmp(key, "softdep") == 0) {
		fprintf(stderr, "rump_ffs: -o %s: %s is not supported; mount "
		    "without it\n", key, strcmp(key, "log") == 0 ?
		    "WAPBL logging" : "soft dependencies");
		return -1;
	}
	return 0;
}

static const struct rumpserv_fs ffs_server = {
	.rs_name = "rump_ffs",
	.rs_vfsname = "ffs",
	.rs_disk = true,
	.rs_argsize = sizeof(struct ffs_mountargs),
	.rs_option = ffs_option,
	.rs_options_help = "",
};

int
main(int argc, char **argv)
{
	return rumpserv_main(&ffs_server, argc, argv);
}
