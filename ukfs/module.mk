# ukfs: the path API over rump_sys_* (host library code, linked into the
# fs-utils and the servers).  The drivers' registrations (their module.mk
# adds them to UKFS_DRIVER_SRCS) are linked as objects: from an archive
# nothing would pull them in.
UKFS_SRCS = ukfs/ukfs_mount.c ukfs/ukfs_calls.c ukfs/ukfs_dir.c \
	ukfs/ukfs_probe.c ukfs/ukfs_disk.c ukfs/ukfs_driver.c \
	ukfs/ukfs_opts.c $(UKFS_DRIVER_SRCS)
