/*
 * Blocks a truncation (or a moved fragment run) lets go of.  Without
 * soft updates or a log, a disk file system that must stay repairable
 * by preen after a crash may return a block to its free map only once
 * the inode and the indirect blocks that no longer name it are on disk:
 * a block freed earlier could go to another file while the disk still
 * names it in the old one, and a crash would leave it claimed twice.
 * So the blocks are held here, the file system writes what names them
 * no more, and then frees them.  A block that cannot be remembered (no
 * memory) or whose namer could not be written stays allocated: a leak,
 * which fsck gives back.
 */
#include <sys/types.h>
#include <sys/genfs_freelist.h>
#include <sys/kmem.h>
#include <sys/systm.h>

#define FREELIST_FIRST	64

void
genfs_freelist_init(struct genfs_freelist *fl, bool ordered,
    genfs_blkfree_t fn, void *arg)
{
	memset(fl, 0, sizeof(*fl));
	fl->fl_now = !ordered;
	fl->fl_free = fn;
	fl->fl_arg = arg;
}

static bool
genfs_freelist_grow(struct genfs_freelist *fl)
{
	size_t cap = fl->fl_cap == 0 ? FREELIST_FIRST : fl->fl_cap * 2;
	struct genfs_freeblk *v;

	if ((v = kmem_alloc(cap * sizeof(*v), KM_SLEEP)) == NULL)
		return false;
	if (fl->fl_n > 0)
		memcpy(v, fl->fl_v, fl->fl_n * sizeof(*v));
	if (fl->fl_v != NULL)
		kmem_free(fl->fl_v, fl->fl_cap * sizeof(*v));
	fl->fl_v = v;
	fl->fl_cap = cap;
	return true;
}

void
genfs_freelist_add(struct genfs_freelist *fl, int64_t bno, int size)
{
	if (fl->fl_now) {
		fl->fl_free(fl->fl_arg, bno, size);
		return;
	}
	if (fl->fl_n == fl->fl_cap && !genfs_freelist_grow(fl))
		return;
	fl->fl_v[fl->fl_n].bno = bno;
	fl->fl_v[fl->fl_n].size = size;
	fl->fl_n++;
}

bool
genfs_freelist_pending(const struct genfs_freelist *fl)
{
	return fl->fl_n > 0;
}

void
genfs_freelist_done(struct genfs_freelist *fl, int written)
{
	size_t i;

	if (written == 0)
		for (i = 0; i < fl->fl_n; i++)
			fl->fl_free(fl->fl_arg, fl->fl_v[i].bno,
			    fl->fl_v[i].size);
	if (fl->fl_v != NULL)
		kmem_free(fl->fl_v, fl->fl_cap * sizeof(*fl->fl_v));
	fl->fl_v = NULL;
	fl->fl_n = fl->fl_cap = 0;
}
