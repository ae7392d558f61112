/*
 * Host sockets over loopback: TCP and UDP connect by address and by
 * name, send/recv, poll timing out and becoming readable.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

/* A socket bound to 127.0.0.1 on a free port. */
static int
listener(int type, int *portp)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int s;

	s = socket(AF_INET, type, 0);
	assert_true(s >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(s, (struct sockaddr *)&sin, sizeof(sin)), 0);
	if (type == SOCK_STREAM)
		assert_int_equal(listen(s, 4), 0);
	assert_int_equal(getsockname(s, (struct sockaddr *)&sin, &len), 0);
	*portp = ntohs(sin.sin_port);
	return s;
}

static void
tcp_exchange(const char *host)
{
	char buf[64];
	size_t n;
	int ls, cs, fd, port;

	ls = listener(SOCK_STREAM, &port);
	assert_int_equal(rumpuser_sock_connect(host, port, 1, &fd), 0);
	cs = accept(ls, NULL, NULL);
	assert_true(cs >= 0);

	/* Nothing to read yet: the poll times out. */
	assert_int_equal(rumpuser_sock_poll(fd, 20), ETIMEDOUT);
	assert_int_equal(write(cs, "hello", 5), 5);
	assert_int_equal(rumpuser_sock_poll(fd, 10000), 0);
	assert_int_equal(rumpuser_sock_recv(fd, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "hello", 5);

	assert_int_equal(rumpuser_sock_send(fd, "world!", 6, &n), 0);
	assert_int_equal(n, 6);
	assert_int_equal(read(cs, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "world!", 6);

	/* The peer closing is end of stream: 0 bytes, no error. */
	close(cs);
	assert_int_equal(rumpuser_sock_poll(fd, 10000), 0);
	assert_int_equal(rumpuser_sock_recv(fd, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
	/* Sending to a closed peer errors out instead of killing us. */
	(void)rumpuser_sock_send(fd, "x", 1, &n);
	usleep(10000);
	assert_int_not_equal(rumpuser_sock_send(fd, "x", 1, &n), 0);
	close(fd);
	close(ls);
}

static void
t_tcp_addr(void **state)
{

	tcp_exchange("127.0.0.1");
}

static void
t_tcp_name(void **state)
{

	tcp_exchange("localhost");
}

static void
t_udp(void **state)
{
	struct sockaddr_in from;
	socklen_t flen = sizeof(from);
	char buf[64];
	size_t n;
	int us, fd, port;

	us = listener(SOCK_DGRAM, &port);
	assert_int_equal(rumpuser_sock_connect("127.0.0.1", port, 0, &fd), 0);
	assert_int_equal(rumpuser_sock_send(fd, "ping", 4, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(recvfrom(us, buf, sizeof(buf), 0,
	    (struct sockaddr *)&from, &flen), 4);
	assert_memory_equal(buf, "ping", 4);
	assert_int_equal(sendto(us, "pong", 4, 0, (struct sockaddr *)&from,
	    flen), 4);
	assert_int_equal(rumpuser_sock_poll(fd, 10000), 0);
	assert_int_equal(rumpuser_sock_recv(fd, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "pong", 4);
	close(fd);
	close(us);
}

static void
t_errors(void **state)
{
	int ls, port, fd, error;

	/* A port nobody listens on: refused. */
	ls = listener(SOCK_STREAM, &port);
	close(ls);
	assert_int_equal(rumpuser_sock_connect("127.0.0.1", port, 1, &fd),
	    ECONNREFUSED);
	assert_int_equal(rumpuser_sock_connect("127.0.0.1", 0, 1, &fd),
	    EINVAL);
	/* No such name (or no resolver reachable). */
	error = rumpuser_sock_connect("no-such-host.invalid", 2049, 1, &fd);
	assert_true(error == EHOSTUNREACH || error == EAGAIN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_tcp_addr),
		cmocka_unit_test(t_tcp_name),
		cmocka_unit_test(t_udp),
		cmocka_unit_test(t_errors),
	};

	if (rumpuser_init(RUMPUSER_VERSION, NULL) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
