/*
 * Volume descriptors (ECMA-119 8): one 2048-byte sector decoded and
 * checked.  The primary one and a Joliet supplementary one (ISO 9660
 * escape sequences %/@, %/C, %/E for UCS-2 levels 1 to 3) are what the
 * mount chooses between; the others are only recognised.  Pure: unit
 * tested by t_cd9660_subr.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660_format.h"

static const uint8_t iso_std_id[5] = { 'C', 'D', '0', '0', '1' };

/* a Joliet supplementary descriptor names UCS-2 in its escapes */
static unsigned
vd_joliet_level(const uint8_t *sec)
{
	const uint8_t *e = sec + ISO_VD_ESCAPES;

	if (e[0] != '%' || e[1] != '/')
		return 0;
	switch (e[2]) {
	case '@':
		return 1;
	case 'C':
		return 2;
	case 'E':
		return 3;
	default:
		return 0;
	}
}

int
cd9660_vd_parse(const uint8_t *sec, struct iso_vd *vd, const char **why)
{
	memset(vd, 0, sizeof(*vd));
	if (memcmp(sec + ISO_VD_ID, iso_std_id, sizeof(iso_std_id)) != 0) {
		*why = "no CD001 volume descriptor";
		return EINVAL;
	}
	vd->vd_type = sec[ISO_VD_TYPE];
	if (vd->vd_type != ISO_VD_PRIMARY &&
	    vd->vd_type != ISO_VD_SUPPLEMENTARY)
		return 0;
	/* version 2 is ISO 9660:1999's enhanced descriptor: same layout */
	if (sec[ISO_VD_VERSION] != 1 && sec[ISO_VD_VERSION] != 2) {
		*why = "unknown volume descriptor version";
		return EINVAL;
	}
	vd->vd_volspace = iso_le32(sec + ISO_VD_VOLSPACE);
	vd->vd_lbsize = iso_le16(sec + ISO_VD_LBSIZE);
	memcpy(vd->vd_volid, sec + ISO_VD_VOLID, sizeof(vd->vd_volid));
	vd->vd_root = sec + ISO_VD_ROOT;
	if (vd->vd_type == ISO_VD_SUPPLEMENTARY) {
		vd->vd_joliet_level = vd_joliet_level(sec);
		vd->vd_joliet = vd->vd_joliet_level != 0;
	}
	/* a sector of 2048 bytes is what every CD and image has */
	if (vd->vd_lbsize != ISO_SECSIZE) {
		*why = "logical block size is not 2048 (unsupported)";
		return EINVAL;
	}
	if (vd->vd_root[ISO_DR_LEN] < ISO_DR_MIN) {
		*why = "root directory record too short";
		return EINVAL;
	}
	return 0;
}
