/*
 * The image: sized and laid out empty by the type's formatter, then
 * mounted read-write through ukfs, filled by the kernel's driver and
 * unmounted.  A failure or an interrupt (SIGINT, SIGTERM, SIGHUP) removes
 * the half-made image if makefs made the file; one that was there before
 * (the user's, or a device) is left, with a line saying it is half-made.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/ukfs.h>
#include <rump/ukfs_driver.h>

#include "makefs.h"

/*
 * The image being made, for the signal handler: everything it needs is
 * ready before it can run, so that it only calls unlink, write and raise.
 */
enum { MKFS_IMG_NONE, MKFS_IMG_OURS, MKFS_IMG_THEIRS };
static volatile sig_atomic_t mkfs_img_state;
static const char *mkfs_img_path;
/* what is said, [interrupted][state]: made ready by mkfs_intr_arm */
static char *mkfs_img_say[2][3];
static const int mkfs_intr_sigs[] = { SIGINT, SIGTERM, SIGHUP };

/* remove the image if ours, else say it is left; async-signal-safe */
static void
mkfs_discard(bool interrupted)
{
	int state = mkfs_img_state;
	const char *msg = mkfs_img_say[interrupted][state];

	mkfs_img_state = MKFS_IMG_NONE;
	if (state == MKFS_IMG_OURS)
		(void)unlink(mkfs_img_path);
	if (msg != NULL)
		(void)!write(STDERR_FILENO, msg, strlen(msg));
}

static void
mkfs_interrupted(int sig)
{
	mkfs_discard(true);
	/* the handler was reset on entry: die of the signal */
	raise(sig);
}

/* the lines and the handlers; a signal ignored from the start (a
 * background job without job control) stays ignored */
static int
mkfs_intr_arm(const char *image)
{
	static const char left[] = "there before makefs ran: left "
	    "half-made, not a valid image";
	struct sigaction sa, old;

	mkfs_img_path = image;
	if (asprintf(&mkfs_img_say[1][MKFS_IMG_OURS], "%s: interrupted: %s "
	    "removed\n", mkfs_progname, image) < 0 ||
	    asprintf(&mkfs_img_say[1][MKFS_IMG_THEIRS], "%s: interrupted: "
	    "%s: %s\n", mkfs_progname, image, left) < 0 ||
	    asprintf(&mkfs_img_say[0][MKFS_IMG_THEIRS], "%s: %s: %s\n",
	    mkfs_progname, image, left) < 0) {
		mkfs_warnx("%s", strerror(ENOMEM));
		return -1;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = mkfs_interrupted;
	sa.sa_flags = SA_RESETHAND;
	sigfillset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(mkfs_intr_sigs) /
	    sizeof(mkfs_intr_sigs[0]); i++)
		if (sigaction(mkfs_intr_sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			(void)sigaction(mkfs_intr_sigs[i], &sa, NULL);
	return 0;
}

/*
 * The image file, made new if it is not there (then ours: removed on a
 * failure or an interrupt).  Signals wait until the handler knows which.
 */
static int
mkfs_open_image(const char *image, uint64_t offset)
{
	sigset_t all, old;
	int fd, state = MKFS_IMG_OURS;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fd = open(image, O_RDWR | O_CREAT | O_EXCL, 0666);
	if (fd == -1 && errno == EEXIST) {
		/* theirs, even a dangling symlink: made through it; what
		 * is before -O's offset is kept (a partition table) */
		state = MKFS_IMG_THEIRS;
		fd = open(image, O_RDWR | O_CREAT | (offset != 0 ? 0 :
		    O_TRUNC), 0666);
	}
	if (fd != -1)
		mkfs_img_state = state;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return fd;
}

static int
mkfs_format(const struct mkfs_opts *o, uint64_t size)
{
	int fd, error = 0;

	fd = mkfs_open_image(o->image, o->offset);
	if (fd == -1) {
		mkfs_warnx("%s: %s", o->image, strerror(errno));
		return -1;
	}
	/* the file system's room zeroed (a hole): cut at the offset and
	 * extended again; nothing after it is kept */
	if (ftruncate(fd, (off_t)o->offset) != 0 ||
	    ftruncate(fd, (off_t)(o->offset + size)) != 0) {
		error = errno;
		mkfs_warnx("%s: %s", o->image, strerror(error));
	} else {
		mkfs_pwrite_window(fd, o->offset);
		if (o->type->format(o->fsopts, o, fd, size) != 0)
			error = EIO;	/* said */
		mkfs_pwrite_window(-1, 0);
	}
	if (close(fd) != 0 && error == 0) {
		error = errno;
		mkfs_warnx("%s: %s", o->image, strerror(error));
	}
	return error != 0 ? -1 : 0;
}

/* the driver, its args and flags for the type's mount words */
static struct ukfs *
mkfs_mount(const struct mkfs_opts *o, const char *dev)
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
	fs = ukfs_mount_disk(drv->ud_name, dev, UKFS_PARTITION_NONE,
	    UKFS_DEFAULTMP, mo.uo_flags, args, drv->ud_argsize);
	if (fs == NULL)
		mkfs_warnx("%s: the new file system does not mount: %s",
		    o->image, *ukfs_mount_error() != '\0' ?
		    ukfs_mount_error() : strerror(errno));
	free(args);
	return fs;
}

/* -O: the driver sees the window of the image the file system is in */
static int
mkfs_populate(const struct mkfs_opts *o, const struct mkfs_tree *t,
    uint64_t size)
{
	struct ukfs *fs;
	char *dev;
	int r;

	if (o->timeset)
		mkfs_repro_set(o->timestamp);
	if (ukfs_init() != 0) {
		mkfs_warnx("rump kernel: %s", strerror(errno));
		return -1;
	}
	if (o->offset == 0)
		dev = strdup(o->image);
	else if (asprintf(&dev, "%s%%OFFSET:%llu,%llu%%", o->image,
	    (unsigned long long)o->offset, (unsigned long long)size) < 0)
		dev = NULL;
	if (dev == NULL) {
		mkfs_warnx("%s", strerror(ENOMEM));
		return -1;
	}
	fs = mkfs_mount(o, dev);
	free(dev);
	if (fs == NULL)
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
	uint64_t size;

	if (o->type->plan(o->fsopts, o, t, &size) != 0 ||
	    mkfs_intr_arm(o->image) != 0)
		return -1;
	/* a type without a driver (cd9660) writes it all in format() */
	if (mkfs_format(o, size) != 0 || (o->type->vfsname != NULL &&
	    mkfs_populate(o, t, size) != 0)) {
		mkfs_discard(false);
		return -1;
	}
	mkfs_img_state = MKFS_IMG_NONE;		/* made: kept */
	return 0;
}
