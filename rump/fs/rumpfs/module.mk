# rumpfs: the in-memory root file system, also mountable as "rumpfs"
KERN_SRCS += rump/fs/rumpfs/rumpfs_vfsops.c rump/fs/rumpfs/rumpfs_node.c \
	rump/fs/rumpfs/rumpfs_data.c rump/fs/rumpfs/rumpfs_dir.c \
	rump/fs/rumpfs/rumpfs_lookup.c rump/fs/rumpfs/rumpfs_vnops.c \
	rump/fs/rumpfs/rumpfs_rename.c rump/fs/rumpfs/rumpfs_attr.c \
	rump/fs/rumpfs/rumpfs_io.c rump/fs/rumpfs/rumpfs_xattr.c \
	rump/fs/rumpfs/rumpfs_spec.c rump/fs/rumpfs/rumpfs_devmem.c \
	rump/fs/rumpfs/rumpfs_ops.c rump/fs/rumpfs/rumpfs_etfs.c

UNIT_TESTS += t_rumpfs
t_rumpfs_SRCS := rump/fs/rumpfs/tests/t_rumpfs.c
