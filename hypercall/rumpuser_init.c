/*
 * rumpuser_init: version check and the upcalls, plus the two helpers
 * every other hypercall file uses (scheduling wrappers, errno mapping).
 */
#include <errno.h>
#include <stdio.h>

#include "rumpuser_int.h"

struct rumpuser_hyperup rumpuser__hyp;

int
rumpuser_init(int version, const struct rumpuser_hyperup *up)
{

	if (version != RUMPUSER_VERSION) {
		fprintf(stderr, "rumpuser: kernel wants interface %d, "
		    "host has %d\n", version, RUMPUSER_VERSION);
		return EINVAL;
	}
	if (up != NULL)
		rumpuser__hyp = *up;
	else
		rumpuser__hyp = (struct rumpuser_hyperup){ NULL, NULL };
	rumpuser__mem_init();
	rumpuser__crash_init();
	return 0;
}

void
rumpuser__unschedule(void)
{

	if (rumpuser__hyp.hyp_unschedule != NULL)
		rumpuser__hyp.hyp_unschedule();
}

void
rumpuser__schedule(void)
{

	if (rumpuser__hyp.hyp_schedule != NULL)
		rumpuser__hyp.hyp_schedule();
}

/*
 * The kernel uses Linux errno numbers, so this is the identity for every
 * value the kernel's <sys/errno.h> knows.  Anything else (or a bogus
 * value) becomes EIO so the kernel never sees a number it can't name.
 */
int
rumpuser__errtrans(int error)
{

	if (error >= EPERM && error <= ELOOP && error != 41)
		return error;
	switch (error) {
	case ENOMSG: case ENODATA: case ETIME: case EOVERFLOW:
	case EBADMSG: case EILSEQ: case ENOTSOCK: case EMSGSIZE:
	case EPROTONOSUPPORT: case EOPNOTSUPP: case EAFNOSUPPORT:
	case EADDRINUSE: case ENETDOWN: case ENETUNREACH:
	case ECONNABORTED: case ECONNRESET: case ENOBUFS: case ENOTCONN:
	case ETIMEDOUT: case ECONNREFUSED: case EHOSTDOWN: case EHOSTUNREACH:
	case EALREADY: case EINPROGRESS: case ESTALE: case EDQUOT:
	case ECANCELED:
		return error;
	case 0:
		return 0;
	default:
		return EIO;
	}
}
