/*
 * Kernel memory.  All allocations are accounted against a limit
 * (RUMP_MEMLIMIT in the environment, bytes with optional k/m/g suffix or
 * a percentage of host memory; default unlimited).  An allocation that would
 * exceed the limit first runs the registered reclaim hooks (buffer cache,
 * vnode cache), then fails: kmem_alloc returns NULL for KM_SLEEP as well as
 * KM_NOSLEEP, so every caller handles NULL (ENOMEM).
 */
#ifndef _SYS_KMEM_H_
#define _SYS_KMEM_H_

#include <sys/types.h>

#define KM_SLEEP	0x01
#define KM_NOSLEEP	0x02

void *kmem_alloc(size_t size, int flags);
void *kmem_zalloc(size_t size, int flags);
void kmem_free(void *p, size_t size);
void *kmem_intr_alloc(size_t size, int flags);
void kmem_intr_free(void *p, size_t size);
/* page-aligned memory for buffers */
void *kmem_page_alloc(size_t size, int flags);
void kmem_page_free(void *p, size_t size);
char *kmem_strdup(const char *s, int flags);
void kmem_strfree(char *s);
char *kmem_asprintf(const char *fmt, ...) __printflike(1, 2);

/* accounting */
uint64_t kmem_limit(void);		/* 0 = unlimited */
uint64_t kmem_inuse(void);
void kmem_setlimit(uint64_t bytes);	/* for tests; 0 = unlimited */

/*
 * Reclaim hooks: called when an allocation of 'want' bytes would exceed
 * the limit; each frees what it can and returns the bytes freed.
 */
typedef size_t (*kmem_reclaim_fn)(size_t want);
void kmem_reclaim_register(kmem_reclaim_fn fn);

#endif /* _SYS_KMEM_H_ */
