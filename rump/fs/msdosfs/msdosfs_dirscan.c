/*
 * Walking a directory: 32-byte slots in device sectors, long-name
 * pieces gathered in front of the short entry they belong to.  A long
 * name counts only when its pieces come in order (last piece first,
 * flagged 0x40, down to piece 1), all carry the same checksum, and that
 * checksum is the short name's; anything else is an orphan and is
 * ignored, as the spec says, and the short name stands alone.  Volume
 * labels and deleted slots are skipped; slot 0x00 ends the directory.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/buf.h>
#include <sys/kmem.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

void
msdosfs_dirscan_init(struct msdosfs_dirscan *ds, struct denode *dp,
    uint32_t idx)
{
	memset(ds, 0, sizeof(*ds));
	ds->ds_dp = dp;
	ds->ds_idx = idx;
	/* -s ignores long names but removes them with their file; -9
	 * does not even see them (mount_msdos(8)) */
	ds->ds_uselfn = (dp->de_pmp->pm_flags & MSDOSFSMNT_NOWIN95) == 0;
}

void
msdosfs_dirscan_done(struct msdosfs_dirscan *ds)
{
	if (ds->ds_bp != NULL)
		brelse(ds->ds_bp, 0);
	ds->ds_bp = NULL;
}

/* Slot ds_idx in the held sector; ENOENT past the directory. */
static int
scan_slot(struct msdosfs_dirscan *ds, uint8_t **ep, uint64_t *offp)
{
	struct msdosfsmount *pmp = ds->ds_dp->de_pmp;
	uint64_t byte = (uint64_t)ds->ds_idx * DIRENT_SIZE;
	uint32_t in = (uint32_t)(byte % pmp->pm_g.g_bps);
	uint32_t rel = (uint32_t)(byte / pmp->pm_g.g_bps);
	uint64_t sec;
	int error;

	/* the held sector serves its slots without mapping them again */
	if (ds->ds_bp == NULL || ds->ds_rel != rel) {
		if ((error = msdosfs_dirsec(ds->ds_dp, ds->ds_idx, &sec)) != 0)
			return error;
		msdosfs_dirscan_done(ds);
		if ((error = msdosfs_bread(pmp, sec, &ds->ds_bp)) != 0) {
			ds->ds_bp = NULL;
			return error;
		}
		ds->ds_sec = sec;
		ds->ds_rel = rel;
	}
	*ep = (uint8_t *)ds->ds_bp->b_data + in;
	*offp = ds->ds_sec * pmp->pm_g.g_bps + in;
	return 0;
}

/* One long-name piece e at slot idx: add it or drop the run. */
static void
scan_lfn(struct msdosfs_dirscan *ds, const uint8_t *e, uint32_t idx,
    struct msdosfs_dirent *dn)
{
	int ord = e[LFN_ORD] & LFN_ORDMASK;

	if (e[LFN_ORD] & LFN_LAST) {
		if (ord < 1 || ord > LFN_MAXENTS) {
			ds->ds_ord = 0;
			return;
		}
		ds->ds_sum = e[LFN_CHKSUM];
		ds->ds_first = idx;
		ds->ds_nlfn = ord;
	} else if (ds->ds_ord == 0 || ord != ds->ds_ord - 1 ||
	    e[LFN_CHKSUM] != ds->ds_sum) {
		ds->ds_ord = 0;		/* an orphan piece */
		return;
	}
	ds->ds_ord = ord;
	msdosfs_lfn_getchars(e, dn->dn_lfn + (ord - 1) * LFN_CHARS);
}

/* The short entry ends a complete run: the name's length, or -1. */
static int
lfn_finish(struct msdosfs_dirscan *ds, const uint8_t *e,
    struct msdosfs_dirent *dn)
{
	int n, max;

	if (ds->ds_ord != 1 || msdosfs_lfn_chksum(e) != ds->ds_sum)
		return -1;
	max = ds->ds_nlfn * LFN_CHARS;
	for (n = 0; n < max && dn->dn_lfn[n] != 0; n++)
		continue;
	if (n == 0 || n > LFN_MAXLEN)
		return -1;
	dn->dn_first = ds->ds_first;
	return n;
}

/* The next name: 0, ENOENT at the end, or an I/O or damage error. */
int
msdosfs_dirscan_next(struct msdosfs_dirscan *ds, struct msdosfs_dirent *dn)
{
	uint64_t off;
	uint32_t idx;
	uint8_t *e;
	int error;

	for (;;) {
		if ((error = scan_slot(ds, &e, &off)) != 0)
			return error;
		idx = ds->ds_idx++;
		if (e[0] == SLOT_EMPTY)
			return ENOENT;
		if (e[0] == SLOT_DELETED) {
			ds->ds_ord = 0;
			continue;
		}
		if ((e[DE_ATTR] & ATTR_LFN_MASK) == ATTR_LFN) {
			if (ds->ds_uselfn)
				scan_lfn(ds, e, idx, dn);
			continue;
		}
		if (e[DE_ATTR] & ATTR_VOLUME) {
			ds->ds_ord = 0;
			continue;
		}
		dn->dn_idx = idx;
		dn->dn_first = idx;
		dn->dn_off = off;
		memcpy(dn->dn_ent, e, DIRENT_SIZE);
		dn->dn_lfnlen = ds->ds_uselfn ? lfn_finish(ds, e, dn) : -1;
		if (ds->ds_dp->de_pmp->pm_flags & MSDOSFSMNT_SHORTNAME)
			dn->dn_lfnlen = -1;
		ds->ds_ord = 0;
		return 0;
	}
}

/*
 * The first name in dp that match accepts: 0 (with *dn filled if dn is
 * not NULL), ENOENT, or an error.
 */
int
msdosfs_dirsearch(struct denode *dp,
    bool (*match)(const struct msdosfs_dirent *, void *), void *arg,
    struct msdosfs_dirent *dn)
{
	struct msdosfs_dirent *tmp = NULL;
	struct msdosfs_dirscan ds;
	int error;

	if (dn == NULL && (dn = tmp = kmem_alloc(sizeof(*dn), KM_SLEEP)) ==
	    NULL)
		return ENOMEM;
	msdosfs_dirscan_init(&ds, dp, 0);
	while ((error = msdosfs_dirscan_next(&ds, dn)) == 0 &&
	    !match(dn, arg))
		continue;
	msdosfs_dirscan_done(&ds);
	if (tmp != NULL)
		kmem_free(tmp, sizeof(*tmp));
	return error;
}

bool
msdosfs_isdots(const uint8_t *e)
{
	return e[0] == '.' && (e[1] == ' ' || (e[1] == '.' && e[2] == ' '));
}

/* Slot idx of directory dp, its sector held in *bpp. */
int
msdosfs_slot(struct denode *dp, uint32_t idx, struct buf **bpp,
    uint8_t **ep)
{
	struct msdosfsmount *pmp = dp->de_pmp;
	uint64_t sec;
	int error;

	*bpp = NULL;
	if ((error = msdosfs_dirsec(dp, idx, &sec)) != 0)
		return error;
	if ((error = msdosfs_bread(pmp, sec, bpp)) != 0) {
		*bpp = NULL;
		return error;
	}
	*ep = (uint8_t *)(*bpp)->b_data +
	    (idx * DIRENT_SIZE) % pmp->pm_g.g_bps;
	return 0;
}

static bool
name_ok(const char *s, size_t n)
{
	return n > 0 && memchr(s, '/', n) == NULL && memchr(s, 0, n) == NULL;
}

/* The name handed up: the long name if there is one that fits in
 * UTF-8, else the short one; 0 if neither is usable. */
size_t
msdosfs_dirent_name(const struct msdosfs_dirent *dn,
    const struct msdosfsmount *pmp, char *out)
{
	size_t n;
	int len;

	(void)pmp;
	if (dn->dn_lfnlen > 0) {
		len = msdosfs_utf16_to_utf8(dn->dn_lfn, (size_t)dn->dn_lfnlen,
		    out, MSDOSFS_NAMEMAX);
		if (len > 0 && name_ok(out, (size_t)len))
			return (size_t)len;
	}
	n = msdosfs_short_text(dn->dn_ent, dn->dn_ent[DE_LCASE], out);
	return name_ok(out, n) ? n : 0;
}
