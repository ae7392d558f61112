/*
 * fsck_ffs: entering names in directories, lost+found, and reattaching
 * files and directories there (phases 3 and 4).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fsck.h"

static void
store(uint8_t *buf, uint32_t off, uint32_t ino, uint16_t reclen,
    const char *name, uint8_t type)
{
	struct ufs_dent de = { .ino = ino, .reclen = reclen, .type = type,
	    .namlen = (uint16_t)strlen(name), .name = name };

	ufs_dent_store(buf, off, &de, fk.oldfmt, fk.needswap);
}

/* an entry with no inode is free room, unless it is a '.' or '..' */
static bool
reusable(const struct ufs_dent *de)
{
	return de->ino == 0 && !(de->namlen == 1 && de->name[0] == '.') &&
	    !(de->namlen == 2 && memcmp(de->name, "..", 2) == 0);
}

/* room for name in the chunk-chained block buf[0, len)? place it */
static bool
place(uint8_t *buf, uint32_t len, const char *name, uint64_t ino,
    uint8_t type)
{
	struct ufs_dent de;
	uint32_t off, used, need = UFS_DIRSIZ(strlen(name));

	for (off = 0; off < len; off += de.reclen) {
		if (ufs_dent_parse(buf, off, len, fk.oldfmt, fk.needswap,
		    &de) != NULL)
			return false;
		if (reusable(&de) && de.reclen >= need) {
			store(buf, off, (uint32_t)ino, de.reclen, name, type);
			return true;
		}
		used = UFS_DIRSIZ(de.namlen);
		if (de.reclen >= used + need) {
			ufs_wr16(buf + off + 4, (uint16_t)used, fk.needswap);
			store(buf, off + used, (uint32_t)ino,
			    (uint16_t)(de.reclen - used), name, type);
			return true;
		}
	}
	return false;
}

/* a new whole block at the end of directory dir, holding the entry */
static int
grow_dir(uint64_t dir, struct ufs_dino *d, const char *name, uint64_t ino,
    uint8_t type)
{
	struct fs *fs = &fk.fs;
	int64_t lbn = (int64_t)(d->size / (uint64_t)fs->fs_bsize), blk;
	uint8_t *buf;
	uint32_t off;
	int error = 0;

	if (d->size % (uint64_t)fs->fs_bsize != 0 || lbn >= UFS_NDADDR ||
	    (blk = alloc_block()) < 0)
		return ENOSPC;
	buf = xcalloc(1, (size_t)fs->fs_bsize);
	for (off = 0; off < (uint32_t)fs->fs_bsize; off += UFS_DIRBLKSIZ)
		store(buf, off, 0, UFS_DIRBLKSIZ, "", 0);
	store(buf, 0, (uint32_t)ino, UFS_DIRBLKSIZ, name, type);
	if (writeat(buf, (size_t)fs->fs_bsize, blk * fs->fs_fsize) != 0)
		error = EIO;
	free(buf);
	if (error != 0)
		return error;
	d->db[lbn] = blk;
	d->size += (uint64_t)fs->fs_bsize;
	d->blocks += (uint64_t)(fs->fs_bsize / DEV_BSIZE);
	return putino(dir, d) != 0 ? EIO : 0;
}

int
dir_enter(uint64_t dir, const char *name, uint64_t ino, uint8_t type)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	uint8_t *buf;
	int64_t lbn, blk;
	uint32_t len;
	int error = ENOSPC;

	if (getino(dir, &d) != 0)
		return EIO;
	buf = xcalloc(1, (size_t)fs->fs_bsize);
	for (lbn = 0; ffs_lblktosize(fs, lbn) < (int64_t)d.size; lbn++) {
		len = (uint32_t)ffs_blksize(fs, d.size, lbn);
		blk = ino_bmap(&d, lbn);
		if (blk <= 0 || readfrags(buf, blk, len) != 0 ||
		    !place(buf, len, name, ino, type))
			continue;
		error = writeat(buf, len, blk * fs->fs_fsize) != 0 ? EIO : 0;
		break;
	}
	free(buf);
	if (error == ENOSPC)
		error = grow_dir(dir, &d, name, ino, type);
	if (error == 0)
		fk.ino[ino].nref++;
	return error;
}

int
set_dotdot(uint64_t ino, uint64_t parent)
{
	struct inoinfo *ip = &fk.ino[ino];
	uint8_t raw[4];

	if (ip->dotdot_off <= 0)
		return ENOENT;
	ufs_wr32(raw, (uint32_t)parent, fk.needswap);
	if (writeat(raw, sizeof(raw), ip->dotdot_off) != 0)
		return EIO;
	if (ip->dotdot >= UFS_ROOTINO && ip->dotdot < fk.ninodes)
		fk.ino[ip->dotdot].nref--;
	fk.ino[parent].nref++;
	ip->dotdot = (uint32_t)parent;
	return 0;
}

/* lost+found's first block: '.', '..' and empty chunks */
static int
mklf_block(uint64_t lf, int64_t blk)
{
	struct fs *fs = &fk.fs;
	uint8_t *buf = xcalloc(1, (size_t)fs->fs_bsize);
	uint32_t off;
	uint16_t d1 = UFS_DIRSIZ(1);
	int error;

	for (off = UFS_DIRBLKSIZ; off < (uint32_t)fs->fs_bsize;
	    off += UFS_DIRBLKSIZ)
		store(buf, off, 0, UFS_DIRBLKSIZ, "", 0);
	store(buf, 0, (uint32_t)lf, d1, ".", UFS_DT_DIR);
	store(buf, d1, UFS_ROOTINO, (uint16_t)(UFS_DIRBLKSIZ - d1), "..",
	    UFS_DT_DIR);
	error = writeat(buf, (size_t)fs->fs_bsize, blk * fs->fs_fsize);
	free(buf);
	return error;
}

static int
mklf_inode(uint64_t lf, int64_t blk)
{
	struct ufs_dino d;
	uint8_t zero[256];

	memset(zero, 0, sizeof(zero));
	memset(&d, 0, sizeof(d));
	d.mode = UFS_IFDIR | 0700;
	d.nlink = 2;
	d.size = (uint64_t)fk.fs.fs_bsize;
	d.blocks = (uint64_t)(fk.fs.fs_bsize / DEV_BSIZE);
	d.db[0] = blk;
	d.atime = d.mtime = d.ctime = d.birthtime = (int64_t)time(NULL);
	d.gen = (int32_t)(random() & 0x7fffffff);
	if (writeat(zero, (size_t)ffs_dinode_size(&fk.fs),
	    ffs_ino_to_fsba(&fk.fs, lf) * fk.fs.fs_fsize +
	    (int64_t)ffs_ino_to_fsbo(&fk.fs, lf) * ffs_dinode_size(&fk.fs)))
		return EIO;
	return putino(lf, &d) != 0 ? EIO : 0;
}

static uint64_t
mklf(void)
{
	struct inoinfo *ip;
	uint64_t lf = alloc_inode();
	int64_t blk = lf != 0 ? alloc_block() : -1;

	if (blk < 0 || mklf_block(lf, blk) != 0 ||
	    mklf_inode(lf, blk) != 0) {
		fk.rewalk = blk >= 0;	/* give the block back */
		return 0;
	}
	ip = &fk.ino[lf];
	*ip = (struct inoinfo){ .state = I_DIR, .dtype = UFS_IFDIR >> 12,
	    .reached = 1, .nlink = 2, .nref = 1, .parent = UFS_ROOTINO,
	    .dotdot = UFS_ROOTINO,
	    .dotdot_off = blk * fk.fs.fs_fsize + UFS_DIRSIZ(1) };
	fk.nfiles++;
	fk.ndirs++;
	/* its '..' is one more link to the root */
	fk.ino[UFS_ROOTINO].nref++;
	(void)set_nlink(UFS_ROOTINO, fk.ino[UFS_ROOTINO].nlink + 1);
	if (dir_enter(UFS_ROOTINO, "lost+found", lf, UFS_DT_DIR) != 0) {
		fk.ino[UFS_ROOTINO].nref--;
		(void)set_nlink(UFS_ROOTINO, fk.ino[UFS_ROOTINO].nlink - 1);
		clear_ino(lf);
		return 0;
	}
	say("CREATED /lost+found (I=%llu)\n", (unsigned long long)lf);
	return fk.lfdir = lf;
}

uint64_t
lostfound(void)
{
	if (fk.lfdir == 0)
		return mklf();
	if (fk.ino[fk.lfdir].state != I_DIR)
		return 0;
	return fk.lfdir;
}

int
reconnect(uint64_t ino)
{
	struct inoinfo *ip = &fk.ino[ino];
	uint64_t lf = lostfound();
	char name[32];
	int error;

	if (lf == 0)
		return ENOENT;
	snprintf(name, sizeof(name), "#%llu", (unsigned long long)ino);
	if ((error = dir_enter(lf, name, ino, ip->dtype)) != 0)
		return error;
	if (ip->state != I_DIR)
		return 0;
	ip->parent = (uint32_t)lf;
	if (set_dotdot(ino, lf) == 0)
		(void)set_nlink(lf, fk.ino[lf].nlink + 1);
	return 0;
}
