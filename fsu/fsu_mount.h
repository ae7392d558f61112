#ifndef FSU_MOUNT_H
#define FSU_MOUNT_H

#include "fsu.h"

struct fsu_mount {
	struct ukfs *fm_fs;
	char fm_image[4096];
	char fm_type[32];		/* "" until known */
	char fm_opts[256];		/* -o / alias / FSU_MNTOPTS */
	bool fm_noalias;		/* -f */
	bool fm_verbose;		/* -v */
	bool fm_keepgoing;		/* -k (script mode) */
};

/* returns argv index of the first argument after the image, -1: usage */
int fsu_mount_parse(struct fsu_mount *m, int argc, char **argv,
    bool script);
int fsu_mount_open(struct fsu_mount *m, bool readonly);
int fsu_mount_close(struct fsu_mount *m);

struct ukfs_driver;
/* -o's words into RUMP_MNT_* flags and drv's args; -1: said why not */
int fsu_mount_flags(struct fsu_mount *m, const struct ukfs_driver *drv,
    void *args, int *flagsp);
/* the device-less driver for m's special (host:/path, -t nfs) or NULL */
const struct ukfs_driver *fsu_remote_driver(const struct fsu_mount *m);
int fsu_remote_open(struct fsu_mount *m, const struct ukfs_driver *drv,
    bool readonly);

typedef int (*fsu_run1_fn)(const struct fsu_cmd *, struct fsu_mount *,
    int, char **);
int fsu_script(struct fsu_mount *m, int argc, char **argv, fsu_run1_fn run1);

#endif /* FSU_MOUNT_H */
