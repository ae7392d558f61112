/* fsck_ffs: open the image (or a partition of it), find the superblock */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rump/rump_etfs.h>

#include "fsck.h"

static const int64_t sblocs[] = { SBLOCK_UFS1, SBLOCK_UFS2, SBLOCK_PIGGY };

static int
hostsize(uint64_t *sz)
{
	struct stat st;

	if (fstat(fk.fd, &st) < 0)
		return errno;
	if (S_ISBLK(st.st_mode))
		return ioctl(fk.fd, BLKGETSIZE64, sz) < 0 ? errno : 0;
	*sz = (uint64_t)st.st_size;
	return 0;
}

/* open the image named by spec (img, img%PART:n% ...): fd, base, size */
static int
openimage(const char *spec)
{
	char host[4096];
	uint64_t begin, size, total;
	int error;

	error = rump_etfs_part_parse(spec, host, sizeof(host), &begin, &size);
	if (error != 0) {
		pfatal("%s: %s", spec, *rump_etfs_part_error() ?
		    rump_etfs_part_error() : strerror(error));
		return -1;
	}
	fk.fd = open(host, fk.nflag ? O_RDONLY : O_RDWR);
	if (fk.fd < 0) {
		pfatal("cannot open %s: %s", host, strerror(errno));
		return -1;
	}
	if ((error = hostsize(&total)) != 0) {
		pfatal("cannot size %s: %s", host, strerror(error));
		return -1;
	}
	if (size == RUMP_ETFS_SIZE_ENDOFF)
		size = total > begin ? total - begin : 0;
	if (begin > total || size > total - begin) {
		pfatal("%s: partition lies past the end of %s", spec, host);
		return -1;
	}
	fk.base = begin;
	fk.mediasize = size;
	return 0;
}

/*
 * Read a superblock at byte loc; NULL and fk.fs filled if it is sane.
 * An alternate records the primary's place: that is where it is checked
 * against and where a repaired one is written.
 */
static const char *
trysb(int64_t loc, bool alternate)
{
	static struct fs raw;
	const char *why;
	int32_t magic;
	int64_t home = loc;

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
	if (alternate)
		home = ffs_is_ufs2(&fk.fs) ? fk.fs.fs_sblockloc : SBLOCK_UFS1;
	why = ffs_sbcheck(&fk.fs, fk.mediasize, home);
	if (why == NULL)
		fk.sbloc = home;
	return why;
}

static int
findsb(void)
{
	const char *why = NULL, *w;
	size_t i;

	if (fk.altsb > 0) {
		if ((w = trysb(fk.altsb * DEV_BSIZE, true)) == NULL) {
			fk.sbdirty = true;	/* the primary gets a copy */
			return 0;
		}
		printf("BAD SUPER BLOCK AT BLOCK %lld: %s\n",
		    (long long)fk.altsb, w);
		return -1;
	}
	for (i = 0; i < sizeof(sblocs) / sizeof(sblocs[0]); i++) {
		if ((w = trysb(sblocs[i], false)) == NULL)
			return 0;
		if (why == NULL || strcmp(why, "no magic number") == 0)
			why = w;
	}
	printf("BAD SUPER BLOCK: %s\n", why ? why : "not found");
	if (!fk.quiet)
		printf("(an alternate may be given with -b; see "
		    "fsck_ffs(8))\n");
	return -1;
}

/* the alternates must agree with the primary on the geometry */
static void
check_alternates(void)
{
	struct fs *fs = &fk.fs, alt, raw;
	int64_t c, off;

	for (c = 1; c < fs->fs_ncg; c++) {
		off = ffs_cgsblock(fs, c) * fs->fs_fsize;
		if (readat(&raw, sizeof(raw), off) != 0) {
			problem("CANNOT READ SUPERBLOCK COPY IN CG %lld",
			    (long long)c);
			continue;
		}
		if (fk.needswap)
			ffs_sb_bswap(&raw, &alt);
		else
			alt = raw;
		if (alt.fs_magic == fs->fs_magic &&
		    alt.fs_bsize == fs->fs_bsize &&
		    alt.fs_fsize == fs->fs_fsize &&
		    alt.fs_ncg == fs->fs_ncg && alt.fs_ipg == fs->fs_ipg &&
		    alt.fs_fpg == fs->fs_fpg &&
		    alt.fs_iblkno == fs->fs_iblkno &&
		    alt.fs_dblkno == fs->fs_dblkno)
			continue;
		if (!fix(P_MANUAL, "FIX", "SUPERBLOCK COPY IN CG %lld DIFFERS "
		    "FROM PRIMARY", (long long)c))
			continue;
		if (fk.needswap)
			ffs_sb_bswap(fs, &raw);
		else
			raw = *fs;
		if (writeat(&raw, sizeof(raw), off) != 0)
			fix_failed("CANNOT WRITE SUPERBLOCK COPY IN CG %lld",
			    (long long)c);
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

static void
banner(const char *image)
{
	struct fs *fs = &fk.fs;

	if (fk.quiet || fk.pflag)
		return;
	printf("** %s: UFS%d, %s-endian, superblock at %lld\n", image,
	    fk.ufs2 ? 2 : 1,
	    (fk.needswap ^ (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__)) ?
	    "big" : "little", (long long)fk.sbloc);
	if (fk.altsb > 0)
		printf("** Using alternate superblock at block %lld\n",
		    (long long)fk.altsb);
	printf("** Last Mounted on %.*s\n", MAXMNTLEN,
	    (const char *)fs->fs_fsmnt);
	if ((fs->fs_clean & FS_ISCLEAN) == 0)
		printf("** File system is not marked clean\n");
	if (fs->fs_flags & FS_DOWAPBL)
		printf("** File system has a WAPBL log (not replayed)\n");
}

/* 0: go on; 1: clean and preen need not look (BSD: without -f) */
int
setup(const char *image)
{
	struct fs *fs = &fk.fs;
	size_t nfrag;
	int64_t c;

	if (openimage(image) != 0 || findsb() != 0)
		return -1;
	fk.ufs2 = ffs_is_ufs2(fs);
	fk.oldfmt = !fk.ufs2 && fs->fs_old_inodefmt < FS_44INODEFMT;
	if (fk.pflag && !fk.fflag && fk.altsb == 0 &&
	    (fs->fs_clean & FS_ISCLEAN) != 0) {
		if (!fk.quiet)
			say("file system is clean; not checking\n");
		return 1;
	}
	banner(image);
	if (fs->fs_flags & ~FS_KNOWNFLAGS)
		problem("UNKNOWN FILE SYSTEM FLAGS %#x", fs->fs_flags);
	check_alternates();
	fk.ninodes = (uint64_t)fs->fs_ncg * (uint64_t)fs->fs_ipg;
	fk.ino = xcalloc(fk.ninodes, sizeof(*fk.ino));
	fk.inited = xcalloc((size_t)fs->fs_ncg, sizeof(*fk.inited));
	nfrag = (size_t)(fs->fs_size + 7) / 8;
	fk.used = xcalloc(nfrag, 1);
	fk.meta = xcalloc(nfrag, 1);
	fk.dups = xcalloc(nfrag, 1);
	mark_meta(0, ffs_cgsblock(fs, 0));
	for (c = 0; c < fs->fs_ncg; c++)
		mark_meta(ffs_cgsblock(fs, c), ffs_cgdmin(fs, c));
	mark_meta(fs->fs_csaddr, fs->fs_csaddr +
	    (fs->fs_cssize + fs->fs_fsize - 1) / fs->fs_fsize);
	return 0;
}
