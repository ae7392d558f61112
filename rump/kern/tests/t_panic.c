/*
 * panic() prints "panic: <message>" on the console and aborts the
 * process.  Run in a forked child; the few host calls needed are declared
 * here rather than through host headers (ktests may not include them).
 */
#include <sys/types.h>
#include <sys/systm.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

extern int fork(void);
extern int waitpid(int, int *, int);
extern int pipe(int[2]);
extern int dup2(int, int);
extern int close(int);
extern long read(int, void *, unsigned long);
extern void _exit(int) __attribute__((__noreturn__));

#define HOST_SIGABRT	6

static bool
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncmp(hay, needle, n) == 0)
			return true;
	return false;
}

/* run fn in a child with stderr captured into out; returns the status */
static int
in_child(void (*fn)(void), char *out, size_t outsize)
{
	int fd[2], status = 0, pid;
	size_t got = 0;
	long n;

	assert_int_equal(pipe(fd), 0);
	if ((pid = fork()) == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		fn();
		_exit(0);
	}
	assert_true(pid > 0);
	close(fd[1]);
	while (got < outsize - 1 &&
	    (n = read(fd[0], out + got, outsize - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void
do_panic(void)
{
	kt_boot();
	panic("disk %s on fire, code %d", "wd0", 42);
}

static void
do_kassert(void)
{
	volatile int x = 1;

	kt_boot();
	KASSERT(x == 2);
}

static void
do_printf(void)
{
	kt_boot();
	printf("console %d\n", 7);
	log(LOG_ERR, "logged %s\n", "line");
}

static void
test_panic_aborts(void **state)
{
	char out[512];
	int status = in_child(do_panic, out, sizeof(out));

	assert_int_equal(status & 0x7f, HOST_SIGABRT);	/* killed by abort */
	assert_true(contains(out, "panic: disk wd0 on fire, code 42\n"));
}

static void
test_kassert(void **state)
{
	char out[512];
	int status = in_child(do_kassert, out, sizeof(out));

	assert_int_equal(status & 0x7f, HOST_SIGABRT);
	assert_true(contains(out, "panic: kernel assertion \"x == 2\" "
	    "failed"));
}

static void
test_console(void **state)
{
	char out[512];
	int status = in_child(do_printf, out, sizeof(out));

	assert_int_equal(status, 0);
	assert_true(contains(out, "console 7\n"));
	assert_true(contains(out, "error: logged line\n"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panic_aborts),
		cmocka_unit_test(test_kassert),
		cmocka_unit_test(test_console),
	};

	return cmocka_run_group_tests_name("panic", tests, NULL, NULL);
}
