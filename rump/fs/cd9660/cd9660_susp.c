/*
 * The System Use Sharing Protocol (IEEE P1281): the entries of a system
 * use area (two signature bytes, a length that covers the 4-byte header,
 * a version) and the CE entry that continues an area elsewhere.  Only
 * the bounds are checked here; walking a chain of areas, with its hop
 * limit, is cd9660_rrwalk.c's.  Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660_format.h"

#define SUSP_CE_LEN	28

int
cd9660_susp_entry(const uint8_t *area, size_t len, size_t off,
    unsigned *sig, size_t *elen, const char **why)
{
	const uint8_t *e = area + off;

	*elen = 0;
	/* fewer bytes than a header, or zero padding: the area ends */
	if (off >= len || len - off < SUSP_HDR || e[0] == 0)
		return 0;
	*sig = SUSP_SIG(e[0], e[1]);
	*elen = e[2];
	if (*elen < SUSP_HDR || *elen > len - off) {
		*elen = 0;
		*why = "system use entry length out of range";
		return EIO;
	}
	return 0;
}

int
cd9660_susp_ce(const uint8_t *ent, size_t elen, uint32_t *sec,
    uint32_t *off, uint32_t *len, const char **why)
{
	if (elen < SUSP_CE_LEN) {
		*why = "CE entry too short";
		return EIO;
	}
	*sec = iso_le32(ent + 4);
	*off = iso_le32(ent + 12);
	*len = iso_le32(ent + 20);
	/* a continuation area lies inside one sector */
	if (*off >= ISO_SECSIZE || *len > ISO_SECSIZE - *off) {
		*why = "CE area outside its sector";
		return EIO;
	}
	return 0;
}
