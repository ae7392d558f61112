/*
 * Writing the empty ext2 file system into the (zeroed) image: the
 * superblock and its copies, the group descriptors and their copies,
 * each group's bitmaps; ext2_root.c writes the two directories.  Field
 * offsets are those of the ext2 layout documentation.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ext2.h"

#define ME2_MAGIC		0xef53
#define ME2_INCOMPAT_FILETYPE	0x0002
#define ME2_ROCOMPAT_SPARSE	0x0001
#define ME2_ROCOMPAT_LARGEFILE	0x0002

static uint32_t
me2_gstart(const struct me2_geom *g, uint32_t i)
{
	return g->fdb + i * g->bpg;
}

/* the block bitmap's block of group i (then the inode bitmap, table) */
static uint32_t
me2_bitmap(const struct me2_geom *g, uint32_t i)
{
	return me2_gstart(g, i) + (me2_sparse(i) ? 1 + g->gdtb : 0);
}

uint32_t
me2_firstdata(const struct me2_geom *g)
{
	return me2_bitmap(g, 0) + 2 + g->itb;
}

static uint32_t
me2_freeblocks(const struct me2_geom *g, uint32_t i)
{
	uint32_t used = me2_overhead(g, i) + (i == 0 ? 1 + g->lfblocks : 0);

	return me2_groupsize(g, i) - used;
}

static void
me2_uuid(unsigned char *u, const struct mkfs_opts *o)
{
	for (uint32_t i = 0; i < 4; i++)
		mkfs_le32(u + 4 * i, mkfs_random32(o, 0x45585400 + i));
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);	/* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
}

static void
me2_super(unsigned char *s, const struct me2_opts *eo,
    const struct mkfs_opts *o, uint32_t when)
{
	const struct me2_geom *g = &eo->geom;
	uint32_t freeb = 0, log = 0;

	for (uint32_t i = 0; i < g->ngroups; i++)
		freeb += me2_freeblocks(g, i);
	while ((1024U << log) < g->bs)
		log++;
	memset(s, 0, ME2_SBSIZE);
	mkfs_le32(s + 0, g->ipg * g->ngroups);
	mkfs_le32(s + 4, g->blocks);
	mkfs_le32(s + 12, freeb);
	mkfs_le32(s + 16, g->ipg * g->ngroups - ME2_FIRSTINO);
	mkfs_le32(s + 20, g->fdb);
	mkfs_le32(s + 24, log);
	mkfs_le32(s + 28, log);			/* fragments: blocks */
	mkfs_le32(s + 32, g->bpg);
	mkfs_le32(s + 36, g->bpg);
	mkfs_le32(s + 40, g->ipg);
	mkfs_le32(s + 48, when);		/* last write */
	mkfs_le16(s + 54, 0xffff);		/* no check by mount count */
	mkfs_le16(s + 56, ME2_MAGIC);
	mkfs_le16(s + 58, 1);			/* clean */
	mkfs_le16(s + 60, 1);			/* errors: continue */
	mkfs_le32(s + 64, when);		/* last check */
	mkfs_le32(s + 76, 1);			/* revision */
	mkfs_le32(s + 84, ME2_FIRSTINO);
	mkfs_le16(s + 88, g->isz);
	mkfs_le32(s + 96, ME2_INCOMPAT_FILETYPE);
	mkfs_le32(s + 100, ME2_ROCOMPAT_SPARSE | ME2_ROCOMPAT_LARGEFILE);
	me2_uuid(s + 104, o);
	if (eo->label != NULL)
		memcpy(s + 120, eo->label, strlen(eo->label));
	mkfs_le32(s + 264, when);		/* made */
	if (g->isz > 128) {		/* the driver's extra inode fields */
		mkfs_le16(s + 348, 32);
		mkfs_le16(s + 350, 32);
	}
}

static void
me2_gdt(unsigned char *d, const struct me2_geom *g)
{
	for (uint32_t i = 0; i < g->ngroups; i++, d += ME2_GDSIZE) {
		uint32_t bb = me2_bitmap(g, i);

		mkfs_le32(d + 0, bb);
		mkfs_le32(d + 4, bb + 1);
		mkfs_le32(d + 8, bb + 2);
		mkfs_le16(d + 12, me2_freeblocks(g, i));
		mkfs_le16(d + 14, g->ipg - (i == 0 ? ME2_FIRSTINO : 0));
		mkfs_le16(d + 16, i == 0 ? 2 : 0);	/* / and lost+found */
	}
}

static void
me2_setbits(unsigned char *b, uint32_t from, uint32_t to)
{
	for (uint32_t i = from; i < to; i++)
		b[i / 8] |= (unsigned char)(1U << (i % 8));
}

/* used: the metadata (and group 0's two directories); past the end */
static int
me2_bitmaps(int fd, const struct me2_geom *g, unsigned char *b)
{
	uint32_t used;

	for (uint32_t i = 0; i < g->ngroups; i++) {
		used = me2_overhead(g, i) + (i == 0 ? 1 + g->lfblocks : 0);
		memset(b, 0, g->bs);
		me2_setbits(b, 0, used);
		me2_setbits(b, me2_groupsize(g, i), 8 * g->bs);
		if (mkfs_pwrite(fd, b, g->bs, (uint64_t)me2_bitmap(g, i) *
		    g->bs) != 0)
			return -1;
		memset(b, 0, g->bs);
		me2_setbits(b, 0, i == 0 ? ME2_FIRSTINO : 0);
		me2_setbits(b, g->ipg, 8 * g->bs);
		if (mkfs_pwrite(fd, b, g->bs, (uint64_t)(me2_bitmap(g, i) + 1) *
		    g->bs) != 0)
			return -1;
	}
	return 0;
}

/* the superblock and descriptors in group 0 and the sparse groups */
static int
me2_copies(int fd, const struct me2_geom *g, unsigned char *sb,
    const unsigned char *gdt)
{
	uint64_t at;

	for (uint32_t i = 0; i < g->ngroups; i++) {
		if (!me2_sparse(i))
			continue;
		mkfs_le16(sb + 90, i);		/* this copy's group */
		at = i == 0 ? ME2_SBOFF : (uint64_t)me2_gstart(g, i) * g->bs;
		if (mkfs_pwrite(fd, sb, ME2_SBSIZE, at) != 0 ||
		    mkfs_pwrite(fd, gdt, (size_t)g->gdtb * g->bs,
		    (uint64_t)(me2_gstart(g, i) + 1) * g->bs) != 0)
			return -1;
	}
	return 0;
}

int
me2_format(void *fsopts, const struct mkfs_opts *o, int fd, uint64_t size)
{
	const struct me2_opts *eo = fsopts;
	const struct me2_geom *g = &eo->geom;
	uint32_t when = (uint32_t)(o->timeset ? o->timestamp : time(NULL));
	unsigned char sb[ME2_SBSIZE], *gdt, *b;
	int r = -1;

	(void)size;
	gdt = calloc(g->gdtb, g->bs);
	b = malloc(g->bs);
	if (gdt != NULL && b != NULL) {
		me2_super(sb, eo, o, when);
		me2_gdt(gdt, g);
		if (me2_copies(fd, g, sb, gdt) == 0 &&
		    me2_bitmaps(fd, g, b) == 0 &&
		    me2_write_root(g, o, fd) == 0)
			r = 0;
	} else
		errno = ENOMEM;
	if (r != 0)
		mkfs_warnx("%s: %s", o->image, strerror(errno));
	free(gdt);
	free(b);
	return r;
}
