/*
 * What file system is on an image: the registered drivers' own probes,
 * else libblkid's answer, mapped to a driver through its aliases.
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rump/ukfs_driver.h>

#include "ukfs_impl.h"

/*
 * A full libblkid probe reads some 50 places of the image (every type it
 * knows) and costs more than the rump kernel's boot; a one-shot tool pays
 * it on every call.  The drivers' own probes need two or three small
 * reads, so they go first.
 */
static int
ukfs_probe_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	const int *fd = ctx;

	if (off > INT64_MAX)
		return -1;
	return pread(*fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -1;
}

/* the first registered driver whose probe knows the image, or NULL */
static const char *
ukfs_probe_quick(const char *imagepath)
{
	const struct ukfs_driver *drv;
	const char *type = NULL;
	size_t i;
	int fd;

	if ((fd = open(imagepath, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	for (i = 0; type == NULL && (drv = ukfs_driver_at(i)) != NULL; i++)
		if (drv->ud_probe != NULL && drv->ud_probe(ukfs_probe_read,
		    &fd))
			type = drv->ud_name;
	close(fd);
	return type;
}

const char *
ukfs_probe_type(const char *imagepath, const char **rawname)
{
	static char raw[64];
	const struct ukfs_driver *drv;
	blkid_probe pr;
	const char *type = NULL;
	int error = ENOENT;

	raw[0] = '\0';
	if (rawname != NULL)
		*rawname = raw;
	if ((type = ukfs_probe_quick(imagepath)) != NULL)
		return type;
	if ((pr = blkid_new_probe_from_filename(imagepath)) == NULL) {
		errno = errno ? errno : EIO;
		return NULL;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (blkid_do_safeprobe(pr) == 0 &&
	    blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0) {
		snprintf(raw, sizeof(raw), "%s", type);
		error = EOPNOTSUPP;
		/* libblkid's names are among the drivers' aliases */
		if ((drv = ukfs_driver_find(raw)) != NULL) {
			blkid_free_probe(pr);
			return drv->ud_name;
		}
	}
	blkid_free_probe(pr);
	errno = error;
	return NULL;
}
