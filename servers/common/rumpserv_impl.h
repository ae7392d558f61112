#ifndef RUMPSERV_IMPL_H
#define RUMPSERV_IMPL_H

#include "rumpserv.h"

#define RS_MAXARGS 64

struct rumpserv {
	const struct rumpserv_fs *rs_fs;
	void *rs_args;			/* the driver's mount args */
	int rs_mntflags;		/* RUMP_MNT_* */
	int rs_blk;			/* P2K_BLK_* */
	const char *rs_special;
	const char *rs_mountpoint;
	int rs_argc;			/* for p2k/FUSE */
	char *rs_argv[RS_MAXARGS];
};

int rs_option(struct rumpserv *rs, char *word);
int rs_addarg(struct rumpserv *rs, const char *arg);

#endif /* RUMPSERV_IMPL_H */
