/*
 * uiomove across several iovecs (both directions), uiomove_zero,
 * uio_setup_sys, copyin/copyout/copyinstr.
 */
#include <sys/types.h>
#include <sys/systm.h>
#include <sys/uio.h>

#include <setjmp.h>
#include <cmocka.h>

static void
test_read_multi_iov(void **state)
{
	char a[3], b[4], c[5];
	struct iovec iov[4] = {
		{ a, sizeof(a) }, { NULL, 0 }, { b, sizeof(b) },
		{ c, sizeof(c) },
	};
	struct uio uio = { iov, 4, 100, 12, UIO_READ, UIO_SYSSPACE };
	const char *src = "0123456789AB";

	memset(a, '.', 3);
	memset(b, '.', 4);
	memset(c, '.', 5);
	/* two moves: the second starts inside the second iovec */
	assert_int_equal(uiomove((void *)(uintptr_t)src, 5, &uio), 0);
	assert_int_equal(uio.uio_resid, 7);
	assert_int_equal(uio.uio_offset, 105);
	assert_int_equal(uiomove((void *)(uintptr_t)(src + 5), 7, &uio), 0);
	assert_memory_equal(a, "012", 3);
	assert_memory_equal(b, "3456", 4);
	assert_memory_equal(c, "789AB", 5);
	assert_int_equal(uio.uio_resid, 0);
	assert_int_equal(uio.uio_offset, 112);
	/* nothing left: a further move is a no-op */
	assert_int_equal(uiomove((void *)(uintptr_t)src, 3, &uio), 0);
	assert_int_equal(uio.uio_offset, 112);
}

static void
test_write_multi_iov(void **state)
{
	char a[] = "abc", b[] = "defgh";
	struct iovec iov[2] = { { a, 3 }, { b, 5 } };
	struct uio uio = { iov, 2, 0, 8, UIO_WRITE, UIO_SYSSPACE };
	char dst[10];

	memset(dst, 0, sizeof(dst));
	/* asks for more than resid: stops at the end of the uio */
	assert_int_equal(uiomove(dst, 10, &uio), 0);
	assert_string_equal(dst, "abcdefgh");
	assert_int_equal(uio.uio_resid, 0);
	assert_int_equal(uio.uio_offset, 8);
}

static void
test_short_iovecs(void **state)
{
	char a[2];
	struct iovec iov[1] = { { a, 2 } };
	struct uio uio = { iov, 1, 0, 5, UIO_READ, UIO_SYSSPACE };

	/* resid claims more than the iovecs hold */
	assert_int_equal(uiomove((void *)(uintptr_t)"xxxxx", 5, &uio),
	    EINVAL);
	assert_memory_equal(a, "xx", 2);
}

static void
test_zero_and_setup(void **state)
{
	char buf[2000];
	struct iovec iov;
	struct uio uio;

	memset(buf, 'x', sizeof(buf));
	uio_setup_sys(&uio, &iov, buf, sizeof(buf), 4096, UIO_READ);
	assert_int_equal(uio.uio_iovcnt, 1);
	assert_int_equal(uio.uio_resid, sizeof(buf));
	assert_int_equal(uio.uio_offset, 4096);
	assert_int_equal(uio.uio_seg, UIO_SYSSPACE);
	assert_int_equal(uiomove_zero(1500, &uio), 0);
	for (int i = 0; i < 1500; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[1500], 'x');
	assert_int_equal(uio.uio_resid, 500);
	assert_int_equal(uio.uio_offset, 4096 + 1500);
}

static void
test_copy(void **state)
{
	char k[8], u[8] = "user";
	size_t done = 0;

	assert_int_equal(copyin(u, k, 5), 0);
	assert_string_equal(k, "user");
	assert_int_equal(copyout("kern", u, 5), 0);
	assert_string_equal(u, "kern");
	assert_int_equal(copyin(NULL, k, 1), EFAULT);
	assert_int_equal(copyout(k, NULL, 1), EFAULT);
	assert_int_equal(copyinstr("abc", k, sizeof(k), &done), 0);
	assert_string_equal(k, "abc");
	assert_int_equal(done, 4);
	assert_int_equal(copyinstr("abcdefghij", k, sizeof(k), &done),
	    ENAMETOOLONG);
	assert_int_equal(copyinstr(NULL, k, sizeof(k), &done), EFAULT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_multi_iov),
		cmocka_unit_test(test_write_multi_iov),
		cmocka_unit_test(test_short_iovecs),
		cmocka_unit_test(test_zero_and_setup),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests_name("uio", tests, NULL, NULL);
}
