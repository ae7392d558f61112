/*
 * Disk file systems in-process: a fresh image per case made by a host
 * tool (be->mkfs), registered as an etfs block device and mounted at /mnt
 * with args whose first member is the device path (struct ufs_args).
 * A backend is then one table entry:
 *
 *	{ .name = "ext2fs", .fstype = "ext2fs", .vfsname = "ext2fs",
 *	  .mkfs = "mke2fs -q -F -t ext2 -b 1024 %s 5000", .caps = ...,
 *	  .sys = &fstest_rump_sys, .setup = fstest_disk_setup,
 *	  .teardown = fstest_disk_teardown, .unmount = fstest_disk_unmount,
 *	  .remount_ro = fstest_disk_remount_ro }
 */
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "fstest.h"
#include "fstest_rump.h"
#include "fstest_disk.h"

#define DISK_KEY	"/dev/fstest_disk"
#define DISK_MNT	"/mnt"

/*
 * From <rump/rump_etfs.h>, declared weak here so that a build without
 * etfs skips the disk backends instead of failing to link.
 */
#define FSTEST_ETFS_BLK	1	/* RUMP_ETFS_BLK */
extern int rump_pub_etfs_register(const char *, const char *, int)
    __attribute__((weak));

struct disk_cookie {
	const struct fstest_backend *be;
	char image[PATH_MAX];
	struct {
		char *fspec;		/* struct ufs_args prefix */
		char pad[248];		/* room for the driver's other fields */
	} args;
};

int
fstest_disk_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep)
{
	struct disk_cookie *dc;
	char cmd[PATH_MAX + 256];
	int error;

	if (rump_pub_etfs_register == NULL) {
		errno = ENODEV;
		return -1;
	}
	if ((dc = calloc(1, sizeof(*dc))) == NULL)
		return -1;
	dc->be = be;
	snprintf(dc->image, sizeof(dc->image), "%s/%s.%d.img", workdir,
	    be->name, (int)getpid());
	snprintf(cmd, sizeof(cmd), be->mkfs, dc->image);
	strncat(cmd, " >/dev/null 2>&1", sizeof(cmd) - strlen(cmd) - 1);
	if ((error = system(cmd)) != 0) {
		/* 127: the shell found no such command; else a failure */
		if (error != -1 && WIFEXITED(error) &&
		    WEXITSTATUS(error) == 127) {
			errno = ENODEV;
		} else {
			printf("# %s failed (wait status %d)\n", cmd, error);
			errno = EIO;
		}
		unlink(dc->image);
		free(dc);
		return -1;
	}
	if ((error = rump_init()) != 0 ||
	    (error = rump_pub_etfs_register(DISK_KEY, dc->image,
	    FSTEST_ETFS_BLK)) != 0) {
		unlink(dc->image);
		free(dc);
		errno = error;
		return -1;
	}
	/* the driver's options (mask=, ...), then the device */
	if (be->args != NULL) {
		if (be->argslen > sizeof(dc->args)) {
			printf("# %s: mount args of %zu bytes: too big\n",
			    be->name, be->argslen);
			unlink(dc->image);
			free(dc);
			errno = EINVAL;
			return -1;
		}
		memcpy(&dc->args, be->args, be->argslen);
	}
	dc->args.fspec = (char *)DISK_KEY;
	/* a read-only format mounts read-only or not at all */
	if (fstest_rump_mount(be->vfsname, DISK_MNT,
	    (be->caps & FSTEST_CAP_WRITABLE) ? 0 : RUMP_MNT_RDONLY, &dc->args,
	    sizeof(dc->args)) == -1) {
		error = errno;
		unlink(dc->image);
		free(dc);
		/* the driver is not in this build */
		errno = error == EOPNOTSUPP || error == ENODEV ? ENODEV : error;
		return -1;
	}
	snprintf(mnt, mntlen, "%s", DISK_MNT);
	*cookiep = dc;
	return 0;
}

void
fstest_disk_teardown(void *cookie)
{
	struct disk_cookie *dc = cookie;

	fstest_rump_teardown(DISK_MNT);
	unlink(dc->image);
	free(dc);
}

int
fstest_disk_unmount(void *cookie)
{

	return fstest_rump_unmount(DISK_MNT);
}

int
fstest_disk_remount_ro(void *cookie)
{
	struct disk_cookie *dc = cookie;

	return fstest_rump_remount_ro(dc->be->vfsname, DISK_MNT, &dc->args,
	    sizeof(dc->args));
}
