/*
 * Shared helpers of the rump/kern unit tests (ktests: kernel headers,
 * cmocka, no host headers).
 */
#ifndef _KT_UTIL_H_
#define _KT_UTIL_H_

#include <sys/types.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <rump/rump.h>

/* boot once and enter the kernel on this thread */
static inline void
kt_boot(void)
{
	if (rump_init() != 0)
		panic("kt_boot: rump_init failed");
	rump_schedule();
}

static inline int64_t
kt_now_ns(void)
{
	struct timespec ts;

	getnanouptime(&ts);
	return ts2ns(&ts);
}

/* poll *flag (set by another thread) for up to ms milliseconds */
static inline bool
kt_wait_flag(volatile int *flag, int ms)
{
	int64_t end = kt_now_ns() + (int64_t)ms * 1000000;

	while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) == 0) {
		if (kt_now_ns() > end)
			return false;
		kpause("ktwait", false, 1, NULL);
	}
	return true;
}

#endif /* _KT_UTIL_H_ */
