/*
 * Basic kernel types.  The rump kernel is built freestanding: this header
 * and its siblings replace the host's, and only the compiler's own
 * <stddef.h>, <stdint.h>, <stdbool.h>, <stdarg.h> and <limits.h> exist.
 */
#ifndef _SYS_TYPES_H_
#define _SYS_TYPES_H_

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <rump/rumpdefs.h>

/* Boundary structs take their rump_ names; kernel code uses the BSD ones. */
#define timespec	rump_timespec
#define stat		rump_stat
#define dirent		rump_dirent
#define statvfs		rump_statvfs
#define flock		rump_flock
#define iovec		rump_iovec
#define fid		rump_fid
#define vattr		rump_vattr

#ifndef INT_MAX
#define CHAR_BIT	__CHAR_BIT__
#define INT_MAX		__INT_MAX__
#define INT_MIN		(-__INT_MAX__ - 1)
#define UINT_MAX	(__INT_MAX__ * 2U + 1U)
#define LONG_MAX	__LONG_MAX__
#define LONG_MIN	(-__LONG_MAX__ - 1L)
#define ULONG_MAX	(__LONG_MAX__ * 2UL + 1UL)
#define LLONG_MAX	__LONG_LONG_MAX__
#define LLONG_MIN	(-__LONG_LONG_MAX__ - 1LL)
#define ULLONG_MAX	(__LONG_LONG_MAX__ * 2ULL + 1ULL)
#endif
#define OFF_MAX		INT64_MAX
#define SSIZE_MAX	LONG_MAX

typedef int64_t		off_t;
typedef uint64_t	ino_t;
typedef uint32_t	mode_t;
typedef uint32_t	uid_t;
typedef uint32_t	gid_t;
typedef int32_t		pid_t;
typedef uint64_t	dev_t;
typedef uint32_t	nlink_t;
typedef int64_t		daddr_t;	/* disk address, DEV_BSIZE units */
typedef int64_t		blkcnt_t;
typedef uint32_t	blksize_t;
typedef int64_t		time_t;
typedef long		ssize_t;
typedef uintptr_t	vaddr_t;
typedef size_t		vsize_t;
typedef unsigned int	u_int;
typedef unsigned long	u_long;
typedef unsigned char	u_char;
typedef unsigned short	u_short;

#define major(d)	((int32_t)(((uint64_t)(d) >> 32) & 0xffffffffu))
#define minor(d)	((int32_t)((uint64_t)(d) & 0xffffffffu))
#define makedev(x, y)	((dev_t)(((uint64_t)(uint32_t)(x) << 32) | (uint32_t)(y)))
#define NODEV		((dev_t)-1)

#define __unused	__attribute__((__unused__))
#define __noreturn	__attribute__((__noreturn__))
#define __printflike(a, b) __attribute__((__format__(__printf__, a, b)))
#define __predict_true(x)  __builtin_expect(!!(x), 1)
#define __predict_false(x) __builtin_expect(!!(x), 0)
#define __arraycount(a)	(sizeof(a) / sizeof((a)[0]))
#define __aligned(x)	__attribute__((__aligned__(x)))
#define __packed	__attribute__((__packed__))

#endif /* _SYS_TYPES_H_ */
