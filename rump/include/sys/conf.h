/*
 * Device switches.  A block device driver (etfs) attaches a bdevsw and gets
 * a major number; the VBLK vnode's VOP_STRATEGY passes buffers to
 * d_strategy.  Character devices likewise with cdevsw.
 */
#ifndef _SYS_CONF_H_
#define _SYS_CONF_H_

#include <sys/types.h>

struct buf;
struct lwp;
struct uio;

struct bdevsw {
	int (*d_open)(dev_t dev, int flags, int fmt, struct lwp *l);
	int (*d_close)(dev_t dev, int flags, int fmt, struct lwp *l);
	void (*d_strategy)(struct buf *bp);
	int (*d_ioctl)(dev_t dev, u_long cmd, void *data, int flag,
	    struct lwp *l);
};

struct cdevsw {
	int (*d_open)(dev_t dev, int flags, int fmt, struct lwp *l);
	int (*d_close)(dev_t dev, int flags, int fmt, struct lwp *l);
	int (*d_read)(dev_t dev, struct uio *uio, int flag);
	int (*d_write)(dev_t dev, struct uio *uio, int flag);
	int (*d_ioctl)(dev_t dev, u_long cmd, void *data, int flag,
	    struct lwp *l);
};

/* *majorp < 0: choose one */
int devsw_attach(const char *name, const struct bdevsw *bdev,
    const struct cdevsw *cdev, int32_t *majorp);
int devsw_detach(const struct bdevsw *bdev, const struct cdevsw *cdev);
const struct bdevsw *bdevsw_lookup(dev_t dev);
const struct cdevsw *cdevsw_lookup(dev_t dev);

/* block device ioctls */
#define DIOCGMEDIASIZE	0x40086481	/* int64_t: bytes */
#define DIOCGSECTORSIZE	0x40046482	/* uint32_t: bytes */
#define DIOCCACHESYNC	0x80046483	/* int: flush the write cache */
#define DIOCGWRITABLE	0x40046484	/* int: opened read-write */

#endif /* _SYS_CONF_H_ */
