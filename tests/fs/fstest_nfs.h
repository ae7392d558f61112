/* NFS backends: a fresh directory of an nfs-ganesha export per case
 * (see fstest_nfs.c) */
#ifndef FSTEST_NFS_H
#define FSTEST_NFS_H

#include "fstest.h"

/* the environment variable naming the export, host:/path */
#define FSTEST_NFS_ENV	"FSTEST_NFS"

/* fstest_backend.mkspecial and .rmspecial */
int fstest_nfs_mkspecial(const struct fstest_backend *be, char *spec,
    size_t speclen, char *opts, size_t optslen);
void fstest_nfs_rmspecial(const char *spec);

/* in-process: the kernel's nfs driver mounted at /mnt */
int fstest_nfs_setup(const struct fstest_backend *be, const char *workdir,
    char *mnt, size_t mntlen, void **cookiep);
void fstest_nfs_teardown(void *cookie);
int fstest_nfs_unmount(void *cookie);
int fstest_nfs_remount_ro(void *cookie);

#endif /* FSTEST_NFS_H */
