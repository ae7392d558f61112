/*
 * Clocks and sleeping.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/systm.h>
#include <sys/time.h>
#include <sys/mutex.h>

#include <rump/rumpuser.h>

static void
clock_read(int clk, struct timespec *ts)
{
	int64_t sec;
	long nsec;

	if (rumpuser_clock_gettime(clk, &sec, &nsec) != 0)
		sec = nsec = 0;
	ts->tv_sec = sec;
	ts->tv_nsec = nsec;
}

void
nanotime(struct timespec *ts)
{
	clock_read(RUMPUSER_CLOCK_RELWALL, ts);
}

void
getnanotime(struct timespec *ts)
{
	clock_read(RUMPUSER_CLOCK_RELWALL, ts);
}

void
nanouptime(struct timespec *ts)
{
	clock_read(RUMPUSER_CLOCK_ABSMONO, ts);
}

void
getnanouptime(struct timespec *ts)
{
	clock_read(RUMPUSER_CLOCK_ABSMONO, ts);
}

time_t
time_second_get(void)
{
	struct timespec ts;

	getnanotime(&ts);
	return ts.tv_sec;
}

int64_t
ts2ns(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

int
mstohz(int ms)
{
	/* rounded up: a short sleep is never turned into none */
	if (ms <= 0)
		return 0;
	return (int)(((int64_t)ms * hz + 999) / 1000);
}

int
kpause(const char *wmesg, bool intr, int ticks, kmutex_t *mtx)
{
	int64_t ns = (int64_t)(ticks > 0 ? ticks : 1) * (1000000000 / hz);

	if (mtx != NULL)
		mutex_exit(mtx);
	rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, ns / 1000000000,
	    (long)(ns % 1000000000));
	if (mtx != NULL)
		mutex_enter(mtx);
	return EWOULDBLOCK;
}
