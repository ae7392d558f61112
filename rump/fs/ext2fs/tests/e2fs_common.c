/*
 * Mounting an ext2 image in a fresh rump kernel for the test helpers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rump_etfs.h>

#include "e2fs_common.h"

/* the struct ufs_args prefix the driver reads */
struct e2fs_args {
	char *fspec;
};

int
e2fs_mount(const char *image, int flags)
{
	struct e2fs_args args = { .fspec = (char *)E2FS_DEV };
	int error;

	if ((error = rump_init()) != 0)
		return error;
	error = rump_pub_etfs_register(E2FS_DEV, image, RUMP_ETFS_BLK);
	if (error != 0)
		return error;
	if (rump_sys_mkdir(E2FS_MNT, 0755) != 0 && errno != EEXIST)
		return errno;
	if (rump_sys_mount("ext2fs", E2FS_MNT, flags, &args,
	    sizeof(args)) != 0)
		return errno;
	return 0;
}

int
e2fs_unmount(void)
{
	int error = 0;

	if (rump_sys_unmount(E2FS_MNT, 0) != 0)
		error = errno;
	rump_pub_etfs_remove(E2FS_DEV);
	return error;
}
