/*
 * Callouts: a function run once, some ticks (1/hz s) from now, on the
 * kernel's callout thread.
 */
#ifndef _SYS_CALLOUT_H_
#define _SYS_CALLOUT_H_

#include <sys/types.h>

struct callout_impl;
typedef struct callout {
	struct callout_impl *c_impl;
} callout_t;

#define CALLOUT_MPSAFE	0x01

void callout_init(callout_t *, int flags);
void callout_destroy(callout_t *);	/* callout_halt first */
void callout_setfunc(callout_t *, void (*)(void *), void *);
void callout_reset(callout_t *, int ticks, void (*)(void *), void *);
void callout_schedule(callout_t *, int ticks);
bool callout_stop(callout_t *);		/* true if it was pending */
bool callout_halt(callout_t *, void *interlock); /* waits if running */
bool callout_pending(callout_t *);

#endif /* _SYS_CALLOUT_H_ */
