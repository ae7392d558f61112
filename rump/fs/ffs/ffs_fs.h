/*
 * The FFS (UFS1/UFS2) superblock and cylinder group, as laid out on disk.
 *
 * Fixed-width types only and no other include, so that the kernel driver
 * and the host checker (fsck/fsck_ffs) share this file.  Offsets in the
 * comments are byte offsets on disk; the static assertions hold them.
 *
 * The driver and the checker keep the superblock in host byte order
 * (ffs_sb_bswap converts); cylinder groups, inodes, indirect blocks and
 * directories stay in disk order and are read through the accessors of
 * ffs_bswap.h.
 */
#ifndef _UFS_FFS_FS_H_
#define _UFS_FFS_FS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* standard superblock locations, tried in this order */
#define SBLOCK_UFS1	8192
#define SBLOCK_UFS2	65536
#define SBLOCK_PIGGY	262144
#define SBLOCKSIZE	8192

#define FS_UFS1_MAGIC	0x011954
#define FS_UFS2_MAGIC	0x19540119
#define CG_MAGIC	0x090255

#define MAXFRAG		8
#define MAXMNTLEN	468
#define MAXVOLLEN	32
#define FSMAXSNAP	20
#define FS_MAXCONTIG	16
#define UFS_NDADDR	12	/* direct blocks */
#define UFS_NIADDR	3	/* indirect blocks */
#define UFS_ROOTINO	2
#define UFS_WINO	1	/* whiteout inode */
#define UFS1_MAXSYMLINKLEN	((UFS_NDADDR + UFS_NIADDR) * 4)
#define UFS2_MAXSYMLINKLEN	((UFS_NDADDR + UFS_NIADDR) * 8)

/* fs_old_inodefmt */
#define FS_42INODEFMT	-1
#define FS_44INODEFMT	2

/* fs_clean */
#define FS_ISCLEAN	0x01
#define FS_WASCLEAN	0x02

/* fs_flags */
#define FS_UNCLEAN	0x001
#define FS_DOSOFTDEP	0x002
#define FS_NEEDSFSCK	0x004
#define FS_SUJ		0x008
#define FS_ACLS		0x010
#define FS_MULTILABEL	0x020
#define FS_GJOURNAL	0x040
#define FS_FLAGS_UPDATED 0x080
#define FS_DOWAPBL	0x100
#define FS_DOQUOTA2	0x200
#define FS_TRIM		0x400
#define FS_NFS4ACLS	0x800
/* flags this driver knows how to live with */
#define FS_KNOWNFLAGS	(FS_UNCLEAN | FS_DOSOFTDEP | FS_NEEDSFSCK | FS_SUJ | \
	FS_ACLS | FS_MULTILABEL | FS_GJOURNAL | FS_FLAGS_UPDATED | \
	FS_DOWAPBL | FS_DOQUOTA2 | FS_TRIM | FS_NFS4ACLS)

/* per-cylinder-group summary (fs_csaddr array, cg_cs) */
struct csum {
	int32_t cs_ndir;
	int32_t cs_nbfree;
	int32_t cs_nifree;
	int32_t cs_nffree;
};

struct csum_total {
	int64_t cs_ndir;
	int64_t cs_nbfree;
	int64_t cs_nifree;
	int64_t cs_nffree;
	int64_t cs_numclusters;
	int64_t cs_spare[3];
};

struct fs {
	int32_t fs_firstfield;		/*    0 */
	int32_t fs_unused_1;		/*    4 */
	int32_t fs_sblkno;		/*    8 sb offset in cg (frags) */
	int32_t fs_cblkno;		/*   12 cg block offset */
	int32_t fs_iblkno;		/*   16 inode blocks offset */
	int32_t fs_dblkno;		/*   20 first data frag after cg */
	int32_t fs_old_cgoffset;	/*   24 UFS1 cg stagger */
	int32_t fs_old_cgmask;		/*   28 */
	int32_t fs_old_time;		/*   32 */
	int32_t fs_old_size;		/*   36 */
	int32_t fs_old_dsize;		/*   40 */
	int32_t fs_ncg;			/*   44 */
	int32_t fs_bsize;		/*   48 */
	int32_t fs_fsize;		/*   52 */
	int32_t fs_frag;		/*   56 */
	int32_t fs_minfree;		/*   60 */
	int32_t fs_old_rotdelay;	/*   64 */
	int32_t fs_old_rps;		/*   68 */
	int32_t fs_bmask;		/*   72 */
	int32_t fs_fmask;		/*   76 */
	int32_t fs_bshift;		/*   80 */
	int32_t fs_fshift;		/*   84 */
	int32_t fs_maxcontig;		/*   88 */
	int32_t fs_maxbpg;		/*   92 */
	int32_t fs_fragshift;		/*   96 */
	int32_t fs_fsbtodb;		/*  100 */
	int32_t fs_sbsize;		/*  104 */
	int32_t fs_spare1[2];		/*  108 */
	int32_t fs_nindir;		/*  116 */
	int32_t fs_inopb;		/*  120 */
	int32_t fs_old_nspf;		/*  124 */
	int32_t fs_optim;		/*  128 */
	int32_t fs_old_npsect;		/*  132 */
	int32_t fs_old_interleave;	/*  136 */
	int32_t fs_old_trackskew;	/*  140 */
	int32_t fs_id[2];		/*  144 */
	int32_t fs_old_csaddr;		/*  152 */
	int32_t fs_cssize;		/*  156 */
	int32_t fs_cgsize;		/*  160 */
	int32_t fs_spare2;		/*  164 */
	int32_t fs_old_nsect;		/*  168 */
	int32_t fs_old_spc;		/*  172 */
	int32_t fs_old_ncyl;		/*  176 */
	int32_t fs_old_cpg;		/*  180 */
	int32_t fs_ipg;			/*  184 inodes per group */
	int32_t fs_fpg;			/*  188 frags per group */
	struct csum fs_old_cstotal;	/*  192 */
	int8_t fs_fmod;			/*  208 */
	int8_t fs_clean;		/*  209 */
	int8_t fs_ronly;		/*  210 */
	uint8_t fs_old_flags;		/*  211 */
	uint8_t fs_fsmnt[MAXMNTLEN];	/*  212 */
	uint8_t fs_volname[MAXVOLLEN];	/*  680 */
	uint64_t fs_swuid;		/*  712 */
	int32_t fs_pad;			/*  720 */
	int32_t fs_cgrotor;		/*  724 */
	uint32_t fs_ocsp[32];		/*  728 in-core pointers, unused */
	int32_t fs_old_cpc;		/*  856 */
	int32_t fs_maxbsize;		/*  860 */
	uint8_t fs_journal_version;	/*  864 WAPBL */
	uint8_t fs_journal_location;	/*  865 */
	uint8_t fs_journal_reserved[2];	/*  866 */
	uint32_t fs_journal_flags;	/*  868 */
	uint64_t fs_journallocs[4];	/*  872 */
	int32_t fs_spare3[24];		/*  904 quota2 and spares */
	int64_t fs_sblockloc;		/* 1000 */
	struct csum_total fs_cstotal;	/* 1008 */
	int64_t fs_time;		/* 1072 */
	int64_t fs_size;		/* 1080 frags */
	int64_t fs_dsize;		/* 1088 */
	int64_t fs_csaddr;		/* 1096 */
	int64_t fs_pendingblocks;	/* 1104 */
	uint32_t fs_pendinginodes;	/* 1112 */
	uint32_t fs_snapinum[FSMAXSNAP];/* 1116 */
	uint32_t fs_avgfilesize;	/* 1196 */
	uint32_t fs_avgfpdir;		/* 1200 */
	int32_t fs_save_cgsize;		/* 1204 */
	int32_t fs_sparecon32[26];	/* 1208 */
	uint32_t fs_flags;		/* 1312 */
	int32_t fs_contigsumsize;	/* 1316 */
	int32_t fs_maxsymlinklen;	/* 1320 */
	int32_t fs_old_inodefmt;	/* 1324 */
	uint64_t fs_maxfilesize;	/* 1328 */
	int64_t fs_qbmask;		/* 1336 */
	int64_t fs_qfmask;		/* 1344 */
	int32_t fs_state;		/* 1352 */
	int32_t fs_old_postblformat;	/* 1356 */
	int32_t fs_old_nrpos;		/* 1360 */
	int32_t fs_spare5[2];		/* 1364 */
	int32_t fs_magic;		/* 1372 */
};
_Static_assert(sizeof(struct fs) == 1376, "struct fs is 1376 bytes");
_Static_assert(offsetof(struct fs, fs_fsmnt) == 212, "fs_fsmnt");
_Static_assert(offsetof(struct fs, fs_old_cpc) == 856, "fs_old_cpc");
_Static_assert(offsetof(struct fs, fs_sblockloc) == 1000, "fs_sblockloc");
_Static_assert(offsetof(struct fs, fs_flags) == 1312, "fs_flags");
_Static_assert(offsetof(struct fs, fs_magic) == 1372, "fs_magic");

/* WAPBL log location types (fs_journal_location) */
#define UFS_WAPBL_JOURNALLOC_NONE	0
#define UFS_WAPBL_JOURNALLOC_END_PARTITION 1
#define UFS_WAPBL_JOURNALLOC_IN_FILESYSTEM 2

/* cylinder group header; the maps follow at the offsets it gives */
struct cg {
	int32_t cg_firstfield;		/*   0 */
	int32_t cg_magic;		/*   4 */
	int32_t cg_old_time;		/*   8 */
	int32_t cg_cgx;			/*  12 */
	int16_t cg_old_ncyl;		/*  16 */
	int16_t cg_old_niblk;		/*  18 */
	int32_t cg_ndblk;		/*  20 frags in this cg */
	struct csum cg_cs;		/*  24 */
	int32_t cg_rotor;		/*  40 */
	int32_t cg_frotor;		/*  44 */
	int32_t cg_irotor;		/*  48 */
	int32_t cg_frsum[MAXFRAG];	/*  52 free frag runs by length */
	int32_t cg_old_btotoff;		/*  84 */
	int32_t cg_old_boff;		/*  88 */
	int32_t cg_iusedoff;		/*  92 inode bitmap */
	int32_t cg_freeoff;		/*  96 free frag bitmap */
	int32_t cg_nextfreeoff;		/* 100 end of the maps */
	int32_t cg_clustersumoff;	/* 104 int32 counts */
	int32_t cg_clusteroff;		/* 108 free block bitmap */
	int32_t cg_nclusterblks;	/* 112 */
	int32_t cg_niblk;		/* 116 UFS2 inodes in this cg */
	int32_t cg_initediblk;		/* 120 UFS2 initialized inodes */
	int32_t cg_sparecon32[3];	/* 124 */
	int64_t cg_time;		/* 136 */
	int64_t cg_sparecon64[3];	/* 144 */
};				/* 168: maps */
_Static_assert(sizeof(struct cg) == 168, "struct cg is 168 bytes");

/*
 * Geometry in host order.  Block numbers are in fragments ("fs blocks")
 * unless named otherwise.
 */
static inline bool
ffs_is_ufs2(const struct fs *fs)
{
	return fs->fs_magic == FS_UFS2_MAGIC;
}

static inline int64_t
ffs_cgbase(const struct fs *fs, int64_t c)
{
	return (int64_t)fs->fs_fpg * c;
}

static inline int64_t
ffs_cgstart(const struct fs *fs, int64_t c)
{
	if (ffs_is_ufs2(fs))
		return ffs_cgbase(fs, c);
	return ffs_cgbase(fs, c) +
	    (int64_t)fs->fs_old_cgoffset * (c & ~(int64_t)fs->fs_old_cgmask);
}

#define ffs_cgsblock(fs, c)	(ffs_cgstart(fs, c) + (fs)->fs_sblkno)
#define ffs_cgtod(fs, c)	(ffs_cgstart(fs, c) + (fs)->fs_cblkno)
#define ffs_cgimin(fs, c)	(ffs_cgstart(fs, c) + (fs)->fs_iblkno)
#define ffs_cgdmin(fs, c)	(ffs_cgstart(fs, c) + (fs)->fs_dblkno)
#define ffs_fsbtodb(fs, b)	((int64_t)(b) << (fs)->fs_fsbtodb)
#define ffs_dtog(fs, d)		((int64_t)(d) / (fs)->fs_fpg)
#define ffs_dtogd(fs, d)	((int64_t)(d) % (fs)->fs_fpg)
#define ffs_ino_to_cg(fs, i)	((uint64_t)(i) / (uint64_t)(fs)->fs_ipg)
#define ffs_blkstofrags(fs, b)	((int64_t)(b) << (fs)->fs_fragshift)
#define ffs_fragstoblks(fs, f)	((int64_t)(f) >> (fs)->fs_fragshift)
#define ffs_fragnum(fs, f)	((int64_t)(f) & ((fs)->fs_frag - 1))
#define ffs_blknum(fs, f)	((int64_t)(f) & ~(int64_t)((fs)->fs_frag - 1))
#define ffs_lblkno(fs, off)	((int64_t)(off) >> (fs)->fs_bshift)
#define ffs_lblktosize(fs, b)	((int64_t)(b) << (fs)->fs_bshift)
#define ffs_blkoff(fs, off)	((int64_t)(off) & (fs)->fs_qbmask)
#define ffs_fragroundup(fs, s)	(((s) + (fs)->fs_qfmask) & ~(fs)->fs_qfmask)
#define ffs_numfrags(fs, s)	((int64_t)(s) >> (fs)->fs_fshift)
#define ffs_dinode_size(fs)	(ffs_is_ufs2(fs) ? 256 : 128)

/* fragment address of the block holding inode ino */
static inline int64_t
ffs_ino_to_fsba(const struct fs *fs, uint64_t ino)
{
	uint64_t cg = ffs_ino_to_cg(fs, ino);
	uint64_t idx = ino % (uint64_t)fs->fs_ipg;

	return ffs_cgimin(fs, (int64_t)cg) +
	    ffs_blkstofrags(fs, idx / (uint64_t)fs->fs_inopb);
}

/* index of inode ino inside its block */
#define ffs_ino_to_fsbo(fs, i)	((uint64_t)(i) % (uint64_t)(fs)->fs_inopb)

/* size of logical block lbn of a file of the given size */
static inline int64_t
ffs_blksize(const struct fs *fs, uint64_t size, int64_t lbn)
{
	if (lbn >= UFS_NDADDR || size >= (uint64_t)(lbn + 1) << fs->fs_bshift)
		return fs->fs_bsize;
	return ffs_fragroundup(fs, ffs_blkoff(fs, (int64_t)size));
}

/* host order <-> disk order of a superblock (involution) */
void ffs_sb_bswap(const struct fs *in, struct fs *out);

/* host-order copy of a cg header and back (the maps stay in disk order) */
void ffs_cg_header(const void *raw, struct cg *out, bool needswap);
void ffs_cg_header_store(const struct cg *in, void *raw, bool needswap);

/*
 * Check a cg header (host order) against the superblock: magic, index,
 * and every map offset inside cgsize.  NULL if sane.
 */
const char *ffs_cgcheck(const struct fs *fs, const struct cg *cgp,
    int64_t cgx);

/*
 * Superblock validation.  mediasize: bytes of the device (0 unknown).
 * sbloc: where it was found.  Returns NULL if sane, else a static
 * description of the first problem found.
 */
const char *ffs_sbcheck(const struct fs *fs, uint64_t mediasize,
    int64_t sbloc);
/*
 * The summary totals within what the file system's size allows: the
 * driver's check before it computes with them (statvfs, allocation
 * preferences); fsck_ffs recomputes them instead.
 */
const char *ffs_sbcheck_counts(const struct fs *fs);

/* fill the 64-bit fields of an old UFS1 superblock from the fs_old_ ones */
void ffs_sb_compat_read(struct fs *fs);
/* the copy of fs to write at time now, with the fs_old_ fields of UFS1 */
void ffs_sb_compat_write(const struct fs *fs, int64_t now, struct fs *copy);

#endif /* _UFS_FFS_FS_H_ */
