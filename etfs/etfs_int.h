/*
 * etfs kernel half: registered host files.  Each key has a device
 * structure (all types: REG keys use the same host-file plumbing) with a
 * minor number in the etfs block/character driver.
 */
#ifndef _ETFS_ETFS_INT_H_
#define _ETFS_ETFS_INT_H_

#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/errno.h>
#include <sys/condvar.h>
#include <sys/mutex.h>
#include <sys/uio.h>

#define ETFS_MAXDEV	256
#define ETFS_BOUNCE	(1024 * 1024)	/* largest host transfer */

struct etfs_dev {
	int ed_fd;
	int ed_type;		/* enum rump_etfs_type */
	int32_t ed_minor;
	uint64_t ed_begin;	/* window on the host file */
	uint64_t ed_size;
	bool ed_rdonly;
	bool ed_grow;		/* REG to the end: may grow the host file */
	bool ed_dying;		/* being removed: no new opens */
	unsigned int ed_opens;	/* device opens, under etfs_lock */
	char *ed_hostpath;
};

extern kmutex_t etfs_lock;
extern int32_t etfs_major;

/* etfs_blk.c: the driver */
int etfs_dev_attach(void);
struct etfs_dev *etfs_dev_get(int32_t minor);
int etfs_dev_alloc_minor(struct etfs_dev *);
void etfs_dev_free_minor(struct etfs_dev *);

/* etfs_io.c: synchronous host I/O for REG keys and character reads */
int etfs_io(struct etfs_dev *, struct uio *);

/* etfs_key.c */
int etfs_openhost(struct etfs_dev *, int flags);
void etfs_dev_free(struct etfs_dev *);

/* etfs_reg.c, etfs_dir.c */
extern const struct rumpfs_etfs_ops etfs_reg_ops;
extern const struct rumpfs_etfs_ops etfs_dir_ops;

#endif /* _ETFS_ETFS_INT_H_ */
