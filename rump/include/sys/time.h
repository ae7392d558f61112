#ifndef _SYS_TIME_H_
#define _SYS_TIME_H_

#include <sys/types.h>

void getnanotime(struct timespec *);	/* wall clock */
void nanotime(struct timespec *);
void getnanouptime(struct timespec *);	/* monotonic */
void nanouptime(struct timespec *);
time_t time_second_get(void);
#define time_second	time_second_get()
int64_t ts2ns(const struct timespec *);
/* sleep for ticks (1/hz s); mtx, if given, is dropped while asleep */
struct kmutex;
int kpause(const char *wmesg, bool intr, int ticks, struct kmutex *mtx);
int mstohz(int ms);

#define UTIME_NOW	((1l << 30) - 1l)
#define UTIME_OMIT	((1l << 30) - 2l)

#endif /* _SYS_TIME_H_ */
