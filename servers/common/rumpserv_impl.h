#ifndef RUMPSERV_IMPL_H
#define RUMPSERV_IMPL_H

#include <rump/ukfs_driver.h>

#include "rumpserv.h"

#define RS_MAXARGS 64

struct rumpserv {
	const struct ukfs_driver *rs_drv;
	const char *rs_name;		/* the program: rump_ffs */
	void *rs_args;			/* the driver's mount args */
	struct ukfs_mntopts rs_mo;	/* RUMP_MNT_* flags, block backend */
	const char *rs_special;
	const char *rs_mountpoint;
	int rs_argc;			/* for p2k/FUSE */
	char *rs_argv[RS_MAXARGS];
};

/* a -o list: 0, or -1 after printing why not */
int rs_optlist(struct rumpserv *rs, const char *list);
/* one word, key and value (NULL: none): 0, or -1 after printing why */
int rs_optword(struct rumpserv *rs, const char *key, const char *value);
int rs_addarg(struct rumpserv *rs, const char *arg);

#endif /* RUMPSERV_IMPL_H */
