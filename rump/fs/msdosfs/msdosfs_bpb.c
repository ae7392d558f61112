/*
 * The BIOS parameter block, checked field by field against fatgen103
 * and the device size, and the layout derived from it.  The FAT type
 * comes from the count of data clusters, as the spec says, with one
 * allowance: a BPB shaped for FAT32 (no 16-bit FAT size, no fixed root
 * directory) is FAT32 even with fewer clusters, as mkfs.fat makes such
 * small images and every other implementation reads them so.
 */
#include <sys/types.h>
#include <sys/errno.h>

#include "msdosfs_format.h"

static bool
powerof2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

static int
ilog2(uint32_t v)
{
	int n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

/* The fields that stand alone. */
static const char *
bpb_fields(const uint8_t *bs, struct msdosfs_geom *g)
{
	uint8_t media = bs[BPB_MEDIA];

	if (bs[0] != 0xeb && bs[0] != 0xe9)
		return "no boot jump instruction: not a FAT file system";
	g->g_bps = msdosfs_le16(bs + BPB_BYTSPERSEC);
	if (g->g_bps < 512 || g->g_bps > 4096 || !powerof2(g->g_bps))
		return "bytes per sector not a power of 2 in 512..4096";
	g->g_spc = bs[BPB_SECPERCLUS];
	if (!powerof2(g->g_spc))
		return "sectors per cluster not a power of 2";
	g->g_clsize = g->g_bps * g->g_spc;
	if (g->g_clsize > 65536)
		return "cluster size over 64 KiB";
	g->g_clshift = ilog2(g->g_clsize);
	g->g_rsvd = msdosfs_le16(bs + BPB_RSVDSECCNT);
	if (g->g_rsvd < 1)
		return "no reserved sectors";
	g->g_nfats = bs[BPB_NUMFATS];
	if (g->g_nfats < 1 || g->g_nfats > 2)
		return "number of FATs not 1 or 2";
	if (media != 0xf0 && media < 0xf8)
		return "bad media descriptor";
	g->g_media = media;
	g->g_rootents = msdosfs_le16(bs + BPB_ROOTENTCNT);
	g->g_totsec = msdosfs_le16(bs + BPB_TOTSEC16);
	if (g->g_totsec == 0)
		g->g_totsec = msdosfs_le32(bs + BPB_TOTSEC32);
	if (g->g_totsec == 0)
		return "total sector count is 0";
	g->g_fatsz = msdosfs_le16(bs + BPB_FATSZ16);
	return NULL;
}

/* The layout: FATs, root directory, data area, and the FAT type. */
static const char *
bpb_layout(const uint8_t *bs, struct msdosfs_geom *g)
{
	bool fat32bpb = g->g_fatsz == 0 && g->g_rootents == 0;
	uint64_t meta, need;

	if (g->g_fatsz == 0)
		g->g_fatsz = msdosfs_le32(bs + BPB_FATSZ32);
	if (g->g_fatsz == 0)
		return "FAT size is 0";
	g->g_rootsecs = (g->g_rootents * DIRENT_SIZE + g->g_bps - 1) /
	    g->g_bps;
	g->g_fatsec = g->g_rsvd;
	g->g_rootsec = g->g_rsvd + g->g_nfats * g->g_fatsz;
	meta = (uint64_t)g->g_rootsec + g->g_rootsecs;
	if (meta >= g->g_totsec)
		return "no data area: FATs and root fill the volume";
	g->g_datasec = (uint32_t)meta;
	g->g_nclusters = (g->g_totsec - g->g_datasec) / g->g_spc;
	if (g->g_nclusters == 0)
		return "no data clusters";
	if (fat32bpb)
		g->g_fatbits = 32;
	else if (g->g_nclusters < 4085)
		g->g_fatbits = 12;
	else if (g->g_nclusters < 65525)
		g->g_fatbits = 16;
	else
		return "FAT16-style BPB with a FAT32 cluster count";
	if (g->g_fatbits != 32 && g->g_rootents == 0)
		return "FAT12/16 without root directory entries";
	if (g->g_nclusters > 0x0ffffff5)
		return "too many clusters";
	/* the FAT must hold entries 0 .. maxcl */
	need = ((uint64_t)MSDOSFS_MAXCL(g) + 1) * (uint64_t)g->g_fatbits;
	if ((uint64_t)g->g_fatsz * g->g_bps * 8 < need)
		return "FAT too small for the cluster count";
	return NULL;
}

/* The FAT32 extension: version, root cluster, FSInfo, mirroring. */
static const char *
bpb_fat32(const uint8_t *bs, struct msdosfs_geom *g)
{
	uint16_t ext = msdosfs_le16(bs + BPB_EXTFLAGS);

	g->g_activefat = -1;
	g->g_rootclus = 0;
	g->g_fsinfo = 0;
	if (g->g_fatbits != 32)
		return NULL;
	if (msdosfs_le16(bs + BPB_FSVER) != 0)
		return "unknown FAT32 version";
	g->g_rootclus = msdosfs_le32(bs + BPB_ROOTCLUS);
	if (g->g_rootclus < 2 || g->g_rootclus > MSDOSFS_MAXCL(g))
		return "root cluster out of range";
	if (ext & 0x80) {
		g->g_activefat = ext & 0x0f;
		if ((uint32_t)g->g_activefat >= g->g_nfats)
			return "active FAT number out of range";
	}
	g->g_fsinfo = msdosfs_le16(bs + BPB_FSINFO);
	/* 0 and 0xffff say "none"; one in the boot sector is nonsense */
	if (g->g_fsinfo == 0 || g->g_fsinfo >= g->g_rsvd)
		g->g_fsinfo = 0;
	return NULL;
}

/*
 * Check the boot sector bs (g_bps bytes at least: the first 512 are
 * read) of a device of devbytes bytes; 0, or EINVAL with *why set.
 */
int
msdosfs_bpb_parse(const uint8_t *bs, uint64_t devbytes,
    struct msdosfs_geom *g, const char **why)
{
	const char *w;

	if ((w = bpb_fields(bs, g)) == NULL &&
	    (w = bpb_layout(bs, g)) == NULL &&
	    (w = bpb_fat32(bs, g)) == NULL &&
	    (uint64_t)g->g_totsec * g->g_bps > devbytes)
		w = "total sectors beyond the end of the device";
	*why = w;
	return w == NULL ? 0 : EINVAL;
}
