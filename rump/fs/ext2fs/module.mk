# ext2fs driver (ext2; clean ext3; ext4 read-only).  The ext2fs_sb.c,
# ext2fs_gd.c, ext2fs_dinode.c and ext2fs_dirent.c parsers are pure and
# unit-tested directly by ext2fs_subr_test.
EXT2FS_PURE_SRCS := rump/fs/ext2fs/ext2fs_sb.c rump/fs/ext2fs/ext2fs_gd.c \
	rump/fs/ext2fs/ext2fs_dinode.c rump/fs/ext2fs/ext2fs_dirent.c
KERN_SRCS += $(EXT2FS_PURE_SRCS) \
	rump/fs/ext2fs/ext2fs_vfsops.c rump/fs/ext2fs/ext2fs_mountfs.c \
	rump/fs/ext2fs/ext2fs_sync.c rump/fs/ext2fs/ext2fs_vnode.c \
	rump/fs/ext2fs/ext2fs_inode.c rump/fs/ext2fs/ext2fs_truncate.c \
	rump/fs/ext2fs/ext2fs_bmap.c rump/fs/ext2fs/ext2fs_extents.c \
	rump/fs/ext2fs/ext2fs_alloc.c rump/fs/ext2fs/ext2fs_balloc.c \
	rump/fs/ext2fs/ext2fs_lookup.c rump/fs/ext2fs/ext2fs_dirops.c \
	rump/fs/ext2fs/ext2fs_dirhash.c rump/fs/ext2fs/ext2fs_dirlocal.c \
	rump/fs/ext2fs/ext2fs_readdir.c rump/fs/ext2fs/ext2fs_readwrite.c \
	rump/fs/ext2fs/ext2fs_vnops.c rump/fs/ext2fs/ext2fs_setattr.c \
	rump/fs/ext2fs/ext2fs_create.c rump/fs/ext2fs/ext2fs_remove.c \
	rump/fs/ext2fs/ext2fs_rename.c rump/fs/ext2fs/ext2fs_inactive.c \
	rump/fs/ext2fs/ext2fs_orphan.c rump/fs/ext2fs/ext2fs_xattr.c

KTESTS += t_ext2fs_subr
t_ext2fs_subr_SRCS := rump/fs/ext2fs/tests/t_ext2fs_subr.c

# helpers for the shell tests
E2FS_TCOMMON := rump/fs/ext2fs/tests/e2fs_common.c
TEST_PROGS += e2fs_walk
e2fs_walk_SRCS := rump/fs/ext2fs/tests/e2fs_walk.c $(E2FS_TCOMMON)
TEST_PROGS += e2fs_put e2fs_fsx e2fs_race
e2fs_race_SRCS := rump/fs/ext2fs/tests/e2fs_race.c $(E2FS_TCOMMON)
e2fs_put_SRCS := rump/fs/ext2fs/tests/e2fs_put.c $(E2FS_TCOMMON)
e2fs_fsx_SRCS := rump/fs/ext2fs/tests/e2fs_fsx.c $(E2FS_TCOMMON)
UNIT_TESTS += t_ext2fs_ops
t_ext2fs_ops_SRCS := rump/fs/ext2fs/tests/t_ext2fs_ops.c $(E2FS_TCOMMON)
SH_TESTS += rump/fs/ext2fs/tests/t_ext2fs_roundtrip.sh \
	rump/fs/ext2fs/tests/t_ext2fs_hostile.sh \
	rump/fs/ext2fs/tests/t_ext2fs_race.sh
# host side (not kernel code): the registration the front ends read, and
# a rump_ext2fs server (servers/module.mk)
UKFS_DRIVERS += ext2fs
UKFS_DRIVER_SRCS += rump/fs/ext2fs/host/ext2fs_reg.c \
	rump/fs/ext2fs/host/ext2fs_features.c
