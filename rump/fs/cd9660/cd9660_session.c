/*
 * Sessions: which descriptor set the mount reads.  Two ways of adding a
 * session to an image are recognised.
 *
 * Chained (genisoimage -C, growisofs on write-once media): session 1
 * starts at sector 0 and each later one where the volume the one before
 * describes ends; that volume size is absolute, so the chain is
 * followed from each primary descriptor to the next set.
 *
 * Grown in place (libisoburn: xorriso -dev on a plain file or an
 * overwritable medium, where no table of contents exists): session 1
 * starts at sector 32 and each later one at the first multiple of 32
 * past the end of the one before, each with its own descriptor set at
 * its start + 16 whose volume size counts only its own sectors; the set
 * at sector 16 is rewritten at every commit as a copy of the newest
 * session's.  An image is taken as grown only if that chain from sector
 * 32 ends in a session whose root is the one sector 16 names, so a file
 * that happens to hold an ISO image at sector 32 is not mistaken for a
 * session.
 *
 * Sessions are numbered from 1, the oldest, as xorriso -toc counts
 * them; "session=0" (the default) is the newest.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>

#include "cd9660.h"

#define CD9660_MAXSESSIONS	99	/* as many as a CD's tracks */
#define CD9660_GROWN_FIRST	32	/* libisoburn: session 1's sector */
#define CD9660_GROWN_ALIGN	32	/* and sessions' alignment */

/* the descriptor set at session start; ENOENT: there is none */
int
cd9660_vdset_read(struct cd9660_mount *imp, uint64_t start, uint8_t *sec,
    struct cd9660_vdset *vs, bool quiet)
{
	const char *why = NULL;
	struct iso_vd vd;
	bool primary = false;
	unsigned i;
	int error;

	memset(vs, 0, sizeof(*vs));
	for (i = 0; i < ISO_VD_MAX; i++) {
		if (start + ISO_VD_FIRST + i >= imp->im_nsec)
			break;
		error = cd9660_readsec(imp, start + ISO_VD_FIRST + i, sec);
		if (error != 0)
			return error;
		if (cd9660_vd_parse(sec, &vd, &why) != 0) {
			if (quiet || (i == 0 && why != NULL &&
			    sec[ISO_VD_ID] != 'C'))
				return ENOENT;
			return cd9660_corrupt(imp, (start + ISO_VD_FIRST + i) <<
			    ISO_SECSHIFT, why);
		}
		if (vd.vd_type == ISO_VD_END)
			break;
		if (vd.vd_type == ISO_VD_PRIMARY && !primary) {
			primary = true;
			memcpy(vs->vs_proot, vd.vd_root, ISO_DR_MIN);
			vs->vs_volspace = vd.vd_volspace;
		} else if (vd.vd_joliet && !vs->vs_joliet) {
			vs->vs_joliet = true;
			memcpy(vs->vs_jroot, vd.vd_root, ISO_DR_MIN);
		}
	}
	if (!primary && !quiet)
		return cd9660_corrupt(imp, (start + ISO_VD_FIRST) <<
		    ISO_SECSHIFT, "no primary volume descriptor");
	return primary ? 0 : ENOENT;
}

/* sessions grown in place: how many (0: not so), and the want-th's start */
static unsigned
session_grown(struct cd9660_mount *imp, const struct cd9660_vdset *top,
    uint32_t want, uint8_t *sec, uint64_t *startp)
{
	struct cd9660_vdset vs;
	uint64_t start = CD9660_GROWN_FIRST, at = 0;
	bool newest = false;
	unsigned n = 0;

	while (n < CD9660_MAXSESSIONS &&
	    cd9660_vdset_read(imp, start, sec, &vs, true) == 0) {
		if (++n == want)
			at = start;
		newest = memcmp(vs.vs_proot, top->vs_proot, ISO_DR_MIN) == 0;
		if (vs.vs_volspace == 0)
			break;
		start = roundup(start + vs.vs_volspace, CD9660_GROWN_ALIGN);
	}
	if (!newest)
		return 0;
	if (want != 0 && want <= n)
		*startp = at;
	return n;
}

/* sessions chained by absolute volume sizes: how many, the want-th's start */
static unsigned
session_chained(struct cd9660_mount *imp, const struct cd9660_vdset *top,
    uint32_t want, uint8_t *sec, uint64_t *startp)
{
	struct cd9660_vdset vs = *top;
	uint64_t start = 0, next;
	unsigned n = 1;

	while (n < CD9660_MAXSESSIONS) {
		next = vs.vs_volspace;
		if (next <= start ||
		    cd9660_vdset_read(imp, next, sec, &vs, true) != 0)
			break;
		start = next;
		if (++n == want || want == 0)
			*startp = start;
	}
	return n;
}

/*
 * The start of session want (0: the newest), whose descriptor set then
 * lies at *startp + 16; a session the image does not have is refused
 * in one line.
 */
int
cd9660_session(struct cd9660_mount *imp, uint32_t want, uint8_t *sec,
    uint64_t *startp)
{
	struct cd9660_vdset top;
	unsigned n;
	int error;

	*startp = 0;
	if ((error = cd9660_vdset_read(imp, 0, sec, &top, false)) != 0)
		return error;
	n = session_grown(imp, &top, want, sec, startp);
	if (n == 0)
		n = session_chained(imp, &top, want, sec, startp);
	if (want > n) {
		printf("cd9660: %s: no session %u (the image has %u)\n",
		    imp->im_mp->mnt_stat.f_mntfromname, want, n);
		return EINVAL;
	}
	imp->im_session = (uint32_t)*startp;
	return 0;
}
