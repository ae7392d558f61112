/*
 * A host image (with an optional partition suffix) as a rump block device:
 * parse the suffix, register an etfs BLK key (the image is range-locked
 * there against a second writer), and remove the key again at release.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rump/rump_etfs.h>

#include "ukfs_impl.h"

static int ukfs_blkbackend = UKFS_BLK_BUFFERED;
static unsigned int ukfs_keyseq;

void
ukfs_set_blkbackend(int backend)
{
	ukfs_blkbackend = backend;
}

static int
ukfs_backend_flags(void)
{
	switch (ukfs_blkbackend) {
	case UKFS_BLK_DIRECT:
		return RUMP_ETFS_BACKEND_DIRECT;
	case UKFS_BLK_MMAP:
		return RUMP_ETFS_BACKEND_MMAP;
	default:
		return RUMP_ETFS_BACKEND_BUFFERED;
	}
}

int
ukfs_disk_attach(const char *imagespec, int partition, int rdonly,
    char *key, size_t keylen)
{
	char hostpath[4096];
	uint64_t begin, size;
	int error;

	error = rump_etfs_part_parse(imagespec, hostpath, sizeof(hostpath),
	    &begin, &size);
	if (error == 0 && partition != UKFS_PARTITION_NONE)
		error = rump_etfs_part_probe(hostpath, partition, &begin,
		    &size);
	if (error) {
		/* the caller names the image; say what is wrong with it */
		ukfs_seterror("%s", *rump_etfs_part_error() ?
		    rump_etfs_part_error() : strerror(error));
		return error;
	}
	snprintf(key, keylen, "/dev/ukfs%u",
	    __atomic_fetch_add(&ukfs_keyseq, 1, __ATOMIC_RELAXED));
	error = rump_pub_etfs_register_opts(key, hostpath, RUMP_ETFS_BLK,
	    begin, size, ukfs_backend_flags() | (rdonly ? RUMP_ETFS_RDONLY :
	    0));
	if (error) {
		ukfs_seterror("%s", error == EBUSY ?
		    "in use by another process" : strerror(error));
		key[0] = '\0';
	}
	return error;
}

void
ukfs_disk_detach(const char *key)
{
	if (key[0] != '\0')
		(void)rump_pub_etfs_remove(key);
}
