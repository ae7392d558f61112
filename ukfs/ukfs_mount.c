/*
 * ukfs_init, ukfs_mount, ukfs_mount_disk, ukfs_release.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpvfs.h>
#include <rump/rumpuser.h>

#include "ukfs_impl.h"

static char ukfs_errbuf[512];

void
ukfs_seterror(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ukfs_errbuf, sizeof(ukfs_errbuf), fmt, ap);
	va_end(ap);
}

const char *
ukfs_mount_error(void)
{
	return ukfs_errbuf;
}

/*
 * The line of cons (console output) that names the device devkey: what
 * follows "devkey: " on it, cut at its end, is returned; the other lines
 * go to stderr as the console would have printed them.
 */
static const char *
ukfs_cons_reason(char *cons, const char *devkey)
{
	const char *why = NULL;
	char *line, *next, *at;
	size_t klen = strlen(devkey);

	for (line = cons; *line != '\0'; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		else
			next = line + strlen(line);
		if (why == NULL && klen > 0 && (at = strstr(line, devkey)) &&
		    strncmp(at + klen, ": ", 2) == 0 && at[klen + 2] != '\0')
			why = at + klen + 2;
		else
			fprintf(stderr, "%s\n", line);
	}
	return why;
}

/*
 * rump_sys_mount, with what the driver said on the console as it refused
 * the mount as the error (ukfs_mount_error): "bad superblock: ..." says
 * more than EINVAL.  The driver names the device by its etfs key, which
 * means nothing to a user, so the caller names the image instead.
 */
int
ukfs_sys_mount(const char *vfsname, const char *mountpath, int mntflags,
    void *arg, size_t alen, const char *devkey)
{
	char cons[1024];
	const char *why;
	int error = 0;

	ukfs_seterror("%s", "");
	rumpuser_cons_capture(cons, sizeof(cons));
	if (rump_sys_mount(vfsname, mountpath, mntflags, arg, alen) == -1)
		error = errno;
	rumpuser_cons_capture(NULL, 0);
	if (error == 0) {
		fputs(cons, stderr);
		return 0;
	}
	if ((why = ukfs_cons_reason(cons, devkey)) != NULL)
		ukfs_seterror("%s", why);
	else
		ukfs_seterror("mount %s: %s", vfsname, strerror(error));
	return error;
}

int
ukfs_init(void)
{
	int error = rump_init();

	if (error) {
		errno = error;
		return -1;
	}
	return 0;
}

void
ukfs_enter(struct ukfs *fs)
{
	rump_pub_lwproc_switch(fs->ukfs_lwp);
}

void
ukfs_leave(void)
{
	rump_pub_lwproc_switch(NULL);
}

/* mount, then make the rump process that every later call runs in */
static struct ukfs *
ukfs_domount(struct ukfs *fs, const char *vfsname, const char *mountpath,
    int mntflags, void *arg, size_t alen)
{
	int error;

	if (strlen(mountpath) >= sizeof(fs->ukfs_mountpath)) {
		error = ENAMETOOLONG;
		goto fail;
	}
	strcpy(fs->ukfs_mountpath, mountpath);
	fs->ukfs_mntflags = mntflags;
	if (ukfs_util_builddirs(NULL, mountpath, 0755) == -1) {
		error = errno;
		ukfs_seterror("mount %s: %s", vfsname, strerror(error));
		goto fail;
	}
	if ((error = ukfs_sys_mount(vfsname, mountpath, mntflags, arg, alen,
	    fs->ukfs_devkey)) != 0)
		goto fail;
	if ((error = rump_pub_lwproc_rfork(RUMP_RFCFDG)) != 0) {
		rump_sys_unmount(mountpath, 0);
		goto fail;
	}
	fs->ukfs_lwp = rump_pub_lwproc_curlwp();
	if (rump_sys_chroot(mountpath) == -1 || rump_sys_chdir("/") == -1) {
		error = errno;
		rump_pub_lwproc_releaselwp();
		rump_pub_lwproc_switch(NULL);
		rump_sys_unmount(mountpath, 0);
		goto fail;
	}
	rump_pub_lwproc_switch(NULL);
	return fs;
fail:
	if (fs->ukfs_devkey[0] != '\0')
		ukfs_disk_detach(fs->ukfs_devkey);
	free(fs);
	errno = error;
	return NULL;
}

struct ukfs *
ukfs_mount(const char *vfsname, const char *devpath, const char *mountpath,
    int mntflags, void *arg, size_t alen)
{
	struct ukfs *fs;

	if ((fs = calloc(1, sizeof(*fs))) == NULL)
		return NULL;
	return ukfs_domount(fs, vfsname, mountpath, mntflags, arg, alen);
}

struct ukfs *
ukfs_mount_disk(const char *vfsname, const char *devpath, int partition,
    const char *mountpath, int mntflags, void *arg, size_t alen)
{
	struct ukfs *fs;
	int error;

	if (arg == NULL || alen < sizeof(char *)) {
		errno = EINVAL;
		return NULL;
	}
	if ((fs = calloc(1, sizeof(*fs))) == NULL)
		return NULL;
	error = ukfs_disk_attach(devpath, partition,
	    (mntflags & RUMP_MNT_RDONLY) != 0, fs->ukfs_devkey,
	    sizeof(fs->ukfs_devkey));
	if (error) {
		free(fs);
		errno = error;
		return NULL;
	}
	*(char **)arg = fs->ukfs_devkey;
	return ukfs_domount(fs, vfsname, mountpath, mntflags, arg, alen);
}

/*
 * Start the writes of every dirty buffer of a writable mount without
 * waiting.  Unmount's own (waiting) sync flushes the vnodes one at a time
 * and waits for each: after a tree copy that is one host I/O round trip
 * per file; started here, the I/O overlaps and unmount mostly waits once.
 */
static void
ukfs_startwrites(struct ukfs *fs)
{
	struct mount *mp;

	if ((fs->ukfs_mntflags & RUMP_MNT_RDONLY) == 0 &&
	    rump_pub_vfs_getmp(fs->ukfs_mountpath, &mp) == 0)
		(void)rump_pub_vfs_sync(mp, 0);
}

/* unmount syncs (waiting) itself; a failed one still gets the data out */
static int
ukfs_unmount(struct ukfs *fs, int flags)
{
	int error = 0;

	ukfs_startwrites(fs);
	if (rump_sys_unmount(fs->ukfs_mountpath, 0) == -1) {
		error = errno;
		rump_sys_sync();
		if ((flags & UKFS_RELFLAG_FORCE) &&
		    rump_sys_unmount(fs->ukfs_mountpath, RUMP_MNT_FORCE) == 0)
			error = 0;
	}
	return error;
}

int
ukfs_release(struct ukfs *fs, int flags)
{
	int error = 0;

	ukfs_enter(fs);
	rump_pub_lwproc_releaselwp();
	rump_pub_lwproc_switch(NULL);
	if (!(flags & UKFS_RELFLAG_NOUNMOUNT))
		error = ukfs_unmount(fs, flags);
	if (error == 0 && fs->ukfs_devkey[0] != '\0')
		ukfs_disk_detach(fs->ukfs_devkey);
	free(fs);
	if (error) {
		errno = error;
		return -1;
	}
	return 0;
}
