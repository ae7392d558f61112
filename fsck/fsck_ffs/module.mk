# fsck_ffs: checker for FFS (UFS1/UFS2) images; shares the on-disk
# format code with the driver in rump/fs/ffs
PROGRAMS += fsck_ffs
fsck_ffs_SRCS := fsck/fsck_ffs/main.c fsck/fsck_ffs/util.c \
	fsck/fsck_ffs/setup.c fsck/fsck_ffs/inode.c fsck/fsck_ffs/pass1.c \
	fsck/fsck_ffs/pass1b.c fsck/fsck_ffs/walk.c \
	fsck/fsck_ffs/pass2.c fsck/fsck_ffs/pass3.c fsck/fsck_ffs/pass4.c \
	fsck/fsck_ffs/pass5.c fsck/fsck_ffs/super.c fsck/fsck_ffs/alloc.c \
	fsck/fsck_ffs/lostfound.c fsck/fsck_ffs/ffs_shared.c
MANPAGES += fsck/fsck_ffs/fsck_ffs.8
SH_TESTS += fsck/fsck_ffs/tests/t_fsck_ffs.sh
TEST_PROGS += ffs_corrupt
ffs_corrupt_SRCS := fsck/fsck_ffs/tests/ffs_corrupt.c fsck/fsck_ffs/util.c \
	fsck/fsck_ffs/setup.c fsck/fsck_ffs/inode.c \
	fsck/fsck_ffs/ffs_shared.c
