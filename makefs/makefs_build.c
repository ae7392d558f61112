/*
 * The image: sized and laid out empty by the type's formatter, then
 * mounted read-write through ukfs, filled by the kernel's driver and
 * unmounted.  A failure removes the half-made image.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/ukfs.h>
#include <rump/ukfs_driver.h>

#include "makefs.h"

static int
mkfs_format(const struct mkfs_opts *o, uint64_t size)
{
	int fd, error = 0;

	fd = open(o->image, O_RDWR | O_CREAT | O_TRUNC, 0666);
	if (fd == -1) {
		mkfs_warnx("%s: %s", o->image, strerror(errno));
		return -1;
	}
	if (ftruncate(fd, (off_t)size) != 0) {
		error = errno;
		mkfs_warnx("%s: %s", o->image, strerror(error));
	} else if (o->type->format(o->fsopts, o, fd, size) != 0)
		error = EIO;	/* said */
	if (close(fd) != 0 && error == 0) {
		error = errno;
		mkfs_warnx("%s: %s", o->image, strerror(error));
	}
	return error != 0 ? -1 : 0;
}

/* the driver, its args and flags for the type's mount words */
static struct ukfs *
mkfs_mount(const struct mkfs_opts *o)
{
	const struct ukfs_driver *drv = ukfs_driver_find(o->type->vfsname);
	const char *words = o->type->mountopts ?
	    o->type->mountopts(o->fsopts, o) : "";
	struct ukfs_mntopts mo;
	struct ukfs *fs;
	void *args;

	if (drv == NULL || (args = ukfs_driver_mkargs(drv)) == NULL) {
		mkfs_warnx("%s: no %s driver", o->image, o->type->vfsname);
		return NULL;
	}
	ukfs_mntopts_init(&mo);
	if (ukfs_mntopts_parse(&mo, words, drv, args, mkfs_progname, NULL,
	    NULL) != 0) {
		free(args);
		return NULL;
	}
	/* an image being made: nothing to keep safe from a crash */
	mo.uo_flags |= RUMP_MNT_ASYNC | RUMP_MNT_NOATIME;
	fs = ukfs_mount_disk(drv->ud_name, o->image, UKFS_PARTITION_NONE,
	    UKFS_DEFAULTMP, mo.uo_flags, args, drv->ud_argsize);
	if (fs == NULL)
		mkfs_warnx("%s: the new file system does not mount: %s",
		    o->image, *ukfs_mount_error() != '\0' ?
		    ukfs_mount_error() : strerror(errno));
	free(args);
	return fs;
}

static int
mkfs_populate(const struct mkfs_opts *o, const struct mkfs_tree *t)
{
	struct ukfs *fs;
	int r;

	if (o->timeset)
		mkfs_repro_set(o->timestamp);
	if (ukfs_init() != 0) {
		mkfs_warnx("rump kernel: %s", strerror(errno));
		return -1;
	}
	if ((fs = mkfs_mount(o)) == NULL)
		return -1;
	r = mkfs_fill(fs, t, o);
	if (ukfs_release(fs, 0) != 0) {
		mkfs_warnx("%s: unmount: %s", o->image, strerror(errno));
		r = -1;
	}
	return r;
}

int
mkfs_build(const struct mkfs_opts *o, const struct mkfs_tree *t)
{
	struct stat st;
	uint64_t size;

	if (o->type->plan(o->fsopts, o, t, &size) != 0)
		return -1;
	/* a type without a driver (cd9660) writes it all in format() */
	if (mkfs_format(o, size) != 0 || (o->type->vfsname != NULL &&
	    mkfs_populate(o, t) != 0)) {
		/* a half-made image file goes; never a device */
		if (lstat(o->image, &st) == 0 && S_ISREG(st.st_mode))
			unlink(o->image);
		return -1;
	}
	return 0;
}
