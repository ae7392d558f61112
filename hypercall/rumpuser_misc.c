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
static __thread char *cons_capbuf;
static __thread size_t cons_caplen, cons_capused;

void
rumpuser__flushcons(void)
{
	size_t n;

	if (cons_len == 0)
		return;
	if (cons_capbuf != NULL) {
		n = cons_caplen - 1 - cons_capused;
		if (n > cons_len)
			n = cons_len;
		memcpy(cons_capbuf + cons_capused, cons_line, n);
		cons_capused += n;
		cons_capbuf[cons_capused] = '\0';
	} else
		fwrite(cons_line, 1, cons_len, stderr);
	cons_len = 0;
}

void
rumpuser_cons_capture(char *buf, size_t len)
{

	rumpuser__flushcons();
	cons_capbuf = len > 0 ? buf : NULL;
	cons_caplen = len;
	cons_capused = 0;
	if (cons_capbuf != NULL)
		cons_capbuf[0] = '\0';
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
	int n;

	rumpuser__flushcons();
	va_start(ap, fmt);
	if (cons_capbuf != NULL) {
		n = vsnprintf(cons_capbuf + cons_capused,
		    cons_caplen - cons_capused, fmt, ap);
		if (n > 0)
			cons_capused += (size_t)n < cons_caplen - cons_capused ?
			    (size_t)n : cons_caplen - 1 - cons_capused;
	} else
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
