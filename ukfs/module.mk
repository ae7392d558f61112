# ukfs: the path API over rump_sys_* (host library code, linked into the
# fs-utils and the servers)
UKFS_SRCS := ukfs/ukfs_mount.c ukfs/ukfs_calls.c ukfs/ukfs_dir.c \
	ukfs/ukfs_probe.c ukfs/ukfs_disk.c
