# rump/kern: the kernel base
KERN_SRCS += rump/kern/rump_init.c rump/kern/rump_lwproc.c \
	rump/kern/kern_kmem.c rump/kern/kern_mutex.c rump/kern/kern_condvar.c \
	rump/kern/kern_auth.c rump/kern/kern_proc.c rump/kern/kern_lwp.c \
	rump/kern/kern_kthread.c rump/kern/kern_callout.c rump/kern/kern_time.c \
	rump/kern/kern_cprng.c rump/kern/subr_string.c rump/kern/subr_prf.c \
	rump/kern/subr_uio.c
