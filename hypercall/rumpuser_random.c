/*
 * rumpuser_getrandom: the host's getrandom(2).
 */
#include <errno.h>
#include <sys/random.h>

#include "rumpuser_int.h"

int
rumpuser_getrandom(void *buf, size_t buflen, int flags, size_t *retp)
{
	unsigned char *p = buf;
	size_t got = 0;
	ssize_t n;
	unsigned int gflags = 0;

	if ((flags & RUMPUSER_RANDOM_NOWAIT) != 0)
		gflags |= GRND_NONBLOCK;
	while (got < buflen) {
		n = getrandom(p + got, buflen - got, gflags);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (got > 0)
				break;	/* short is still a result */
			*retp = 0;
			return rumpuser__errtrans(errno);
		}
		got += (size_t)n;
		if ((flags & RUMPUSER_RANDOM_NOWAIT) != 0)
			break;
	}
	*retp = got;
	return 0;
}
