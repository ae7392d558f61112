#ifndef UKFS_IMPL_H
#define UKFS_IMPL_H

#include <rump/ukfs.h>

struct lwp;

struct ukfs {
	struct lwp *ukfs_lwp;		/* rump process chrooted at the mount */
	char ukfs_mountpath[256];	/* in the rump kernel */
	char ukfs_devkey[64];		/* etfs key, "" if none */
	int ukfs_mntflags;
};

/* run the calls between enter and leave in fs's rump process */
void ukfs_enter(struct ukfs *fs);
void ukfs_leave(void);

/* ukfs_disk.c: register a host image as a rump block device */
int ukfs_disk_attach(const char *imagespec, int partition, int rdonly,
    char *key, size_t keylen);
void ukfs_disk_detach(const char *key);
/* rump_sys_mount; an error as errno value, its reason in ukfs_mount_error */
int ukfs_sys_mount(const char *vfsname, const char *mountpath, int mntflags,
    void *arg, size_t alen, const char *devkey);
void ukfs_seterror(const char *fmt, ...)
    __attribute__((__format__(__printf__, 1, 2)));

#endif /* UKFS_IMPL_H */
