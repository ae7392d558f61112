/*
 * A directory's names by hash.  Without it a lookup, the search for a
 * free short alias and the search for free slots each read the whole
 * directory, so that filling one directory with n files costs n^2
 * entry reads.  Built by one scan at the first lookup in a directory,
 * kept in step by each change of its names (direnter, direnter_at,
 * dirremove, made while the vnode is held exclusive), dropped when one
 * of them fails part way or when an entry read back is not where the
 * table says: the directory stays the truth, the table only says where
 * to look.  Each name of an entry (the long one and the short one,
 * folded) maps to the entry's first and short slots; a hit is read back
 * and compared as the scan would, a miss is ENOENT.  dc_free[k - 1]:
 * every run of k slots that starts before it holds a slot in use, so
 * that a search for k free slots starts there (one hint per length: a
 * rename to a shorter name leaves holes too small for the next long
 * one, which a single first-free hint would have every search walk
 * through again).  Lookups hold the vnode shared and may build at
 * the same time: de_dclock covers the pointer and the table, and no
 * I/O is done under it.
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

#define DC_DEAD		UINT32_MAX	/* an unlinked ent's dc_idx */
#define DC_MINHEADS	64
#define DC_MAXCAND	8		/* more hits than this: scan */
#define DC_RUNS		MSDOSFS_NAMESLOTS

struct dc_ent {
	uint32_t	e_hash;
	uint32_t	e_first;	/* the entry's first slot */
	uint32_t	e_idx;		/* its short entry's slot */
	uint32_t	e_next;		/* chain: index + 1, 0 ends it */
};

struct msdosfs_dircache {
	uint32_t	*dc_heads;	/* dc_nheads chains, a power of 2 */
	uint32_t	dc_nheads;
	struct dc_ent	*dc_ents;	/* as many as heads */
	uint32_t	dc_nents;	/* used, dead ones included */
	uint32_t	dc_dead;	/* free list: index + 1 */
	uint32_t	dc_free[DC_RUNS];
};

static void
dc_destroy(struct msdosfs_dircache *dc)
{
	kmem_free(dc->dc_heads, dc->dc_nheads * sizeof(*dc->dc_heads));
	kmem_free(dc->dc_ents, dc->dc_nheads * sizeof(*dc->dc_ents));
	kmem_free(dc, sizeof(*dc));
}

static struct msdosfs_dircache *
dc_create(uint32_t nheads)
{
	struct msdosfs_dircache *dc;

	if ((dc = kmem_zalloc(sizeof(*dc), KM_SLEEP)) == NULL)
		return NULL;
	dc->dc_nheads = nheads;
	dc->dc_heads = kmem_zalloc(nheads * sizeof(*dc->dc_heads), KM_SLEEP);
	dc->dc_ents = kmem_alloc(nheads * sizeof(*dc->dc_ents), KM_SLEEP);
	if (dc->dc_heads == NULL || dc->dc_ents == NULL) {
		if (dc->dc_heads != NULL)
			kmem_free(dc->dc_heads, nheads * sizeof(*dc->dc_heads));
		if (dc->dc_ents != NULL)
			kmem_free(dc->dc_ents, nheads * sizeof(*dc->dc_ents));
		kmem_free(dc, sizeof(*dc));
		return NULL;
	}
	return dc;
}

static void
dc_link(struct msdosfs_dircache *dc, uint32_t i)
{
	uint32_t *head = &dc->dc_heads[dc->dc_ents[i].e_hash &
	    (dc->dc_nheads - 1)];

	dc->dc_ents[i].e_next = *head;
	*head = i + 1;
}

/* Twice the room: the live ents copied and linked again. */
static int
dc_grow(struct msdosfs_dircache *dc)
{
	struct msdosfs_dircache *n, t;
	uint32_t i;

	if (dc->dc_nheads >= (UINT32_MAX / 2) / sizeof(struct dc_ent) ||
	    (n = dc_create(dc->dc_nheads * 2)) == NULL)
		return ENOMEM;
	for (i = 0; i < dc->dc_nents; i++) {
		if (dc->dc_ents[i].e_idx == DC_DEAD)
			continue;
		n->dc_ents[n->dc_nents] = dc->dc_ents[i];
		dc_link(n, n->dc_nents++);
	}
	memcpy(n->dc_free, dc->dc_free, sizeof(n->dc_free));
	/* the caller's table takes the new arrays; the old ones go */
	t = *dc;
	*dc = *n;
	*n = t;
	dc_destroy(n);
	return 0;
}

static int
dc_insert(struct msdosfs_dircache *dc, uint32_t h, uint32_t first,
    uint32_t idx)
{
	uint32_t i;
	int error;

	if (dc->dc_dead != 0) {
		i = dc->dc_dead - 1;
		dc->dc_dead = dc->dc_ents[i].e_next;
	} else {
		if (dc->dc_nents == dc->dc_nheads &&
		    (error = dc_grow(dc)) != 0)
			return error;
		i = dc->dc_nents++;
	}
	dc->dc_ents[i].e_hash = h;
	dc->dc_ents[i].e_first = first;
	dc->dc_ents[i].e_idx = idx;
	dc_link(dc, i);
	return 0;
}

/* Unlink the ents of hash h at slot idx. */
static void
dc_unlink(struct msdosfs_dircache *dc, uint32_t h, uint32_t idx)
{
	uint32_t *pp = &dc->dc_heads[h & (dc->dc_nheads - 1)], i;

	while (*pp != 0) {
		i = *pp - 1;
		if (dc->dc_ents[i].e_hash != h || dc->dc_ents[i].e_idx != idx) {
			pp = &dc->dc_ents[i].e_next;
			continue;
		}
		*pp = dc->dc_ents[i].e_next;
		dc->dc_ents[i].e_idx = DC_DEAD;
		dc->dc_ents[i].e_next = dc->dc_dead;
		dc->dc_dead = i + 1;
	}
}

/*
 * The hashes of an entry's names: its long name (lfn, lfnlen units; none
 * if lfnlen <= 0) and its short name e as the lookup compares them.
 */
static int
dc_hashes(const uint16_t *lfn, int lfnlen, const uint8_t *e, uint32_t *h)
{
	uint16_t su[MSDOSFS_SHORTTEXT];
	int n = 0, sn;

	if (lfnlen > 0)
		h[n++] = msdosfs_u16_foldhash(lfn, (size_t)lfnlen);
	sn = msdosfs_short_u16(e, e[DE_LCASE], su);
	if (sn > 0)
		h[n++] = msdosfs_u16_foldhash(su, (size_t)sn);
	return n;
}

static int
dc_add(struct msdosfs_dircache *dc, uint32_t first, uint32_t idx,
    const uint16_t *lfn, int lfnlen, const uint8_t *e)
{
	uint32_t h[2];
	int i, n, error;

	n = dc_hashes(lfn, lfnlen, e, h);
	for (i = 0; i < n; i++)
		if ((error = dc_insert(dc, h[i], first, idx)) != 0)
			return error;
	return 0;
}

/* One scan of dp: its table, or NULL (no memory, or a bad directory,
 * which the lookup's own scan will report). */
static struct msdosfs_dircache *
dc_build(struct denode *dp)
{
	struct msdosfs_dircache *dc;
	struct msdosfs_dirent *dn;
	struct msdosfs_dirscan ds;
	uint32_t next = 0, k;
	bool set[DC_RUNS] = { false };
	int error;

	if ((dn = kmem_alloc(sizeof(*dn), KM_SLEEP)) == NULL)
		return NULL;
	if ((dc = dc_create(DC_MINHEADS)) == NULL) {
		kmem_free(dn, sizeof(*dn));
		return NULL;
	}
	msdosfs_dirscan_init(&ds, dp, 0);
	while ((error = msdosfs_dirscan_next(&ds, dn)) == 0) {
		/* slots skipped (deleted, orphans, a label) may be free */
		for (k = 0; k < DC_RUNS && k < dn->dn_first - next; k++)
			if (!set[k]) {
				dc->dc_free[k] = next;
				set[k] = true;
			}
		next = dn->dn_idx + 1;
		if (!msdosfs_isdots(dn->dn_ent) && (error = dc_add(dc,
		    dn->dn_first, dn->dn_idx, dn->dn_lfn, dn->dn_lfnlen,
		    dn->dn_ent)) != 0)
			break;
	}
	msdosfs_dirscan_done(&ds);
	kmem_free(dn, sizeof(*dn));
	if (error != ENOENT) {
		dc_destroy(dc);
		return NULL;
	}
	for (k = 0; k < DC_RUNS; k++)	/* the end may be free */
		if (!set[k])
			dc->dc_free[k] = next;
	return dc;
}

/* dp's table, built if it has none: false if there is none to use. */
static bool
dc_get(struct denode *dp)
{
	struct msdosfs_dircache *dc;

	mutex_enter(&dp->de_dclock);
	dc = dp->de_dcache;
	mutex_exit(&dp->de_dclock);
	if (dc != NULL)
		return true;
	if ((dc = dc_build(dp)) == NULL)
		return false;
	mutex_enter(&dp->de_dclock);
	if (dp->de_dcache == NULL) {
		dp->de_dcache = dc;
		dc = NULL;
	}
	mutex_exit(&dp->de_dclock);
	if (dc != NULL)
		dc_destroy(dc);		/* another lookup built it first */
	return true;
}

void
msdosfs_dircache_drop(struct denode *dp)
{
	struct msdosfs_dircache *dc;

	mutex_enter(&dp->de_dclock);
	dc = dp->de_dcache;
	dp->de_dcache = NULL;
	mutex_exit(&dp->de_dclock);
	if (dc != NULL)
		dc_destroy(dc);
}

/*
 * The (first, idx) slot pairs of the ents of hash h, lowest idx first
 * (the order of a scan); -1 if there are too many, or no table.
 */
static int
dc_cands(struct denode *dp, uint32_t h, uint32_t (*c)[2])
{
	struct msdosfs_dircache *dc;
	uint32_t i, t0, t1;
	int n = 0, k;

	mutex_enter(&dp->de_dclock);
	if ((dc = dp->de_dcache) == NULL)
		n = -1;
	for (i = dc ? dc->dc_heads[h & (dc->dc_nheads - 1)] : 0; i != 0 &&
	    n >= 0; i = dc->dc_ents[i - 1].e_next) {
		if (dc->dc_ents[i - 1].e_hash != h)
			continue;
		if (n == DC_MAXCAND) {
			n = -1;
			break;
		}
		c[n][0] = dc->dc_ents[i - 1].e_first;
		c[n++][1] = dc->dc_ents[i - 1].e_idx;
	}
	mutex_exit(&dp->de_dclock);
	for (i = 1; n > 0 && i < (uint32_t)n; i++)	/* a few: insertion */
		for (k = (int)i; k > 0 && c[k - 1][1] > c[k][1]; k--) {
			t0 = c[k][0], t1 = c[k][1];
			c[k][0] = c[k - 1][0], c[k][1] = c[k - 1][1];
			c[k - 1][0] = t0, c[k - 1][1] = t1;
		}
	return n;
}

/*
 * The first entry of dp whose names hash as u does and that match
 * accepts, read into dn: 0, ENOENT, or EAGAIN when the table cannot
 * say (none, too many hits, or out of step: then dropped) and the
 * caller scans.
 */
int
msdosfs_dircache_find(struct denode *dp, const uint16_t *u, size_t ulen,
    bool (*match)(const struct msdosfs_dirent *, void *), void *arg,
    struct msdosfs_dirent *dn)
{
	struct msdosfs_dirscan ds;
	uint32_t c[DC_MAXCAND][2];
	int n, i, error;

	if (!dc_get(dp))
		return EAGAIN;
	if ((n = dc_cands(dp, msdosfs_u16_foldhash(u, ulen), c)) < 0)
		return EAGAIN;
	for (i = 0; i < n; i++) {
		msdosfs_dirscan_init(&ds, dp, c[i][0]);
		error = msdosfs_dirscan_next(&ds, dn);
		msdosfs_dirscan_done(&ds);
		if (error != 0 || dn->dn_idx != c[i][1] ||
		    dn->dn_first != c[i][0]) {
			msdosfs_dircache_drop(dp);
			return EAGAIN;
		}
		if (match(dn, arg))
			return 0;
	}
	return ENOENT;
}

/* Has dp a short entry named name11?  EAGAIN: the table cannot say. */
int
msdosfs_dircache_short(struct denode *dp, const uint8_t *name11,
    bool *takenp)
{
	uint16_t su[MSDOSFS_SHORTTEXT];
	uint32_t c[DC_MAXCAND][2];
	struct buf *bp;
	uint8_t *e;
	int n, i, sn, error;

	*takenp = false;
	if ((sn = msdosfs_short_u16(name11, 0, su)) <= 0 || !dc_get(dp))
		return EAGAIN;
	if ((n = dc_cands(dp, msdosfs_u16_foldhash(su, (size_t)sn), c)) < 0)
		return EAGAIN;
	for (i = 0; i < n && !*takenp; i++) {
		if ((error = msdosfs_slot(dp, c[i][1], &bp, &e)) != 0)
			return error;
		*takenp = memcmp(e, name11, 11) == 0;
		brelse(bp, 0);
	}
	return 0;
}

/* Where a search for n free slots may start. */
uint32_t
msdosfs_dircache_freeslot(struct denode *dp, uint32_t n)
{
	uint32_t free = 0;

	mutex_enter(&dp->de_dclock);
	if (dp->de_dcache != NULL && n >= 1 && n <= DC_RUNS)
		free = dp->de_dcache->dc_free[n - 1];
	mutex_exit(&dp->de_dclock);
	return free;
}

/*
 * A name went in at slots [first, idx] (long name u of lfnlen units, or
 * none if lfnlen <= 0; short entry e).  placed: at the first free run
 * from msdosfs_dircache_freeslot's start, so that no longer run of free
 * slots starts before its end either.
 */
void
msdosfs_dircache_add(struct denode *dp, uint32_t first, uint32_t idx,
    const uint16_t *u, int lfnlen, const uint8_t *e, bool placed)
{
	struct msdosfs_dircache *dc;
	uint32_t k;
	int error = 0;

	mutex_enter(&dp->de_dclock);
	if ((dc = dp->de_dcache) != NULL) {
		error = dc_add(dc, first, idx, u, lfnlen, e);
		for (k = idx - first; placed && k < DC_RUNS; k++)
			dc->dc_free[k] = MAX(dc->dc_free[k], idx + 1);
	}
	mutex_exit(&dp->de_dclock);
	if (error)
		msdosfs_dircache_drop(dp);
}

/* The name dn went (its slots: msdosfs_dircache_freed). */
void
msdosfs_dircache_del(struct denode *dp, const struct msdosfs_dirent *dn)
{
	struct msdosfs_dircache *dc;
	uint32_t h[2];
	int i, n;

	mutex_enter(&dp->de_dclock);
	if ((dc = dp->de_dcache) != NULL) {
		n = dc_hashes(dn->dn_lfn, dn->dn_lfnlen, dn->dn_ent, h);
		for (i = 0; i < n; i++)
			dc_unlink(dc, h[i], dn->dn_idx);
	}
	mutex_exit(&dp->de_dclock);
}

/*
 * Slots were freed, making a run of len free slots from lo (UINT32_MAX:
 * it runs on to the end): runs up to that long may now start there.
 */
void
msdosfs_dircache_freed(struct denode *dp, uint32_t lo, uint32_t len)
{
	struct msdosfs_dircache *dc;
	uint32_t k;

	mutex_enter(&dp->de_dclock);
	if ((dc = dp->de_dcache) != NULL)
		for (k = 0; k < DC_RUNS && k < len; k++)
			dc->dc_free[k] = MIN(dc->dc_free[k], lo);
	mutex_exit(&dp->de_dclock);
}

bool
msdosfs_dircache_on(struct denode *dp)
{
	bool on;

	mutex_enter(&dp->de_dclock);
	on = dp->de_dcache != NULL;
	mutex_exit(&dp->de_dclock);
	return on;
}
