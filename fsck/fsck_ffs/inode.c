/* fsck_ffs: reading inodes and mapping their blocks */
#include <stdio.h>
#include <string.h>

#include "fsck.h"

int
getino(uint64_t ino, struct ufs_dino *d)
{
	struct fs *fs = &fk.fs;
	uint8_t raw[256];
	int64_t off;
	int dsz = ffs_dinode_size(fs);

	if (ino >= fk.ninodes)
		return -1;
	off = ffs_ino_to_fsba(fs, ino) * fs->fs_fsize +
	    (int64_t)ffs_ino_to_fsbo(fs, ino) * dsz;
	if (readat(raw, (size_t)dsz, off) != 0)
		return -1;
	ufs_dino_load(d, raw, fk.ufs2, fk.needswap);
	return 0;
}

/* one pointer from an indirect block */
static int64_t
indir_entry(int64_t blk, int64_t idx)
{
	uint8_t p[8];
	int w = fk.ufs2 ? 8 : 4;

	if (blk <= 0 || blk + fk.fs.fs_frag > fk.fs.fs_size)
		return -1;
	if (readat(p, (size_t)w, blk * fk.fs.fs_fsize + idx * w) != 0)
		return -1;
	return fk.ufs2 ? (int64_t)ufs_rd64(p, fk.needswap) :
	    (int64_t)(int32_t)ufs_rd32(p, fk.needswap);
}

int64_t
ino_bmap(const struct ufs_dino *d, int64_t lbn)
{
	int64_t nindir = fk.fs.fs_nindir, span = 1, blk;
	int level, i;

	if (lbn < 0)
		return -1;
	if (lbn < UFS_NDADDR)
		return d->db[lbn];
	lbn -= UFS_NDADDR;
	for (level = 0; level < UFS_NIADDR; level++) {
		span *= nindir;
		if (lbn < span)
			break;
		lbn -= span;
	}
	if (level == UFS_NIADDR)
		return -1;
	blk = d->ib[level];
	for (i = level; i >= 0 && blk > 0; i--) {
		span /= nindir;
		blk = indir_entry(blk, lbn / span);
		lbn %= span;
	}
	return blk;
}

const char *
ino_typename(uint16_t mode)
{
	switch (mode & UFS_IFMT) {
	case UFS_IFDIR:
		return "DIR";
	case UFS_IFREG:
		return "FILE";
	case UFS_IFLNK:
		return "SYMLINK";
	default:
		return "SPECIAL";
	}
}

const char *
getcg(int64_t c, uint8_t *buf, struct cg *hdr)
{
	if (readfrags(buf, ffs_cgtod(&fk.fs, c), (size_t)fk.fs.fs_cgsize) != 0)
		return "cannot read";
	ffs_cg_header(buf, hdr, fk.needswap);
	return ffs_cgcheck(&fk.fs, hdr, c);
}
