/*
 * Host sockets for the NFS client: connect by name or address, send,
 * receive, and wait for input.
 */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rumpuser_int.h"

/* getaddrinfo's EAI_* codes in errno terms. */
static int
gai_errno(int gai)
{

	switch (gai) {
	case EAI_NONAME:
	case EAI_NODATA:
	case EAI_FAIL:
		return EHOSTUNREACH;
	case EAI_AGAIN:
		return EAGAIN;
	case EAI_MEMORY:
		return ENOMEM;
	case EAI_FAMILY:
	case EAI_ADDRFAMILY:
		return EAFNOSUPPORT;
	case EAI_SYSTEM:
		return rumpuser__errtrans(errno);
	default:
		return EINVAL;
	}
}

int
rumpuser_sock_connect(const char *host, int port, int tcp, int *fdp)
{
	struct addrinfo hints, *res, *ai;
	char portstr[16];
	int fd = -1, gai, error = EHOSTUNREACH, one = 1;

	if (port <= 0 || port > 65535 || host == NULL)
		return EINVAL;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = tcp ? SOCK_STREAM : SOCK_DGRAM;
	snprintf(portstr, sizeof(portstr), "%d", port);
	rumpuser__unschedule();
	gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai != 0) {
		error = gai_errno(gai);
		goto out;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
		if (fd == -1) {
			error = rumpuser__errtrans(errno);
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		error = rumpuser__errtrans(errno);
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd != -1) {
		if (tcp)
			(void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
		*fdp = fd;
		error = 0;
	}
 out:
	rumpuser__schedule();
	return error;
}

int
rumpuser_sock_send(int fd, const void *buf, size_t len, size_t *sentp)
{
	ssize_t n;

	*sentp = 0;
	rumpuser__unschedule();
	do {
		n = send(fd, buf, len, MSG_NOSIGNAL);
	} while (n == -1 && errno == EINTR);
	rumpuser__schedule();
	if (n == -1)
		return rumpuser__errtrans(errno);
	*sentp = (size_t)n;
	return 0;
}

/* 0 bytes with no error is end of stream. */
int
rumpuser_sock_recv(int fd, void *buf, size_t len, size_t *gotp)
{
	ssize_t n;

	*gotp = 0;
	rumpuser__unschedule();
	do {
		n = recv(fd, buf, len, 0);
	} while (n == -1 && errno == EINTR);
	rumpuser__schedule();
	if (n == -1)
		return rumpuser__errtrans(errno);
	*gotp = (size_t)n;
	return 0;
}

int
rumpuser_sock_poll(int fd, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rv;

	rumpuser__unschedule();
	do {
		rv = poll(&pfd, 1, ms);
	} while (rv == -1 && errno == EINTR);
	rumpuser__schedule();
	if (rv == -1)
		return rumpuser__errtrans(errno);
	if (rv == 0)
		return ETIMEDOUT;
	return 0;
}
