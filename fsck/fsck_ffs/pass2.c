/*
 * Phase 2: directory contents.  Every entry must be well formed, name an
 * allocated inode of the type it claims, and '.' and '..' must come
 * first.  References are counted for phase 4 and each directory's parent
 * recorded for phase 3.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fsck.h"

static void
entry(uint64_t dir, const struct ufs_dent *de, int64_t pos)
{
	struct inoinfo *t;
	bool dot = de->namlen == 1 && de->name[0] == '.';
	bool dotdot = de->namlen == 2 && memcmp(de->name, "..", 2) == 0;

	if (de->ino == UFS_WINO && de->type == UFS_DT_WHT)
		return;
	if (de->ino < UFS_ROOTINO || de->ino >= fk.ninodes) {
		problem("BAD INODE NUMBER %u FOR '%.*s' IN DIR I=%llu",
		    de->ino, de->namlen, de->name, (unsigned long long)dir);
		return;
	}
	t = &fk.ino[de->ino];
	if (t->state == I_UNUSED) {
		problem("UNALLOCATED I=%u NAME='%.*s' IN DIR I=%llu",
		    de->ino, de->namlen, de->name, (unsigned long long)dir);
		return;
	}
	if (!fk.oldfmt && de->type != t->dtype)
		problem("BAD TYPE %u FOR '%.*s' I=%u (SHOULD BE %u)",
		    de->type, de->namlen, de->name, de->ino, t->dtype);
	t->nref++;
	if (pos == 0 || pos == 1) {
		if (pos == 0 && (!dot || de->ino != dir))
			problem("MISSING '.' I=%llu", (unsigned long long)dir);
		if (pos == 1) {
			if (!dotdot)
				problem("MISSING '..' I=%llu",
				    (unsigned long long)dir);
			else
				fk.ino[dir].dotdot = de->ino;
		}
		return;
	}
	if (dot || dotdot) {
		problem("EXTRA '%.*s' ENTRY I=%llu", de->namlen, de->name,
		    (unsigned long long)dir);
		return;
	}
	if (t->dtype == UFS_IFDIR >> 12) {
		if (t->parent != 0)
			problem("DIRECTORY I=%u HAS A SECOND NAME '%.*s' IN "
			    "I=%llu", de->ino, de->namlen, de->name,
			    (unsigned long long)dir);
		else
			t->parent = (uint32_t)dir;
	}
}

static void
check_dir(uint64_t ino)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	struct ufs_dent de;
	uint8_t *buf;
	const char *why;
	int64_t lbn, nblk, blk, pos = 0;
	uint32_t len, off;

	if (getino(ino, &d) != 0)
		return;
	buf = xcalloc(1, (size_t)fs->fs_bsize);
	nblk = (int64_t)((d.size + (uint64_t)fs->fs_bsize - 1) >>
	    fs->fs_bshift);
	for (lbn = 0; lbn < nblk; lbn++) {
		len = (uint32_t)ffs_blksize(fs, d.size, lbn);
		if ((uint64_t)ffs_lblktosize(fs, lbn) + len > d.size)
			len = (uint32_t)(d.size -
			    (uint64_t)ffs_lblktosize(fs, lbn));
		blk = ino_bmap(&d, lbn);
		if (blk <= 0 || readfrags(buf, blk, len) != 0)
			break;
		for (off = 0; off < len; off += de.reclen) {
			why = ufs_dent_parse(buf, off, len, fk.oldfmt,
			    fk.needswap, &de);
			if (why != NULL) {
				problem("DIRECTORY CORRUPTED I=%llu OFFSET "
				    "%lld: %s", (unsigned long long)ino,
				    (long long)(ffs_lblktosize(fs, lbn) + off),
				    why);
				/* skip to the next directory block */
				de.reclen = (uint16_t)(UFS_DIRBLKSIZ -
				    off % UFS_DIRBLKSIZ);
				pos = pos < 2 ? 2 : pos;
				continue;
			}
			if (de.ino != 0 || pos < 2)
				entry(ino, &de, pos++);
		}
	}
	if (pos < 2)
		problem("DIRECTORY I=%llu LACKS '.' OR '..'",
		    (unsigned long long)ino);
	free(buf);
}

void
pass2(void)
{
	uint64_t ino;

	if (!fk.quiet)
		printf("** Phase 2 - Check Pathnames\n");
	for (ino = UFS_ROOTINO; ino < fk.ninodes; ino++) {
		if (fk.ino[ino].state == I_DIR)
			check_dir(ino);
	}
}
