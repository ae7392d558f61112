/* disk-image backends mounted in-process (see fstest_disk.c) */
#ifndef FSTEST_DISK_H
#define FSTEST_DISK_H

#include "fstest.h"

int fstest_disk_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep);
void fstest_disk_teardown(void *cookie);
int fstest_disk_unmount(void *cookie);
int fstest_disk_remount_ro(void *cookie);

#endif /* FSTEST_DISK_H */
