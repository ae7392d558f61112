/*
 * rumpuser: the hypercall interface.  The only way the rump kernel reaches
 * the host.  Fixed-width types only; every int-returning call returns 0 or
 * an errno value in the kernel's errno space (Linux numbering, see
 * rump/include/sys/errno.h), translated by the host side.
 */
#ifndef RUMP_RUMPUSER_H
#define RUMP_RUMPUSER_H

#include <stddef.h>
#include <stdint.h>

#define RUMPUSER_VERSION 17

struct lwp;

/*
 * Upcalls: the kernel tells the host side how to release and re-take the
 * rump CPU context around a blocking hypercall.  Both may be NULL.
 */
struct rumpuser_hyperup {
	void (*hyp_unschedule)(void);
	void (*hyp_schedule)(void);
};

int rumpuser_init(int version, const struct rumpuser_hyperup *up);

/* memory */
int rumpuser_malloc(size_t len, size_t alignment, void **memp);
void rumpuser_free(void *mem, size_t len);
int rumpuser_anonmmap(size_t len, int exec, void **memp);
void rumpuser_unmap(void *addr, size_t len);

/* host files */
#define RUMPUSER_OPEN_RDONLY	0x0000
#define RUMPUSER_OPEN_WRONLY	0x0001
#define RUMPUSER_OPEN_RDWR	0x0002
#define RUMPUSER_OPEN_ACCMODE	0x0003
#define RUMPUSER_OPEN_CREATE	0x0004
#define RUMPUSER_OPEN_EXCL	0x0008
#define RUMPUSER_OPEN_BIO	0x0010	/* block I/O use: take a range lock */
#define RUMPUSER_OPEN_DIRECT	0x0020	/* O_DIRECT, falls back if refused */
#define RUMPUSER_OPEN_MMAP	0x0040	/* windowed mmap backend */
#define RUMPUSER_OPEN_DIR	0x0080	/* open a directory for reading */

int rumpuser_open(const char *name, int mode, int *fdp);
int rumpuser_close(int fd);

#define RUMPUSER_FT_OTHER	0
#define RUMPUSER_FT_DIR		1
#define RUMPUSER_FT_REG		2
#define RUMPUSER_FT_BLK		3
#define RUMPUSER_FT_CHR		4
#define RUMPUSER_FT_LNK		5
int rumpuser_getfileinfo(const char *name, uint64_t *sizep, int *typep);

/* Attributes of a host file, for etfs REG/DIR nodes. */
struct rumpuser_fileattr {
	uint64_t fa_size;
	uint64_t fa_ino;
	uint32_t fa_mode;	/* S_IFMT bits and permissions */
	uint32_t fa_nlink;
	uint32_t fa_uid;
	uint32_t fa_gid;
	int64_t fa_atime_sec, fa_atime_nsec;
	int64_t fa_mtime_sec, fa_mtime_nsec;
	int64_t fa_ctime_sec, fa_ctime_nsec;
};
int rumpuser_fileattr(const char *name, struct rumpuser_fileattr *fa);

/*
 * Read directory entries of a host directory opened with
 * RUMPUSER_OPEN_DIR.  *offp is an opaque cookie (0 = start).  Fills up to
 * bufsize bytes of NUL-separated "type name" records; returns the byte count
 * in *lenp (0 = end).  type is a RUMPUSER_FT_* digit.
 */
int rumpuser_readdir(int fd, int64_t *offp, char *buf, size_t bufsize,
    size_t *lenp);

/* block I/O */
#define RUMPUSER_BIO_READ	0x01
#define RUMPUSER_BIO_WRITE	0x02
#define RUMPUSER_BIO_SYNC	0x04	/* data on stable storage before biodone */
typedef void (*rumpuser_biodone_fn)(void *arg, size_t done, int error);
/* Asynchronous; biodone runs on a host I/O thread. */
void rumpuser_bio(int fd, int op, void *data, size_t len, int64_t off,
    rumpuser_biodone_fn biodone, void *bioarg);

struct rumpuser_iovec {
	void *iov_base;
	size_t iov_len;
};
#define RUMPUSER_IOV_NOSEEK	(-1)
int rumpuser_iovread(int fd, struct rumpuser_iovec *iov, size_t iovcnt,
    int64_t off, size_t *retp);
int rumpuser_iovwrite(int fd, const struct rumpuser_iovec *iov,
    size_t iovcnt, int64_t off, size_t *retp);

#define RUMPUSER_SYNCFD_READ	0x01
#define RUMPUSER_SYNCFD_WRITE	0x02
#define RUMPUSER_SYNCFD_BARRIER	0x04	/* fdatasync */
#define RUMPUSER_SYNCFD_SYNC	0x08	/* fsync */
int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len);
int rumpuser_truncate(int fd, uint64_t size);

/* clocks */
#define RUMPUSER_CLOCK_RELWALL	0	/* wall clock / relative sleep */
#define RUMPUSER_CLOCK_ABSMONO	1	/* monotonic / absolute deadline */
int rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec);
int rumpuser_clock_sleep(int clk, int64_t sec, long nsec);

/* parameters */
#define RUMPUSER_PARAM_NCPU	"_RUMPUSER_NCPU"
#define RUMPUSER_PARAM_HOSTNAME	"_RUMPUSER_HOSTNAME"
#define RUMPUSER_PARAM_MEMLIMIT	"RUMP_MEMLIMIT"
#define RUMPUSER_PARAM_PHYSMEM	"_RUMPUSER_PHYSMEM"	/* host RAM, bytes */
int rumpuser_getparam(const char *name, void *buf, size_t buflen);

/* misc */
void rumpuser_putchar(int c);
void rumpuser_seterrno(int error);	/* host errno for rump_sys_* */
void rumpuser_dprintf(const char *fmt, ...)
    __attribute__((__format__(__printf__, 1, 2)));
#define RUMPUSER_PANIC	(-1)
void rumpuser_exit(int status) __attribute__((noreturn));
int rumpuser_getpid(void);
int rumpuser_kill(int64_t pid, int sig);
/*
 * Not a hypercall: host programs call it (ukfs, to turn what a driver
 * says at a failed mount into that mount's error).  The console lines
 * this thread prints go into buf (NUL-terminated, cut at len - 1) rather
 * than to stderr, until a call with buf NULL.
 */
void rumpuser_cons_capture(char *buf, size_t len);

#define RUMPUSER_RANDOM_HARD	0x01
#define RUMPUSER_RANDOM_NOWAIT	0x02
int rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *retp);

/* threads */
int rumpuser_thread_create(void *(*fn)(void *), void *arg, const char *name,
    int mustjoin, int priority, int cpuidx, void **cookie);
void rumpuser_thread_exit(void) __attribute__((noreturn));
int rumpuser_thread_join(void *cookie);

#define RUMPUSER_LWP_CREATE	0
#define RUMPUSER_LWP_DESTROY	1
#define RUMPUSER_LWP_SET	2
#define RUMPUSER_LWP_CLEAR	3
void rumpuser_curlwpop(int op, struct lwp *l);
struct lwp *rumpuser_curlwp(void);
/*
 * Register fn, called on a host thread that exits while an lwp is still
 * bound to it (SET without CLEAR), with that lwp still current: the
 * kernel frees the implicit lwps of host threads there.
 */
void rumpuser_curlwp_setexit(void (*fn)(struct lwp *));

/* locks */
struct rumpuser_mtx;
#define RUMPUSER_MTX_SPIN	0x01
#define RUMPUSER_MTX_KMUTEX	0x02	/* records an owner */
void rumpuser_mutex_init(struct rumpuser_mtx **mtxp, int flags);
void rumpuser_mutex_enter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx *mtx);
int rumpuser_mutex_tryenter(struct rumpuser_mtx *mtx);
void rumpuser_mutex_exit(struct rumpuser_mtx *mtx);
void rumpuser_mutex_destroy(struct rumpuser_mtx *mtx);
void rumpuser_mutex_owner(struct rumpuser_mtx *mtx, struct lwp **lp);

struct rumpuser_rw;
#define RUMPUSER_RW_READER	0
#define RUMPUSER_RW_WRITER	1
void rumpuser_rw_init(struct rumpuser_rw **rwp);
void rumpuser_rw_enter(int enum_rumprwlock, struct rumpuser_rw *rw);
int rumpuser_rw_tryenter(int enum_rumprwlock, struct rumpuser_rw *rw);
int rumpuser_rw_tryupgrade(struct rumpuser_rw *rw);
void rumpuser_rw_downgrade(struct rumpuser_rw *rw);
void rumpuser_rw_exit(struct rumpuser_rw *rw);
void rumpuser_rw_destroy(struct rumpuser_rw *rw);
void rumpuser_rw_held(int enum_rumprwlock, struct rumpuser_rw *rw, int *held);

struct rumpuser_cv;
void rumpuser_cv_init(struct rumpuser_cv **cvp);
void rumpuser_cv_destroy(struct rumpuser_cv *cv);
void rumpuser_cv_wait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
void rumpuser_cv_wait_nowrap(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx);
/* relative timeout; returns 0 or ETIMEDOUT */
int rumpuser_cv_timedwait(struct rumpuser_cv *cv, struct rumpuser_mtx *mtx,
    int64_t sec, int64_t nsec);
void rumpuser_cv_signal(struct rumpuser_cv *cv);
void rumpuser_cv_broadcast(struct rumpuser_cv *cv);
void rumpuser_cv_has_waiters(struct rumpuser_cv *cv, int *waitersp);

/*
 * One zlib stream (RFC 1950) of srclen bytes inflated into dst: 0 with
 * *outlenp bytes, EINVAL for a malformed or truncated stream, EFBIG when
 * it holds more than dstlen bytes, ENOMEM.
 */
int rumpuser_inflate(const void *src, size_t srclen, void *dst,
    size_t dstlen, size_t *outlenp);

/* Host sockets, for the NFS client: IPv4/IPv6 TCP and UDP. */
int rumpuser_sock_connect(const char *host, int port, int tcp, int *fdp);
int rumpuser_sock_send(int fd, const void *buf, size_t len, size_t *sentp);
int rumpuser_sock_recv(int fd, void *buf, size_t len, size_t *gotp);
/* wait for readability; returns 0, or ETIMEDOUT after ms milliseconds */
int rumpuser_sock_poll(int fd, int ms);

#endif /* RUMP_RUMPUSER_H */
