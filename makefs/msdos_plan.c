/*
 * The FAT geometry: the FAT type and cluster size (given, or chosen by
 * size), the FAT's size and the image's.  The type follows from the
 * count of data clusters alone (FAT12 below 4085, FAT16 below 65525,
 * FAT32 above), so a layout is right only if its count falls in the
 * range of the type it was made for.  The image is made as small as the
 * tree allows (every file and directory in whole clusters, every name
 * with its long-name entries), then grown to -M and checked against -m.
 */
#include <stdio.h>

#include "msdos.h"

#define MFAT_FAT12MAX	4084U
#define MFAT_FAT16MAX	65524U
#define MFAT_FAT32MAX	0x0ffffff4U
#define MFAT_MARGIN	16U	/* clusters kept off a type's edges */
#define MFAT_ROOTENTS	512U

struct mfat_need {
	uint64_t cs;			/* cluster size */
	uint64_t clusters;		/* every file and directory */
	uint64_t rootents;		/* entries of the root */
};

static uint64_t
mfat_slots(const char *name)
{
	int units = mfat_u16len(name);

	/* a short entry and, as if every name needed them, long ones */
	return 1 + mkfs_howmany(units > 0 ? (uint64_t)units : 1,
	    MFAT_LFNCHARS);
}

static uint64_t
mfat_dirents(const struct mkfs_node *d)
{
	uint64_t n = 0;

	for (size_t i = 0; i < d->nkids; i++)
		n += mfat_slots(d->kids[i]->name);
	return n;
}

static int
mfat_need_visit(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct mfat_need *need = ctx;

	(void)dir;
	if (S_ISREG(n->st.st_mode))
		need->clusters += mkfs_howmany((uint64_t)n->st.st_size,
		    need->cs);
	else if (S_ISDIR(n->st.st_mode))	/* with . and .. */
		need->clusters += mkfs_howmany((2 + mfat_dirents(n)) *
		    MFAT_DIRENT, need->cs);
	return 0;
}

/* clusters the tree takes with clusters of cs bytes, with -b and -f */
static void
mfat_need(const struct mfat_opts *fo, const struct mkfs_opts *o,
    const struct mkfs_tree *t, unsigned bits, struct mfat_need *need)
{
	uint64_t root = mfat_dirents(t->root) + (fo->label != NULL);

	need->clusters = 0;
	(void)mkfs_tree_walk(t->root, mfat_need_visit, need);
	need->rootents = MFAT_ROOTENTS;
	if (bits == 32)
		need->clusters += mkfs_howmany(root * MFAT_DIRENT, need->cs);
	else if (root > need->rootents)
		need->rootents = mkfs_roundup(root, MFAT_SECTOR / MFAT_DIRENT);
	if (fo->rootents > need->rootents)
		need->rootents = fo->rootents;
	need->clusters += mkfs_slack(need->clusters, o->freeblocks,
	    o->freeblocks_pct);
	/* a free file: an entry with a long name of up to 26 characters */
	need->clusters += mkfs_howmany(mkfs_slack(t->nodes, o->freefiles,
	    o->freefiles_pct) * 3 * MFAT_DIRENT, need->cs);
}

static uint64_t
mfat_fatbytes(unsigned bits, uint64_t clusters)
{
	return mkfs_howmany((clusters + 2) * bits, 8);
}

/* the smallest FATs that map what is left of totsec */
static bool
mfat_layout(struct mfat_geom *g)
{
	uint64_t avail, f;

	if (g->totsec <= g->rsvd + g->rootsecs)
		return false;
	avail = g->totsec - g->rsvd - g->rootsecs;
	f = mkfs_howmany(mfat_fatbytes(g->bits, avail / g->spc),
	    MFAT_SECTOR);
	while (f > 1 && 2 * (f - 1) < avail && mfat_fatbytes(g->bits,
	    (avail - 2 * (f - 1)) / g->spc) <= (f - 1) * MFAT_SECTOR)
		f--;
	if (2 * f >= avail)
		return false;
	g->fatsz = (uint32_t)f;
	g->clusters = (uint32_t)((avail - 2 * f) / g->spc);
	switch (g->bits) {
	case 12: return g->clusters >= 1 && g->clusters <= MFAT_FAT12MAX;
	case 16: return g->clusters > MFAT_FAT12MAX &&
	    g->clusters <= MFAT_FAT16MAX;
	default: return g->clusters > MFAT_FAT16MAX &&
	    g->clusters <= MFAT_FAT32MAX;
	}
}

/* sectors for clusters data clusters, kept inside the type's range */
static uint64_t
mfat_sectors(const struct mfat_geom *g, uint64_t clusters)
{
	uint64_t low = g->bits == 12 ? 1 : g->bits == 16 ?
	    MFAT_FAT12MAX + 1 + MFAT_MARGIN : MFAT_FAT16MAX + 1 + MFAT_MARGIN;

	if (clusters < low)
		clusters = low;
	return g->rsvd + g->rootsecs + 2 * mkfs_howmany(mfat_fatbytes(g->bits,
	    clusters), MFAT_SECTOR) + clusters * g->spc;
}

/* FAT32's smallest cluster for a volume of totsec sectors (the spec) */
static unsigned
mfat32_minspc(uint64_t totsec)
{
	if (totsec <= 532480)		/* 260 MB */
		return 1;
	if (totsec <= 16777216)		/* 8 GB */
		return 8;
	if (totsec <= 33554432)
		return 16;
	if (totsec <= 67108864)
		return 32;
	return 64;
}

/* largest cluster tried for bits when -o sectors_per_cluster is not set */
static unsigned
mfat_maxspc(const struct mfat_opts *fo, unsigned bits)
{
	if (bits == 12)
		return 8;
	if (bits == 16 && fo->fat_type == 0)	/* FAT32 beyond 512 MB */
		return 16;
	return 64;
}

/* a layout of bits and spc for the tree in totsec (0: the least) */
static bool
mfat_try(const struct mfat_opts *fo, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t totsec, struct mfat_geom *g)
{
	struct mfat_need need = { (uint64_t)g->spc * MFAT_SECTOR, 0, 0 };

	mfat_need(fo, o, t, g->bits, &need);
	g->rsvd = fo->rsvd != 0 ? fo->rsvd : g->bits == 32 ? 32 : 1;
	if (g->bits == 32 && g->rsvd < MFAT32_MINRSVD)
		return false;
	g->rootents = g->bits == 32 ? 0 : (uint32_t)need.rootents;
	g->rootsecs = g->rootents * MFAT_DIRENT / MFAT_SECTOR;
	if (totsec == 0)
		totsec = mfat_sectors(g, need.clusters);
	if (totsec > UINT32_MAX)
		return false;
	g->totsec = (uint32_t)totsec;
	if (!mfat_layout(g) || g->clusters < need.clusters)
		return false;
	return g->bits != 32 || fo->spc != 0 ||
	    g->spc >= mfat32_minspc(totsec);
}

/* the first type and cluster size that holds the tree in totsec */
static bool
mfat_search(const struct mfat_opts *fo, const struct mkfs_opts *o,
    const struct mkfs_tree *t, uint64_t totsec, struct mfat_geom *g)
{
	static const unsigned types[] = { 12, 16, 32 };
	unsigned spc;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		if (fo->fat_type != 0 && fo->fat_type != types[i])
			continue;
		for (spc = fo->spc ? fo->spc : 1; spc <= (fo->spc ? fo->spc :
		    mfat_maxspc(fo, types[i])); spc *= 2) {
			g->bits = types[i];
			g->spc = spc;
			if (mfat_try(fo, o, t, totsec, g))
				return true;
		}
	}
	return false;
}

int
mfat_plan(void *fsopts, const struct mkfs_opts *o, const struct mkfs_tree *t,
    uint64_t *sizep)
{
	struct mfat_opts *fo = fsopts;
	struct mfat_geom *g = &fo->geom;
	uint64_t size;

	if (fo->fat_type == 32 && fo->rsvd != 0 && fo->rsvd < MFAT32_MINRSVD) {
		mkfs_warnx("-o reserved_sectors=%u: FAT32 needs %u at least",
		    fo->rsvd, MFAT32_MINRSVD);
		return -1;
	}
	if (!mfat_search(fo, o, t, 0, g)) {
		mkfs_warnx("%s: the tree fits no FAT%s layout%s", o->image,
		    fo->fat_type == 12 ? "12" : "", fo->fat_type == 12 ?
		    " (fat_type=16 or 32 holds more)" : "");
		return -1;
	}
	size = (uint64_t)g->totsec * MFAT_SECTOR;
	if (o->maxsize != 0 && size > o->maxsize) {
		mkfs_warnx("%s: tree too big: msdos needs %llu bytes, more "
		    "than the %llu of -s/-m", o->image,
		    (unsigned long long)size,
		    (unsigned long long)o->maxsize);
		return -1;
	}
	if (o->minsize > size) {
		size = o->minsize / MFAT_SECTOR * MFAT_SECTOR;
		if (!mfat_search(fo, o, t, size / MFAT_SECTOR, g)) {
			mkfs_warnx("%s: no FAT layout of %llu bytes with "
			    "these -o options", o->image,
			    (unsigned long long)size);
			return -1;
		}
	}
	*sizep = size;
	return 0;
}
