/* Host-side partition helpers: private interfaces. */
#ifndef _ETFS_HOST_ETFS_PART_H_
#define _ETFS_HOST_ETFS_PART_H_

#include <stddef.h>
#include <stdint.h>

int etfs_part_fail(int error, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int etfs_part_disklabel(const char *hostpath, const char *arg, size_t alen,
    uint64_t *begin, uint64_t *size);

#endif /* _ETFS_HOST_ETFS_PART_H_ */
