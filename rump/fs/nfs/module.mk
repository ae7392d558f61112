# nfs driver: an NFSv3 client (RFC 1813) over ONC RPC (RFC 5531) with the
# MOUNT and portmapper protocols, through the host socket hypercalls.
# The XDR cursor and the message encoders/decoders (nfs_xdr.c,
# nfs_rpchdr.c, nfs_xdr3.c) are pure and unit-tested by t_nfs_xdr.
NFS_PURE_SRCS := rump/fs/nfs/nfs_xdr.c rump/fs/nfs/nfs_rpchdr.c \
	rump/fs/nfs/nfs_xdr3.c
KERN_SRCS += $(NFS_PURE_SRCS) \
	rump/fs/nfs/nfs_rpc.c rump/fs/nfs/nfs_pmap.c \
	rump/fs/nfs/nfs_mount3.c rump/fs/nfs/nfs_subr.c \
	rump/fs/nfs/nfs_attrcache.c rump/fs/nfs/nfs_node.c \
	rump/fs/nfs/nfs_lookup.c rump/fs/nfs/nfs_readdir.c \
	rump/fs/nfs/nfs_io.c rump/fs/nfs/nfs_readahead.c \
	rump/fs/nfs/nfs_write.c rump/fs/nfs/nfs_wbehind.c \
	rump/fs/nfs/nfs_iod.c \
	rump/fs/nfs/nfs_sattr.c rump/fs/nfs/nfs_setattr.c \
	rump/fs/nfs/nfs_create.c rump/fs/nfs/nfs_remove.c \
	rump/fs/nfs/nfs_silly.c \
	rump/fs/nfs/nfs_fsops.c rump/fs/nfs/nfs_vnops.c \
	rump/fs/nfs/nfs_vfsops.c

KTESTS += t_nfs_xdr
t_nfs_xdr_SRCS := rump/fs/nfs/tests/t_nfs_xdr.c

SH_TESTS += rump/fs/nfs/tests/t_nfs.sh

# host side: the registration the front ends read (a rump_nfs server,
# servers/module.mk) and the man page
UKFS_DRIVERS += nfs
UKFS_DRIVER_SRCS += rump/fs/nfs/host/nfs_reg.c
MANPAGES += servers/rump_nfs/rump_nfs.8
