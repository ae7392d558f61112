# rump/kern: the kernel base
KERN_SRCS += rump/kern/rump_init.c rump/kern/rump_lwproc.c \
	rump/kern/kern_kmem.c rump/kern/kern_mutex.c rump/kern/kern_condvar.c \
	rump/kern/kern_intr.c \
	rump/kern/kern_auth.c rump/kern/kern_proc.c rump/kern/kern_lwp.c \
	rump/kern/kern_kthread.c rump/kern/kern_callout.c rump/kern/kern_time.c \
	rump/kern/kern_cprng.c rump/kern/subr_string.c rump/kern/subr_prf.c \
	rump/kern/subr_uio.c

# kernel-internal unit tests
KTESTS += t_kern_kmem t_kern_locks t_kern_kthread t_kern_cred \
	t_kern_lwproc t_kern_prf t_kern_uio t_kern_panic \
	t_kern_misc
t_kern_kmem_SRCS := rump/kern/tests/t_kmem.c
t_kern_locks_SRCS := rump/kern/tests/t_locks.c
t_kern_kthread_SRCS := rump/kern/tests/t_kthread.c
t_kern_cred_SRCS := rump/kern/tests/t_cred.c
t_kern_lwproc_SRCS := rump/kern/tests/t_lwproc.c
t_kern_prf_SRCS := rump/kern/tests/t_prf.c
t_kern_uio_SRCS := rump/kern/tests/t_uio.c
t_kern_panic_SRCS := rump/kern/tests/t_panic.c
t_kern_misc_SRCS := rump/kern/tests/t_misc.c

# the public API from a host program
UNIT_TESTS += t_kern_rump_pub
t_kern_rump_pub_SRCS := rump/kern/tests/t_rump_pub.c
