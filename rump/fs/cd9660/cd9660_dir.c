/*
 * A walk over a directory's records, shared by readdir and lookup: each
 * step yields one entry (name, node, type) and where the next starts.
 * A file in several extents has one record per extent, all with its
 * name: the entry is the first, the others are stepped over; without
 * "gens", older versions of a plain or Joliet name (recorded after the
 * newest, ECMA-119 9.3) are stepped over too.  An entry whose record or
 * Rock Ridge entries are damaged is hidden (one console line), so that
 * the rest of its directory stays readable.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/stat.h>
#include <sys/dirent.h>
#include <sys/kmem.h>

#include "cd9660.h"

int
cd9660_diter_init(struct cd9660_diter *di, struct cd9660_node *dp)
{
	memset(di, 0, sizeof(*di));
	di->di_dp = dp;
	di->di_secno = -1;
	di->di_sec = kmem_alloc(2 * ISO_SECSIZE, KM_SLEEP);
	if (di->di_sec == NULL)
		return ENOMEM;
	di->di_ce = di->di_sec + ISO_SECSIZE;
	return 0;
}

void
cd9660_diter_done(struct cd9660_diter *di)
{
	if (di->di_sec != NULL)
		kmem_free(di->di_sec, 2 * ISO_SECSIZE);
	di->di_sec = NULL;
}

static uint64_t
diter_where(const struct cd9660_diter *di, uint64_t off)
{
	return ((uint64_t)di->di_dp->in_ext[0].ie_lba << ISO_SECSHIFT) + off;
}

/* the record at *offp or, past unused bytes, the next; ENOENT at end */
static int
diter_record(struct cd9660_diter *di, uint64_t *offp, struct iso_drec *dr)
{
	struct cd9660_node *dp = di->di_dp;
	const char *why = NULL;
	uint64_t sec;
	size_t pos;
	int error;

	for (;;) {
		if (*offp >= dp->in_size)
			return ENOENT;
		sec = *offp >> ISO_SECSHIFT;
		pos = (size_t)(*offp & (ISO_SECSIZE - 1));
		if ((int64_t)sec != di->di_secno) {
			di->di_secno = -1;
			error = cd9660_readsec(dp->in_imp,
			    dp->in_ext[0].ie_lba + sec, di->di_sec);
			if (error != 0)
				return error;
			di->di_secno = (int64_t)sec;
		}
		error = cd9660_drec_parse(di->di_sec, ISO_SECSIZE, pos, dr,
		    &why);
		if (error == ENOENT) {
			*offp = (sec + 1) << ISO_SECSHIFT;
			continue;
		}
		if (error == 0 && *offp + dr->dr_len > dp->in_size) {
			why = "directory record past its directory's end";
			error = EIO;
		}
		if (error != 0)
			return cd9660_corrupt(dp->in_imp,
			    diter_where(di, *offp), why);
		return 0;
	}
}

/* the relocation directory Rock Ridge hides deep directories in */
static bool
diter_rrmoved(const struct cd9660_dent *de)
{
	return (de->de_namlen == 8 && memcmp(de->de_name, "rr_moved", 8) ==
	    0) || (de->de_namlen == 9 &&
	    memcmp(de->de_name, ".rr_moved", 9) == 0);
}

/* name, type and node of a Rock Ridge entry */
static void
diter_rrip(struct cd9660_diter *di, const struct iso_drec *dr,
    uint64_t where, struct cd9660_dent *de)
{
	struct cd9660_node *dp = di->di_dp;
	struct cd9660_mount *imp = dp->in_imp;
	struct cd9660_rr rr;

	memset(&rr, 0, sizeof(rr));
	rr.rr_name = de->de_name;
	if (cd9660_rrwalk(imp, dr, where, di->di_ce, &rr) != 0) {
		de->de_hidden = true;
		return;
	}
	if (rr.rr_nmtoolong) {
		(void)cd9660_corrupt(imp, where, "NM name too long");
		de->de_hidden = true;
		return;
	}
	if ((rr.rr_have & RR_NM) && rr.rr_namelen > 0)
		de->de_namlen = rr.rr_namelen;
	else
		de->de_namlen = cd9660_isoname(dr, false, true, de->de_name,
		    sizeof(de->de_name));
	if (rr.rr_have & RR_PX)
		de->de_type = (int)IFTODT(rr.rr_mode);
	if (rr.rr_have & RR_RE)
		de->de_hidden = true;	/* shown where its CL is */
	if (rr.rr_have & RR_CL) {
		de->de_reloc = true;
		de->de_type = DT_DIR;
		de->de_ino = (ino_t)rr.rr_cl << ISO_SECSHIFT;
	}
	/* the relocation directory: by name in the root (genisoimage,
	 * xorriso put it there), by its moved entries anywhere else */
	if (de->de_type == DT_DIR && !de->de_reloc && diter_rrmoved(de) &&
	    (dp->in_number == imp->im_rootino || cd9660_rr_isreloc(imp,
	    (uint32_t)(de->de_ino >> ISO_SECSHIFT))))
		de->de_hidden = true;
}

/* name, type and node of an entry other than "." and ".." */
static void
diter_name(struct cd9660_diter *di, const struct iso_drec *dr,
    uint64_t where, struct cd9660_dent *de)
{
	struct cd9660_mount *imp = di->di_dp->in_imp;
	bool gens = (imp->im_flags & CD9660_ARG_GENS) != 0;
	bool lcase = (imp->im_flags & CD9660_ARG_NOMAPLCASE) == 0;

	de->de_type = (dr->dr_flags & ISO_DRF_DIR) ? DT_DIR : DT_REG;
	if (dr->dr_flags & ISO_DRF_DIR)
		de->de_ino = (ino_t)(dr->dr_extent + dr->dr_xar) <<
		    ISO_SECSHIFT;
	else
		de->de_ino = (ino_t)where;
	if (dr->dr_flags & ISO_DRF_ASSOC)
		de->de_hidden = true;	/* a resource fork, not a file */
	switch (imp->im_names) {
	case CD9660_RRIP:
		diter_rrip(di, dr, where, de);
		break;
	case CD9660_JOLIET:
		de->de_namlen = cd9660_joliet_name(dr->dr_name,
		    dr->dr_namelen, gens, de->de_name, sizeof(de->de_name));
		break;
	case CD9660_PLAIN:
		de->de_namlen = cd9660_isoname(dr, gens, lcase, de->de_name,
		    sizeof(de->de_name));
		break;
	}
	if (de->de_namlen == 0 && !de->de_hidden) {
		(void)cd9660_corrupt(imp, where, "unusable file name");
		de->de_hidden = true;
	}
}

/* is dr an older version of the entry just read (di_raw)? */
static bool
diter_older(const struct cd9660_diter *di, const struct iso_drec *dr)
{
	const struct cd9660_mount *imp = di->di_dp->in_imp;
	size_t n = di->di_rawlen;

	if (imp->im_names == CD9660_RRIP || (imp->im_flags &
	    CD9660_ARG_GENS) || n == 0 || (dr->dr_flags & ISO_DRF_DIR) ||
	    dr->dr_namelen < n || memcmp(dr->dr_name, di->di_raw, n) != 0)
		return false;
	if (dr->dr_namelen == n)
		return true;
	/* the same name up to its ";version" */
	if (imp->im_names == CD9660_JOLIET)
		return dr->dr_namelen >= n + 2 && dr->dr_name[n] == 0 &&
		    dr->dr_name[n + 1] == ';';
	return dr->dr_name[n] == ';';
}

/* step over the other extents and (plain, Joliet) older versions */
static uint64_t
diter_skip(struct cd9660_diter *di, uint64_t next, bool multi)
{
	struct iso_drec dr;
	uint64_t peek;

	for (;;) {
		peek = next;
		if (diter_record(di, &peek, &dr) != 0)
			return next;	/* the next step meets it again */
		if (!multi && !diter_older(di, &dr))
			return next;
		multi = (dr.dr_flags & ISO_DRF_MULTI) != 0;
		next = peek + dr.dr_len;
	}
}

/* the identifier up to its version, to know older versions by */
static void
diter_keepraw(struct cd9660_diter *di, const struct iso_drec *dr)
{
	size_t n = cd9660_isoname_base(dr), i;

	if (di->di_dp->in_imp->im_names == CD9660_JOLIET) {
		for (n = dr->dr_namelen, i = 0; i + 1 < dr->dr_namelen;
		    i += 2)
			if (dr->dr_name[i] == 0 && dr->dr_name[i + 1] == ';') {
				n = i;
				break;
			}
	}
	memcpy(di->di_raw, dr->dr_name, n);
	di->di_rawlen = n;
}

int
cd9660_diter_next(struct cd9660_diter *di, uint64_t off,
    struct cd9660_dent *de)
{
	struct cd9660_node *dp = di->di_dp;
	struct iso_drec dr;
	uint64_t where;
	int error;

	if ((error = diter_record(di, &off, &dr)) != 0)
		return error;
	memset(de, 0, offsetof(struct cd9660_dent, de_name));
	de->de_name[0] = '\0';
	de->de_off = off;
	where = diter_where(di, off);
	if (cd9660_drec_isdot(&dr) || cd9660_drec_isdotdot(&dr)) {
		de->de_namlen = cd9660_drec_isdot(&dr) ? 1 : 2;
		memcpy(de->de_name, "..", de->de_namlen);
		de->de_name[de->de_namlen] = '\0';
		de->de_type = DT_DIR;
		de->de_ino = de->de_namlen == 1 || dp->in_parent == 0 ?
		    dp->in_number : (ino_t)dp->in_parent << ISO_SECSHIFT;
		di->di_rawlen = 0;
	} else {
		diter_name(di, &dr, where, de);
		diter_keepraw(di, &dr);
	}
	de->de_next = diter_skip(di, off + dr.dr_len,
	    (dr.dr_flags & ISO_DRF_MULTI) != 0);
	return 0;
}
