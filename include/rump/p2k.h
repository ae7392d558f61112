/*
 * p2k: serve a file system mounted in the rump kernel to the host kernel
 * through FUSE (the Linux counterpart of NetBSD's puffs-to-kernel).
 *
 *	p2m = p2k_init(argc, argv, flags);	FUSE options (-o ..., -f, -d)
 *	p2k_setup_diskfs(p2m, "ffs", "disk.img", NULL, "/mnt", 0, &args, len);
 *	return p2k_mainloop(p2m);		serve until unmounted
 *
 * mainloop returns 0 after a clean unmount of the rump file system, or
 * non-zero (with a message on stderr) if the file system could not be
 * unmounted cleanly.
 */
#ifndef RUMP_P2K_H
#define RUMP_P2K_H

#include <stddef.h>
#include <stdint.h>

struct p2k_mount;

#define P2K_FOREGROUND	0x01	/* don't daemonize (also -f, P2K_NODETACH) */
#define P2K_DEBUG	0x02	/* FUSE debug output (also -d, P2K_DEBUG) */
#define P2K_READONLY	0x04	/* the file system is mounted read-only */

/* the block backend of disk images, in flags: P2K_BLK(P2K_BLK_MMAP) */
#define P2K_BLK_BUFFERED 0
#define P2K_BLK_DIRECT	1
#define P2K_BLK_MMAP	2
#define P2K_BLK(b)	((uint32_t)(b) << 8)
#define P2K_BLKOF(f)	(((f) >> 8) & 3)

/*
 * argv: the host mount point and FUSE options as for any FUSE server
 * (argv[0] is the program name).  NULL on bad arguments (message printed).
 */
struct p2k_mount *p2k_init(int argc, char **argv, uint32_t flags);
void p2k_cancel(struct p2k_mount *p2m, int error);

/* mount vfsname from devpath at mountpath inside the rump kernel */
int p2k_setup_fs(struct p2k_mount *p2m, const char *vfsname,
    const char *devpath, const char *mountpath, int mntflags, void *arg,
    size_t alen);
/*
 * devpath is a host image (with an optional %DISKLABEL:a%, %OFFSET:s,n%
 * or %PART:N% suffix, or partition given separately); it is registered as
 * a rump block device and arg's first member (char *fspec) is pointed at
 * it before mounting.
 */
int p2k_setup_diskfs(struct p2k_mount *p2m, const char *vfsname,
    const char *devpath, const char *partition, const char *mountpath,
    int mntflags, void *arg, size_t alen);
int p2k_mainloop(struct p2k_mount *p2m);

/* init + setup + mainloop */
int p2k_run_fs(int argc, char **argv, const char *vfsname,
    const char *devpath, const char *mountpath, int mntflags, void *arg,
    size_t alen, uint32_t flags);
int p2k_run_diskfs(int argc, char **argv, const char *vfsname,
    const char *devpath, const char *partition, const char *mountpath,
    int mntflags, void *arg, size_t alen, uint32_t flags);

#endif /* RUMP_P2K_H */
