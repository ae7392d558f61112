/*
 * One side of a copy: the host or the image, behind the same operations,
 * so that put, get and cp share one tree copier.  Every int-returning
 * operation returns 0 or an errno; open returns an fd or -errno.
 */
#ifndef FSU_SIDE_H
#define FSU_SIDE_H

#include "fsu.h"

struct fsu_side {
	const char *name;		/* "host" or the image */
	struct ukfs *fs;		/* NULL for the host */
	int (*lstat)(const struct fsu_side *, const char *, struct rump_stat *);
	int (*stat)(const struct fsu_side *, const char *, struct rump_stat *);
	int (*mkdir)(const struct fsu_side *, const char *, uint32_t mode);
	int (*symlink)(const struct fsu_side *, const char *target,
	    const char *path);
	long (*readlink)(const struct fsu_side *, const char *, char *, size_t);
	int (*link)(const struct fsu_side *, const char *from, const char *to);
	int (*mknod)(const struct fsu_side *, const char *, uint32_t mode,
	    uint64_t dev);
	int (*open)(const struct fsu_side *, const char *, int flags,
	    uint32_t mode);
	long (*pread)(const struct fsu_side *, int fd, void *, size_t, int64_t);
	long (*pwrite)(const struct fsu_side *, int fd, const void *, size_t,
	    int64_t);
	/* all of it, in order: pipes and devices (off: where, for the image) */
	long (*write)(const struct fsu_side *, int fd, const void *, size_t,
	    int64_t);
	int (*close)(const struct fsu_side *, int fd);
	int (*unlink)(const struct fsu_side *, const char *);
	int (*rename)(const struct fsu_side *, const char *from,
	    const char *to);
	/* attributes, never following a symlink */
	int (*chown)(const struct fsu_side *, const char *, uint32_t, uint32_t);
	int (*chmod)(const struct fsu_side *, const char *, uint32_t mode);
	int (*utimes)(const struct fsu_side *, const char *,
	    const struct rump_timespec ts[2]);
	/* calls fn for each entry but . and .. */
	int (*readdir)(const struct fsu_side *, const char *dir,
	    int (*fn)(const char *name, void *), void *arg);
};

void fsu_side_host(struct fsu_side *);
void fsu_side_image(struct fsu_side *, struct ukfs *fs);

struct fsu_copyopts {
	bool recursive;		/* -R */
	bool preserve;		/* -p: owner, mode, times */
	bool verbose;		/* -v */
	bool force;		/* overwrite without asking (always here) */
	bool progress;		/* one updating line on stderr (a tty) */
};

/*
 * Copy srcs (on src) to dst (on dst): into dst if it is a directory, else
 * as dst (one source).  Hard links among the sources and symlinks are
 * recreated.  Returns 0, 1 if some file failed (reported), 2 usage.
 */
int fsu_copy(const struct fsu_side *src, char **srcs, int nsrcs,
    const struct fsu_side *dst, const char *dstpath,
    const struct fsu_copyopts *o);

#endif /* FSU_SIDE_H */
