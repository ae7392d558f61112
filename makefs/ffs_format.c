/*
 * Writing the empty FFS into the (zeroed) image: every group's header
 * block, the summary array, the superblock (at its standard place and
 * as a copy in each group), and the root directory: its inode and its
 * one fragment with "." and "..".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ffs.h"

/* the superblock as written, counts and times in */
static void
mffs_super(const struct mffs_opts *fo, const struct mkfs_opts *o,
    const struct csum_total *tot, int64_t when, struct fs *fs)
{
	*fs = fo->fs;
	fs->fs_cstotal = *tot;
	fs->fs_time = when;
	fs->fs_clean = FS_ISCLEAN;
	fs->fs_id[0] = (int32_t)mkfs_random32(o, 0x46465300);
	fs->fs_id[1] = (int32_t)mkfs_random32(o, 0x46465301);
	if (ffs_is_ufs2(fs))
		return;
	fs->fs_old_time = (int32_t)when;
	fs->fs_old_cstotal.cs_ndir = (int32_t)tot->cs_ndir;
	fs->fs_old_cstotal.cs_nbfree = (int32_t)tot->cs_nbfree;
	fs->fs_old_cstotal.cs_nifree = (int32_t)tot->cs_nifree;
	fs->fs_old_cstotal.cs_nffree = (int32_t)tot->cs_nffree;
}

/* every group's header; their counts into cs and tot */
static int
mffs_groups(int fd, const struct mffs_opts *fo, int64_t when,
    struct csum *cs, struct csum_total *tot)
{
	const struct fs *fs = &fo->fs;
	unsigned char *buf = malloc((size_t)fs->fs_bsize);
	int r = 0;

	if (buf == NULL)
		return -1;
	memset(tot, 0, sizeof(*tot));
	for (int64_t c = 0; c < fs->fs_ncg && r == 0; c++) {
		mffs_cg(fo, c, when, buf, &cs[c]);
		tot->cs_ndir += cs[c].cs_ndir;
		tot->cs_nbfree += cs[c].cs_nbfree;
		tot->cs_nifree += cs[c].cs_nifree;
		tot->cs_nffree += cs[c].cs_nffree;
		r = mkfs_pwrite(fd, buf, (size_t)fs->fs_bsize,
		    (uint64_t)ffs_cgtod(fs, c) * (uint64_t)fs->fs_fsize);
	}
	free(buf);
	return r;
}

static int
mffs_supers(int fd, const struct fs *fs)
{
	unsigned char sb[SBLOCKSIZE];

	memset(sb, 0, sizeof(sb));
	memcpy(sb, fs, sizeof(*fs));
	if (mkfs_pwrite(fd, sb, (size_t)fs->fs_sbsize,
	    (uint64_t)fs->fs_sblockloc) != 0)
		return -1;
	for (int64_t c = 0; c < fs->fs_ncg; c++) {
		uint64_t at = (uint64_t)ffs_cgsblock(fs, c) *
		    (uint64_t)fs->fs_fsize;

		if (mkfs_pwrite(fd, sb, (size_t)fs->fs_sbsize, at) != 0)
			return -1;
	}
	return 0;
}

static void
mffs_dirent(unsigned char *p, uint32_t ino, uint16_t reclen, const char *n)
{
	memcpy(p, &ino, 4);
	memcpy(p + 4, &reclen, 2);
	p[6] = UFS_DT_DIR;
	p[7] = (unsigned char)strlen(n);
	memcpy(p + 8, n, strlen(n));
}

/* the root's inode (host order, as the superblock) and its fragment */
static int
mffs_root(int fd, const struct mffs_opts *fo, int64_t when)
{
	const struct fs *fs = &fo->fs;
	int64_t frag = fs->fs_dblkno + fo->csfrags;
	unsigned char dir[UFS_DIRBLKSIZ] = { 0 }, di[256] = { 0 };
	uint64_t at = (uint64_t)ffs_ino_to_fsba(fs, UFS_ROOTINO) *
	    (uint64_t)fs->fs_fsize + ffs_ino_to_fsbo(fs, UFS_ROOTINO) *
	    (uint64_t)ffs_dinode_size(fs);

	mffs_dirent(dir, UFS_ROOTINO, 12, ".");
	mffs_dirent(dir + 12, UFS_ROOTINO, UFS_DIRBLKSIZ - 12, "..");
	if (ffs_is_ufs2(fs)) {
		struct ufs2_dinode d = { .di_mode = UFS_IFDIR | 0755,
		    .di_nlink = 2, .di_size = UFS_DIRBLKSIZ,
		    .di_blocks = (uint64_t)fs->fs_fsize / 512, .di_atime = when,
		    .di_mtime = when, .di_ctime = when, .di_birthtime = when };

		d.di_db[0] = frag;
		memcpy(di, &d, sizeof(d));
	} else {
		struct ufs1_dinode d = { .di_mode = UFS_IFDIR | 0755,
		    .di_nlink = 2, .di_size = UFS_DIRBLKSIZ,
		    .di_blocks = (uint32_t)fs->fs_fsize / 512,
		    .di_atime = (int32_t)when, .di_mtime = (int32_t)when,
		    .di_ctime = (int32_t)when };

		d.di_db[0] = (int32_t)frag;
		memcpy(di, &d, sizeof(d));
	}
	if (mkfs_pwrite(fd, di, (size_t)ffs_dinode_size(fs), at) != 0)
		return -1;
	return mkfs_pwrite(fd, dir, sizeof(dir),
	    (uint64_t)frag * (uint64_t)fs->fs_fsize);
}

int
mffs_format(void *fsopts, const struct mkfs_opts *o, int fd, uint64_t size)
{
	const struct mffs_opts *fo = fsopts;
	int64_t when = o->timeset ? o->timestamp : (int64_t)time(NULL);
	struct csum *cs = calloc((size_t)fo->fs.fs_ncg, sizeof(*cs));
	struct csum_total tot;
	struct fs fs;
	int r = -1;

	(void)size;
	if (cs != NULL && mffs_groups(fd, fo, when, cs, &tot) == 0) {
		mffs_super(fo, o, &tot, when, &fs);
		if (mkfs_pwrite(fd, cs, (size_t)fs.fs_ncg * sizeof(*cs),
		    (uint64_t)fs.fs_csaddr * (uint64_t)fs.fs_fsize) == 0 &&
		    mffs_supers(fd, &fs) == 0 && mffs_root(fd, fo, when) == 0)
			r = 0;
	}
	if (cs == NULL)
		errno = ENOMEM;
	if (r != 0)
		mkfs_warnx("%s: %s", o->image, strerror(errno));
	free(cs);
	return r;
}
