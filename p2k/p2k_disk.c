/*
 * p2k_setup_diskfs: a host image (with an optional partition suffix) as a
 * rump block device, then p2k_setup_fs on it.  The image handling is
 * ukfs's, shared with the fs-utils.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rump/rumpdefs.h>

#include "p2k_impl.h"
#include "../ukfs/ukfs_impl.h"

int
p2k_setup_diskfs(struct p2k_mount *p2m, const char *vfsname,
    const char *devpath, const char *partition, const char *mountpath,
    int mntflags, void *arg, size_t alen)
{
	char spec[4096];
	int error;

	if (arg == NULL || alen < sizeof(char *))
		return EINVAL;
	if (partition != NULL && *partition != '\0')
		snprintf(spec, sizeof(spec), "%s%%%s%%", devpath, partition);
	else
		snprintf(spec, sizeof(spec), "%s", devpath);
	ukfs_set_blkbackend((int)P2K_BLKOF(p2m->p2m_flags));
	error = ukfs_disk_attach(spec, UKFS_PARTITION_NONE,
	    (mntflags & RUMP_MNT_RDONLY) != 0, p2m->p2m_devkey,
	    sizeof(p2m->p2m_devkey));
	/* the image lock has printed "image: in use by pid N" */
	if (error == EBUSY)
		p2m->p2m_reported = true;
	if (error)
		return error;
	*(char **)arg = p2m->p2m_devkey;
	return p2k_setup_fs(p2m, vfsname, devpath, mountpath, mntflags, arg,
	    alen);
}
