# p2k: FUSE low-level operations onto RUMP_VOP_* (host library code,
# linked into each server)
P2K_SRCS = p2k/p2k_main.c p2k/p2k_setup.c p2k/p2k_run.c p2k/p2k_node.c p2k/p2k_pin.c \
	p2k/p2k_attr.c p2k/p2k_vnops_name.c p2k/p2k_vnops_attr.c \
	p2k/p2k_vnops_io.c p2k/p2k_vnops_dir.c p2k/p2k_vnops_ext.c \
	p2k/p2k_vnops_lock.c p2k/p2k_intr.c p2k/p2k_shutdown.c \
	p2k/p2k_disk.c p2k/p2k_id.c p2k/p2k_killpriv.c p2k/p2k_initflags.c \
	$(UKFS_SRCS)

# a server of a fresh rumpfs, for the FUSE tests
TEST_PROGS += p2k_rumpfs
p2k_rumpfs_SRCS = p2k/tests/p2k_rumpfs.c $(P2K_SRCS)
p2k_rumpfs_LIBS := $(FUSE_LIBS)
SH_TESTS += p2k/tests/t_p2k.sh p2k/tests/t_locks.sh p2k/tests/t_unpin.sh

# host-side checks of a mounted p2k file system (run by t_p2k.sh)
TEST_PROGS += p2k_ops
p2k_ops_SRCS = p2k/tests/p2k_ops.c
