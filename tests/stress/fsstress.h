/*
 * fsstress_rump: concurrent random operations on one file system, either
 * in-process (rump_sys_* from threads, each its own rump process) or on a
 * host mount point (host system calls from forked processes).  The
 * operations are written once against struct fss_sys, the system call
 * table of either kind.
 */
#ifndef FSSTRESS_H
#define FSSTRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* what a stat tells the workload */
struct fss_stat {
	int64_t size;
	uint32_t mode;
	uint32_t nlink;
};

/*
 * One system call table.  Every call returns -1 and sets errno on failure
 * (the rump kernel's errno values are the host's).
 */
struct fss_sys {
	const char *name;
	int (*open)(const char *, int, unsigned);
	int (*close)(int);
	long (*pread)(int, void *, size_t, int64_t);
	long (*pwrite)(int, const void *, size_t, int64_t);
	int (*ftruncate)(int, int64_t);
	int (*fsync)(int);
	int (*fdatasync)(int);
	int (*fallocate)(int, int, int64_t, int64_t);
	int (*unlink)(const char *);
	int (*rename)(const char *, const char *);
	int (*link)(const char *, const char *);
	int (*mkdir)(const char *, unsigned);
	int (*rmdir)(const char *);
	int (*symlink)(const char *, const char *);
	int (*lstat)(const char *, struct fss_stat *);
	int (*fstat)(int, struct fss_stat *);
	int (*readdir)(const char *);	/* number of entries */
};

extern const struct fss_sys fss_rump_sys;
extern const struct fss_sys fss_host_sys;

/* the operations; OP_NUM last */
enum fss_op {
	OP_CREAT, OP_WRITE, OP_READ, OP_TRUNC, OP_FSYNC, OP_FDATASYNC,
	OP_UNLINK, OP_RENAME, OP_LINK, OP_MKDIR, OP_RMDIR, OP_SYMLINK,
	OP_STAT, OP_READDIR, OP_FALLOC, OP_PUNCH, OP_SHARED, OP_CLOSE,
	OP_OPEN, OP_NUM
};

#define FSS_NERRNO	160	/* counters per operation: [0] successes */

/* counters shared by every worker (threads or processes) */
struct fss_counts {
	uint64_t c[OP_NUM][FSS_NERRNO];
	uint64_t baddata;	/* bytes read back that no writer wrote */
	uint64_t unexpected;
};

struct fss_conf {
	const struct fss_sys *sys;
	const char *root;	/* the file system's root path */
	uint64_t seed;
	unsigned nops;		/* per worker */
	unsigned nworkers;
	bool disabled[OP_NUM];
	int verbose;
	struct fss_counts *counts;	/* shared memory */
};

extern const char *const fss_opnames[OP_NUM];

int fss_prepare(const struct fss_conf *);
void fss_worker(const struct fss_conf *, unsigned id);
void fss_report(const struct fss_conf *);
bool fss_failed(const struct fss_conf *);
bool fss_expected(enum fss_op, int error);

#endif /* FSSTRESS_H */
