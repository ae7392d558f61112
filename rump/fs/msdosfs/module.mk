# msdosfs driver: FAT12/16/32 with VFAT long names (vfs name "msdos").
# msdosfs_bpb.c, msdosfs_fatent.c and msdosfs_conv.c are pure parsers
# and encoders, unit-tested directly by t_msdosfs_subr.
MSDOSFS_PURE_SRCS := rump/fs/msdosfs/msdosfs_bpb.c \
	rump/fs/msdosfs/msdosfs_fatent.c rump/fs/msdosfs/msdosfs_conv.c
KERN_SRCS += $(MSDOSFS_PURE_SRCS) \
	rump/fs/msdosfs/msdosfs_subr.c rump/fs/msdosfs/msdosfs_fat.c \
	rump/fs/msdosfs/msdosfs_clmap.c rump/fs/msdosfs/msdosfs_bmap.c \
	rump/fs/msdosfs/msdosfs_dirscan.c rump/fs/msdosfs/msdosfs_dircache.c \
	rump/fs/msdosfs/msdosfs_lookup.c rump/fs/msdosfs/msdosfs_direnter.c \
	rump/fs/msdosfs/msdosfs_denode.c rump/fs/msdosfs/msdosfs_vnops.c \
	rump/fs/msdosfs/msdosfs_rdwr.c rump/fs/msdosfs/msdosfs_create.c \
	rump/fs/msdosfs/msdosfs_rename.c rump/fs/msdosfs/msdosfs_vfsops.c

KTESTS += t_msdosfs_subr
t_msdosfs_subr_SRCS := rump/fs/msdosfs/tests/t_msdosfs_subr.c

# the in-process helper of the shell test: mounts an image through etfs
TEST_PROGS += msdos_tool
msdos_tool_SRCS := rump/fs/msdosfs/tests/msdos_tool.c
SH_TESTS += rump/fs/msdosfs/tests/t_msdosfs.sh
SH_TESTS += rump/fs/msdosfs/tests/t_msdosfs_bigdir.sh

# host side and front-end tests below
# The host side (not kernel code): the registration the front ends read
# (names, probe, mount_msdos's defaults, -o words and rump_msdos's flags)
# and a rump_msdos server (servers/module.mk).
UKFS_DRIVERS += msdos
UKFS_DRIVER_SRCS += rump/fs/msdosfs/host/msdosfs_reg.c
MANPAGES += servers/rump_msdos/rump_msdos.8
SH_TESTS += rump/fs/msdosfs/tests/t_rump_msdos.sh
# the registration without a mount: its probe and its mount args
TEST_PROGS += msdos_regtool
msdos_regtool_SRCS = rump/fs/msdosfs/tests/msdos_regtool.c $(UKFS_SRCS)
