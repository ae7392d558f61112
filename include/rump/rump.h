/*
 * The rump kernel's public entry points for host programs: boot, lwp and
 * process control.  Safe to include with host headers.
 */
#ifndef RUMP_RUMP_H
#define RUMP_RUMP_H

#include <stddef.h>
#include <stdint.h>

#include <rump/rumpdefs.h>

struct lwp;

/* Boot the kernel; idempotent.  Returns 0 or an errno. */
int rump_init(void);
/* Shut down: sync and unmount every file system.  Returns 0 or an errno. */
int rump_fini(void);

/*
 * Kernel context.  rump_schedule binds the calling host thread to an lwp
 * (an implicit one in proc0 unless rump_pub_lwproc_switch set one);
 * entry points call it themselves, so callers rarely need to.
 */
void rump_schedule(void);
void rump_unschedule(void);

/* Rump processes (rump_lwproc(3)). */
#define RUMP_RFFDG	0x04	/* copy the descriptor table */
#define RUMP_RFCFDG	0x1000	/* empty descriptor table */
/* new process as a child of the current one, switch to its lwp */
int rump_pub_lwproc_rfork(int flags);
/* new lwp in process pid, switch to it */
int rump_pub_lwproc_newlwp(int32_t pid);
/* bind l to this host thread (NULL: back to the implicit context) */
void rump_pub_lwproc_switch(struct lwp *l);
/* release the current lwp; the process goes with its last lwp */
void rump_pub_lwproc_releaselwp(void);
struct lwp *rump_pub_lwproc_curlwp(void);
int32_t rump_pub_lwproc_getpid(void);
/* set the current process's credentials */
int rump_pub_lwproc_setcred(uint32_t uid, uint32_t gid, int ngroups,
    const uint32_t *groups);

/*
 * Interrupting a request that sleeps in the kernel (a blocked lock wait):
 * intr_begin readies the calling thread's lwp and returns it; another
 * thread's rump_pub_lwp_interrupt(l) then makes its interruptible sleeps
 * return EINTR, until intr_end.
 */
struct lwp *rump_pub_lwp_intr_begin(void);
void rump_pub_lwp_intr_end(void);
void rump_pub_lwp_interrupt(struct lwp *l);

/* Memory accounting (kmem): bytes in use and the limit (0 = none). */
uint64_t rump_pub_mem_inuse(void);
uint64_t rump_pub_mem_limit(void);

/*
 * Boot statistics for benchmarks: ns from the first rump_init()'s entry
 * to its return (process start to boot: see bench/bench_boot.c).
 */
uint64_t rump_pub_boot_ns(void);

#endif /* RUMP_RUMP_H */
