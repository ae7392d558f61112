/*
 * ISO 9660 (ECMA-119) on disk, with the System Use Sharing Protocol
 * (IEEE P1281), Rock Ridge (IEEE P1282), Joliet and zisofs as far as this
 * driver reads them: byte offsets and constants, and the decoded forms
 * the pure parsers (cd9660_vd.c, cd9660_drec.c, cd9660_susp.c,
 * cd9660_rrip.c, cd9660_time.c, cd9660_joliet.c, cd9660_zisofs.c)
 * produce.  Nothing here touches a buffer or a vnode.
 */
#ifndef _CD9660_FORMAT_H_
#define _CD9660_FORMAT_H_

#include <sys/types.h>
#include <sys/time.h>

#define ISO_SECSHIFT		11
#define ISO_SECSIZE		(1 << ISO_SECSHIFT)	/* logical sector */
#define ISO_VD_FIRST		16	/* sector of the first descriptor */
#define ISO_VD_MAX		64	/* descriptors we look at, at most */

/* volume descriptors (ECMA-119 8) */
#define ISO_VD_TYPE		0
#define ISO_VD_ID		1	/* "CD001" */
#define ISO_VD_VERSION		6
#define ISO_VD_BOOT		0
#define ISO_VD_PRIMARY		1
#define ISO_VD_SUPPLEMENTARY	2
#define ISO_VD_PARTITION	3
#define ISO_VD_END		255
#define ISO_VD_FLAGS		7	/* supplementary: volume flags */
#define ISO_VD_VOLID		40	/* 32 bytes */
#define ISO_VD_VOLSPACE		80	/* both-endian 32 */
#define ISO_VD_ESCAPES		88	/* 32 bytes: Joliet's "%/E" */
#define ISO_VD_LBSIZE		128	/* both-endian 16 */
#define ISO_VD_ROOT		156	/* the root's directory record */

/* directory records (ECMA-119 9.1) */
#define ISO_DR_LEN		0
#define ISO_DR_XAR		1
#define ISO_DR_EXTENT		2	/* both-endian 32 */
#define ISO_DR_SIZE		10	/* both-endian 32 */
#define ISO_DR_DATE		18	/* 7 bytes */
#define ISO_DR_FLAGS		25
#define ISO_DR_UNIT		26
#define ISO_DR_GAP		27
#define ISO_DR_VOLSEQ		28
#define ISO_DR_NAMELEN		32
#define ISO_DR_NAME		33
#define ISO_DR_MIN		34	/* with a one-byte name */

#define ISO_DRF_HIDDEN		0x01
#define ISO_DRF_DIR		0x02
#define ISO_DRF_ASSOC		0x04
#define ISO_DRF_MULTI		0x80	/* not the file's last extent */

/* a decoded directory record; dr_name and dr_su point into the record */
struct iso_drec {
	unsigned	dr_len;
	unsigned	dr_xar;		/* extended attribute record, sectors */
	uint32_t	dr_extent;
	uint32_t	dr_size;
	uint8_t		dr_date[7];
	uint8_t		dr_flags;
	uint8_t		dr_unit;	/* interleave: file unit size */
	uint8_t		dr_gap;		/* interleave gap */
	unsigned	dr_namelen;
	const uint8_t	*dr_name;
	const uint8_t	*dr_su;		/* system use area */
	unsigned	dr_sulen;
};

/* SUSP entries (IEEE P1281) */
#define SUSP_HDR		4	/* signature (2), length, version */
#define SUSP_SIG(a, b)		((unsigned)(a) << 8 | (unsigned)(b))

/* what the Rock Ridge entries of one file say (cd9660_rrip.c) */
#define RR_PX		0x0001
#define RR_PN		0x0002
#define RR_SL		0x0004
#define RR_NM		0x0008
#define RR_TF		0x0010
#define RR_CL		0x0020
#define RR_PL		0x0040
#define RR_RE		0x0080
#define RR_ZF		0x0100
#define RR_SP		0x0200
#define RR_ER		0x0400	/* an ER naming Rock Ridge */
#define RR_NMDOT	0x0800	/* NM "current" or "parent" */

/* TF time stamps, in the order of their flag bits */
enum { RR_T_CREATE, RR_T_MODIFY, RR_T_ACCESS, RR_T_ATTR, RR_T_BACKUP,
	RR_T_EXPIRE, RR_T_EFFECT, RR_T_NUM };

#define RR_NAMEMAX	255	/* longest name handed up */

struct cd9660_rr {
	uint32_t	rr_have;	/* RR_* seen */
	const char	*rr_bad;	/* the first malformed entry */
	/* PX */
	uint32_t	rr_mode, rr_nlink, rr_uid, rr_gid;
	uint64_t	rr_ino;
	/* PN, decoded */
	uint32_t	rr_devmajor, rr_devminor;
	/* TF */
	unsigned	rr_tfmask;
	struct timespec	rr_time[RR_T_NUM];
	/* CL, PL */
	uint32_t	rr_cl, rr_pl;
	/* SP */
	unsigned	rr_skip;
	/* NM: rr_name is the caller's, RR_NAMEMAX + 1 bytes, or NULL */
	char		*rr_name;
	size_t		rr_namelen;
	bool		rr_nmtoolong;
	/* SL: rr_link is the caller's, rr_linkmax bytes, or NULL */
	char		*rr_link;
	size_t		rr_linklen, rr_linkmax;
	bool		rr_slcont;	/* the last component goes on */
	bool		rr_sldone;	/* an SL without "continue" seen */
	bool		rr_sltoolong;
	/* ZF */
	unsigned	rr_zhdr;	/* header bytes */
	unsigned	rr_zbshift;	/* log2 of the block size */
	uint32_t	rr_zsize;	/* uncompressed size */
};

/* zisofs (the "pz" ZF algorithm): the file's own header */
#define ZISOFS_MAGIC_LEN	8
#define ZISOFS_HDR_MIN		16
#define ZISOFS_BSHIFT_MIN	15
#define ZISOFS_BSHIFT_MAX	17

/* cd9660_vd.c */
struct iso_vd {
	int		vd_type;
	uint32_t	vd_volspace;	/* sectors */
	unsigned	vd_lbsize;
	bool		vd_joliet;	/* a supplementary one with UCS-2 */
	unsigned	vd_joliet_level;
	uint8_t		vd_volid[32];
	const uint8_t	*vd_root;	/* 34 bytes into the descriptor */
};
int cd9660_vd_parse(const uint8_t *sec, struct iso_vd *vd, const char **why);

/* cd9660_drec.c */
int cd9660_drec_parse(const uint8_t *sec, size_t seclen, size_t off,
    struct iso_drec *dr, const char **why);
bool cd9660_drec_isdot(const struct iso_drec *dr);
bool cd9660_drec_isdotdot(const struct iso_drec *dr);
size_t cd9660_isoname(const struct iso_drec *dr, bool gens, bool maplcase,
    char *out, size_t outsize);
size_t cd9660_isoname_base(const struct iso_drec *dr);

/* cd9660_time.c */
int64_t cd9660_days(int64_t y, unsigned m, unsigned d);
bool cd9660_time7(const uint8_t *p, struct timespec *ts);
bool cd9660_time17(const uint8_t *p, struct timespec *ts);

/* cd9660_joliet.c: UCS-2BE to UTF-8, version dropped; 0: bad name */
size_t cd9660_joliet_name(const uint8_t *in, size_t inlen, bool gens,
    char *out, size_t outsize);

/* cd9660_susp.c: one entry at off of an area; its length, 0 at the end */
int cd9660_susp_entry(const uint8_t *area, size_t len, size_t off,
    unsigned *sig, size_t *elen, const char **why);
/* a CE entry's continuation: sector, offset and length */
int cd9660_susp_ce(const uint8_t *ent, size_t elen, uint32_t *sec,
    uint32_t *off, uint32_t *len, const char **why);

/* cd9660_rrip.c: one SUSP entry into rr (not CE, ST, PD) */
void cd9660_rr_entry(struct cd9660_rr *rr, unsigned sig, const uint8_t *ent,
    size_t elen);

/* cd9660_zisofs.c */
int cd9660_zisofs_hdr(const uint8_t *h, size_t len, const struct cd9660_rr *rr,
    const char **why);

/* both-endian numbers: the little-endian half */
static inline uint32_t
iso_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static inline unsigned
iso_le16(const uint8_t *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

#endif /* _CD9660_FORMAT_H_ */
