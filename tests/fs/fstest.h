/*
 * The cross-file-system test harness.
 *
 * A test is `void fstest_<name>(const struct fstest_env *env)`: it works
 * below env->mnt through the system calls of env->sys, so that the same
 * test runs in-process on rump_sys_* (a file system mounted in the rump
 * kernel) and on host system calls (the file system served over FUSE by
 * p2k).  A backend {name, setup, teardown, ...} makes one fresh file
 * system per case; each (backend, test) pair is one TAP line
 * `<fs>_<test>`.  Each case runs in its own host process, so a crash or a
 * hang (alarm) fails that case only.
 *
 * Cases that need more than one process (locks, credentials, cwd, umask)
 * run functions in second processes (fstest_proc_*): rump processes
 * served by host threads in-process, forked host processes (of other
 * uids too) over FUSE, so the same case tests both.
 */
#ifndef FSTEST_H
#define FSTEST_H

#include <sys/types.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* what a test asks of the file system; missing ones make it skip */
#define FSTEST_CAP_SYMLINK	0x0001
#define FSTEST_CAP_HARDLINK	0x0002
#define FSTEST_CAP_MODES	0x0004	/* chmod's bits persist (FAT: no) */
#define FSTEST_CAP_FH		0x0008	/* getfh/fhopen */
#define FSTEST_CAP_FIFO		0x0010
#define FSTEST_CAP_SIZELIMIT	0x0020	/* the fs can fill up (ENOSPC) */
#define FSTEST_CAP_PROCS	0x0040	/* several processes, setcred */
#define FSTEST_CAP_REMOUNT	0x0080	/* unmount / remount read-only */
#define FSTEST_CAP_OWNERS	0x0100	/* chown keeps uids and gids */
#define FSTEST_CAP_XATTR	0x0200
#define FSTEST_CAP_BSDVFS	0x0400	/* calls reach our VFS, not Linux's */
#define FSTEST_CAP_SPARSE	0x0800	/* unwritten ranges take no blocks */
#define FSTEST_CAP_WRITABLE	0x1000	/* not a read-only format (ISO 9660) */
#define FSTEST_CAP_CASESENS	0x2000	/* "a" and "A" are two names (FAT: no) */
/*
 * Times of any date from 1970 on, access times too, kept to tsgran_ns.
 * Without it (FAT: modification times in 2-second steps from 1980 on,
 * access dates only) the cases set modification times from
 * FSTEST_TIME_BASE on and leave access times alone.
 */
#define FSTEST_CAP_FINETIME	0x4000
/* a directory's link count is 2 and one per subdirectory (FAT keeps no
 * counts: NetBSD's driver says 1, "unknown", as find(1) expects) */
#define FSTEST_CAP_NLINK	0x8000
/* a renamed regular file keeps its inode number (FAT has no inodes: the
 * number is made from the place of the file's entry) */
#define FSTEST_CAP_FILEINO	0x10000
/* what every Unix file system has and FAT, ISO 9660 or NFS may lack */
#define FSTEST_CAP_UNIX		(FSTEST_CAP_SYMLINK | FSTEST_CAP_HARDLINK | \
    FSTEST_CAP_OWNERS | FSTEST_CAP_MODES | FSTEST_CAP_SPARSE | \
    FSTEST_CAP_WRITABLE | FSTEST_CAP_CASESENS | FSTEST_CAP_FINETIME | \
    FSTEST_CAP_NLINK | FSTEST_CAP_FILEINO)

/* where the times a case sets start: the epoch, or 2000-01-01 UTC, which
 * every format holds (an even number of seconds, a whole day) */
#define FSTEST_TIME_BASE(env)	\
    (((env)->caps & FSTEST_CAP_FINETIME) ? (time_t)0 : (time_t)946684800)

/* timestamp granularities (fstest_backend.tsgran_ns) */
#define FSTEST_TS_NSEC		1L
#define FSTEST_TS_SEC		1000000000L

struct fstest_statvfs {
	unsigned long namemax;
	unsigned long bsize;
	uint64_t blocks, bfree;
	uint64_t flag;
	char fstypename[32];	/* "" when the backend cannot tell */
	char mntonname[1024];
};

/* a file handle, opaque to the tests */
struct fstest_fh {
	size_t len;
	unsigned char data[128];
};

typedef void (*fstest_dircb)(void *arg, const char *name, unsigned type);

/* system calls, with the host's types and errno */
struct fstest_sys {
	int (*open)(const char *, int, mode_t);
	int (*close)(int);
	ssize_t (*read)(int, void *, size_t);
	ssize_t (*write)(int, const void *, size_t);
	ssize_t (*pread)(int, void *, size_t, off_t);
	ssize_t (*pwrite)(int, const void *, size_t, off_t);
	off_t (*lseek)(int, off_t, int);
	int (*fsync)(int);
	int (*ftruncate)(int, off_t);
	int (*fallocate)(int, int, off_t, off_t);	/* Linux modes */
	int (*truncate)(const char *, off_t);
	int (*stat)(const char *, struct stat *);
	int (*lstat)(const char *, struct stat *);
	int (*fstat)(int, struct stat *);
	int (*mkdir)(const char *, mode_t);
	int (*rmdir)(const char *);
	int (*unlink)(const char *);
	int (*rename)(const char *, const char *);
	int (*link)(const char *, const char *);
	int (*symlink)(const char *, const char *);
	ssize_t (*readlink)(const char *, char *, size_t);
	int (*chmod)(const char *, mode_t);
	int (*chown)(const char *, uid_t, gid_t);
	int (*fchmod)(int, mode_t);
	int (*fchown)(int, uid_t, gid_t);
	int (*utimensat)(int, const char *, const struct timespec *, int);
	int (*futimens)(int, const struct timespec *);
	int (*access)(const char *, int);
	int (*chdir)(const char *);
	int (*mkfifo)(const char *, mode_t);
	int (*fcntl_lock)(int, int, struct flock *);
	int (*statvfs)(const char *, struct fstest_statvfs *);
	void (*sync)(void);
	/* calls cb for each entry of the directory */
	int (*listdir)(const char *, fstest_dircb, void *);
	/* NULL without FSTEST_CAP_XATTR; Linux conventions */
	ssize_t (*getxattr)(const char *, const char *, void *, size_t);
	int (*setxattr)(const char *, const char *, const void *, size_t,
	    int);
	ssize_t (*listxattr)(const char *, char *, size_t);
	int (*removexattr)(const char *, const char *);
	/* NULL without FSTEST_CAP_FH */
	int (*getfh)(const char *, struct fstest_fh *);
	int (*fhopen)(const struct fstest_fh *, int);
	/* NULL where the system calls have none (rump: no flock) */
	int (*flock)(int, int);
	int (*dup)(int);
	mode_t (*umask)(mode_t);
	/*
	 * Processes (FSTEST_CAP_PROCS), used through fstest_proc_* only.
	 * With newproc, a process is a host thread bound to a kernel process:
	 * newproc makes one (empty descriptor table) and binds the calling
	 * thread to it, releaseproc (in that thread) ends it.  Without
	 * newproc, a process is a forked host process.  setcred sets the
	 * calling process's uid, gid and groups; getpid is the pid F_GETLK
	 * reports for it.
	 */
	void *(*newproc)(void);
	void (*releaseproc)(void *);
	int (*setcred)(uid_t, gid_t, int, const gid_t *);
	pid_t (*getpid)(void);
	/*
	 * Thread processes only, NULL when the kernel cannot: intr_begin
	 * (in the process's thread) returns a handle that interrupt uses,
	 * from another thread, to make the process's blocked call return
	 * EINTR, as a signal does to a host process.
	 */
	void *(*intr_begin)(void);
	void (*intr_end)(void);
	void (*interrupt)(void *);
};

struct fstest_env;

struct fstest_backend {
	const char *name;		/* the <fs> of <fs>_<test> */
	const char *fstype;		/* statvfs f_fstypename, or NULL */
	unsigned int caps;
	/*
	 * What the caps cannot say in a bit: the step of the times a file
	 * keeps (FSTEST_TS_NSEC; FSTEST_TS_SEC: the suite checks whole
	 * seconds only; FAT's 2 s), and the longest name (at most NAME_MAX).
	 */
	long tsgran_ns;
	unsigned int namemax;
	const struct fstest_sys *sys;
	/* run only when this environment variable is set (NULL: always) */
	const char *enable_env;
	/* disk file systems: the rump vfs name and a host command making
	 * an image (%s: its path), for fstest_disk_setup */
	const char *vfsname;
	const char *mkfs;
	/*
	 * Mount options past the defaults: for disk file systems in-process,
	 * the args after fspec (args, argslen; NULL: zeroes); for FUSE
	 * ones, more -o words for the server (srvopts, or NULL).
	 */
	const void *args;
	size_t argslen;
	const char *srvopts;
	/*
	 * A file system that lives elsewhere (NFS) rather than in an image:
	 * mkspecial makes a fresh one and names it as the server's special
	 * (host:/path), with more -o words for the server in opts ("" if
	 * none); rmspecial removes it.  NULL for the others.
	 */
	int (*mkspecial)(const struct fstest_backend *be, char *spec,
	    size_t speclen, char *opts, size_t optslen);
	void (*rmspecial)(const char *spec);
	/* make a fresh file system; mnt: where it is mounted.  -1 with
	 * errno ENODEV: this build or host lacks it (the case skips) */
	int (*setup)(const struct fstest_backend *be, const char *workdir,
	    char *mnt, size_t mntlen, void **cookiep);
	void (*teardown)(void *cookie);
	/* NULL without FSTEST_CAP_REMOUNT; -1 and errno on failure */
	int (*unmount)(void *cookie);
	int (*remount_ro)(void *cookie);
};

struct fstest_env {
	const struct fstest_backend *be;
	const struct fstest_sys *sys;
	const char *mnt;
	const char *workdir;
	unsigned int caps;
	void *cookie;
};

struct fstest_case {
	const char *name;
	void (*fn)(const struct fstest_env *);
	/* for the read-only variant: fills the fs before it is remounted */
	void (*prepare)(const struct fstest_env *);
};

/* the registries */
extern const struct fstest_case fstest_cases[];
extern const struct fstest_backend *const fstest_backends[];
extern const struct fstest_backend fstest_backend_rumpfs;
extern const struct fstest_backend fstest_backend_host;

/* reporting; fail and skip end the case (the process) */
void fstest_fail(const char *file, int line, const char *what, int err)
    __attribute__((noreturn));
void fstest_skip(const char *why) __attribute__((noreturn));
/* CLOCK_MONOTONIC in milliseconds, for bounded waits */
long fstest_now_ms(void);
void fstest_need(const struct fstest_env *env, unsigned int caps);

/* a path below the mount point (eight rotating static buffers) */
const char *fstest_path(const struct fstest_env *env, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* create path with n bytes of pattern c (or contents) */
void fstest_mkfile(const struct fstest_env *env, const char *path,
    const void *data, size_t n);

/*
 * A second process of a case (fstest_proc.c): its own descriptor table,
 * POSIX lock owner, pid, cwd, umask and credentials.  On FUSE backends a
 * forked host process, in-process a rump process served by a host
 * thread.  fn runs there with a copy of arg (len bytes, at most
 * FSTEST_PROC_ARGMAX) that is copied back when it returns; FT_* failing
 * in fn fails the case.  Every wait is bounded: a call that does not
 * return in time fails the case (the backend's teardown then frees a
 * process stuck in a hung server).
 */
#define FSTEST_PROC_ARGMAX	4096
struct fstest_proc;
typedef void (*fstest_procfn)(const struct fstest_env *, void *);

/* root, the case's own credentials; skips without FSTEST_CAP_PROCS */
struct fstest_proc *fstest_proc_new(const struct fstest_env *env);
/* uid, gid and supplementary groups (dropping the case's) */
struct fstest_proc *fstest_proc_new_cred(const struct fstest_env *env,
    uid_t uid, gid_t gid, int ngroups, const gid_t *groups);
pid_t fstest_proc_pid(const struct fstest_proc *p);
/* run fn in p and wait for it */
void fstest_proc_call(struct fstest_proc *p, fstest_procfn fn, void *arg,
    size_t len);
/* start fn in p; fstest_proc_wait: true once it has returned (within ms
 * milliseconds), with arg copied back */
void fstest_proc_start(struct fstest_proc *p, fstest_procfn fn, void *arg,
    size_t len);
bool fstest_proc_wait(struct fstest_proc *p, int ms);
/* can a blocked call of a process be interrupted (a signal)?  and do it:
 * SIGALRM (a handler, no SA_RESTART) or the kernel's equivalent */
bool fstest_proc_can_interrupt(const struct fstest_proc *p);
void fstest_proc_interrupt(struct fstest_proc *p);
/* the process exits: its descriptors close, its locks go (waited for) */
void fstest_proc_end(struct fstest_proc *p);
/* the runner's: in a process, fail and skip end it, not the case */
bool fstest_proc_self_fail(const char *why, bool skip);
/* the runner's, at the end of a case: kill what is left; true if a
 * process is still stuck in the file system */
bool fstest_procs_abandon(void);
void fstest_procs_reap(void);
/* set when a case ends with a process stuck in the file system: a FUSE
 * backend's teardown then kills its server at once */
extern bool fstest_case_wedged;
/* set by a teardown when the backend itself failed (its server crashed
 * or would not exit): the case fails even if the test passed */
extern bool fstest_backend_failed;

#define FT_PATH(...)	fstest_path(env, __VA_ARGS__)
#define FT_SYS		(env->sys)

/* cond must hold */
#define FT_REQUIRE(cond) do {						\
	if (!(cond))							\
		fstest_fail(__FILE__, __LINE__, #cond, 0);		\
} while (0)
/* the call must succeed (not return -1) */
#define FT_OK(call) do {						\
	errno = 0;							\
	if ((call) == -1)						\
		fstest_fail(__FILE__, __LINE__, #call, errno);		\
} while (0)
/* the call must fail with err */
#define FT_ERR(err, call) do {						\
	errno = 0;							\
	if ((call) != -1)						\
		fstest_fail(__FILE__, __LINE__, #call " succeeded", 0);	\
	if (errno != (err))						\
		fstest_fail(__FILE__, __LINE__, #call " wrong errno",	\
		    errno);						\
} while (0)
/* the call must fail with err1 or err2 */
#define FT_ERR2(err1, err2, call) do {					\
	errno = 0;							\
	if ((call) != -1)						\
		fstest_fail(__FILE__, __LINE__, #call " succeeded", 0);	\
	if (errno != (err1) && errno != (err2))				\
		fstest_fail(__FILE__, __LINE__, #call " wrong errno",	\
		    errno);						\
} while (0)

#define FSTEST_DECL(name) void fstest_##name(const struct fstest_env *)

#endif /* FSTEST_H */
