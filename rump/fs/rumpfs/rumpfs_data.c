/*
 * Regular file contents: a radix tree of fixed-size chunks.  A missing
 * chunk is a hole and reads as zeros, so sparse files cost only what was
 * written; SEEK_DATA/SEEK_HOLE walk the tree.
 */
#include <sys/fcntl.h>

#include "rumpfs_int.h"

#define ARRSZ	(RUMPFS_FAN * sizeof(void *))

/* chunks covered by a subtree of the given level */
static inline uint64_t
rd_cap(int level)
{

	return (uint64_t)1 << (RUMPFS_FAN_SHIFT * level);
}

/* the slot holding chunk idx; NULL if absent and !create, or ENOMEM */
static void **
rd_slot(struct rumpfs_data *rd, uint64_t idx, bool create)
{
	void **slot, **arr;
	int l;

	while (idx >= rd_cap(rd->rd_depth)) {
		if (!create)
			return NULL;
		if (rd->rd_root == NULL) {
			rd->rd_depth++;
			continue;
		}
		if ((arr = kmem_zalloc(ARRSZ, KM_SLEEP)) == NULL)
			return NULL;
		arr[0] = rd->rd_root;
		rd->rd_root = arr;
		rd->rd_depth++;
	}
	slot = &rd->rd_root;
	for (l = rd->rd_depth; l > 0; l--) {
		if (*slot == NULL) {
			if (!create)
				return NULL;
			if ((*slot = kmem_zalloc(ARRSZ, KM_SLEEP)) == NULL)
				return NULL;
		}
		arr = *slot;
		slot = &arr[(idx >> (RUMPFS_FAN_SHIFT * (l - 1))) &
		    (RUMPFS_FAN - 1)];
	}
	return slot;
}

static void *
rd_chunk(struct rumpfs_data *rd, uint64_t idx)
{
	void **slot = rd_slot(rd, idx, false);

	return slot != NULL ? *slot : NULL;
}

/* the chunk for idx, allocated (zeroed and charged) if absent */
static int
rd_getchunk(struct rumpfs_node *rn, uint64_t idx, char **chunkp)
{
	struct rumpfs_data *rd = &rn->rn_data;
	void **slot;
	int error;

	if ((slot = rd_slot(rd, idx, true)) == NULL)
		return ENOMEM;
	if (*slot == NULL) {
		if ((error = rumpfs_charge(rn->rn_rmp, RUMPFS_CHUNK)) != 0)
			return error;
		if ((*slot = kmem_zalloc(RUMPFS_CHUNK, KM_SLEEP)) == NULL) {
			rumpfs_uncharge(rn->rn_rmp, RUMPFS_CHUNK);
			return ENOMEM;
		}
		rd->rd_nchunks++;
	}
	*chunkp = *slot;
	return 0;
}

/* free chunks [lo, hi) below *slot (covering from base); drop empty arrays */
static uint64_t
rd_prune(void **slot, int level, uint64_t base, uint64_t lo, uint64_t hi)
{
	void **arr = *slot;
	uint64_t sub, n = 0, i, first, last;

	if (arr == NULL || hi <= base || lo >= base + rd_cap(level))
		return 0;
	if (level == 0) {
		kmem_free(*slot, RUMPFS_CHUNK);
		*slot = NULL;
		return 1;
	}
	sub = rd_cap(level - 1);
	first = lo > base ? (lo - base) / sub : 0;
	last = (hi - base - 1) / sub;
	if (last >= RUMPFS_FAN)
		last = RUMPFS_FAN - 1;
	for (i = first; i <= last; i++)
		n += rd_prune(&arr[i], level - 1, base + i * sub, lo, hi);
	for (i = 0; i < RUMPFS_FAN; i++)
		if (arr[i] != NULL)
			return n;
	kmem_free(arr, ARRSZ);
	*slot = NULL;
	return n;
}

static void
rd_free_range(struct rumpfs_node *rn, uint64_t lo, uint64_t hi)
{
	struct rumpfs_data *rd = &rn->rn_data;
	uint64_t n;

	if (lo >= hi)
		return;
	n = rd_prune(&rd->rd_root, rd->rd_depth, 0, lo, hi);
	rd->rd_nchunks -= n;
	rumpfs_uncharge(rn->rn_rmp, n * RUMPFS_CHUNK);
}

void
rumpfs_data_free(struct rumpfs_node *rn)
{

	rd_free_range(rn, 0, UINT64_MAX);
	rn->rn_data.rd_depth = 0;
}

int
rumpfs_data_read(struct rumpfs_node *rn, struct uio *uio)
{
	uint64_t idx;
	size_t o, n;
	char *chunk;
	int error = 0;

	while (uio->uio_resid > 0 && uio->uio_offset < rn->rn_size) {
		idx = (uint64_t)uio->uio_offset >> RUMPFS_CHUNK_SHIFT;
		o = (size_t)(uio->uio_offset & (RUMPFS_CHUNK - 1));
		n = MIN(RUMPFS_CHUNK - o, uio->uio_resid);
		if ((off_t)n > rn->rn_size - uio->uio_offset)
			n = (size_t)(rn->rn_size - uio->uio_offset);
		chunk = rd_chunk(&rn->rn_data, idx);
		if (chunk != NULL)
			error = uiomove(chunk + o, n, uio);
		else
			error = uiomove_zero(n, uio);
		if (error != 0)
			break;
	}
	return error;
}

/* a short write on ENOSPC/ENOMEM is a success if anything was written */
int
rumpfs_data_write(struct rumpfs_node *rn, struct uio *uio)
{
	size_t start = uio->uio_resid, o, n;
	uint64_t idx;
	char *chunk;
	int error = 0;

	if (uio->uio_offset < 0)
		return EINVAL;
	if (uio->uio_resid > 0 &&
	    (uint64_t)uio->uio_offset + uio->uio_resid >
	    (uint64_t)RUMPFS_MAXFILESIZE)
		return EFBIG;
	while (uio->uio_resid > 0) {
		idx = (uint64_t)uio->uio_offset >> RUMPFS_CHUNK_SHIFT;
		o = (size_t)(uio->uio_offset & (RUMPFS_CHUNK - 1));
		n = MIN(RUMPFS_CHUNK - o, uio->uio_resid);
		if ((error = rd_getchunk(rn, idx, &chunk)) != 0)
			break;
		if ((error = uiomove(chunk + o, n, uio)) != 0)
			break;
		if (uio->uio_offset > rn->rn_size)
			rn->rn_size = uio->uio_offset;
	}
	if (error != 0 && uio->uio_resid < start &&
	    (error == ENOSPC || error == ENOMEM))
		error = 0;
	return error;
}

/* zero [from, to) inside one chunk, if it exists */
static void
rd_zero(struct rumpfs_node *rn, off_t from, off_t to)
{
	char *chunk;

	if (from >= to)
		return;
	chunk = rd_chunk(&rn->rn_data, (uint64_t)from >> RUMPFS_CHUNK_SHIFT);
	if (chunk != NULL)
		memset(chunk + (from & (RUMPFS_CHUNK - 1)), 0,
		    (size_t)(to - from));
}

int
rumpfs_data_truncate(struct rumpfs_node *rn, off_t size)
{
	uint64_t keep;
	off_t end;

	if (size < 0)
		return EINVAL;
	if (size < rn->rn_size) {
		keep = howmany((uint64_t)size, RUMPFS_CHUNK);
		rd_free_range(rn, keep, UINT64_MAX);
		/* the tail of a kept partial chunk must read zeros later */
		end = (off_t)(keep << RUMPFS_CHUNK_SHIFT);
		rd_zero(rn, size, end);
	}
	rn->rn_size = size;
	return 0;
}

/* a hole over [off, off+len): partial chunks zeroed, whole ones freed */
int
rumpfs_data_punch(struct rumpfs_node *rn, off_t off, off_t len)
{
	off_t end, a, b;

	if (off < 0 || len <= 0 || off > RUMPFS_MAXFILESIZE - len)
		return EINVAL;
	end = off + len;
	a = roundup2(off, (off_t)RUMPFS_CHUNK);
	b = end & ~(off_t)(RUMPFS_CHUNK - 1);
	if (a > b) {		/* inside one chunk */
		rd_zero(rn, off, end);
		return 0;
	}
	/* the partial chunks at either end, then the whole ones between */
	rd_zero(rn, off, a);
	rd_zero(rn, b, end);
	if (a < b)
		rd_free_range(rn, (uint64_t)a >> RUMPFS_CHUNK_SHIFT,
		    (uint64_t)b >> RUMPFS_CHUNK_SHIFT);
	return 0;
}

/* allocate storage for [off, off+len) and extend the size over it */
int
rumpfs_data_alloc(struct rumpfs_node *rn, off_t off, off_t len)
{
	uint64_t idx, last;
	char *chunk;
	int error;

	if (off < 0 || len <= 0)
		return EINVAL;
	if (off > RUMPFS_MAXFILESIZE - len)
		return EFBIG;
	last = (uint64_t)(off + len - 1) >> RUMPFS_CHUNK_SHIFT;
	for (idx = (uint64_t)off >> RUMPFS_CHUNK_SHIFT; idx <= last; idx++)
		if ((error = rd_getchunk(rn, idx, &chunk)) != 0)
			return error;
	if (off + len > rn->rn_size)
		rn->rn_size = off + len;
	return 0;
}

/* first chunk >= from that is present (data) or absent (hole) */
static bool
rd_find(void *p, int level, uint64_t base, uint64_t from, bool data,
    uint64_t *res)
{
	void **arr = p;
	uint64_t sub, i;

	if (p == NULL) {
		if (data)
			return false;
		*res = MAX(base, from);
		return true;
	}
	if (level == 0) {
		if (!data)
			return false;
		*res = base;
		return true;
	}
	sub = rd_cap(level - 1);
	i = from > base ? (from - base) / sub : 0;
	for (; i < RUMPFS_FAN; i++)
		if (rd_find(arr[i], level - 1, base + i * sub, from, data, res))
			return true;
	return false;
}

int
rumpfs_data_seek(struct rumpfs_node *rn, int whence, off_t *offp)
{
	struct rumpfs_data *rd = &rn->rn_data;
	uint64_t idx, found;
	off_t off = *offp, at;
	bool data = whence == SEEK_DATA;

	if (off < 0 || off >= rn->rn_size)
		return ENXIO;
	idx = (uint64_t)off >> RUMPFS_CHUNK_SHIFT;
	if (idx >= rd_cap(rd->rd_depth)) {
		if (data)
			return ENXIO;
		return 0;		/* beyond the tree: all hole */
	}
	if (!rd_find(rd->rd_root, rd->rd_depth, 0, idx, data, &found)) {
		if (data)
			return ENXIO;
		found = rd_cap(rd->rd_depth);
	}
	at = found >= ((uint64_t)OFF_MAX >> RUMPFS_CHUNK_SHIFT) ? OFF_MAX :
	    (off_t)(found << RUMPFS_CHUNK_SHIFT);
	if (at < off)
		at = off;
	if (at >= rn->rn_size) {
		if (data)
			return ENXIO;
		at = rn->rn_size;	/* the implicit hole at the end */
	}
	*offp = at;
	return 0;
}
