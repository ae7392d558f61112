/*
 * The ext2 geometry: block size, inodes, groups, and the image's size.
 * The tree's need is counted in blocks (each file's data and indirect
 * blocks, each directory's entries packed into blocks as the driver
 * packs them, long symlinks) and inodes (one per file, not per link);
 * groups are added until the blocks of every group's metadata and the
 * need fit.  -M grows the image (the inodes with it, one per 16 KiB),
 * -m or -s bounds it.
 */
#include <string.h>

#include "ext2.h"

#define ME2_BYTESPERINODE	16384

struct me2_need {
	uint32_t bs;
	uint64_t blocks;		/* data, indirect and directory */
	uint64_t inodes;		/* for the tree */
};

bool
me2_sparse(uint32_t g)
{
	static const uint32_t bases[] = { 3, 5, 7 };

	if (g <= 1)
		return true;
	for (size_t i = 0; i < sizeof(bases) / sizeof(bases[0]); i++) {
		uint64_t p = bases[i];

		while (p < g)
			p *= bases[i];
		if (p == g)
			return true;
	}
	return false;
}

uint32_t
me2_overhead(const struct me2_geom *g, uint32_t group)
{
	return (me2_sparse(group) ? 1 + g->gdtb : 0) + 2 + g->itb;
}

uint32_t
me2_groupsize(const struct me2_geom *g, uint32_t group)
{
	if (group + 1 < g->ngroups)
		return g->bpg;
	return g->blocks - g->fdb - group * g->bpg;
}

/* data blocks and the indirect blocks that map them */
static uint64_t
me2_fileblocks(uint64_t size, uint32_t bs)
{
	uint64_t n = mkfs_howmany(size, bs), apb = bs / 4, meta = 0, r;

	if (n <= ME2_NDADDR)
		return n;
	r = n - ME2_NDADDR;
	meta += 1;				/* single indirect */
	if (r > apb) {
		r -= apb;
		meta += 1 + mkfs_howmany(r < apb * apb ? r : apb * apb, apb);
		if (r > apb * apb) {		/* triple */
			r -= apb * apb;
			meta += 1 + mkfs_howmany(r, apb * apb) +
			    mkfs_howmany(r, apb);
		}
	}
	return n + meta;
}

/* the entries of d (with . and .., lost+found in the root) in blocks */
static uint64_t
me2_dirblocks(const struct mkfs_node *d, uint32_t bs)
{
	uint64_t blocks = 1, used = 24;	/* . and .. */
	uint64_t len;

	if (d->name[0] == '\0')
		used += 8 + 12;		/* lost+found */
	for (size_t i = 0; i < d->nkids; i++) {
		len = 8 + mkfs_roundup(strlen(d->kids[i]->name), 4);
		if (used + len > bs) {
			blocks++;
			used = 0;
		}
		used += len;
	}
	return blocks;
}

static int
me2_need_visit(void *ctx, const struct mkfs_node *dir,
    const struct mkfs_node *n)
{
	struct me2_need *need = ctx;
	mode_t m = n->st.st_mode;

	(void)dir;
	if (n->first != NULL)
		return 0;		/* a link: an entry, no inode */
	need->inodes++;
	if (S_ISREG(m))
		need->blocks += me2_fileblocks((uint64_t)n->st.st_size,
		    need->bs);
	else if (S_ISDIR(m))	/* a large one has indirect blocks too */
		need->blocks += me2_fileblocks(me2_dirblocks(n, need->bs) *
		    need->bs, need->bs);
	else if (S_ISLNK(m) && n->st.st_size >= ME2_FASTLINK)
		need->blocks++;
	return 0;
}

static void
me2_need(const struct mkfs_opts *o, const struct mkfs_tree *t, uint32_t bs,
    struct me2_need *need)
{
	need->bs = bs;
	need->blocks = 0;
	need->inodes = 0;
	(void)mkfs_tree_walk(t->root, me2_need_visit, need);
	need->blocks += me2_fileblocks(me2_dirblocks(t->root, bs) * bs, bs);
	need->blocks += mkfs_slack(need->blocks, o->freeblocks,
	    o->freeblocks_pct);
	need->inodes += mkfs_slack(need->inodes, o->freefiles,
	    o->freefiles_pct);
}

/* inodes per group and what follows from it for g->ngroups groups */
static bool
me2_setgroups(struct me2_geom *g, uint64_t inodes)
{
	uint32_t ipb = g->bs / g->isz;
	uint64_t ipg = mkfs_howmany(inodes, g->ngroups);

	ipg = mkfs_roundup(ipg, ipb > 8 ? ipb : 8);
	if (ipg > 8 * g->bs)		/* one bitmap block */
		return false;
	g->ipg = (uint32_t)ipg;
	g->itb = g->ipg * g->isz / g->bs;
	g->gdtb = (uint32_t)mkfs_howmany((uint64_t)g->ngroups * ME2_GDSIZE,
	    g->bs);
	return true;
}

static uint64_t
me2_alloverhead(const struct me2_geom *g)
{
	uint64_t sum = g->lfblocks;

	for (uint32_t i = 0; i < g->ngroups; i++)
		sum += me2_overhead(g, i);
	return sum;
}

static void
me2_base(struct me2_geom *g, const struct me2_opts *eo, uint32_t bs)
{
	memset(g, 0, sizeof(*g));
	g->bs = bs;
	g->isz = eo->isz ? eo->isz : 128;
	g->fdb = bs == 1024 ? 1 : 0;
	g->bpg = 8 * bs;
	g->lfblocks = ME2_LFBYTES / bs < ME2_NDADDR ? ME2_LFBYTES / bs :
	    ME2_NDADDR;
}

/* the least blocks holding need: groups added until it is stable */
static bool
me2_least(struct me2_geom *g, uint64_t inodes, uint64_t need)
{
	uint64_t total, n, last;

	g->ngroups = 1;
	for (;;) {
		if (!me2_setgroups(g, inodes)) {
			g->ngroups++;
			continue;
		}
		total = g->fdb + me2_alloverhead(g) + need;
		n = mkfs_howmany(total - g->fdb, g->bpg);
		if (n <= g->ngroups)
			break;
		if (n > UINT32_MAX / g->bpg)
			return false;
		g->ngroups = (uint32_t)n;
	}
	/* a last group with a little room beyond its own metadata */
	last = total - g->fdb - (uint64_t)(g->ngroups - 1) * g->bpg;
	if (last < me2_overhead(g, g->ngroups - 1) + 16U)
		total += me2_overhead(g, g->ngroups - 1) + 16U - last;
	if (total > UINT32_MAX)
		return false;
	g->blocks = (uint32_t)total;
	return true;
}

/* the groups of an image of size bytes; false if none fits */
static bool
me2_fixed(struct me2_geom *g, uint64_t size, uint64_t inodes)
{
	uint64_t blocks = size / g->bs, last;

	if (blocks > UINT32_MAX)
		blocks = UINT32_MAX;
	if (blocks <= g->fdb)
		return false;
	g->blocks = (uint32_t)blocks;
	g->ngroups = (uint32_t)mkfs_howmany(blocks - g->fdb, g->bpg);
	if (!me2_setgroups(g, inodes))
		return false;
	last = me2_groupsize(g, g->ngroups - 1);
	if (last < me2_overhead(g, g->ngroups - 1) + 16U) {
		/* too small a last group: the image keeps its tail unused */
		if (--g->ngroups == 0)
			return false;
		g->blocks = g->fdb + g->ngroups * g->bpg;
		if (!me2_setgroups(g, inodes))
			return false;
	}
	return true;
}

static int
me2_toobig(const struct mkfs_opts *o, uint64_t size, uint64_t max)
{
	mkfs_warnx("%s: tree too big: ext2fs needs %llu bytes, more than "
	    "the %llu of -s/-m", o->image, (unsigned long long)size,
	    (unsigned long long)max);
	return -1;
}

/* the block size: given, or 1 KiB below 512 MiB as mke2fs has it */
static uint32_t
me2_blocksize(const struct me2_opts *eo, const struct mkfs_opts *o,
    const struct mkfs_tree *t)
{
	struct me2_need need;
	struct me2_geom g;

	if (eo->bs != 0)
		return eo->bs;
	me2_base(&g, eo, 1024);
	me2_need(o, t, 1024, &need);
	if (!me2_least(&g, ME2_FIRSTINO + need.inodes, need.blocks))
		return 4096;
	if ((uint64_t)g.blocks * 1024 < (512ULL << 20) &&
	    o->minsize < (512ULL << 20))
		return 1024;
	return 4096;
}

int
me2_plan(void *fsopts, const struct mkfs_opts *o, const struct mkfs_tree *t,
    uint64_t *sizep)
{
	struct me2_opts *eo = fsopts;
	struct me2_geom *g = &eo->geom;
	struct me2_need need;
	uint64_t inodes, size;

	me2_base(g, eo, me2_blocksize(eo, o, t));
	me2_need(o, t, g->bs, &need);
	inodes = ME2_FIRSTINO + need.inodes;
	if (eo->inodes > inodes)
		inodes = eo->inodes;
	if (!me2_least(g, inodes, need.blocks)) {
		mkfs_warnx("%s: the tree is too big for ext2fs", o->image);
		return -1;
	}
	size = (uint64_t)g->blocks * g->bs;
	if (o->maxsize != 0 && size > o->maxsize)
		return me2_toobig(o, size, o->maxsize);
	if (o->minsize > size) {
		size = o->minsize;
		if (eo->inodes == 0 && size / ME2_BYTESPERINODE > inodes)
			inodes = size / ME2_BYTESPERINODE;
		if (!me2_fixed(g, size, inodes) || g->blocks - g->fdb -
		    me2_alloverhead(g) < need.blocks) {
			mkfs_warnx("%s: no ext2fs layout of %llu bytes holds "
			    "the tree with these -o options", o->image,
			    (unsigned long long)size);
			return -1;
		}
	}
	*sizep = size;
	return 0;
}
