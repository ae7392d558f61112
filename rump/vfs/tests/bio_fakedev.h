/*
 * A fake block device for the buffer cache tests: a VBLK vnode whose
 * strategy copies to and from an in-memory array, counts calls, records
 * transfer sizes, injects errors and can complete on a kernel thread
 * after a delay.  And a fake file on it whose bmap follows a table.
 */
#ifndef _RUMP_VFS_TESTS_BIO_FAKEDEV_H_
#define _RUMP_VFS_TESTS_BIO_FAKEDEV_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/vnode.h>
#include <sys/vnode_if.h>
#include <sys/buf.h>
#include <sys/mutex.h>

#define FD_SIZE		(4 * 1024 * 1024)
#define FD_NLOG		64
#define FF_NBLK		64

struct fakedev {
	struct vnode fd_vnode;
	struct vnodeops fd_ops;
	kmutex_t fd_lock;
	unsigned char *fd_data;
	unsigned int fd_reads, fd_writes;	/* strategy calls */
	size_t fd_wlen[FD_NLOG];		/* sizes of the writes */
	daddr_t fd_wblk[FD_NLOG];		/* and their first blocks */
	int fd_rerr, fd_werr;		/* fail the next n reads/writes */
	int fd_errno;			/* with this error */
	int fd_delay_ms;		/* > 0: complete on a kthread */
	unsigned int fd_inflight;
};

struct fakefile {
	struct vnode ff_vnode;
	struct vnodeops ff_ops;
	struct fakedev *ff_dev;
	int ff_bsize;
	daddr_t ff_map[FF_NBLK];	/* lblkno -> device block, -1: hole */
};

void fd_boot(void);
struct fakedev *fd_create(void);
void fd_destroy(struct fakedev *);
unsigned char fd_pattern(size_t off);
/* wait until no transfer is in flight (bounded) */
void fd_quiesce(struct fakedev *);
/* poll until *p >= want or ~10 s pass; returns *p */
unsigned int fd_waitcount(struct fakedev *, unsigned int *p,
    unsigned int want);
struct fakefile *ff_create(struct fakedev *, int bsize);
void ff_destroy(struct fakefile *);

#endif /* _RUMP_VFS_TESTS_BIO_FAKEDEV_H_ */
