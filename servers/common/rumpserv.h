/*
 * The rump_<fs> servers: command line, mount options (ukfs's table, the
 * driver's own, mount(8)'s and FUSE's), then p2k.  One program per
 * registered driver (rump/ukfs_driver.h), told apart by its name.
 *
 *	rump_<fs> [-fds] [-o opt[,opt...]] special mountpoint
 *
 * plus the driver's own flags (ud_flags: rump_msdos -u uid ...), each
 * one of its -o words, which take the place of ours of the same letter.
 * Options may come before or after the operands, as mount.fuse3 passes
 * them after.
 */
#ifndef RUMPSERV_H
#define RUMPSERV_H

#include <rump/ukfs_driver.h>

/* progname: rump_<fs>, what messages start with */
int rumpserv_main(const struct ukfs_driver *drv, const char *progname,
    int argc, char **argv);

#endif /* RUMPSERV_H */
