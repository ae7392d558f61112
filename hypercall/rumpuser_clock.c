/*
 * Clocks: RELWALL is the wall clock (and a relative sleep), ABSMONO the
 * monotonic clock (and a sleep until an absolute monotonic deadline).
 */
#include <errno.h>
#include <time.h>

#include "rumpuser_int.h"

int
rumpuser_clock_gettime(int clk, int64_t *sec, long *nsec)
{
	struct timespec ts;
	clockid_t id;

	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		id = CLOCK_REALTIME;
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		id = CLOCK_MONOTONIC;
		break;
	default:
		return EINVAL;
	}
	if (clock_gettime(id, &ts) == -1)
		return rumpuser__errtrans(errno);
	*sec = ts.tv_sec;
	*nsec = ts.tv_nsec;
	return 0;
}

int
rumpuser_clock_sleep(int clk, int64_t sec, long nsec)
{
	struct timespec ts;
	int error = 0;

	if (nsec < 0 || nsec >= 1000000000)
		return EINVAL;
	ts.tv_sec = sec;
	ts.tv_nsec = nsec;
	rumpuser__unschedule();
	switch (clk) {
	case RUMPUSER_CLOCK_RELWALL:
		if (sec < 0)
			break;
		/* Resume after a signal with what is left. */
		while (nanosleep(&ts, &ts) == -1) {
			if (errno != EINTR) {
				error = rumpuser__errtrans(errno);
				break;
			}
		}
		break;
	case RUMPUSER_CLOCK_ABSMONO:
		do {
			error = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
			    &ts, NULL);
		} while (error == EINTR);
		if (error != 0)
			error = rumpuser__errtrans(error);
		break;
	default:
		error = EINVAL;
		break;
	}
	rumpuser__schedule();
	return error;
}
