/* backends served over FUSE by a rump_<fs> server (see fstest_p2k.c) */
#ifndef FSTEST_P2K_H
#define FSTEST_P2K_H

#include "fstest.h"

/* be->vfsname is the server program under $O, be->mkfs the image tool
 * (NULL: the server keeps its file system in memory, no image) */
int fstest_p2k_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep);
void fstest_p2k_teardown(void *cookie);
/* unmount (EBUSY while files are open); remount_ro: the same image
 * served again with -o ro (EOPNOTSUPP with files open or no image) */
int fstest_p2k_unmount(void *cookie);
int fstest_p2k_remount_ro(void *cookie);

#endif /* FSTEST_P2K_H */
