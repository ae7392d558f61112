/* Host-side partition helpers: private interfaces. */
#ifndef _ETFS_HOST_ETFS_PART_H_
#define _ETFS_HOST_ETFS_PART_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int etfs_part_fail(int error, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int etfs_part_disklabel(const char *hostpath, const char *arg, size_t alen,
    uint64_t *begin, uint64_t *size);

/* MBR partition types that hold a BSD disklabel */
#define ETFS_MBR_FREEBSD	0xa5
#define ETFS_MBR_OPENBSD	0xa6
#define ETFS_MBR_NETBSD		0xa9

struct etfs_mbrpart {
	int index;		/* 1..4 */
	unsigned char type;
	uint64_t start;		/* bytes */
	uint64_t size;		/* bytes */
};

/* the BSD-typed primary partitions of fd's MBR (at most 4); 0 if none */
int etfs_mbr_bsdparts(int fd, struct etfs_mbrpart *parts);

#endif /* _ETFS_HOST_ETFS_PART_H_ */
