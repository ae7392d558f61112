/*
 * Memory, random, parameter and misc hypercalls.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <rump/rumpuser.h>

static void
t_malloc_aligned(void **state)
{
	static const size_t aligns[] = { 0, 1, 8, 16, 64, 512, 4096, 65536 };
	size_t i;
	void *p;

	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		assert_int_equal(rumpuser_malloc(1000, aligns[i], &p), 0);
		assert_non_null(p);
		if (aligns[i] > 1)
			assert_int_equal((uintptr_t)p % aligns[i], 0);
		memset(p, 0xa5, 1000);
		rumpuser_free(p, 1000);
	}
	/* Not a power of two: rounded up to one. */
	assert_int_equal(rumpuser_malloc(100, 48, &p), 0);
	assert_int_equal((uintptr_t)p % 64, 0);
	rumpuser_free(p, 100);
	/* Zero length gives a real pointer. */
	p = NULL;
	assert_int_equal(rumpuser_malloc(0, 0, &p), 0);
	assert_non_null(p);
	rumpuser_free(p, 0);
}

static void
t_malloc_huge(void **state)
{
	void *p = NULL;

	assert_int_equal(rumpuser_malloc(SIZE_MAX / 2, 4096, &p), ENOMEM);
	assert_int_equal(rumpuser_malloc(SIZE_MAX / 2, 0, &p), ENOMEM);
}

static void
t_anonmmap(void **state)
{
	unsigned char *p;
	void *v;
	size_t i, len = 1 << 20;

	assert_int_equal(rumpuser_anonmmap(len, 0, &v), 0);
	p = v;
	assert_int_equal((uintptr_t)p % 4096, 0);
	for (i = 0; i < len; i += 4096)
		assert_int_equal(p[i], 0);	/* anonymous memory is zero */
	memset(p, 7, len);
	assert_int_equal(p[len - 1], 7);
	rumpuser_unmap(p, len);
}

static void
t_getrandom(void **state)
{
	unsigned char a[64], b[64], zero[64];
	size_t got;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(zero, 0, sizeof(zero));
	assert_int_equal(rumpuser_getrandom(a, sizeof(a), 0, &got), 0);
	assert_int_equal(got, sizeof(a));
	assert_int_equal(rumpuser_getrandom(b, sizeof(b),
	    RUMPUSER_RANDOM_HARD, &got), 0);
	assert_int_equal(got, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_int_equal(rumpuser_getrandom(a, sizeof(a),
	    RUMPUSER_RANDOM_NOWAIT, &got), 0);
	assert_true(got > 0 && got <= sizeof(a));
}

static void
t_getparam(void **state)
{
	char buf[256], host[256];

	unsetenv("RUMP_NCPU");
	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf,
	    sizeof(buf)), 0);
	assert_int_equal(atol(buf), sysconf(_SC_NPROCESSORS_ONLN));

	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf,
	    sizeof(buf)), 0);
	assert_int_equal(gethostname(host, sizeof(host)), 0);
	assert_string_equal(buf, host);

	unsetenv("RUMP_MEMLIMIT");
	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_MEMLIMIT, buf,
	    sizeof(buf)), ENOENT);
	setenv("RUMP_MEMLIMIT", "64m", 1);
	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_MEMLIMIT, buf,
	    sizeof(buf)), 0);
	assert_string_equal(buf, "64m");
	/* Too small a buffer is an error, never a truncated value. */
	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_MEMLIMIT, buf, 3),
	    ENOMEM);
	unsetenv("RUMP_MEMLIMIT");

	setenv("RUMP_NCPU", "3", 1);
	assert_int_equal(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf,
	    sizeof(buf)), 0);
	assert_string_equal(buf, "3");
	unsetenv("RUMP_NCPU");
	assert_int_equal(rumpuser_getparam("RUMP_NO_SUCH_PARAM_X", buf,
	    sizeof(buf)), ENOENT);
}

static void
t_misc(void **state)
{
	int status;
	pid_t pid;

	assert_int_equal(rumpuser_getpid(), getpid());
	rumpuser_seterrno(ENOTDIR);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(rumpuser_kill(getpid(), 0), 0);
	assert_int_equal(rumpuser_kill(0, 0), EINVAL);

	/* exit(status) exits with it; PANIC aborts after flushing. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		rumpuser_exit(3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 3);

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* No core file from this deliberate abort. */
		struct rlimit rl = { 0, 0 };

		setrlimit(RLIMIT_CORE, &rl);
		close(2);
		rumpuser_exit(RUMPUSER_PANIC);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGABRT);
}

static void
t_console(void **state)
{
	int p[2], saved;
	char buf[64];
	ssize_t n;

	/* putchar output reaches stderr, whole lines at a time. */
	assert_int_equal(pipe(p), 0);
	saved = dup(2);
	dup2(p[1], 2);
	rumpuser_putchar('h');
	rumpuser_putchar('i');
	rumpuser_putchar('\n');
	rumpuser_dprintf("n=%d\n", 42);
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "hi\nn=42\n");
}

static void
t_errtrans(void **state)
{
	int fd;

	/* Errors come back as the (Linux) errno of the failure. */
	assert_int_equal(rumpuser_open("/nonexistent/x", RUMPUSER_OPEN_RDONLY,
	    &fd), ENOENT);
	assert_int_equal(rumpuser_init(RUMPUSER_VERSION + 1, NULL), EINVAL);
	assert_int_equal(rumpuser_init(RUMPUSER_VERSION, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_malloc_aligned),
		cmocka_unit_test(t_malloc_huge),
		cmocka_unit_test(t_anonmmap),
		cmocka_unit_test(t_getrandom),
		cmocka_unit_test(t_getparam),
		cmocka_unit_test(t_misc),
		cmocka_unit_test(t_console),
		cmocka_unit_test(t_errtrans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
