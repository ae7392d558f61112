/*
 * Shared by the ext2fs test helpers: boot a rump kernel, register an
 * image as a block device and mount it at E2FS_MNT; unmount and shut down.
 */
#ifndef E2FS_COMMON_H
#define E2FS_COMMON_H

#include <stdbool.h>

#define E2FS_DEV	"/dev/e2img"
#define E2FS_MNT	"/mnt"

/* 0 or an errno; flags: RUMP_MNT_* */
int e2fs_mount(const char *image, int flags);
/* unmount and rump_fini; 0 or an errno */
int e2fs_unmount(void);

#endif
