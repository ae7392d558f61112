/*
 * Phase 1: every inode's type, size and blocks.  Each fragment a file
 * claims is checked to be inside the file system and outside the
 * metadata, and claimed once only.  A wrong block count is repaired
 * (after the scan, so that a preen stopped by a duplicate block has
 * written nothing); files with bad or duplicate blocks are cleared in
 * phase 1b (pass1b.c).  The block walk itself is in walk.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fsck.h"

/* a block count to write once the scan is over */
struct blkfix {
	uint64_t ino;
	uint64_t blocks;
};
static struct blkfix *blkfixes;
static size_t nblkfix;

static void
check_dirholes(uint64_t ino, const struct ufs_dino *d)
{
	int64_t lbn, n = (int64_t)((d->size + (uint64_t)fk.fs.fs_bsize - 1) >>
	    fk.fs.fs_bshift);

	if (d->size == 0 || d->size % UFS_DIRBLKSIZ != 0) {
		note("DIRECTORY I=%llu: SIZE %llu NOT A MULTIPLE OF %d",
		    (unsigned long long)ino, (unsigned long long)d->size,
		    UFS_DIRBLKSIZ);
		fk.ino[ino].state = I_BAD;
		return;
	}
	for (lbn = 0; lbn < n; lbn++) {
		if (ino_bmap(d, lbn) <= 0) {
			note("DIRECTORY I=%llu HAS A HOLE AT BLOCK %lld",
			    (unsigned long long)ino, (long long)lbn);
			fk.ino[ino].state = I_BAD;
			return;
		}
	}
}

/* the type and size are sane; false (the inode is I_BAD) if not */
static bool
check_type(uint64_t ino, const struct ufs_dino *d)
{
	uint16_t fmt = d->mode & UFS_IFMT;

	if (fmt != UFS_IFIFO && fmt != UFS_IFCHR && fmt != UFS_IFDIR &&
	    fmt != UFS_IFBLK && fmt != UFS_IFREG && fmt != UFS_IFLNK &&
	    fmt != UFS_IFSOCK) {
		note("UNKNOWN FILE TYPE I=%llu MODE=%o",
		    (unsigned long long)ino, d->mode);
		fk.ino[ino].state = I_BAD;
		return false;
	}
	if (d->size > fk.fs.fs_maxfilesize) {
		note("BAD SIZE I=%llu SIZE=%llu", (unsigned long long)ino,
		    (unsigned long long)d->size);
		fk.ino[ino].state = I_BAD;
		return false;
	}
	return true;
}

static void
check_blocks(uint64_t ino, const struct ufs_dino *d, const struct walk *w)
{
	uint64_t want = (uint64_t)w->frags * (uint64_t)(fk.fs.fs_fsize /
	    DEV_BSIZE);

	if (w->nbad > MAXBAD)
		note("EXCESSIVE BAD BLKS I=%llu", (unsigned long long)ino);
	if (w->nbad > 0 || w->ndup > 0)
		fk.ino[ino].state = I_BAD;
	if (w->beyond)
		problem("BLOCKS PAST END OF FILE I=%llu",
		    (unsigned long long)ino);
	if (want == d->blocks || fk.ino[ino].state == I_BAD)
		return;
	if (!fix(P_PREEN, "FIX", "INCORRECT BLOCK COUNT I=%llu (%llu should "
	    "be %llu)", (unsigned long long)ino, (unsigned long long)d->blocks,
	    (unsigned long long)want))
		return;
	if (nblkfix % 64 == 0) {
		blkfixes = realloc(blkfixes, (nblkfix + 64) * sizeof(*blkfixes));
		if (blkfixes == NULL) {
			pfatal("out of memory");
			exit(EXIT_FAILED);
		}
	}
	blkfixes[nblkfix].ino = ino;
	blkfixes[nblkfix++].blocks = want;
}

static void
check_inode(uint64_t ino, const struct ufs_dino *d)
{
	struct inoinfo *ip = &fk.ino[ino];
	struct walk w;
	uint16_t fmt = d->mode & UFS_IFMT;

	ip->nlink = d->nlink;
	ip->dtype = (uint8_t)(fmt >> 12);
	/*
	 * A directory with no links is one being removed when the crash
	 * came (the driver writes it emptied before freeing it): phase 4
	 * clears it; it is not read as a directory.
	 */
	ip->state = fmt == UFS_IFDIR && d->nlink > 0 ? I_DIR : I_FILE;
	fk.nfiles++;
	if (!check_type(ino, d))
		return;
	w = walk_inode(ino, d, W_CHECK);
	ip->empty = d->size == 0 && w.frags == 0;
	check_blocks(ino, d, &w);
	if (ip->state == I_DIR) {
		fk.ndirs++;
		check_dirholes(ino, d);
	}
}

/* inodes of a UFS2 group past cg_initediblk were never written */
static int64_t
inited_inodes(int64_t c)
{
	struct cg hdr;
	uint8_t *buf;
	int64_t n = fk.fs.fs_ipg;

	if (!fk.ufs2)
		return n;
	buf = xcalloc(1, (size_t)fk.fs.fs_cgsize);
	if (getcg(c, buf, &hdr) == NULL)
		n = hdr.cg_initediblk;
	free(buf);
	return n;
}

static void
write_blkfixes(void)
{
	struct ufs_dino d;
	size_t i;

	for (i = 0; i < nblkfix; i++) {
		if (fk.ino[blkfixes[i].ino].state == I_BAD)
			continue;
		if (getino(blkfixes[i].ino, &d) != 0)
			continue;
		d.blocks = blkfixes[i].blocks;
		if (putino(blkfixes[i].ino, &d) != 0)
			fix_failed("CANNOT WRITE INODE %llu",
			    (unsigned long long)blkfixes[i].ino);
	}
	free(blkfixes);
	blkfixes = NULL;
	nblkfix = 0;
}

void
pass1(void)
{
	struct fs *fs = &fk.fs;
	struct ufs_dino d;
	uint64_t ino;
	int64_t c, i;

	if (!fk.quiet && !fk.pflag)
		printf("** Phase 1 - Check Blocks and Sizes\n");
	for (c = 0; c < fs->fs_ncg; c++) {
		fk.inited[c] = inited_inodes(c);
		for (i = 0; i < fk.inited[c]; i++) {
			ino = (uint64_t)(c * fs->fs_ipg + i);
			if (ino < UFS_ROOTINO)
				continue;
			if (getino(ino, &d) != 0) {
				problem("CANNOT READ INODE %llu",
				    (unsigned long long)ino);
				continue;
			}
			if (d.mode != 0)
				check_inode(ino, &d);
		}
	}
	if (fk.ino[UFS_ROOTINO].state != I_DIR)
		problem("ROOT INODE NOT A DIRECTORY");
	write_blkfixes();
}

