/*
 * Directory records (ECMA-119 9.1): one record of a directory sector
 * decoded and checked (inside its sector, the name inside the record, a
 * system use area only after the name's padding), and the plain ISO 9660
 * name as mount_cd9660(8) shows it: the ";1" version dropped unless
 * "gens", a trailing '.' of an extension-less name dropped, and upper
 * case mapped to lower case unless "nomaplcase".  Pure: unit tested.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660_format.h"

int
cd9660_drec_parse(const uint8_t *sec, size_t seclen, size_t off,
    struct iso_drec *dr, const char **why)
{
	const uint8_t *r = sec + off;
	unsigned len, nl, sustart;

	if (off >= seclen || r[ISO_DR_LEN] == 0)
		return ENOENT;		/* the rest of the sector is unused */
	len = r[ISO_DR_LEN];
	if (len < ISO_DR_MIN || off + len > seclen) {
		*why = len < ISO_DR_MIN ? "directory record too short" :
		    "directory record crosses its sector";
		return EIO;
	}
	nl = r[ISO_DR_NAMELEN];
	if (nl == 0 || ISO_DR_NAME + nl > len) {
		*why = "directory record name length out of range";
		return EIO;
	}
	memset(dr, 0, sizeof(*dr));
	dr->dr_len = len;
	dr->dr_xar = r[ISO_DR_XAR];
	dr->dr_extent = iso_le32(r + ISO_DR_EXTENT);
	dr->dr_size = iso_le32(r + ISO_DR_SIZE);
	memcpy(dr->dr_date, r + ISO_DR_DATE, sizeof(dr->dr_date));
	dr->dr_flags = r[ISO_DR_FLAGS];
	dr->dr_unit = r[ISO_DR_UNIT];
	dr->dr_gap = r[ISO_DR_GAP];
	dr->dr_namelen = nl;
	dr->dr_name = r + ISO_DR_NAME;
	/* an even-length name is followed by a padding byte */
	sustart = ISO_DR_NAME + nl + ((nl & 1) == 0);
	if (sustart < len) {
		dr->dr_su = r + sustart;
		dr->dr_sulen = len - sustart;
	}
	if ((dr->dr_flags & ISO_DRF_DIR) && (dr->dr_flags & ISO_DRF_MULTI)) {
		*why = "directory in more than one extent";
		return EIO;
	}
	if (dr->dr_unit == 0 && dr->dr_gap != 0) {
		*why = "interleave gap without a file unit size";
		return EIO;
	}
	return 0;
}

bool
cd9660_drec_isdot(const struct iso_drec *dr)
{
	return dr->dr_namelen == 1 && dr->dr_name[0] == 0;
}

bool
cd9660_drec_isdotdot(const struct iso_drec *dr)
{
	return dr->dr_namelen == 1 && dr->dr_name[0] == 1;
}

/* the identifier's length without ";version" */
size_t
cd9660_isoname_base(const struct iso_drec *dr)
{
	size_t i;

	for (i = 0; i < dr->dr_namelen; i++)
		if (dr->dr_name[i] == ';')
			return i;
	return dr->dr_namelen;
}

size_t
cd9660_isoname(const struct iso_drec *dr, bool gens, bool maplcase,
    char *out, size_t outsize)
{
	size_t n = gens ? dr->dr_namelen : cd9660_isoname_base(dr), i;
	uint8_t c;

	/* "NAME." is a name without an extension (ECMA-119 7.5.1) */
	if (!gens && n > 1 && dr->dr_name[n - 1] == '.')
		n--;
	if (n == 0 || n >= outsize)
		return 0;
	for (i = 0; i < n; i++) {
		c = dr->dr_name[i];
		if (c == 0 || c == '/')
			return 0;	/* not a file name */
		if (maplcase && c >= 'A' && c <= 'Z')
			c = (uint8_t)(c - 'A' + 'a');
		out[i] = (char)c;
	}
	out[n] = '\0';
	return n;
}
