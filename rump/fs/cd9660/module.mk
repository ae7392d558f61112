# cd9660 driver (ISO 9660 with Rock Ridge, Joliet and zisofs; read-only).
# The parsers of cd9660_vd.c, cd9660_drec.c, cd9660_time.c,
# cd9660_joliet.c, cd9660_susp.c, cd9660_rrip.c and cd9660_zisofs.c are
# pure and unit-tested directly by t_cd9660_subr.
CD9660_PURE_SRCS := rump/fs/cd9660/cd9660_vd.c rump/fs/cd9660/cd9660_drec.c \
	rump/fs/cd9660/cd9660_time.c rump/fs/cd9660/cd9660_joliet.c \
	rump/fs/cd9660/cd9660_susp.c rump/fs/cd9660/cd9660_rrip.c \
	rump/fs/cd9660/cd9660_zisofs.c
KERN_SRCS += $(CD9660_PURE_SRCS) \
	rump/fs/cd9660/cd9660_subr.c rump/fs/cd9660/cd9660_rrwalk.c \
	rump/fs/cd9660/cd9660_dir.c rump/fs/cd9660/cd9660_node.c \
	rump/fs/cd9660/cd9660_lookup.c rump/fs/cd9660/cd9660_readdir.c \
	rump/fs/cd9660/cd9660_read.c rump/fs/cd9660/cd9660_zread.c \
	rump/fs/cd9660/cd9660_session.c \
	rump/fs/cd9660/cd9660_vnops.c rump/fs/cd9660/cd9660_mount.c \
	rump/fs/cd9660/cd9660_vfsops.c

KTESTS += t_cd9660_subr
t_cd9660_subr_SRCS := rump/fs/cd9660/tests/t_cd9660_subr.c

SH_TESTS += rump/fs/cd9660/tests/t_cd9660.sh

# host side (not kernel code): the registration the front ends read, and
# a rump_cd9660 server (servers/module.mk)
UKFS_DRIVERS += cd9660
UKFS_DRIVER_SRCS += rump/fs/cd9660/host/cd9660_reg.c
MANPAGES += servers/rump_cd9660/rump_cd9660.8
# the shell test's helpers: images with a CE loop, a file in several
# extents; reads of every shape compared with the host file
TEST_PROGS += cd9660_mutate cd9660_pread
cd9660_mutate_SRCS := rump/fs/cd9660/tests/cd9660_mutate.c
cd9660_pread_SRCS := rump/fs/cd9660/tests/cd9660_pread.c
