# system-call layer, descriptors, cwd, process hooks, RUMP_VOP_* wrappers
KERN_SRCS += rump/vfs/vfs_descrip.c rump/vfs/vfs_cwd.c rump/vfs/vfs_proc.c \
	rump/vfs/vfs_syscalls_util.c rump/vfs/vfs_syscalls_open.c \
	rump/vfs/vfs_syscalls_rw.c rump/vfs/vfs_syscalls_stat.c \
	rump/vfs/vfs_syscalls_dir.c rump/vfs/vfs_syscalls_rename.c \
	rump/vfs/vfs_syscalls_attr.c rump/vfs/vfs_syscalls_cwd.c \
	rump/vfs/vfs_syscalls_fcntl.c rump/vfs/vfs_syscalls_mount.c \
	rump/vfs/vfs_syscalls_xattr.c rump/vfs/vfs_syscalls_cred.c \
	rump/vfs/rump_vop.c rump/vfs/rump_vop_io.c rump/vfs/rump_vfs_pub.c
