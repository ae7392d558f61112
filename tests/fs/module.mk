# The cross-file-system suite: every case on every backend, one TAP line each
UNIT_TESTS += fstest
fstest_SRCS := tests/fs/fstest_main.c tests/fs/fstest_backends.c \
	tests/fs/fstest_rump.c tests/fs/fstest_host.c tests/fs/fstest_disk.c tests/fs/fstest_p2k.c \
	tests/fs/fstest_nfs.c \
	tests/fs/fstest_proc.c tests/fs/fstest_cases.c tests/fs/t_lock.c \
	tests/fs/t_vnops.c tests/fs/t_vnops2.c tests/fs/t_vfsops.c \
	tests/fs/t_io.c tests/fs/t_ro.c tests/fs/t_unpriv.c tests/fs/t_misc.c \
	tests/fs/t_bigdir.c tests/fs/t_case.c

# the system-call layer on the rumpfs root (descriptors, *at, cwd, creds)
UNIT_TESTS += t_syscalls
t_syscalls_SRCS := tests/fs/t_syscalls.c

# hostile directory entries on ext2 and ffs images (in process, FUSE)
SH_TESTS += tests/fs/t_badnames.sh

# the suite on NFS: nfs-ganesha started on 127.0.0.1, fstest's nfs and
# p2k_nfs backends only (they need FSTEST_NFS, which this sets)
SH_TESTS += tests/fs/t_fs_nfs.sh
