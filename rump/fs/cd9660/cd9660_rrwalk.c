/*
 * The system use entries of one directory record, in order: its own
 * area (less the SP entry's skip), then each continuation area a CE
 * entry names, read from the image.  A chain of continuation areas is
 * cut after CD9660_CE_MAXHOPS: a CE naming an earlier area would loop.
 * Each entry goes to cd9660_rr_entry; the first malformed one fails
 * the record with EIO and one console line.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660.h"

/* one area's entries; *cep set when it names a continuation */
static int
rrwalk_area(struct cd9660_mount *imp, const uint8_t *area, size_t len,
    uint64_t where, struct cd9660_rr *rr, bool *stopp, uint32_t ce[3],
    bool *cep)
{
	const char *why = NULL;
	unsigned sig = 0;
	size_t off, elen;

	for (off = 0;; off += elen) {
		if (cd9660_susp_entry(area, len, off, &sig, &elen, &why) != 0)
			return cd9660_corrupt(imp, where, why);
		if (elen == 0)
			return 0;
		if (sig == SUSP_SIG('S', 'T')) {
			*stopp = true;
			return 0;
		}
		if (sig == SUSP_SIG('C', 'E')) {
			if (cd9660_susp_ce(area + off, elen, &ce[0], &ce[1],
			    &ce[2], &why) != 0)
				return cd9660_corrupt(imp, where, why);
			*cep = true;
			continue;
		}
		cd9660_rr_entry(rr, sig, area + off, elen);
		if (rr->rr_bad != NULL)
			return cd9660_corrupt(imp, where, rr->rr_bad);
	}
}

int
cd9660_rrwalk(struct cd9660_mount *imp, const struct iso_drec *dr,
    uint64_t where, uint8_t *cebuf, struct cd9660_rr *rr)
{
	const uint8_t *area = dr->dr_su;
	size_t len = dr->dr_sulen;
	uint32_t ce[3];
	bool stop = false, more;
	unsigned hops;
	int error;

	if (area == NULL || len <= imp->im_skip)
		return 0;
	area += imp->im_skip;
	len -= imp->im_skip;
	for (hops = 0;; hops++) {
		more = false;
		error = rrwalk_area(imp, area, len, where, rr, &stop, ce,
		    &more);
		if (error != 0 || stop || !more)
			return error;
		if (hops == CD9660_CE_MAXHOPS)
			return cd9660_corrupt(imp, where,
			    "continuation areas without end (a CE loop?)");
		where = ((uint64_t)ce[0] << ISO_SECSHIFT) + ce[1];
		if ((error = cd9660_readsec(imp, ce[0], cebuf)) != 0)
			return error;
		area = cebuf + ce[1];
		len = ce[2];
	}
}
