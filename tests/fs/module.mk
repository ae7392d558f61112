# The cross-file-system suite: every case on every backend, one TAP line each
UNIT_TESTS += fstest
fstest_SRCS := tests/fs/fstest_main.c tests/fs/fstest_backends.c \
	tests/fs/fstest_rump.c tests/fs/fstest_host.c tests/fs/fstest_disk.c tests/fs/fstest_p2k.c \
	tests/fs/fstest_proc.c tests/fs/fstest_cases.c tests/fs/t_lock.c \
	tests/fs/t_vnops.c tests/fs/t_vnops2.c tests/fs/t_vfsops.c \
	tests/fs/t_io.c tests/fs/t_ro.c tests/fs/t_unpriv.c tests/fs/t_misc.c \
	tests/fs/t_bigdir.c tests/fs/t_case.c

# the system-call layer on the rumpfs root (descriptors, *at, cwd, creds)
UNIT_TESTS += t_syscalls
t_syscalls_SRCS := tests/fs/t_syscalls.c

# hostile directory entries on ext2 and ffs images (in process, FUSE)
SH_TESTS += tests/fs/t_badnames.sh
