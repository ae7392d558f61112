/* the rump_sys_* fstest_sys and helpers for backends mounted in-process */
#ifndef FSTEST_RUMP_H
#define FSTEST_RUMP_H

#include "fstest.h"

extern const struct fstest_sys fstest_rump_sys;

/* boot, mkdir -p mnt, mount type with args; -1 and errno on failure */
int fstest_rump_mount(const char *type, const char *mnt, int flags,
    void *args, size_t argslen);
int fstest_rump_unmount(const char *mnt);
/* the end of a case: back in the first process, mnt unmounted (forced
 * if need be), whatever the test left */
void fstest_rump_teardown(const char *mnt);
int fstest_rump_remount_ro(const char *type, const char *mnt, void *args,
    size_t argslen);

#endif /* FSTEST_RUMP_H */
