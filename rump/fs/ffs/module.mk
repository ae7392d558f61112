# FFS (UFS1/UFS2) driver.  ffs_bswap.c and ffs_subr.c are freestanding
# and also built into fsck_ffs.
KERN_SRCS += rump/fs/ffs/ffs_bswap.c rump/fs/ffs/ffs_subr.c \
	rump/fs/ffs/ffs_mountfs.c rump/fs/ffs/ffs_vfsops.c \
	rump/fs/ffs/ffs_inode.c rump/fs/ffs/ffs_bmap.c \
	rump/fs/ffs/ffs_readwrite.c rump/fs/ffs/ffs_dirent.c \
	rump/fs/ffs/ffs_lookup.c rump/fs/ffs/ffs_readdir.c \
	rump/fs/ffs/ffs_vnops.c rump/fs/ffs/ffs_cgmap.c \
	rump/fs/ffs/ffs_alloc.c rump/fs/ffs/ffs_sbupdate.c \
	rump/fs/ffs/ffs_update.c rump/fs/ffs/ffs_balloc.c \
	rump/fs/ffs/ffs_fsync.c \
	rump/fs/ffs/ffs_truncate.c rump/fs/ffs/ffs_dirops.c \
	rump/fs/ffs/ffs_dirhash.c \
	rump/fs/ffs/ffs_newvnode.c rump/fs/ffs/ffs_vnops_ns.c \
	rump/fs/ffs/ffs_rename.c rump/fs/ffs/ffs_extattr.c
KTESTS += ffs_subr_test
ffs_subr_test_SRCS := rump/fs/ffs/tests/ffs_subr_test.c
KTESTS += ffs_cgmap_test
ffs_cgmap_test_SRCS := rump/fs/ffs/tests/ffs_cgmap_test.c
TEST_PROGS += ffs_walk
ffs_walk_SRCS := rump/fs/ffs/tests/ffs_walk.c
SH_TESTS += rump/fs/ffs/tests/t_ffs_read.sh
TEST_PROGS += ffs_fsx
ffs_fsx_SRCS := rump/fs/ffs/tests/ffs_fsx.c
SH_TESTS += rump/fs/ffs/tests/t_ffs_write.sh
SH_TESTS += rump/fs/ffs/tests/t_ffs_tsk.sh
# host side (not kernel code): the registration the front ends read, and
# a rump_ffs server (servers/module.mk)
UKFS_DRIVERS += ffs
UKFS_DRIVER_SRCS += rump/fs/ffs/host/ffs_reg.c
