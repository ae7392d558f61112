/*
 * The system use entries of one directory record, in order: its own
 * area (less the SP entry's skip), then each continuation area a CE
 * entry names, read from the image.  A chain of continuation areas is
 * cut after CD9660_CE_MAXHOPS: a CE naming an earlier area would loop.
 * Each entry goes to cd9660_rr_entry; the first malformed one fails
 * the record with EIO and one console line.  Also here: knowing the
 * relocation directory by its entries.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>

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

/*
 * Is the directory whose extent starts at sector lba the one Rock Ridge
 * moves deep directories into?  Every entry of it but "." and ".." is a
 * moved directory with an RE entry: the first one tells.  A directory
 * of that name elsewhere than the root is hidden only then, so a user's
 * own "rr_moved" deep in a tree stays visible.
 */
bool
cd9660_rr_isreloc(struct cd9660_mount *imp, uint32_t lba)
{
	const char *why = NULL;
	struct cd9660_rr rr;
	struct iso_drec dr;
	uint8_t *sec;
	size_t pos = 0;
	unsigned i;
	bool re = false;

	if (lba >= imp->im_nsec ||
	    (sec = kmem_alloc(2 * ISO_SECSIZE, KM_SLEEP)) == NULL)
		return false;
	if (cd9660_readsec(imp, lba, sec) != 0)
		goto out;
	for (i = 0; i < 3; i++) {
		if (cd9660_drec_parse(sec, ISO_SECSIZE, pos, &dr, &why) != 0)
			goto out;
		if (i < 2)
			pos += dr.dr_len;
	}
	memset(&rr, 0, sizeof(rr));
	if (cd9660_rrwalk(imp, &dr, ((uint64_t)lba << ISO_SECSHIFT) + pos,
	    sec + ISO_SECSIZE, &rr) == 0)
		re = (rr.rr_have & RR_RE) != 0;
out:
	kmem_free(sec, 2 * ISO_SECSIZE);
	return re;
}
