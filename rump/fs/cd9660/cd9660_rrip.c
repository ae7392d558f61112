/*
 * Rock Ridge (IEEE P1282) entries decoded into struct cd9660_rr: PX
 * (mode, links, owner, group and, in RRIP 1.12, a serial number), PN
 * (device numbers), SL (symbolic link components), NM (the name), TF
 * (time stamps, short or long form), CL/PL/RE (deep directories moved
 * away and back), and the entries around them: SP (the SUSP indicator,
 * with the bytes to skip), ER (which extension), ZF (zisofs).  A
 * malformed entry sets rr_bad and is otherwise ignored; names and link
 * targets that do not fit are flagged, never cut.  Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>

#include "cd9660_format.h"

#define NM_CONTINUE	0x01
#define NM_CURRENT	0x02
#define NM_PARENT	0x04

#define SL_CONTINUE	0x01
#define SLC_CONTINUE	0x01
#define SLC_CURRENT	0x02
#define SLC_PARENT	0x04
#define SLC_ROOT	0x08
#define SLC_VOLROOT	0x10
#define SLC_HOST	0x20

#define TF_LONG		0x80

static void
rr_bad(struct cd9660_rr *rr, const char *why)
{
	if (rr->rr_bad == NULL)
		rr->rr_bad = why;
}

static void
rr_px(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	if (len < 36) {
		rr_bad(rr, "PX entry too short");
		return;
	}
	rr->rr_mode = iso_le32(e + 4);
	rr->rr_nlink = iso_le32(e + 12);
	rr->rr_uid = iso_le32(e + 20);
	rr->rr_gid = iso_le32(e + 28);
	rr->rr_ino = len >= 44 ? iso_le32(e + 36) : 0;
	rr->rr_have |= RR_PX;
}

/*
 * PN: RRIP puts a 64-bit device number in its two halves and a 32-bit
 * one whole in the low half, the high one zero.  genisoimage writes the
 * major and the minor number in the two halves; libisofs (xorriso) a
 * zero and the host's 32-bit packed number, whose layout Linux and
 * NetBSD share (minor bits 0-7 and 20-31, major bits 8-19).  A zero
 * high half is read as the packed form, which is also right for the
 * first 256 minors of major 0.
 */
static void
rr_pn(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	uint32_t hi, lo;

	if (len < 20) {
		rr_bad(rr, "PN entry too short");
		return;
	}
	hi = iso_le32(e + 4);
	lo = iso_le32(e + 12);
	if (hi == 0) {
		hi = (lo >> 8) & 0xfff;
		lo = (lo & 0xff) | ((lo >> 12) & 0xfff00);
	}
	rr->rr_devmajor = hi;
	rr->rr_devminor = lo;
	rr->rr_have |= RR_PN;
}

static void
rr_nm(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	size_t n = len - 5;

	if (len < 5) {
		rr_bad(rr, "NM entry too short");
		return;
	}
	rr->rr_have |= RR_NM;
	if (e[4] & (NM_CURRENT | NM_PARENT)) {
		rr->rr_have |= RR_NMDOT;
		return;
	}
	if (rr->rr_name == NULL)
		return;
	if (rr->rr_namelen + n > RR_NAMEMAX) {
		rr->rr_nmtoolong = true;
		return;
	}
	memcpy(rr->rr_name + rr->rr_namelen, e + 5, n);
	rr->rr_namelen += n;
	rr->rr_name[rr->rr_namelen] = '\0';
}

/* append n bytes to the link target */
static void
rr_sl_put(struct cd9660_rr *rr, const void *p, size_t n)
{
	if (rr->rr_linklen + n >= rr->rr_linkmax) {
		rr->rr_sltoolong = true;
		return;
	}
	memcpy(rr->rr_link + rr->rr_linklen, p, n);
	rr->rr_linklen += n;
	rr->rr_link[rr->rr_linklen] = '\0';
}

/* one component: flags, its bytes */
static void
rr_sl_comp(struct cd9660_rr *rr, unsigned fl, const uint8_t *c, size_t n)
{
	/* a separator, unless at the start, after "/" or continuing */
	if (rr->rr_linklen > 0 && !rr->rr_slcont &&
	    rr->rr_link[rr->rr_linklen - 1] != '/')
		rr_sl_put(rr, "/", 1);
	if (fl & SLC_CURRENT)
		rr_sl_put(rr, ".", 1);
	else if (fl & SLC_PARENT)
		rr_sl_put(rr, "..", 2);
	else if (fl & (SLC_ROOT | SLC_VOLROOT)) {
		if (rr->rr_linklen == 0)
			rr_sl_put(rr, "/", 1);
	} else if (!(fl & SLC_HOST))
		rr_sl_put(rr, c, n);
	rr->rr_slcont = (fl & SLC_CONTINUE) != 0;
}

static void
rr_sl(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	size_t off = 5, n;

	if (len < 5) {
		rr_bad(rr, "SL entry too short");
		return;
	}
	rr->rr_have |= RR_SL;
	if (rr->rr_link == NULL || rr->rr_sldone)
		return;
	while (off < len) {
		if (len - off < 2 || (n = e[off + 1]) > len - off - 2) {
			rr_bad(rr, "SL component crosses its entry");
			return;
		}
		rr_sl_comp(rr, e[off], e + off + 2, n);
		off += 2 + n;
	}
	/* a link's entries end with one that does not continue */
	if (!(e[4] & SL_CONTINUE))
		rr->rr_sldone = true;
}

static void
rr_tf(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	unsigned fl = len >= 5 ? e[4] : 0, i;
	size_t step = (fl & TF_LONG) ? 17 : 7, off = 5;

	if (len < 5) {
		rr_bad(rr, "TF entry too short");
		return;
	}
	for (i = 0; i < RR_T_NUM; i++) {
		if (!(fl & (1u << i)))
			continue;
		/* makefs writes the last stamp a byte short: use the rest */
		if (len - off < step)
			break;
		if (step == 17 ? cd9660_time17(e + off, &rr->rr_time[i]) :
		    cd9660_time7(e + off, &rr->rr_time[i]))
			rr->rr_tfmask |= 1u << i;
		off += step;
	}
	rr->rr_have |= RR_TF;
}

/* CL and PL: a sector number */
static void
rr_lba(struct cd9660_rr *rr, const uint8_t *e, size_t len, uint32_t bit,
    uint32_t *lbap)
{
	if (len < 12) {
		rr_bad(rr, "CL or PL entry too short");
		return;
	}
	*lbap = iso_le32(e + 4);
	rr->rr_have |= bit;
}

static void
rr_zf(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	if (len < 16) {
		rr_bad(rr, "ZF entry too short");
		return;
	}
	/* only the "pz" algorithm (zisofs) is known */
	if (e[4] != 'p' || e[5] != 'z')
		return;
	rr->rr_zhdr = (unsigned)e[6] * 4;
	rr->rr_zbshift = e[7];
	rr->rr_zsize = iso_le32(e + 8);
	rr->rr_have |= RR_ZF;
}

static void
rr_sp(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	if (len < 7 || e[4] != 0xbe || e[5] != 0xef)
		return;
	rr->rr_skip = e[6];
	rr->rr_have |= RR_SP;
}

static void
rr_er(struct cd9660_rr *rr, const uint8_t *e, size_t len)
{
	static const char *const ids[] = {
		"RRIP_1991A", "IEEE_P1282", "IEEE_1282"
	};
	size_t idlen = len >= 8 ? e[4] : 0, i;

	if (len < 8 || idlen > len - 8)
		return;
	for (i = 0; i < __arraycount(ids); i++)
		if (idlen == strlen(ids[i]) &&
		    memcmp(e + 8, ids[i], idlen) == 0)
			rr->rr_have |= RR_ER;
}

void
cd9660_rr_entry(struct cd9660_rr *rr, unsigned sig, const uint8_t *e,
    size_t len)
{
	switch (sig) {
	case SUSP_SIG('P', 'X'):
		rr_px(rr, e, len);
		break;
	case SUSP_SIG('P', 'N'):
		rr_pn(rr, e, len);
		break;
	case SUSP_SIG('S', 'L'):
		rr_sl(rr, e, len);
		break;
	case SUSP_SIG('N', 'M'):
		rr_nm(rr, e, len);
		break;
	case SUSP_SIG('T', 'F'):
		rr_tf(rr, e, len);
		break;
	case SUSP_SIG('C', 'L'):
		rr_lba(rr, e, len, RR_CL, &rr->rr_cl);
		break;
	case SUSP_SIG('P', 'L'):
		rr_lba(rr, e, len, RR_PL, &rr->rr_pl);
		break;
	case SUSP_SIG('R', 'E'):
		rr->rr_have |= RR_RE;
		break;
	case SUSP_SIG('Z', 'F'):
		rr_zf(rr, e, len);
		break;
	case SUSP_SIG('S', 'P'):
		rr_sp(rr, e, len);
		break;
	case SUSP_SIG('E', 'R'):
		rr_er(rr, e, len);
		break;
	default:
		break;		/* RR, AA, AS, PD, ...: nothing we use */
	}
}
