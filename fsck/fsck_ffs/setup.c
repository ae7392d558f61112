/* fsck_ffs: open the image, find and check the superblock */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsck.h"

static const int64_t sblocs[] = { SBLOCK_UFS1, SBLOCK_UFS2, SBLOCK_PIGGY };

static int
mediasize(void)
{
	struct stat st;
	uint64_t sz;

	if (fstat(fk.fd, &st) < 0)
		return errno;
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fk.fd, BLKGETSIZE64, &sz) < 0)
			return errno;
		fk.mediasize = sz;
	} else
		fk.mediasize = (uint64_t)st.st_size;
	return 0;
}

/* try one location: 0 and fk.fs filled if a sane superblock is there */
static const char *
trysb(int64_t loc)
{
	static struct fs raw;
	const char *why;
	int32_t magic;

	memset(&raw, 0, sizeof(raw));
	if (readat(&raw, sizeof(raw), loc) != 0)
		return "cannot read";
	magic = raw.fs_magic;
	if (magic == FS_UFS1_MAGIC || magic == FS_UFS2_MAGIC) {
		fk.needswap = false;
		fk.fs = raw;
	} else if ((uint32_t)magic == FS_UFS1_MAGIC_SWAPPED ||
	    (uint32_t)magic == FS_UFS2_MAGIC_SWAPPED) {
		fk.needswap = true;
		ffs_sb_bswap(&raw, &fk.fs);
	} else
		return "no magic number";
	ffs_sb_compat_read(&fk.fs);
	why = ffs_sbcheck(&fk.fs, fk.mediasize, loc);
	if (why == NULL)
		fk.sbloc = loc;
	return why;
}

/* the alternates must agree with the primary on the geometry */
static void
check_alternates(void)
{
	struct fs *fs = &fk.fs, alt, raw;
	int64_t c;

	for (c = 1; c < fs->fs_ncg; c++) {
		if (readfrags(&raw, ffs_cgsblock(fs, c), sizeof(raw)) != 0) {
			problem("CANNOT READ SUPERBLOCK COPY IN CG %lld",
			    (long long)c);
			continue;
		}
		if (fk.needswap)
			ffs_sb_bswap(&raw, &alt);
		else
			alt = raw;
		if (alt.fs_magic != fs->fs_magic ||
		    alt.fs_bsize != fs->fs_bsize ||
		    alt.fs_fsize != fs->fs_fsize ||
		    alt.fs_ncg != fs->fs_ncg || alt.fs_ipg != fs->fs_ipg ||
		    alt.fs_fpg != fs->fs_fpg ||
		    alt.fs_iblkno != fs->fs_iblkno ||
		    alt.fs_dblkno != fs->fs_dblkno)
			problem("SUPERBLOCK COPY IN CG %lld DIFFERS FROM "
			    "PRIMARY", (long long)c);
	}
}

static void
mark_meta(int64_t from, int64_t to)
{
	int64_t f;

	if (to > fk.fs.fs_size)
		to = fk.fs.fs_size;
	for (f = from < 0 ? 0 : from; f < to; f++) {
		bit_set(fk.meta, (uint64_t)f);
		bit_set(fk.used, (uint64_t)f);
	}
}

int
setup(const char *image)
{
	struct fs *fs = &fk.fs;
	const char *why = NULL;
	size_t i;
	int64_t c;

	fk.fd = open(image, fk.yflag ? O_RDWR : O_RDONLY);
	if (fk.fd < 0) {
		pfatal("cannot open %s: %s", image, strerror(errno));
		return -1;
	}
	if (mediasize() != 0) {
		pfatal("cannot size %s", image);
		return -1;
	}
	for (i = 0; i < sizeof(sblocs) / sizeof(sblocs[0]); i++) {
		const char *w = trysb(sblocs[i]);

		if (w == NULL)
			break;
		if (why == NULL || strcmp(why, "no magic number") == 0)
			why = w;
	}
	if (i == sizeof(sblocs) / sizeof(sblocs[0])) {
		printf("BAD SUPER BLOCK: %s\n", why ? why : "not found");
		return -1;
	}
	fk.ufs2 = ffs_is_ufs2(fs);
	fk.oldfmt = !fk.ufs2 && fs->fs_old_inodefmt < FS_44INODEFMT;
	if (!fk.quiet) {
		printf("** %s: UFS%d, %s-endian, superblock at %lld\n", image,
		    fk.ufs2 ? 2 : 1,
		    (fk.needswap ^ (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)) ?
		    "big" : "little", (long long)fk.sbloc);
		printf("** Last Mounted on %.*s\n", MAXMNTLEN,
		    (const char *)fs->fs_fsmnt);
		if ((fs->fs_clean & FS_ISCLEAN) == 0)
			printf("** File system is not marked clean\n");
		if (fs->fs_flags & FS_DOWAPBL)
			printf("** File system has a WAPBL log "
			    "(not replayed)\n");
	}
	if (fs->fs_flags & ~FS_KNOWNFLAGS)
		problem("UNKNOWN FILE SYSTEM FLAGS %#x", fs->fs_flags);
	check_alternates();
	fk.ninodes = (uint64_t)fs->fs_ncg * (uint64_t)fs->fs_ipg;
	fk.ino = xcalloc(fk.ninodes, sizeof(*fk.ino));
	fk.used = xcalloc((size_t)(fs->fs_size + 7) / 8, 1);
	fk.meta = xcalloc((size_t)(fs->fs_size + 7) / 8, 1);
	mark_meta(0, ffs_cgsblock(fs, 0));
	for (c = 0; c < fs->fs_ncg; c++)
		mark_meta(ffs_cgsblock(fs, c), ffs_cgdmin(fs, c));
	mark_meta(fs->fs_csaddr, fs->fs_csaddr +
	    (fs->fs_cssize + fs->fs_fsize - 1) / fs->fs_fsize);
	return 0;
}
