# etfs: host files as rump files and block devices.  The kernel half is in
# the kernel archive; the partition helpers (disklabel, offsets, MBR/GPT
# through libblkid) are host code and go into librumpuser.a.
KERN_SRCS += etfs/etfs_key.c etfs/etfs_blk.c etfs/etfs_io.c etfs/etfs_reg.c \
	etfs/etfs_dir.c
HYP_SRCS += etfs/host/etfs_part.c etfs/host/etfs_disklabel.c \
	etfs/host/etfs_mbr.c

UNIT_TESTS += t_etfs_part t_etfs
t_etfs_part_SRCS := etfs/tests/t_etfs_part.c
t_etfs_SRCS := etfs/tests/t_etfs.c
KTESTS += t_etfs_k
t_etfs_k_SRCS := etfs/tests/t_etfs_k.c
# %DISKLABEL:x% inside NetBSD, FreeBSD and OpenBSD MBR partitions
SH_TESTS += etfs/tests/t_disklabel.sh
