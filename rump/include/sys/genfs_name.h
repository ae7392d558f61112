/*
 * The rules every directory format here shares for the names its entries
 * hold, as pure functions of the bytes (no kernel headers: fsck_ffs
 * compiles them too).  Each returns NULL for a good name, else what is
 * wrong with it, for a console line.
 */
#ifndef _SYS_GENFS_NAME_H_
#define _SYS_GENFS_NAME_H_

#include <stdbool.h>
#include <stddef.h>

/* a name no lookup can produce: empty, or holding a NUL or a slash */
const char *genfs_name_bad(const char *name, size_t namlen);
/* "." or ".." */
bool genfs_name_isdot(const char *name, size_t namlen);
/* "." or ".." anywhere but as entries 0 and 1 of their directory */
const char *genfs_name_misplaced(const char *name, size_t namlen,
    unsigned idx);

#endif /* _SYS_GENFS_NAME_H_ */
