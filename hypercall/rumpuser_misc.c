/*
 * Console output, errno, exit/panic and process hypercalls.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rumpuser_int.h"

/*
 * The kernel console prints one character at a time; stderr is
 * unbuffered, so keep a line per thread and write it whole.
 */
static __thread char cons_line[256];
static __thread size_t cons_len;

void
rumpuser__flushcons(void)
{

	if (cons_len > 0) {
		fwrite(cons_line, 1, cons_len, stderr);
		cons_len = 0;
	}
}

void
rumpuser_putchar(int c)
{

	cons_line[cons_len++] = (char)c;
	if (c == '\n' || cons_len == sizeof(cons_line))
		rumpuser__flushcons();
}

void
rumpuser_dprintf(const char *fmt, ...)
{
	va_list ap;

	rumpuser__flushcons();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void
rumpuser_seterrno(int error)
{

	errno = error;
}

void
rumpuser_exit(int status)
{

	rumpuser__flushcons();
	fflush(stdout);
	fflush(stderr);
	if (status == RUMPUSER_PANIC)
		abort();
	exit(status);
}

int
rumpuser_getpid(void)
{

	return (int)getpid();
}

/* pid -1 means the process itself (never "every process"). */
int
rumpuser_kill(int64_t pid, int sig)
{
	int rv;

	if (pid == -1 || pid == (int64_t)getpid())
		rv = raise(sig);
	else if (pid <= 0)
		return EINVAL;
	else
		rv = kill((pid_t)pid, sig);
	if (rv == -1)
		return rumpuser__errtrans(errno);
	return 0;
}
