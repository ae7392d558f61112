/*
 * Device vnodes.  bdevvp(dev) gives the one VBLK vnode of a block device
 * (outside any file system, cached by dev_t); its VOPs pass open, close,
 * ioctl and strategy to the driver's bdevsw, read/write go straight to
 * the device (sector-aligned bounce buffers), VOP_FSYNC writes its dirty
 * buffers and sends DIOCCACHESYNC.  A file system with device nodes of
 * its own may use the spec_* operations in its table for their I/O.
 */
#ifndef _SYS_SPECDEV_H_
#define _SYS_SPECDEV_H_

#include <sys/vnode_if.h>

struct specinfo {
	unsigned int si_opencnt;	/* opens not yet closed */
};

extern const struct vnodeops spec_vnodeops;

int spec_lookup(struct vop_lookup_args *);
int spec_open(struct vop_open_args *);
int spec_close(struct vop_close_args *);
int spec_read(struct vop_read_args *);
int spec_write(struct vop_write_args *);
int spec_ioctl(struct vop_ioctl_args *);
int spec_fsync(struct vop_fsync_args *);
int spec_bmap(struct vop_bmap_args *);
int spec_strategy(struct vop_strategy_args *);
int spec_pathconf(struct vop_pathconf_args *);

#endif /* _SYS_SPECDEV_H_ */
