/*
 * genfs_dirhash.c: an in-memory index of a large directory's entries, so
 * that a lookup, a create and a remove in a directory of n entries cost
 * about the same as in one of ten, instead of a scan of all n (creating n
 * files in one directory was quadratic).  It holds, for each entry, a
 * hash of its name and its offset in the directory, and for each
 * directory block (the unit an entry may not cross: ext2's block, FFS's
 * 512-byte chunk) the largest record that still fits in it.
 *
 * The driver owns the on-disk format: it builds the index by walking the
 * directory once (genfs_dirhash_add for every live entry with a good
 * name, "." and ".." excepted, genfs_dirhash_setfree for every block),
 * checks every candidate offset a lookup returns against the record it
 * reads there, and tells the index every change it makes.  An index
 * exists only while its directory's vnode does, and only within a memory
 * budget shared by all directories; without one the driver scans.
 *
 * Locking: built under a shared vnode lock and published with
 * genfs_dirhash_publish (a racing builder's copy is dropped); read under
 * the shared lock; changed only under the exclusive lock.
 */
#ifndef _SYS_GENFS_DIRHASH_H_
#define _SYS_GENFS_DIRHASH_H_

#include <sys/types.h>

struct genfs_dirhash;

/* below this size a directory is scanned: the index would not pay */
#define GENFS_DIRHASH_MINSIZE	16384

/* an empty index, or NULL (the memory budget is spent, or no memory) */
struct genfs_dirhash *genfs_dirhash_create(void);
void genfs_dirhash_destroy(struct genfs_dirhash *dh);
/* install dh in *slot unless a racing builder did: the index to use */
struct genfs_dirhash *genfs_dirhash_publish(struct genfs_dirhash **slot,
    struct genfs_dirhash *dh);

/* entries: 0, or ENOMEM (the caller destroys the index then) */
int genfs_dirhash_add(struct genfs_dirhash *dh, const char *name,
    size_t len, uint64_t off);
void genfs_dirhash_remove(struct genfs_dirhash *dh, const char *name,
    size_t len, uint64_t off);

/* the offsets where an entry of this name may be, one per call: true
 * with *offp set while there are more (*pos starts at 0) */
bool genfs_dirhash_next(const struct genfs_dirhash *dh, const char *name,
    size_t len, size_t *pos, uint64_t *offp);

/* free space: the largest record that fits in block blk; 0, or ENOMEM */
int genfs_dirhash_setfree(struct genfs_dirhash *dh, uint64_t blk,
    uint32_t bytes);
/* the first block where a record of need bytes fits, or -1 */
int64_t genfs_dirhash_findfree(const struct genfs_dirhash *dh, uint32_t need);

#endif /* _SYS_GENFS_DIRHASH_H_ */
