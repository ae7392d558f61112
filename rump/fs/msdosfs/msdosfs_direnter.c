/*
 * Making and removing directory entries.  A new name gets a short entry
 * alone when it fits 8.3 as it is (lower case kept with the NT case
 * bits), else long-name pieces in front of a short alias made by the
 * spec's basis-name and numeric-tail algorithm ("LONGNA~1.TXT"), unique
 * in the directory.  The pieces are written before the short entry they
 * name, and a removal marks the short entry deleted before its pieces:
 * a crash in between leaves only orphan pieces, which readers ignore
 * and fsck.fat removes.  Every one of these writes is ordered
 * (msdosfs.h).  A name can also be written over an existing entry
 * (msdosfs_direnter_at, for rename): the slots around its short entry
 * are reused, and its short entry, overwritten last, is the one write
 * that switches the slot from the old file or name to the new.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/kmem.h>
#include <sys/buf.h>
#include <sys/vnode.h>
#include <sys/mount.h>

#include "msdosfs.h"

#define DIR_MAXSLOTS	65536	/* the spec's limit on a directory */

/* tails "~1" up to this: one of them is free in any directory */
#define TAIL_MAX	(DIR_MAXSLOTS + 1)

/* What one scan of a directory says about a basis name. */
struct tails {
	const uint8_t *t_basis;
	uint8_t	*t_used;	/* bit n: "~n" taken */
	bool	t_basis_taken;
};

/* n if name11 is basis with tail "~n", else 0. */
static uint32_t
tail_of(const uint8_t *basis, const uint8_t *name11)
{
	uint8_t t[11];
	uint32_t n = 0;
	int i = 0;

	while (i < 8 && name11[i] != '~')
		i++;
	for (i++; i < 8 && name11[i] >= '0' && name11[i] <= '9'; i++)
		n = n * 10 + (uint32_t)(name11[i] - '0');
	if (n == 0 || n > TAIL_MAX)
		return 0;
	msdosfs_short_tail(basis, n, t);
	return memcmp(t, name11, 11) == 0 ? n : 0;
}

static bool
note_tail(const struct msdosfs_dirent *dn, void *arg)
{
	struct tails *t = arg;
	uint32_t n;

	if (memcmp(dn->dn_ent, t->t_basis, 11) == 0)
		t->t_basis_taken = true;
	if ((n = tail_of(t->t_basis, dn->dn_ent)) != 0)
		t->t_used[n / 8] |= (uint8_t)(1 << (n % 8));
	return false;		/* all of the directory */
}

/*
 * The same choice from the directory's names by hash, one candidate at
 * a time (EAGAIN: the table cannot say).
 */
static int
pick_alias_cached(struct denode *dp, const uint8_t *basis, bool tail,
    uint8_t *e)
{
	bool taken;
	uint32_t n;
	int error;

	if (!tail) {
		if ((error = msdosfs_dircache_short(dp, basis, &taken)) != 0)
			return error;
		if (!taken) {
			memcpy(e, basis, 11);
			return 0;
		}
	}
	for (n = 1; n <= TAIL_MAX; n++) {
		msdosfs_short_tail(basis, n, e);
		if ((error = msdosfs_dircache_short(dp, e, &taken)) != 0)
			return error;
		if (!taken)
			return 0;
	}
	return EAGAIN;
}

/*
 * The alias of a long name: the basis alone if it needs no tail and is
 * free, else the basis with the smallest free "~n", all from one scan
 * unless the directory's names by hash can say.
 */
static int
pick_alias(struct denode *dp, const uint8_t *basis, bool tail, uint8_t *e)
{
	size_t len = TAIL_MAX / 8 + 1;
	struct tails t = { basis, NULL, false };
	uint32_t n;
	int error;

	if ((error = pick_alias_cached(dp, basis, tail, e)) != EAGAIN)
		return error;
	if ((t.t_used = kmem_zalloc(len, KM_SLEEP)) == NULL)
		return ENOMEM;
	error = msdosfs_dirsearch(dp, note_tail, &t, NULL);
	if (error == ENOENT) {
		error = 0;
		for (n = 1; t.t_used[n / 8] & (1 << (n % 8)); n++)
			continue;
		if (!tail && !t.t_basis_taken)
			memcpy(e, basis, 11);
		else
			msdosfs_short_tail(basis, n, e);
	}
	kmem_free(t.t_used, len);
	return error;
}

/* The short name of u: exact, or a unique alias (then *nlfnp > 0). */
static int
make_short(struct denode *dp, const uint16_t *u, size_t ulen, uint8_t *e,
    int *nlfnp)
{
	uint8_t basis[11], lcase;
	bool tail;

	*nlfnp = 0;
	if (msdosfs_short_exact(u, ulen, e, &lcase)) {
		e[DE_LCASE] = lcase;
		return 0;
	}
	if (dp->de_pmp->pm_flags & (MSDOSFSMNT_SHORTNAME | MSDOSFSMNT_NOWIN95))
		return EINVAL;	/* no long names: 8.3 or nothing */
	*nlfnp = (int)((ulen + LFN_CHARS - 1) / LFN_CHARS);
	e[DE_LCASE] = 0;
	tail = msdosfs_short_basis(u, ulen, basis);
	return pick_alias(dp, basis, tail, e);
}

/* Is slot idx free?  *endp: it is the end mark (all after it free). */
static int
slot_free(struct denode *dp, uint32_t idx, bool *freep, bool *endp)
{
	struct buf *bp;
	uint8_t *e;
	int error;

	if ((error = msdosfs_slot(dp, idx, &bp, &e)) != 0)
		return error;
	*endp = e[0] == SLOT_EMPTY;
	*freep = e[0] == SLOT_EMPTY || e[0] == SLOT_DELETED;
	brelse(bp, 0);
	return 0;
}

/*
 * Slots [a, b) were freed: tell the names by hash how long a run of
 * free slots they joined (a name's worth of neighbours looked at on
 * each side; UINT32_MAX if it reaches the end).
 */
static void
note_freed(struct denode *dp, uint32_t a, uint32_t b)
{
	uint32_t lo = a, hi = b;
	bool isfree = false, end = false, open = false;

	if (a >= b || !msdosfs_dircache_on(dp))
		return;
	while (lo > 0 && a - lo < MSDOSFS_NAMESLOTS) {
		if (slot_free(dp, lo - 1, &isfree, &end) != 0) {
			lo = 0;		/* unknown: as if free from 0 */
			open = true;
			break;
		}
		if (!isfree)
			break;
		lo--;
	}
	while (!open && hi - b < MSDOSFS_NAMESLOTS) {
		/* past the directory (it may grow), or the end mark */
		if (slot_free(dp, hi, &isfree, &end) != 0 || end) {
			open = true;
			break;
		}
		if (!isfree)
			break;
		hi++;
	}
	if (hi - b >= MSDOSFS_NAMESLOTS)
		open = true;
	msdosfs_dircache_freed(dp, lo, open ? UINT32_MAX : hi - lo);
}

/*
 * n consecutive free slots: *firstp; grows the directory if need be.
 * The search starts where the names by hash say such a run may start.
 */
static int
find_slots(struct denode *dp, uint32_t n, uint32_t *firstp)
{
	struct msdosfsmount *pmp = dp->de_pmp;
	uint32_t idx, run = 0, per = pmp->pm_g.g_clsize / DIRENT_SIZE;
	bool isfree = false, end = false;
	int error;

	for (idx = msdosfs_dircache_freeslot(dp, n); run < n; idx++) {
		if (idx >= DIR_MAXSLOTS)
			return ENOSPC;
		if (!end) {
			error = slot_free(dp, idx, &isfree, &end);
			if (error == ENOENT) {
				if (DE_FIXEDROOT(dp))
					return ENOSPC;
				error = msdosfs_extend(dp, idx / per + 1, true);
				if (error == 0)
					error = slot_free(dp, idx, &isfree,
					    &end);
			}
			if (error)
				return error;
		} else if (idx * DIRENT_SIZE >= dp->de_size) {
			if (DE_FIXEDROOT(dp))
				return ENOSPC;
			if ((error = msdosfs_extend(dp, idx / per + 1,
			    true)) != 0)
				return error;
		}
		run = (end || isfree) ? run + 1 : 0;
	}
	*firstp = idx - n;
	return 0;
}

/* An entry came or went: the directory's modification time moves (the
 * root has no entry to keep it in). */
static int
dir_changed(struct denode *dp)
{
	if (DE_ISROOT(dp))
		return 0;
	dp->de_flag |= DE_UPDATE;
	return msdosfs_deupdate(dp, false);
}

/*
 * Slots [from, first) marked deleted, the pieces of u from first on, its
 * short entry e after them: a sector at a time, each written once, in
 * slot order, so that a run within one sector is one write.
 */
static int
put_name(struct denode *dp, const uint16_t *u, size_t ulen,
    const uint8_t *e, int nlfn, uint32_t from, uint32_t first,
    uint64_t *offp)
{
	struct msdosfsmount *pmp = dp->de_pmp;
	uint32_t idx, last = first + (uint32_t)nlfn;
	uint8_t sum = msdosfs_lfn_chksum(e), *p;
	uint64_t sec, cur = 0;
	struct buf *bp = NULL;
	int error = 0;

	for (idx = from; idx <= last; idx++) {
		if ((error = msdosfs_dirsec(dp, idx, &sec)) != 0)
			break;
		if (bp != NULL && sec != cur) {
			error = msdosfs_bwrite_ordered(pmp, bp);
			bp = NULL;
			if (error)
				return error;
		}
		if (bp == NULL) {
			if ((error = msdosfs_slot(dp, idx, &bp, &p)) != 0)
				return error;
			cur = sec;
		} else
			p = (uint8_t *)bp->b_data +
			    (idx * DIRENT_SIZE) % pmp->pm_g.g_bps;
		if (idx < first)
			p[0] = SLOT_DELETED;
		else if (idx < last)
			msdosfs_lfn_fill(p, u, ulen, (int)(last - idx),
			    idx == first, sum);
		else
			memcpy(p, e, DIRENT_SIZE);
	}
	if (error) {
		if (bp != NULL)
			brelse(bp, 0);
		return error;
	}
	if (offp)
		*offp = cur * pmp->pm_g.g_bps +
		    (last * DIRENT_SIZE) % pmp->pm_g.g_bps;
	if ((error = msdosfs_bwrite_ordered(pmp, bp)) != 0)
		return error;
	return dir_changed(dp);
}

/*
 * Enter name in dp with the short entry proto (all but the name); the
 * device offset of the short entry in *offp.
 */
/*
 * The entry for name: its UTF-16 form u (ulen units), the short entry e
 * from proto with a unique 8.3 name, and nlfn long-name slots before it.
 */
static int
prepare_entry(struct denode *dp, const char *name, size_t len,
    const uint8_t *proto, uint16_t *u, size_t *ulen, uint8_t *e, int *nlfn)
{
	int error;

	if ((error = msdosfs_writable(dp->de_pmp)) != 0)
		return error;
	if ((error = msdosfs_name_u16(dp->de_pmp, name, len, u, ulen)) != 0)
		return error;
	memcpy(e, proto, DIRENT_SIZE);
	return make_short(dp, u, *ulen, e, nlfn);
}

int
msdosfs_direnter(struct denode *dp, const char *name, size_t len,
    const uint8_t *proto, uint64_t *offp)
{
	uint16_t u[LFN_MAXLEN];
	uint8_t e[DIRENT_SIZE];
	uint32_t first, n;
	size_t ulen;
	int error, nlfn;

	error = prepare_entry(dp, name, len, proto, u, &ulen, e, &nlfn);
	if (error != 0)
		return error;
	n = (uint32_t)nlfn + 1;
	if ((error = find_slots(dp, n, &first)) != 0)
		return error;
	error = put_name(dp, u, ulen, e, nlfn, first, first, offp);
	if (error) {
		msdosfs_dircache_drop(dp);	/* part way, maybe */
		return error;
	}
	msdosfs_dircache_add(dp, first, first + n - 1, u,
	    nlfn > 0 ? (int)ulen : -1, e, true);
	return 0;
}

static int
mark_deleted(struct denode *dp, uint32_t idx)
{
	struct buf *bp;
	uint8_t *e;
	int error;

	if ((error = msdosfs_slot(dp, idx, &bp, &e)) != 0)
		return error;
	if (e[0] == SLOT_DELETED) {
		brelse(bp, 0);		/* nothing to write */
		return 0;
	}
	e[0] = SLOT_DELETED;
	return msdosfs_bwrite_ordered(dp->de_pmp, bp);
}

/* Is every slot in [from, to) of dp a deleted entry? */
static int
slots_deleted(struct denode *dp, uint32_t from, uint32_t to, bool *okp)
{
	bool isfree, end;
	int error;

	*okp = true;
	for (; from < to && *okp; from++) {
		if ((error = slot_free(dp, from, &isfree, &end)) != 0)
			return error;
		*okp = isfree && !end;	/* an end mark ends the directory */
	}
	return 0;
}

/*
 * Write name over the entry at (found in dp, its short entry and long
 * name pieces), with the short entry proto: the new short entry goes in
 * at's short slot, its pieces in the slots before it (at's own pieces,
 * or deleted slots in front of them); at's pieces left over are marked
 * deleted first.  A crash part way leaves at's slot under its old entry
 * or the new one, at worst without its long name (orphan pieces: the
 * short name stands alone).  EAGAIN if the name does not fit there.
 */
int
msdosfs_direnter_at(struct denode *dp, const char *name, size_t len,
    const uint8_t *proto, const struct msdosfs_dirent *at)
{
	uint16_t u[LFN_MAXLEN];
	uint8_t e[DIRENT_SIZE];
	uint32_t first;
	size_t ulen;
	bool ok;
	int error, nlfn;

	error = prepare_entry(dp, name, len, proto, u, &ulen, e, &nlfn);
	if (error != 0)
		return error;
	if (at->dn_idx < (uint32_t)nlfn)
		return EAGAIN;
	first = at->dn_idx - (uint32_t)nlfn;
	if (first < at->dn_first) {
		if ((error = slots_deleted(dp, first, at->dn_first, &ok)) != 0)
			return error;
		if (!ok)
			return EAGAIN;
	}
	error = put_name(dp, u, ulen, e, nlfn, MIN(first, at->dn_first),
	    first, NULL);
	if (error) {
		msdosfs_dircache_drop(dp);
		return error;
	}
	msdosfs_dircache_del(dp, at);
	msdosfs_dircache_add(dp, first, at->dn_idx, u,
	    nlfn > 0 ? (int)ulen : -1, e, false);
	note_freed(dp, at->dn_first, first);
	return 0;
}

/* Remove the name dn (found in dp): short entry first, then pieces. */
int
msdosfs_dirremove(struct denode *dp, const struct msdosfs_dirent *dn)
{
	uint32_t idx;
	int error;

	if ((error = msdosfs_writable(dp->de_pmp)) != 0)
		return error;
	if ((error = mark_deleted(dp, dn->dn_idx)) != 0) {
		msdosfs_dircache_drop(dp);
		return error;
	}
	msdosfs_dircache_del(dp, dn);	/* the name is gone already */
	for (idx = dn->dn_first; idx < dn->dn_idx; idx++)
		if ((error = mark_deleted(dp, idx)) != 0) {
			msdosfs_dircache_drop(dp);
			return error;
		}
	note_freed(dp, dn->dn_first, dn->dn_idx + 1);
	return dir_changed(dp);
}

static bool
not_dots(const struct msdosfs_dirent *dn, void *arg)
{
	(void)arg;
	return !msdosfs_isdots(dn->dn_ent);
}

/* Nothing in dp but "." and ".."? */
int
msdosfs_dirempty(struct denode *dp, bool *emptyp)
{
	int error;

	error = msdosfs_dirsearch(dp, not_dots, NULL, NULL);
	*emptyp = error == ENOENT;
	return error == ENOENT ? 0 : error;
}
