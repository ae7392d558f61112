/*
 * fsck_ffs: the summary array and the superblock back to disk.  The
 * superblock goes to the primary location even when it was read from
 * an alternate (-b), marked clean when nothing is left unrepaired, in
 * the form the driver writes: UFS1 keeps the old 32-bit copies of the
 * totals and says its 64-bit fields are current.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fsck.h"

static void
write_csums(void)
{
	struct fs *fs = &fk.fs;
	size_t i, n = (size_t)fs->fs_ncg;
	uint8_t *buf = xcalloc(n, sizeof(struct csum)), *p;

	for (i = 0; i < n; i++) {
		p = buf + i * sizeof(struct csum);
		ufs_wr32(p, (uint32_t)fk.csums[i].cs_ndir, fk.needswap);
		ufs_wr32(p + 4, (uint32_t)fk.csums[i].cs_nbfree, fk.needswap);
		ufs_wr32(p + 8, (uint32_t)fk.csums[i].cs_nifree, fk.needswap);
		ufs_wr32(p + 12, (uint32_t)fk.csums[i].cs_nffree, fk.needswap);
	}
	if (writeat(buf, n * sizeof(struct csum),
	    fs->fs_csaddr * fs->fs_fsize) != 0)
		fix_failed("CANNOT WRITE SUMMARY INFORMATION");
	free(buf);
}

/* true: the superblock was marked clean */
static bool
mark_clean(void)
{
	struct fs *fs = &fk.fs;

	if (fk.errors > fk.fixed)
		return false;
	if ((fs->fs_clean & FS_ISCLEAN) != 0 &&
	    (fs->fs_flags & (FS_UNCLEAN | FS_NEEDSFSCK)) == 0)
		return false;
	fs->fs_clean = FS_ISCLEAN;
	fs->fs_flags &= ~(FS_UNCLEAN | FS_NEEDSFSCK);
	fk.sbdirty = true;
	return true;
}

void
write_super(void)
{
	struct fs *fs = &fk.fs, copy, raw;
	bool cleaned;

	if (fk.nflag)
		return;
	if (fk.csdirty && fk.csums != NULL)
		write_csums();
	cleaned = mark_clean();
	if (!fk.sbdirty)
		return;
	ffs_sb_compat_write(fs, (int64_t)time(NULL), &copy);
	if (fk.needswap)
		ffs_sb_bswap(&copy, &raw);
	else
		raw = copy;
	if (writeat(&raw, sizeof(raw), fk.sbloc) != 0) {
		fix_failed("CANNOT WRITE SUPERBLOCK");
		return;
	}
	if (cleaned && !fk.pflag && !fk.quiet)
		printf("\n***** FILE SYSTEM MARKED CLEAN *****\n");
}
