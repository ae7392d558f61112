/*
 * The index of a large directory (sys/genfs_dirhash.h): an open-addressed
 * table of (name hash, offset) pairs with linear probing, and an array of
 * free bytes per directory block.  A removed pair becomes a tombstone, so
 * that the probe sequences through it stay whole; the table is rebuilt
 * without them when live pairs and tombstones fill half of it.
 */
#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/genfs_dirhash.h>
#include <sys/kmem.h>
#include <sys/systm.h>

#define DH_EMPTY	UINT64_MAX		/* never used */
#define DH_GONE		(UINT64_MAX - 1)	/* removed: probes go on */
#define DH_MINSLOTS	256
/* what all indexes together may take: beyond it, directories are scanned */
#define DH_BUDGET	(64u << 20)

struct dh_slot {
	uint32_t hash;
	uint64_t off;		/* DH_EMPTY, DH_GONE or an entry's offset */
};

struct genfs_dirhash {
	struct dh_slot *dh_slots;
	size_t	dh_nslots;	/* a power of two */
	size_t	dh_used;	/* live pairs and tombstones */
	uint32_t *dh_free;	/* per block: the largest record that fits */
	uint64_t dh_nblk;	/* blocks dh_free has room for */
};

static uint64_t dh_bytes;	/* what all indexes take */

static bool
dh_charge(size_t bytes)
{
	if (atomic_add_64_nv(&dh_bytes, bytes) <= DH_BUDGET)
		return true;
	atomic_add_64(&dh_bytes, -(uint64_t)bytes);
	return false;
}

static void
dh_uncharge(size_t bytes)
{

	atomic_add_64(&dh_bytes, -(uint64_t)bytes);
}

/* FNV-1a: cheap and good enough, and the offsets are checked anyway */
static uint32_t
dh_hash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (uint8_t)name[i]) * 16777619u;
	return h;
}

static struct dh_slot *
dh_slots_alloc(size_t n)
{
	struct dh_slot *s;
	size_t i;

	if (!dh_charge(n * sizeof(*s)))
		return NULL;
	if ((s = kmem_alloc(n * sizeof(*s), KM_SLEEP)) == NULL) {
		dh_uncharge(n * sizeof(*s));
		return NULL;
	}
	for (i = 0; i < n; i++)
		s[i].off = DH_EMPTY;
	return s;
}

static void
dh_slots_free(struct dh_slot *s, size_t n)
{

	kmem_free(s, n * sizeof(*s));
	dh_uncharge(n * sizeof(*s));
}

struct genfs_dirhash *
genfs_dirhash_create(void)
{
	struct genfs_dirhash *dh;

	if (!dh_charge(sizeof(*dh)))
		return NULL;
	if ((dh = kmem_zalloc(sizeof(*dh), KM_SLEEP)) == NULL) {
		dh_uncharge(sizeof(*dh));
		return NULL;
	}
	dh->dh_nslots = DH_MINSLOTS;
	if ((dh->dh_slots = dh_slots_alloc(dh->dh_nslots)) == NULL) {
		kmem_free(dh, sizeof(*dh));
		dh_uncharge(sizeof(*dh));
		return NULL;
	}
	return dh;
}

void
genfs_dirhash_destroy(struct genfs_dirhash *dh)
{

	if (dh == NULL)
		return;
	dh_slots_free(dh->dh_slots, dh->dh_nslots);
	if (dh->dh_free != NULL) {
		kmem_free(dh->dh_free, dh->dh_nblk * sizeof(uint32_t));
		dh_uncharge(dh->dh_nblk * sizeof(uint32_t));
	}
	kmem_free(dh, sizeof(*dh));
	dh_uncharge(sizeof(*dh));
}

struct genfs_dirhash *
genfs_dirhash_publish(struct genfs_dirhash **slot, struct genfs_dirhash *dh)
{
	struct genfs_dirhash *none = NULL;

	if (__atomic_compare_exchange_n(slot, &none, dh, false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return dh;
	genfs_dirhash_destroy(dh);
	return none;		/* the racing builder's */
}

static void
dh_insert(struct dh_slot *slots, size_t nslots, uint32_t hash, uint64_t off)
{
	size_t i = hash & (nslots - 1);

	while (slots[i].off != DH_EMPTY && slots[i].off != DH_GONE)
		i = (i + 1) & (nslots - 1);
	slots[i].hash = hash;
	slots[i].off = off;
}

/* twice the live pairs' room, tombstones dropped */
static int
dh_grow(struct genfs_dirhash *dh)
{
	size_t n = dh->dh_nslots, live = 0, i;
	struct dh_slot *s;

	for (i = 0; i < dh->dh_nslots; i++)
		live += dh->dh_slots[i].off < DH_GONE;
	while (live * 4 >= n)
		n *= 2;
	if ((s = dh_slots_alloc(n)) == NULL)
		return ENOMEM;
	for (i = 0; i < dh->dh_nslots; i++)
		if (dh->dh_slots[i].off < DH_GONE)
			dh_insert(s, n, dh->dh_slots[i].hash,
			    dh->dh_slots[i].off);
	dh_slots_free(dh->dh_slots, dh->dh_nslots);
	dh->dh_slots = s;
	dh->dh_nslots = n;
	dh->dh_used = live;
	return 0;
}

int
genfs_dirhash_add(struct genfs_dirhash *dh, const char *name, size_t len,
    uint64_t off)
{
	int error;

	if ((dh->dh_used + 1) * 2 > dh->dh_nslots &&
	    (error = dh_grow(dh)) != 0)
		return error;
	dh_insert(dh->dh_slots, dh->dh_nslots, dh_hash(name, len), off);
	dh->dh_used++;
	return 0;
}

void
genfs_dirhash_remove(struct genfs_dirhash *dh, const char *name, size_t len,
    uint64_t off)
{
	uint32_t hash = dh_hash(name, len);
	size_t i = hash & (dh->dh_nslots - 1);

	for (; dh->dh_slots[i].off != DH_EMPTY;
	    i = (i + 1) & (dh->dh_nslots - 1))
		if (dh->dh_slots[i].off == off &&
		    dh->dh_slots[i].hash == hash) {
			dh->dh_slots[i].off = DH_GONE;
			return;
		}
}

bool
genfs_dirhash_next(const struct genfs_dirhash *dh, const char *name,
    size_t len, size_t *pos, uint64_t *offp)
{
	uint32_t hash = dh_hash(name, len);
	size_t mask = dh->dh_nslots - 1, i;

	/* *pos counts the slots probed so far */
	for (; *pos < dh->dh_nslots; (*pos)++) {
		i = (hash + *pos) & mask;
		if (dh->dh_slots[i].off == DH_EMPTY)
			break;
		if (dh->dh_slots[i].off != DH_GONE &&
		    dh->dh_slots[i].hash == hash) {
			*offp = dh->dh_slots[i].off;
			(*pos)++;
			return true;
		}
	}
	return false;
}

int
genfs_dirhash_setfree(struct genfs_dirhash *dh, uint64_t blk,
    uint32_t bytes)
{
	uint64_t n = dh->dh_nblk, i;
	uint32_t *f;

	if (blk >= n) {
		while (n <= blk)
			n = n < 64 ? 64 : n * 2;
		if (!dh_charge(n * sizeof(*f)))
			return ENOMEM;
		if ((f = kmem_alloc(n * sizeof(*f), KM_SLEEP)) == NULL) {
			dh_uncharge(n * sizeof(*f));
			return ENOMEM;
		}
		for (i = 0; i < n; i++)
			f[i] = i < dh->dh_nblk ? dh->dh_free[i] : 0;
		if (dh->dh_free != NULL) {
			kmem_free(dh->dh_free, dh->dh_nblk * sizeof(*f));
			dh_uncharge(dh->dh_nblk * sizeof(*f));
		}
		dh->dh_free = f;
		dh->dh_nblk = n;
	}
	dh->dh_free[blk] = bytes;
	return 0;
}

int64_t
genfs_dirhash_findfree(const struct genfs_dirhash *dh, uint32_t need)
{
	uint64_t i;

	for (i = 0; i < dh->dh_nblk; i++)
		if (dh->dh_free[i] >= need)
			return (int64_t)i;
	return -1;
}
