/*
 * The release of this tree, one place for every program's --version
 * (the servers, fsck_ffs, the fs-utils): "rump_ffs 0.9".
 */
#ifndef RUMP_RUMPFS_VERSION_H
#define RUMP_RUMPFS_VERSION_H

#define RUMPFS_VERSION	"0.9"

#endif /* RUMP_RUMPFS_VERSION_H */
