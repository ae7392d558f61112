/*
 * rump_init: boot the kernel (kmem, proc0, callouts, then every linked
 * component in type order); rump_fini: the shutdown hooks.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/kmem.h>
#include <sys/proc.h>
#include <sys/lwp.h>
#include <sys/time.h>
#include <sys/rumpcomp.h>
#include <sys/rumpshutdown.h>

#include <rump/rump.h>
#include <rump/rumpuser.h>

#include "kern_impl.h"

/* present when some component is linked (section start/stop symbols) */
extern const struct rump_component *const __start_rump_components[]
    __attribute__((weak));
extern const struct rump_component *const __stop_rump_components[]
    __attribute__((weak));

#define MAXSHUTDOWN 8

char hostname[256];
static int rump_booted;		/* 0 no, 1 booting, 2 up */
static uint64_t rump_boot_nsec;
static int (*shutdown_hooks[MAXSHUTDOWN])(void);
static unsigned int nshutdown;

int
rump_shutdown_hook_register(int (*fn)(void))
{
	if (nshutdown == MAXSHUTDOWN)
		return ENOSPC;
	shutdown_hooks[nshutdown++] = fn;
	return 0;
}

static void
rump_components_init(void)
{
	const struct rump_component *const *c;
	int type;

	if (__start_rump_components == NULL)
		return;
	for (type = 0; type < RUMP_COMPONENT_MAX; type++)
		for (c = __start_rump_components; c < __stop_rump_components;
		    c++)
			if ((int)(*c)->rc_type == type)
				(*c)->rc_init();
}

static const struct rumpuser_hyperup rump_hyperup = { NULL, NULL };

int
rump_init(void)
{
	struct timespec t0, t1;
	int error;

	/* a single thread boots; racing callers wait for it to finish */
	for (;;) {
		int state = __atomic_load_n(&rump_booted, __ATOMIC_ACQUIRE);

		if (state == 2)
			return 0;
		if (state == 0 && __atomic_compare_exchange_n(&rump_booted,
		    &state, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			break;
		/* booting elsewhere (or its boot failed: then try again) */
		rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 100000);
	}
	nanouptime(&t0);
	if ((error = rumpuser_init(RUMPUSER_VERSION, &rump_hyperup)) != 0) {
		__atomic_store_n(&rump_booted, 0, __ATOMIC_RELEASE);
		return error;
	}
	rumpuser_curlwp_setexit(lwp_hostexit);
	kmem_init();
	proc_init();
	lwp_intr_init();
	callout_startup();
	if (rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, hostname,
	    sizeof(hostname)) != 0)
		strlcpy(hostname, "rump", sizeof(hostname));
	rump_components_init();
	nanouptime(&t1);
	rump_boot_nsec = (uint64_t)(ts2ns(&t1) - ts2ns(&t0));
	__atomic_store_n(&rump_booted, 2, __ATOMIC_RELEASE);
	return 0;
}

int
rump_fini(void)
{
	int error, first = 0;

	if (__atomic_load_n(&rump_booted, __ATOMIC_ACQUIRE) != 2)
		return 0;
	while (nshutdown > 0) {
		error = shutdown_hooks[--nshutdown]();
		if (error && first == 0)
			first = error;
	}
	return first;
}

/* measured from the first rump_init() entry to its return */
uint64_t
rump_pub_boot_ns(void)
{
	return rump_boot_nsec;
}

uint64_t
rump_pub_mem_inuse(void)
{
	return kmem_inuse();
}

uint64_t
rump_pub_mem_limit(void)
{
	return kmem_limit();
}
