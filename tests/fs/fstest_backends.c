/*
 * The backends: one table entry per file system (and, later, per p2k
 * variant served over FUSE).  Adding ext2fs or ffs is one entry whose
 * setup makes a fresh image in workdir, registers it with etfs and mounts
 * it through fstest_rump_mount().
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_rump.h"
#include "../../rump/fs/rumpfs/rumpfs.h"

#define FSTEST_MNT	"/mnt"
/* rumpfs is given a size so that the fill-up tests have an end */
#define RUMPFS_TEST_BYTES	(16 * 1024 * 1024)

int
fstest_rump_mount(const char *type, const char *mnt, int flags, void *args,
    size_t argslen)
{
	int error;

	if ((error = rump_init()) != 0) {
		errno = error;
		return -1;
	}
	if (rump_sys_mkdir(mnt, 0777) == -1 && errno != EEXIST)
		return -1;
	return rump_sys_mount(type, mnt, flags, args, argslen);
}

int
fstest_rump_unmount(const char *mnt)
{

	return rump_sys_unmount(mnt, 0);
}

int
fstest_rump_remount_ro(const char *type, const char *mnt, void *args,
    size_t argslen)
{

	return rump_sys_mount(type, mnt, RUMP_MNT_UPDATE | RUMP_MNT_RDONLY,
	    args, argslen);
}

/* rumpfs: a new instance mounted at /mnt of a freshly booted kernel */
static struct rumpfs_args rumpfs_args = {
	.fspec_unused = NULL,
	.ra_maxbytes = RUMPFS_TEST_BYTES,
};

static int
rumpfs_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{

	snprintf(mnt, mntlen, "%s", FSTEST_MNT);
	*cookiep = NULL;
	return fstest_rump_mount("rumpfs", FSTEST_MNT, 0, &rumpfs_args,
	    sizeof(rumpfs_args));
}

static void
rumpfs_teardown(void *cookie)
{

	/* back in the first process, whatever the test left */
	rump_pub_lwproc_switch(NULL);
	(void)rump_sys_unmount(FSTEST_MNT, RUMP_MNT_FORCE);
}

static int
rumpfs_unmount(void *cookie)
{

	return fstest_rump_unmount(FSTEST_MNT);
}

static int
rumpfs_remount_ro(void *cookie)
{

	return fstest_rump_remount_ro("rumpfs", FSTEST_MNT, &rumpfs_args,
	    sizeof(rumpfs_args));
}

const struct fstest_backend fstest_backend_rumpfs = {
	.name = "rumpfs",
	.fstype = "rumpfs",
	.caps = FSTEST_CAP_SYMLINK | FSTEST_CAP_HARDLINK | FSTEST_CAP_NSTIME |
	    FSTEST_CAP_FH | FSTEST_CAP_FIFO | FSTEST_CAP_SIZELIMIT |
	    FSTEST_CAP_PROCS | FSTEST_CAP_REMOUNT | FSTEST_CAP_OWNERS |
	    FSTEST_CAP_BSDVFS,
	.sys = &fstest_rump_sys,
	.setup = rumpfs_setup,
	.teardown = rumpfs_teardown,
	.unmount = rumpfs_unmount,
	.remount_ro = rumpfs_remount_ro,
};

const struct fstest_backend *const fstest_backends[] = {
	&fstest_backend_rumpfs,
	&fstest_backend_host,	/* FSTEST_HOST=1: check the tests on Linux */
	NULL
};
