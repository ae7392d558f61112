/* fsck_ffs: reading inodes and mapping their blocks */
#include <stdio.h>
#include <string.h>

#include "fsck.h"

static int64_t
ino_offset(uint64_t ino)
{
	struct fs *fs = &fk.fs;

	return ffs_ino_to_fsba(fs, ino) * fs->fs_fsize +
	    (int64_t)ffs_ino_to_fsbo(fs, ino) * ffs_dinode_size(fs);
}

int
getino(uint64_t ino, struct ufs_dino *d)
{
	uint8_t raw[256];

	if (ino >= fk.ninodes ||
	    readat(raw, (size_t)ffs_dinode_size(&fk.fs), ino_offset(ino)) != 0)
		return -1;
	ufs_dino_load(d, raw, fk.ufs2, fk.needswap);
	return 0;
}

/* read-modify-write: the raw inode keeps what ufs_dino does not hold */
int
putino(uint64_t ino, const struct ufs_dino *d)
{
	uint8_t raw[256];
	size_t dsz = (size_t)ffs_dinode_size(&fk.fs);

	if (ino >= fk.ninodes || readat(raw, dsz, ino_offset(ino)) != 0)
		return -1;
	ufs_dino_store(d, raw, fk.ufs2, fk.needswap);
	return writeat(raw, dsz, ino_offset(ino));
}

int
set_nlink(uint64_t ino, int32_t n)
{
	struct ufs_dino d;

	if (getino(ino, &d) != 0)
		return -1;
	d.nlink = (int16_t)n;
	if (putino(ino, &d) != 0)
		return -1;
	fk.ino[ino].nlink = (int16_t)n;
	return 0;
}

void
clear_ino(uint64_t ino)
{
	struct inoinfo *ip = &fk.ino[ino];
	uint8_t raw[256];

	memset(raw, 0, sizeof(raw));
	if (writeat(raw, (size_t)ffs_dinode_size(&fk.fs),
	    ino_offset(ino)) != 0) {
		fix_failed("CANNOT WRITE INODE %llu", (unsigned long long)ino);
		return;
	}
	if (ip->state == I_DIR)
		fk.ndirs--;
	fk.nfiles--;
	/* its blocks go back to the free maps: phase 5 recounts */
	if (!ip->empty)
		fk.rewalk = true;
	ip->state = I_UNUSED;
	ip->nlink = 0;
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
