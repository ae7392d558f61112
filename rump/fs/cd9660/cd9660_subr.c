/*
 * What every part of the driver needs from the image: a sector copied
 * out of the buffer cache (so that no buffer stays busy while another
 * is read: a continuation area may share a directory's sector), the
 * range check of an extent, and the console line about damage.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/atomic.h>
#include <sys/buf.h>

#include "cd9660.h"

/* damage is reported, not repeated: a walk may meet it many times */
#define CD9660_MAXCOMPLAINTS	8

int
cd9660_corrupt(struct cd9660_mount *imp, uint64_t where, const char *why)
{
	/* the same place again (every lookup meets it): said already */
	if (imp->im_lastbad == where + 1)
		return EIO;
	imp->im_lastbad = where + 1;
	if (atomic_inc_uint_nv(&imp->im_complaints) <= CD9660_MAXCOMPLAINTS)
		printf("cd9660: %s: byte %llu: %s\n",
		    imp->im_mp->mnt_stat.f_mntfromname,
		    (unsigned long long)where, why);
	return EIO;
}

bool
cd9660_extent_ok(struct cd9660_mount *imp, uint32_t lba, uint64_t len)
{
	uint64_t nsec = (len + ISO_SECSIZE - 1) >> ISO_SECSHIFT;

	return lba < imp->im_nsec && nsec <= imp->im_nsec - lba;
}

int
cd9660_readsec(struct cd9660_mount *imp, uint64_t sec, uint8_t *buf)
{
	struct buf *bp;
	int error;

	if (sec >= imp->im_nsec)
		return cd9660_corrupt(imp, sec << ISO_SECSHIFT,
		    "sector past the end of the image");
	error = bread(imp->im_devvp, ISO_SECTODB(sec), ISO_SECSIZE, 0, &bp);
	if (error != 0)
		return error;
	memcpy(buf, bp->b_data, ISO_SECSIZE);
	brelse(bp, 0);
	return 0;
}
