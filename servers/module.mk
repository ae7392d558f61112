# rump_<fs> FUSE servers: the shared framework plus a main each
RUMPSERV_SRCS = servers/common/rumpserv.c servers/common/rumpserv_opts.c

PROGRAMS += rump_ffs rump_ext2fs
rump_ffs_SRCS = servers/rump_ffs/rump_ffs.c $(RUMPSERV_SRCS) $(P2K_SRCS)
rump_ffs_LIBS := $(FUSE_LIBS)
rump_ext2fs_SRCS = servers/rump_ext2fs/rump_ext2fs.c \
	servers/rump_ext2fs/ext2_features.c $(RUMPSERV_SRCS) $(P2K_SRCS)
rump_ext2fs_LIBS := $(FUSE_LIBS)
MANPAGES += servers/rump_ffs/rump_ffs.8
SH_TESTS += servers/tests/t_servers.sh servers/tests/t_frontend.sh
