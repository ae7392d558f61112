/*
 * The FAT on-disk format (Microsoft's "FAT: General Overview of On-Disk
 * Format", fatgen103) and the pure parsers and encoders over it: the
 * BPB (msdosfs_bpb.c), FAT entries packed in a sector buffer
 * (msdosfs_fatent.c), names, checksums and times (msdosfs_conv.c).
 * Nothing here touches a vnode or a buffer: the unit tests call it
 * directly.
 */
#ifndef _MSDOSFS_FORMAT_H_
#define _MSDOSFS_FORMAT_H_

#include <sys/types.h>

/* little-endian fields at any alignment */
static inline uint16_t
msdosfs_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
msdosfs_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) |
	    ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline void
msdosfs_setle16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
msdosfs_setle32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* BPB field offsets in the boot sector */
#define BPB_BYTSPERSEC	11
#define BPB_SECPERCLUS	13
#define BPB_RSVDSECCNT	14
#define BPB_NUMFATS	16
#define BPB_ROOTENTCNT	17
#define BPB_TOTSEC16	19
#define BPB_MEDIA	21
#define BPB_FATSZ16	22
#define BPB_TOTSEC32	32
#define BPB_FATSZ32	36
#define BPB_EXTFLAGS	40
#define BPB_FSVER	42
#define BPB_ROOTCLUS	44
#define BPB_FSINFO	48

/* FSInfo sector (FAT32) */
#define FSI_LEADSIG	0
#define FSI_STRUCSIG	484
#define FSI_FREE_COUNT	488
#define FSI_NXT_FREE	492
#define FSI_TRAILSIG	508
#define FSI_LEADSIG_VAL		0x41615252u
#define FSI_STRUCSIG_VAL	0x61417272u
#define FSI_TRAILSIG_VAL	0xaa550000u
#define FSI_UNKNOWN		0xffffffffu

/* What a mount needs of the BPB, checked and derived. */
struct msdosfs_geom {
	uint32_t g_bps;		/* bytes per sector: 512..4096 */
	uint32_t g_spc;		/* sectors per cluster */
	uint32_t g_clsize;	/* bytes per cluster */
	int	g_clshift;	/* log2 of g_clsize */
	uint32_t g_rsvd;	/* reserved sectors (boot, FSInfo) */
	uint32_t g_nfats;
	uint32_t g_fatsz;	/* sectors per FAT */
	uint32_t g_fatsec;	/* first sector of FAT 0 */
	uint32_t g_rootsec;	/* FAT12/16: first root directory sector */
	uint32_t g_rootents;	/* FAT12/16: root directory entries */
	uint32_t g_rootsecs;	/* FAT12/16: its sectors */
	uint32_t g_datasec;	/* first sector of cluster 2 */
	uint32_t g_totsec;
	uint32_t g_nclusters;	/* data clusters: 2 .. g_nclusters + 1 */
	uint32_t g_rootclus;	/* FAT32: first cluster of the root */
	uint32_t g_fsinfo;	/* FAT32: FSInfo sector, 0 if none */
	int	g_fatbits;	/* 12, 16 or 32 */
	int	g_activefat;	/* -1: copies mirrored, else the one */
	uint8_t	g_media;
};

/* Largest valid cluster number, and FAT entry values. */
#define MSDOSFS_MAXCL(g)	((g)->g_nclusters + 1)
#define FAT_FREE		0
int msdosfs_bpb_parse(const uint8_t *bs, uint64_t devbytes,
    struct msdosfs_geom *g, const char **why);

/*
 * FAT entries.  A value means: 0 free, 2..maxcl the next cluster, the
 * bad-cluster mark, or end of chain (at or above the EOC limit).  The
 * FAT32 top four bits are reserved: kept on write, ignored on read.
 */
uint32_t msdosfs_fat_eoc(int fatbits);		/* the value written */
bool msdosfs_fat_iseoc(int fatbits, uint32_t v);
bool msdosfs_fat_isbad(int fatbits, uint32_t v);
/* byte offset of entry cn in the FAT */
uint64_t msdosfs_fat_off(int fatbits, uint32_t cn);
/* get/set entry cn from/into bytes p (at least 2 or 4 bytes from the
 * entry's byte offset; FAT12 entries straddle two bytes) */
uint32_t msdosfs_fat_get(int fatbits, uint32_t cn, const uint8_t *p);
void msdosfs_fat_put(int fatbits, uint32_t cn, uint8_t *p, uint32_t v);

/* directory entries */
#define DIRENT_SIZE	32
#define DE_NAME		0
#define DE_ATTR		11
#define DE_LCASE	12
#define DE_CTIME_CS	13
#define DE_CTIME	14
#define DE_CDATE	16
#define DE_ADATE	18
#define DE_CLHI		20
#define DE_MTIME	22
#define DE_MDATE	24
#define DE_CLLO		26
#define DE_SIZE		28

#define SLOT_EMPTY	0x00	/* this and every later slot free */
#define SLOT_DELETED	0xe5
#define SLOT_E5		0x05	/* a name starting with 0xe5 */

#define ATTR_READONLY	0x01
#define ATTR_HIDDEN	0x02
#define ATTR_SYSTEM	0x04
#define ATTR_VOLUME	0x08
#define ATTR_DIRECTORY	0x10
#define ATTR_ARCHIVE	0x20
#define ATTR_LFN	0x0f	/* RO|HIDDEN|SYSTEM|VOLUME */
#define ATTR_LFN_MASK	0x3f

#define LCASE_BASE	0x08	/* NT: the base name is lower case */
#define LCASE_EXT	0x10	/* NT: the extension is lower case */

/* long-name entries */
#define LFN_ORD		0
#define LFN_LAST	0x40
#define LFN_ORDMASK	0x3f
#define LFN_CHKSUM	13
#define LFN_CHARS	13	/* UTF-16 units per entry */
#define LFN_MAXENTS	20
#define LFN_MAXLEN	255	/* UTF-16 units of a long name */

uint8_t msdosfs_lfn_chksum(const uint8_t *name11);
/* the 13 units of entry e (0xffff padding included) */
void msdosfs_lfn_getchars(const uint8_t *e, uint16_t *u13);
/* fill entry e as piece ord (1-based) of name u[len] */
void msdosfs_lfn_fill(uint8_t *e, const uint16_t *u, size_t len, int ord,
    bool last, uint8_t chksum);

/* UTF-8 <-> UTF-16; -1 on a bad sequence or no room */
int msdosfs_utf8_to_utf16(const char *s, size_t len, uint16_t *u,
    size_t umax);
int msdosfs_utf16_to_utf8(const uint16_t *u, size_t n, char *s,
    size_t smax);
/* case-insensitive equality of two UTF-16 names (ASCII and Latin-1) */
bool msdosfs_u16_eqfold(const uint16_t *a, size_t an, const uint16_t *b,
    size_t bn);
/* a hash of the folded name: equal for names eqfold says are equal */
uint32_t msdosfs_u16_foldhash(const uint16_t *u, size_t n);

/*
 * Names.  msdosfs_name_check: a name a FAT directory may hold (EINVAL
 * for the reserved characters); trailing dots and spaces are dropped
 * as Windows drops them (*lenp shortened).  msdosfs_short_exact: does
 * the name fit 8.3 as it is, and with which NT case bits (false if it
 * needs a long name: too long, mixed case, chars 8.3 cannot hold).
 * msdosfs_short_basis: the basis name of the spec's generation
 * algorithm, and whether a numeric tail is needed (lossy).
 * msdosfs_short_tail: the basis with "~n" in it.
 */
int msdosfs_name_check(const uint16_t *u, size_t *lenp);
bool msdosfs_short_exact(const uint16_t *u, size_t len, uint8_t *name11,
    uint8_t *lcase);
bool msdosfs_short_basis(const uint16_t *u, size_t len, uint8_t *name11);
void msdosfs_short_tail(const uint8_t *basis, uint32_t n, uint8_t *name11);
/* short entry name to UTF-8 text (case bits applied, 0x05 undone, dot
 * inserted); returns the length in bytes (out: MSDOSFS_SHORTTEXT) */
#define MSDOSFS_SHORTTEXT	40
size_t msdosfs_short_text(const uint8_t *name11, uint8_t lcase, char *out);
/* the same text as UTF-16 (su: MSDOSFS_SHORTTEXT units); its length,
 * or -1 */
int msdosfs_short_u16(const uint8_t *name11, uint8_t lcase, uint16_t *su);

/* DOS date/time <-> seconds since the epoch (UTC; gmtoff: the image's
 * local offset) */
int64_t msdosfs_dos2unix(uint16_t date, uint16_t time, int32_t gmtoff);
void msdosfs_unix2dos(int64_t secs, int32_t gmtoff, uint16_t *date,
    uint16_t *time);

#endif /* _MSDOSFS_FORMAT_H_ */
