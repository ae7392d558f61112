/*
 * A test knob for the crash tests (tests/crash): RUMP_CRASH_AFTER_WRITES=N
 * makes the process SIGKILL itself right after its Nth block write (a
 * rumpuser_bio write, or a rumpuser_iovwrite at an offset: in a server,
 * the image's) has returned from the host, so that exactly N writes
 * reached the host file: a write that would be the N+1th never starts.
 * N=0 only counts, and prints the count to stderr at exit.  Unset, the
 * callers test one flag, set once at init.
 */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "rumpuser_int.h"

int rumpuser__crash_armed;
static unsigned long long crash_after;	/* 0: count only */
static atomic_ullong crash_started;	/* writes begun */
static atomic_ullong crash_done;	/* writes returned */

static void
crash_report(void)
{

	fprintf(stderr, "rumpuser: %llu block writes\n",
	    (unsigned long long)atomic_load(&crash_done));
}

void
rumpuser__crash_init(void)
{
	const char *s;
	char *end;

	s = getenv("RUMP_CRASH_AFTER_WRITES");
	if (s == NULL || rumpuser__crash_armed)
		return;
	errno = 0;
	crash_after = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0) {
		fprintf(stderr, "rumpuser: RUMP_CRASH_AFTER_WRITES=%s: "
		    "not a number, ignored\n", s);
		return;
	}
	if (crash_after == 0)
		atexit(crash_report);
	rumpuser__crash_armed = 1;
}

/*
 * Before a write.  Past the Nth, wait for the kill that the last of the
 * first N sends once it has returned: this thread holds no host lock.
 */
void
rumpuser__crash_enter(void)
{

	if (crash_after != 0 && atomic_fetch_add(&crash_started, 1) >=
	    crash_after)
		for (;;)
			pause();
}

/* After a write: the one that makes the count N ends the process. */
void
rumpuser__crash_leave(void)
{

	if (atomic_fetch_add(&crash_done, 1) + 1 != crash_after)
		return;
	fprintf(stderr, "rumpuser: killed after %llu block writes\n",
	    crash_after);
	kill(getpid(), SIGKILL);
}
