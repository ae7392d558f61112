# VFS core: vnodes and the vnode cache, VOP helpers, permissions, namei,
# the name cache, mounts, device switches and vnodes, advisory locks
KERN_SRCS += rump/vfs/vfs_init.c rump/vfs/vfs_vcache.c rump/vfs/vfs_vnode.c \
	rump/vfs/vfs_vflush.c rump/vfs/vfs_vdrain.c rump/vfs/vfs_vnode_dead.c \
	rump/vfs/vfs_vops.c rump/vfs/genfs_perm.c rump/vfs/vfs_lookup.c \
	rump/vfs/vfs_cache.c rump/vfs/vfs_mount.c rump/vfs/vfs_mount_ops.c \
	rump/vfs/vfs_unmount.c rump/vfs/subr_devsw.c rump/vfs/spec_vnops.c \
	rump/vfs/vfs_lockf.c rump/vfs/genfs_freelist.c \
	rump/vfs/genfs_rename.c

# genfs: the format-independent parts of file systems' vfsops and VOPs
KERN_SRCS += rump/vfs/genfs_dev.c rump/vfs/genfs_vget.c \
	rump/vfs/genfs_pathconf.c rump/vfs/genfs_strategy.c \
	rump/vfs/genfs_dirent.c rump/vfs/genfs_vnops.c \
	rump/vfs/genfs_rdwr.c rump/vfs/genfs_name.c \
	rump/vfs/genfs_dirhash.c rump/vfs/genfs_sync.c

# system-call layer, descriptors, cwd, process hooks, RUMP_VOP_* wrappers
KERN_SRCS += rump/vfs/vfs_descrip.c rump/vfs/vfs_cwd.c rump/vfs/vfs_proc.c \
	rump/vfs/vfs_syscalls_util.c rump/vfs/vfs_syscalls_open.c \
	rump/vfs/vfs_syscalls_rw.c rump/vfs/vfs_syscalls_stat.c \
	rump/vfs/vfs_syscalls_dir.c rump/vfs/vfs_syscalls_rename.c \
	rump/vfs/vfs_syscalls_attr.c rump/vfs/vfs_syscalls_cwd.c \
	rump/vfs/vfs_syscalls_fcntl.c rump/vfs/vfs_syscalls_mount.c \
	rump/vfs/vfs_syscalls_xattr.c rump/vfs/vfs_syscalls_cred.c \
	rump/vfs/rump_vop.c rump/vfs/rump_vop_io.c rump/vfs/rump_vfs_pub.c

# VFS core unit tests (kernel internals, an in-test file system)
VFS_TESTFS := rump/vfs/tests/testfs.c
KTESTS += t_vfs_vcache t_vfs_namei t_vfs_namecache t_vfs_genfs_perm \
	t_vfs_lockf t_vfs_mount t_vfs_spec t_vfs_genfs_name \
	t_vfs_genfs_dirhash
t_vfs_vcache_SRCS := rump/vfs/tests/t_vcache.c $(VFS_TESTFS)
t_vfs_namei_SRCS := rump/vfs/tests/t_namei.c $(VFS_TESTFS)
t_vfs_namecache_SRCS := rump/vfs/tests/t_namecache.c $(VFS_TESTFS)
t_vfs_genfs_perm_SRCS := rump/vfs/tests/t_genfs_perm.c $(VFS_TESTFS)
t_vfs_lockf_SRCS := rump/vfs/tests/t_lockf.c $(VFS_TESTFS)
t_vfs_mount_SRCS := rump/vfs/tests/t_mount.c $(VFS_TESTFS)
t_vfs_spec_SRCS := rump/vfs/tests/t_spec.c $(VFS_TESTFS)
t_vfs_genfs_name_SRCS := rump/vfs/tests/t_genfs_name.c
t_vfs_genfs_dirhash_SRCS := rump/vfs/tests/t_genfs_dirhash.c $(VFS_TESTFS)

# buffer cache
KERN_SRCS += rump/vfs/vfs_bio.c rump/vfs/vfs_bio_mem.c rump/vfs/vfs_bio_io.c \
	rump/vfs/vfs_bio_ra.c rump/vfs/vfs_bio_cluster.c \
	rump/vfs/vfs_bio_flush.c rump/vfs/vfs_bio_syncer.c \
	rump/vfs/vfs_bio_pool.c

# buffer cache unit tests (a fake block device made in the test)
KTESTS += t_bio t_bio_write
t_bio_SRCS := rump/vfs/tests/t_bio.c rump/vfs/tests/bio_fakedev.c
t_bio_write_SRCS := rump/vfs/tests/t_bio_write.c rump/vfs/tests/bio_fakedev.c
