/*
 * The shared part of the rump_<fs> servers: command line, mount options
 * (mount_<fs>(8)'s, mount(8)'s and FUSE's), then p2k.
 *
 *	rump_<fs> [-fds] [-o opt[,opt...]] special mountpoint
 *
 * Options may come before or after the operands, as mount.fuse3 passes
 * them after.
 */
#ifndef RUMPSERV_H
#define RUMPSERV_H

#include <stdbool.h>
#include <stddef.h>

struct rumpserv_fs {
	const char *rs_name;		/* program name: rump_ffs */
	const char *rs_vfsname;		/* rump vfs type: ffs */
	bool rs_disk;			/* special is a disk image */
	bool rs_readonly;		/* always read-only (cd9660) */
	size_t rs_argsize;		/* the driver's mount args */
	/*
	 * A file-system option (key, value or NULL): 1 if consumed, 0 if
	 * not the file system's, -1 if refused (message printed).
	 */
	int (*rs_option)(void *args, int *mntflags, const char *key,
	    const char *value);
	const char *rs_options_help;	/* one line listing rs_option's */
	/*
	 * Before mounting (RUMP_MNT_* flags): 0, or -1 after printing one
	 * line on why the image cannot be mounted so.  May be NULL.
	 */
	int (*rs_check)(const char *special, int mntflags);
};

int rumpserv_main(const struct rumpserv_fs *fs, int argc, char **argv);

#endif /* RUMPSERV_H */
