/*
 * Byte-order conversion of the superblock, cylinder-group headers and
 * inodes.  Freestanding: shared by the kernel driver and fsck_ffs.
 */
#include "ffs_fs.h"
#include "ffs_bswap.h"
#include "ufs_dinode.h"

/* swap n consecutive w-byte integers starting at byte off */
static void
swap_run(const uint8_t *in, uint8_t *out, size_t off, size_t end, int w)
{
	size_t i;

	for (i = off; i + (size_t)w <= end; i += (size_t)w) {
		switch (w) {
		case 2:
			ufs_wr16(out + i, ufs_rd16(in + i, true), false);
			break;
		case 4:
			ufs_wr32(out + i, ufs_rd32(in + i, true), false);
			break;
		case 8:
			ufs_wr64(out + i, ufs_rd64(in + i, true), false);
			break;
		default:
			__builtin_memcpy(out + i, in + i, (size_t)w);
		}
	}
}

/*
 * The superblock is runs of 32- and 64-bit integers and byte strings;
 * this table lists the runs.  Swapping is its own inverse.
 */
static const struct {
	uint16_t off, end;
	uint8_t width;
} sb_runs[] = {
	{ 0, 208, 4 },		/* through fs_old_cstotal */
	{ 208, 712, 1 },	/* fmod, clean, ronly, old_flags, names */
	{ 712, 720, 8 },	/* fs_swuid */
	{ 720, 864, 4 },	/* pad .. fs_maxbsize */
	{ 864, 868, 1 },	/* journal version, location */
	{ 868, 872, 4 },	/* journal flags */
	{ 872, 904, 8 },	/* journal locations */
	{ 904, 1000, 4 },
	{ 1000, 1112, 8 },	/* sblockloc .. pendingblocks */
	{ 1112, 1328, 4 },	/* pendinginodes .. old_inodefmt */
	{ 1328, 1352, 8 },	/* maxfilesize, qbmask, qfmask */
	{ 1352, 1376, 4 },	/* state .. magic */
};

void
ffs_sb_bswap(const struct fs *in, struct fs *out)
{
	const uint8_t *i = (const uint8_t *)in;
	uint8_t *o = (uint8_t *)out;
	size_t r;

	for (r = 0; r < sizeof(sb_runs) / sizeof(sb_runs[0]); r++)
		swap_run(i, o, sb_runs[r].off, sb_runs[r].end,
		    sb_runs[r].width);
}

void
ffs_cg_header(const void *raw, struct cg *out, bool needswap)
{
	const uint8_t *i = raw;
	uint8_t *o = (uint8_t *)out;

	if (!needswap) {
		__builtin_memcpy(out, raw, sizeof(*out));
		return;
	}
	swap_run(i, o, 0, 16, 4);
	swap_run(i, o, 16, 20, 2);
	swap_run(i, o, 20, 136, 4);
	swap_run(i, o, 136, 168, 8);
}

/* and back: write a host-order cg header into the raw block */
void
ffs_cg_header_store(const struct cg *in, void *raw, bool needswap)
{
	const uint8_t *i = (const uint8_t *)in;
	uint8_t *o = raw;

	if (!needswap) {
		__builtin_memcpy(raw, in, sizeof(*in));
		return;
	}
	swap_run(i, o, 0, 16, 4);
	swap_run(i, o, 16, 20, 2);
	swap_run(i, o, 20, 136, 4);
	swap_run(i, o, 136, 168, 8);
}

#define RD16(f)	ufs_rd16(UFS_FIELD_PTR(raw, DT, f), ns)
#define RD32(f)	ufs_rd32(UFS_FIELD_PTR(raw, DT, f), ns)
#define RD64(f)	ufs_rd64(UFS_FIELD_PTR(raw, DT, f), ns)

static void
load_ufs1(struct ufs_dino *d, const void *raw, bool ns)
{
#define DT struct ufs1_dinode
	int i;

	d->mode = RD16(di_mode);
	d->nlink = (int16_t)RD16(di_nlink);
	d->uid = RD32(di_uid);
	d->gid = RD32(di_gid);
	d->size = RD64(di_size);
	d->blocks = RD32(di_blocks);
	d->atime = (int32_t)RD32(di_atime);
	d->mtime = (int32_t)RD32(di_mtime);
	d->ctime = (int32_t)RD32(di_ctime);
	d->birthtime = 0;
	d->atimensec = (int32_t)RD32(di_atimensec);
	d->mtimensec = (int32_t)RD32(di_mtimensec);
	d->ctimensec = (int32_t)RD32(di_ctimensec);
	d->birthnsec = 0;
	d->gen = (int32_t)RD32(di_gen);
	d->flags = RD32(di_flags);
	d->extsize = 0;
	d->extb[0] = d->extb[1] = 0;
	for (i = 0; i < UFS_NDADDR; i++)
		d->db[i] = (int32_t)RD32(di_db[i]);
	for (i = 0; i < UFS_NIADDR; i++)
		d->ib[i] = (int32_t)RD32(di_ib[i]);
	__builtin_memset(d->shortlink, 0, sizeof(d->shortlink));
	__builtin_memcpy(d->shortlink, UFS_FIELD_PTR(raw, DT, di_db),
	    UFS1_MAXSYMLINKLEN);
#undef DT
}

static void
load_ufs2(struct ufs_dino *d, const void *raw, bool ns)
{
#define DT struct ufs2_dinode
	int i;

	d->mode = RD16(di_mode);
	d->nlink = (int16_t)RD16(di_nlink);
	d->uid = RD32(di_uid);
	d->gid = RD32(di_gid);
	d->size = RD64(di_size);
	d->blocks = RD64(di_blocks);
	d->atime = (int64_t)RD64(di_atime);
	d->mtime = (int64_t)RD64(di_mtime);
	d->ctime = (int64_t)RD64(di_ctime);
	d->birthtime = (int64_t)RD64(di_birthtime);
	d->atimensec = (int32_t)RD32(di_atimensec);
	d->mtimensec = (int32_t)RD32(di_mtimensec);
	d->ctimensec = (int32_t)RD32(di_ctimensec);
	d->birthnsec = (int32_t)RD32(di_birthnsec);
	d->gen = (int32_t)RD32(di_gen);
	d->flags = RD32(di_flags);
	d->extsize = RD32(di_extsize);
	for (i = 0; i < 2; i++)
		d->extb[i] = (int64_t)RD64(di_extb[i]);
	for (i = 0; i < UFS_NDADDR; i++)
		d->db[i] = (int64_t)RD64(di_db[i]);
	for (i = 0; i < UFS_NIADDR; i++)
		d->ib[i] = (int64_t)RD64(di_ib[i]);
	__builtin_memcpy(d->shortlink, UFS_FIELD_PTR(raw, DT, di_db),
	    UFS2_MAXSYMLINKLEN);
#undef DT
}

void
ufs_dino_load(struct ufs_dino *d, const void *raw, bool ufs2, bool needswap)
{
	if (ufs2)
		load_ufs2(d, raw, needswap);
	else
		load_ufs1(d, raw, needswap);
}

#define WR16(f, v) ufs_wr16((uint8_t *)raw + __builtin_offsetof(DT, f), \
	(uint16_t)(v), ns)
#define WR32(f, v) ufs_wr32((uint8_t *)raw + __builtin_offsetof(DT, f), \
	(uint32_t)(v), ns)
#define WR64(f, v) ufs_wr64((uint8_t *)raw + __builtin_offsetof(DT, f), \
	(uint64_t)(v), ns)

static void
store_ufs1(const struct ufs_dino *d, void *raw, bool ns)
{
#define DT struct ufs1_dinode
	int i;

	WR16(di_mode, d->mode);
	WR16(di_nlink, d->nlink);
	WR32(di_uid, d->uid);
	WR32(di_gid, d->gid);
	WR64(di_size, d->size);
	WR32(di_blocks, d->blocks);
	WR32(di_atime, d->atime);
	WR32(di_mtime, d->mtime);
	WR32(di_ctime, d->ctime);
	WR32(di_atimensec, d->atimensec);
	WR32(di_mtimensec, d->mtimensec);
	WR32(di_ctimensec, d->ctimensec);
	WR32(di_gen, d->gen);
	WR32(di_flags, d->flags);
	for (i = 0; i < UFS_NDADDR; i++)
		WR32(di_db[i], d->db[i]);
	for (i = 0; i < UFS_NIADDR; i++)
		WR32(di_ib[i], d->ib[i]);
#undef DT
}

static void
store_ufs2(const struct ufs_dino *d, void *raw, bool ns)
{
#define DT struct ufs2_dinode
	int i;

	WR16(di_mode, d->mode);
	WR16(di_nlink, d->nlink);
	WR32(di_uid, d->uid);
	WR32(di_gid, d->gid);
	WR64(di_size, d->size);
	WR64(di_blocks, d->blocks);
	WR64(di_atime, d->atime);
	WR64(di_mtime, d->mtime);
	WR64(di_ctime, d->ctime);
	WR64(di_birthtime, d->birthtime);
	WR32(di_atimensec, d->atimensec);
	WR32(di_mtimensec, d->mtimensec);
	WR32(di_ctimensec, d->ctimensec);
	WR32(di_birthnsec, d->birthnsec);
	WR32(di_gen, d->gen);
	WR32(di_flags, d->flags);
	WR32(di_extsize, d->extsize);
	for (i = 0; i < 2; i++)
		WR64(di_extb[i], d->extb[i]);
	for (i = 0; i < UFS_NDADDR; i++)
		WR64(di_db[i], d->db[i]);
	for (i = 0; i < UFS_NIADDR; i++)
		WR64(di_ib[i], d->ib[i]);
#undef DT
}

/* only the fields of struct ufs_dino are written; the rest is kept */
void
ufs_dino_store(const struct ufs_dino *d, void *raw, bool ufs2, bool needswap)
{
	if (ufs2)
		store_ufs2(d, raw, needswap);
	else
		store_ufs1(d, raw, needswap);
}
