#ifndef _SYS_PARAM_H_
#define _SYS_PARAM_H_

#include <sys/types.h>

#define MAXPATHLEN	4096
#ifndef PATH_MAX
#define PATH_MAX	MAXPATHLEN
#endif
#define MAXNAMLEN	RUMP_MAXNAMLEN
#ifndef NAME_MAX
#define NAME_MAX	MAXNAMLEN
#endif
#define MAXSYMLINKS	40	/* ELOOP after this many links in one lookup */
#define NGROUPS		32
#define DEV_BSHIFT	9
#define DEV_BSIZE	(1 << DEV_BSHIFT)
#define PAGE_SIZE	4096
#define PAGE_MASK	(PAGE_SIZE - 1)
#define MAXBSIZE	(64 * 1024)	/* largest buffer-cache buffer */
#define MAXPHYS		(1024 * 1024)	/* largest single device transfer */
#define NBBY		8
#define hz		100		/* ticks per second for timeouts */

#define howmany(x, y)	(((x) + ((y) - 1)) / (y))
#define roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))
#define rounddown(x, y)	(((x) / (y)) * (y))
#define roundup2(x, m)	(((x) + ((m) - 1)) & ~((__typeof__(x))(m) - 1))
#define powerof2(x)	((((x) - 1) & (x)) == 0)
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

#define setbit(a, i)	((a)[(i) / NBBY] |= 1 << ((i) % NBBY))
#define clrbit(a, i)	((a)[(i) / NBBY] &= ~(1 << ((i) % NBBY)))
#define isset(a, i)	((a)[(i) / NBBY] & (1 << ((i) % NBBY)))
#define isclr(a, i)	(((a)[(i) / NBBY] & (1 << ((i) % NBBY))) == 0)

#endif /* _SYS_PARAM_H_ */
