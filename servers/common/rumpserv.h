/*
 * The rump_<fs> servers: command line, mount options (ukfs's table, the
 * driver's own, mount(8)'s and FUSE's), then p2k.  One program per
 * registered driver (rump/ukfs_driver.h), told apart by its name.
 *
 *	rump_<fs> [-fds] [-o opt[,opt...]] special mountpoint
 *
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
