/*
 * rump/kern private interfaces between the files of this directory:
 * boot steps, lwp binding and allocations exempt from the memory limit.
 */
#ifndef _RUMP_KERN_IMPL_H_
#define _RUMP_KERN_IMPL_H_

#include <sys/types.h>

struct lwp;

/* boot steps, in the order rump_init runs them */
void kmem_init(void);
void proc_init(void);
void lwp_intr_init(void);
void callout_startup(void);

/* parse a RUMP_MEMLIMIT value; physmem for "N%"; false on junk */
bool kmem_parse_limit(const char *s, uint64_t physmem, uint64_t *bytesp);

/*
 * Small structures the kernel cannot run without (lwps, callouts):
 * accounted, but never refused by the limit.  Panics only if the host
 * itself is out of memory.
 */
void *kmem_zalloc_nofail(size_t size);

/* unbind the current lwp from this host thread; an implicit one is freed */
void lwp_unbind(void);
/* the host thread exits with l bound (rumpuser_curlwp_setexit) */
void lwp_hostexit(struct lwp *l);

#endif /* _RUMP_KERN_IMPL_H_ */
