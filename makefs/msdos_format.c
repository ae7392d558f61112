/*
 * Writing the empty FAT volume into the (zeroed) image: the boot
 * sector with its BIOS parameter block, for FAT32 the FSInfo sector and
 * the backups of both, the first entries of both FATs (the media byte,
 * the clean-shutdown bits, FAT32's root directory cluster) and the
 * volume label's entry in the root directory.  Offsets are those of
 * Microsoft's FAT specification.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "msdos.h"

#define MFAT_MEDIA	0xf8
#define MFAT_FSINFO	1		/* FAT32: sector of FSInfo */
#define MFAT_BACKUP	6		/* FAT32: sector of the copies */
#define MFAT_ATTR_VOLID	0x08

/* what follows the jump: int 18h (no boot), then halt forever */
static const unsigned char mfat_noboot[] = { 0xcd, 0x18, 0xf4, 0xeb, 0xfd };

static void
mfat_space(unsigned char *p, const char *s, size_t n)
{
	size_t len = s != NULL ? strlen(s) : 0;

	memset(p, ' ', n);
	memcpy(p, s, len < n ? len : n);
}

/* the fields every type has, up to offset 36 */
static void
mfat_bpb(unsigned char *b, const struct mfat_opts *fo)
{
	const struct mfat_geom *g = &fo->geom;
	bool small = g->bits != 32 && g->totsec < 0x10000;

	b[0] = 0xeb;
	b[1] = g->bits == 32 ? 0x58 : 0x3c;	/* to the code */
	b[2] = 0x90;
	mfat_space(b + 3, fo->oem != NULL ? fo->oem : "RUMPMKFS", 8);
	mkfs_le16(b + 11, MFAT_SECTOR);
	b[13] = (unsigned char)g->spc;
	mkfs_le16(b + 14, g->rsvd);
	b[16] = 2;				/* FATs */
	mkfs_le16(b + 17, g->rootents);
	mkfs_le16(b + 19, small ? g->totsec : 0);
	b[21] = (unsigned char)(fo->media ? fo->media : MFAT_MEDIA);
	mkfs_le16(b + 22, g->bits == 32 ? 0 : g->fatsz);
	mkfs_le16(b + 24, fo->spt ? fo->spt : 63);	/* per track */
	mkfs_le16(b + 26, fo->heads ? fo->heads : 255);
	mkfs_le32(b + 28, fo->hidden);		/* before the volume */
	mkfs_le32(b + 32, small ? 0 : g->totsec);
}

/* the extended fields at off: drive, signature, id, label, type */
static size_t
mfat_ebpb(unsigned char *b, size_t off, const struct mfat_opts *fo,
    uint32_t volid)
{
	b[off] = 0x80;
	b[off + 2] = 0x29;
	mkfs_le32(b + off + 3, volid);
	mfat_space(b + off + 7, fo->label != NULL ? fo->label : "NO NAME",
	    11);
	mfat_space(b + off + 18, fo->geom.bits == 12 ? "FAT12" :
	    fo->geom.bits == 16 ? "FAT16" : "FAT32", 8);
	return off + 26;
}

static void
mfat_bootsector(unsigned char *b, const struct mfat_opts *fo, uint32_t volid)
{
	const struct mfat_geom *g = &fo->geom;
	size_t code;

	memset(b, 0, MFAT_SECTOR);
	mfat_bpb(b, fo);
	if (g->bits == 32) {
		mkfs_le32(b + 36, g->fatsz);
		mkfs_le32(b + 44, 2);		/* root directory cluster */
		mkfs_le16(b + 48, MFAT_FSINFO);
		mkfs_le16(b + 50, MFAT_BACKUP);
		code = mfat_ebpb(b, 64, fo, volid);
	} else
		code = mfat_ebpb(b, 36, fo, volid);
	memcpy(b + code, mfat_noboot, sizeof(mfat_noboot));
	b[510] = 0x55;
	b[511] = 0xaa;
}

static void
mfat_fsinfo(unsigned char *b, const struct mfat_geom *g)
{
	memset(b, 0, MFAT_SECTOR);
	mkfs_le32(b, 0x41615252);
	mkfs_le32(b + 484, 0x61417272);
	mkfs_le32(b + 488, g->clusters - 1);	/* all but the root's */
	mkfs_le32(b + 492, 3);			/* the first free */
	mkfs_le32(b + 508, 0xaa550000);
}

/* entries 0 and 1 (media, end of chain with the clean bits), 2: root */
static size_t
mfat_fathead(unsigned char *b, unsigned bits, unsigned media)
{
	static const unsigned char f12[] = { 0xf8, 0xff, 0xff };
	static const unsigned char f16[] = { 0xf8, 0xff, 0xff, 0xff };
	static const unsigned char f32[] = { 0xf8, 0xff, 0xff, 0x0f,
	    0xff, 0xff, 0xff, 0x0f, 0xff, 0xff, 0xff, 0x0f };

	const unsigned char *head = bits == 12 ? f12 : bits == 16 ? f16 : f32;
	size_t n = bits == 12 ? sizeof(f12) : bits == 16 ? sizeof(f16) :
	    sizeof(f32);

	memcpy(b, head, n);
	b[0] = (unsigned char)(media ? media : MFAT_MEDIA);
	return n;
}

/* the label's root directory entry, stamped with the time of making */
static void
mfat_labelent(unsigned char *e, const struct mfat_opts *fo,
    const struct mkfs_opts *o)
{
	time_t when = o->timeset ? (time_t)o->timestamp : time(NULL);
	struct tm tm;

	memset(e, 0, MFAT_DIRENT);
	mfat_space(e, fo->label, 11);
	e[11] = MFAT_ATTR_VOLID;
	/* local time, as the driver keeps; UTC under -T (mountopts) */
	if ((o->timeset ? gmtime_r(&when, &tm) : localtime_r(&when, &tm)) ==
	    NULL || tm.tm_year < 80 || tm.tm_year > 207)
		return;
	mkfs_le16(e + 22, (uint32_t)(tm.tm_hour << 11 | tm.tm_min << 5 |
	    tm.tm_sec / 2));
	mkfs_le16(e + 24, (uint32_t)((tm.tm_year - 80) << 9 |
	    (tm.tm_mon + 1) << 5 | tm.tm_mday));
}

int
mfat_format(void *fsopts, const struct mkfs_opts *o, int fd, uint64_t size)
{
	const struct mfat_opts *fo = fsopts;
	const struct mfat_geom *g = &fo->geom;
	uint32_t volid = fo->volid_set ? fo->volid :
	    mkfs_random32(o, 0x46415400 | g->bits);
	uint64_t root = (uint64_t)(g->rsvd + 2 * g->fatsz) * MFAT_SECTOR;
	unsigned char b[MFAT_SECTOR];
	size_t n;
	int r = 0;

	(void)size;
	mfat_bootsector(b, fo, volid);
	r |= mkfs_pwrite(fd, b, MFAT_SECTOR, 0);
	if (g->bits == 32)
		r |= mkfs_pwrite(fd, b, MFAT_SECTOR, MFAT_BACKUP * MFAT_SECTOR);
	if (g->bits == 32) {
		mfat_fsinfo(b, g);
		r |= mkfs_pwrite(fd, b, MFAT_SECTOR, MFAT_FSINFO * MFAT_SECTOR);
		r |= mkfs_pwrite(fd, b, MFAT_SECTOR,
		    (MFAT_BACKUP + MFAT_FSINFO) * MFAT_SECTOR);
	}
	memset(b, 0, sizeof(b));
	n = mfat_fathead(b, g->bits, fo->media);
	for (uint32_t i = 0; i < 2; i++)
		r |= mkfs_pwrite(fd, b, n, (uint64_t)(g->rsvd + i * g->fatsz) *
		    MFAT_SECTOR);
	if (fo->label != NULL) {
		mfat_labelent(b, fo, o);
		r |= mkfs_pwrite(fd, b, MFAT_DIRENT, root);
	}
	if (r != 0)
		mkfs_warnx("%s: %s", o->image, strerror(errno));
	return r != 0 ? -1 : 0;
}
