/*
 * rump_ext2fs: serve an ext2 (or clean ext3, read-only ext4) image over
 * FUSE, no root needed.
 */
#include "../common/rumpserv.h"
#include "ext2_features.h"

struct ext2fs_mountargs {
	char *fspec;		/* struct ufs_args: set by p2k */
};

static const struct rumpserv_fs ext2fs_server = {
	.rs_name = "rump_ext2fs",
	.rs_vfsname = "ext2fs",
	.rs_disk = true,
	.rs_argsize = sizeof(struct ext2fs_mountargs),
	.rs_check = ext2_check_features,
};

int
main(int argc, char **argv)
{
	return rumpserv_main(&ext2fs_server, argc, argv);
}
