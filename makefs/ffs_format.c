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
mffs_groups(int fd, const struct mffs_opts *fo, int64_t when, bool ns,
    struct csum *cs, struct csum_total *tot)
{
	const struct fs *fs = &fo->fs;
	unsigned char *buf = malloc((size_t)fs->fs_bsize);
	int r = 0;

	if (buf == NULL)
		return -1;
	memset(tot, 0, sizeof(*tot));
	for (int64_t c = 0; c < fs->fs_ncg && r == 0; c++) {
		mffs_cg(fo, c, when, buf, &cs[c], ns);
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

/* the summary array (four 32-bit counts a group) in the image's order */
static int
mffs_csums(int fd, const struct fs *fs, struct csum *cs, bool ns)
{
	int32_t *v = (int32_t *)cs;

	for (size_t i = 0; ns && i < (size_t)fs->fs_ncg * 4; i++)
		ufs_wr32(&v[i], (uint32_t)v[i], true);
	return mkfs_pwrite(fd, cs, (size_t)fs->fs_ncg * sizeof(*cs),
	    (uint64_t)fs->fs_csaddr * (uint64_t)fs->fs_fsize);
}

static int
mffs_supers(int fd, const struct fs *fs, bool ns)
{
	unsigned char sb[SBLOCKSIZE];
	struct fs sw;

	memset(sb, 0, sizeof(sb));
	if (ns) {
		ffs_sb_bswap(fs, &sw);
		memcpy(sb, &sw, sizeof(sw));
	} else
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
mffs_dirent(unsigned char *p, uint32_t ino, uint16_t reclen, const char *n,
    bool ns)
{
	ufs_wr32(p, ino, ns);
	ufs_wr16(p + 4, reclen, ns);
	p[6] = UFS_DT_DIR;
	p[7] = (unsigned char)strlen(n);
	memcpy(p + 8, n, strlen(n));
}

/* the root's inode and its fragment, in the image's byte order */
static int
mffs_root(int fd, const struct mffs_opts *fo, int64_t when, bool ns)
{
	const struct fs *fs = &fo->fs;
	int64_t frag = fs->fs_dblkno + fo->csfrags;
	unsigned char dir[UFS_DIRBLKSIZ] = { 0 }, di[256] = { 0 };
	uint64_t at = (uint64_t)ffs_ino_to_fsba(fs, UFS_ROOTINO) *
	    (uint64_t)fs->fs_fsize + ffs_ino_to_fsbo(fs, UFS_ROOTINO) *
	    (uint64_t)ffs_dinode_size(fs);
	struct ufs_dino d = { .mode = UFS_IFDIR | 0755, .nlink = 2,
	    .size = UFS_DIRBLKSIZ, .blocks = (uint64_t)fs->fs_fsize / 512,
	    .atime = when, .mtime = when, .ctime = when };

	if (ffs_is_ufs2(fs))
		d.birthtime = when;
	d.db[0] = frag;
	ufs_dino_store(&d, di, ffs_is_ufs2(fs), ns);
	mffs_dirent(dir, UFS_ROOTINO, 12, ".", ns);
	mffs_dirent(dir + 12, UFS_ROOTINO, UFS_DIRBLKSIZ - 12, "..", ns);
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
	bool ns = o->byteorder != 0 && o->byteorder != mkfs_host_endian();
	struct fs fs;
	int r = -1;

	(void)size;
	if (cs != NULL && mffs_groups(fd, fo, when, ns, cs, &tot) == 0) {
		mffs_super(fo, o, &tot, when, &fs);
		if (mffs_csums(fd, &fs, cs, ns) == 0 &&
		    mffs_supers(fd, &fs, ns) == 0 &&
		    mffs_root(fd, fo, when, ns) == 0)
			r = 0;
	}
	if (cs == NULL)
		errno = ENOMEM;
	if (r != 0)
		mkfs_warnx("%s: %s", o->image, strerror(errno));
	free(cs);
	return r;
}
