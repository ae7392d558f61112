/*
 * fsck_ffs: the few allocations a repair needs (lost+found, a directory
 * block for it).  They are taken from the map of used fragments phase 1
 * built; phase 5 then brings the cylinder groups in line.
 */
#include "fsck.h"

static bool
block_free(int64_t b)
{
	int64_t f;

	for (f = b; f < b + fk.fs.fs_frag; f++) {
		if (bit_get(fk.used, (uint64_t)f))
			return false;
	}
	return true;
}

/* a whole free block, marked used; -1 if there is none */
int64_t
alloc_block(void)
{
	struct fs *fs = &fk.fs;
	int64_t c, b, end;

	for (c = 0; c < fs->fs_ncg; c++) {
		end = ffs_cgbase(fs, c) + fs->fs_fpg;
		if (end > fs->fs_size)
			end = fs->fs_size;
		b = ffs_cgdmin(fs, c);
		b += (fs->fs_frag - b % fs->fs_frag) % fs->fs_frag;
		for (; b + fs->fs_frag <= end;
		    b += fs->fs_frag) {
			if (!block_free(b))
				continue;
			for (end = b; end < b + fs->fs_frag; end++)
				bit_set(fk.used, (uint64_t)end);
			return b;
		}
	}
	return -1;
}

/* a free inode that has been initialised (UFS2); 0 if there is none */
uint64_t
alloc_inode(void)
{
	uint64_t ino, c, ipg = (uint64_t)fk.fs.fs_ipg;

	for (ino = UFS_ROOTINO + 1; ino < fk.ninodes; ino++) {
		c = ino / ipg;
		if (fk.ino[ino].state == I_UNUSED &&
		    (int64_t)(ino % ipg) < fk.inited[c])
			return ino;
	}
	return 0;
}
