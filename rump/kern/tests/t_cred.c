/*
 * Credentials: create, dup, hold/free, groups, ismember, issuser.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/kauth.h>
#include <sys/kmem.h>

#include "kt_util.h"

#include <setjmp.h>
#include <cmocka.h>

static int
setup(void **state)
{
	kt_boot();
	return 0;
}

static void
test_alloc_is_root(void **state)
{
	kauth_cred_t c = kauth_cred_alloc();

	assert_non_null(c);
	assert_int_equal(kauth_cred_getuid(c), 0);
	assert_int_equal(kauth_cred_geteuid(c), 0);
	assert_int_equal(kauth_cred_getgid(c), 0);
	assert_int_equal(kauth_cred_ngroups(c), 0);
	assert_true(kauth_cred_issuser(c));
	kauth_cred_free(c);
}

static void
test_create(void **state)
{
	const gid_t groups[] = { 10, 20, 30 };
	kauth_cred_t c = kauth_cred_create(1000, 100, 3, groups);

	assert_non_null(c);
	assert_int_equal(kauth_cred_getuid(c), 1000);
	assert_int_equal(kauth_cred_geteuid(c), 1000);
	assert_int_equal(kauth_cred_getgid(c), 100);
	assert_int_equal(kauth_cred_getegid(c), 100);
	assert_int_equal(kauth_cred_ngroups(c), 3);
	assert_int_equal(kauth_cred_group(c, 0), 10);
	assert_int_equal(kauth_cred_group(c, 2), 30);
	assert_false(kauth_cred_issuser(c));
	kauth_cred_free(c);
	/* too many groups */
	assert_null(kauth_cred_create(1, 1, NGROUPS + 1, groups));
	assert_null(kauth_cred_create(1, 1, -1, groups));
}

static void
test_ismember(void **state)
{
	const gid_t groups[] = { 5, 7 };
	kauth_cred_t c = kauth_cred_create(1000, 100, 2, groups);

	assert_true(kauth_cred_ismember_gid(c, 100));	/* egid */
	assert_true(kauth_cred_ismember_gid(c, 5));
	assert_true(kauth_cred_ismember_gid(c, 7));
	assert_false(kauth_cred_ismember_gid(c, 6));
	assert_false(kauth_cred_ismember_gid(c, 0));
	kauth_cred_setegid(c, 6);
	assert_true(kauth_cred_ismember_gid(c, 6));
	assert_false(kauth_cred_ismember_gid(c, 100));
	kauth_cred_free(c);
}

static void
test_issuser(void **state)
{
	kauth_cred_t c = kauth_cred_create(0, 0, 0, NULL);

	assert_true(kauth_cred_issuser(c));
	kauth_cred_seteuid(c, 5);
	assert_false(kauth_cred_issuser(c));
	assert_int_equal(kauth_cred_getuid(c), 0);	/* real stays */
	kauth_cred_free(c);
	assert_true(kauth_cred_issuser(NOCRED));
	assert_true(kauth_cred_issuser(FSCRED));
}

static void
test_dup_independent(void **state)
{
	const gid_t g[] = { 1 };
	kauth_cred_t a = kauth_cred_create(10, 20, 1, g), b;

	b = kauth_cred_dup(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_int_equal(kauth_cred_geteuid(b), 10);
	assert_int_equal(kauth_cred_ngroups(b), 1);
	kauth_cred_setuid(b, 11);
	kauth_cred_setgid(b, 21);
	assert_int_equal(kauth_cred_setgroups(b, NULL, 0), 0);
	assert_int_equal(kauth_cred_getuid(a), 10);
	assert_int_equal(kauth_cred_getgid(a), 20);
	assert_int_equal(kauth_cred_ngroups(a), 1);
	assert_int_equal(kauth_cred_getuid(b), 11);
	assert_int_equal(kauth_cred_ngroups(b), 0);
	assert_int_equal(kauth_cred_setgroups(b, g, NGROUPS + 1), EINVAL);
	kauth_cred_free(a);
	kauth_cred_free(b);
}

static void
test_refcount_frees(void **state)
{
	uint64_t base = kmem_inuse();
	kauth_cred_t c = kauth_cred_create(1, 2, 0, NULL);

	assert_true(kmem_inuse() > base);
	kauth_cred_hold(c);
	kauth_cred_free(c);
	assert_true(kmem_inuse() > base);	/* one ref left */
	assert_int_equal(kauth_cred_getuid(c), 1);
	kauth_cred_free(c);
	assert_int_equal(kmem_inuse(), base);
	/* the special ones are never counted or freed */
	kauth_cred_hold(NOCRED);
	kauth_cred_free(NOCRED);
	kauth_cred_free(FSCRED);
	assert_int_equal(kauth_cred_ngroups(NOCRED), 0);
}

static void
test_cred_get(void **state)
{
	kauth_cred_t c = kauth_cred_get();

	assert_non_null(c);
	assert_true(kauth_cred_issuser(c));	/* proc0 is root */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alloc_is_root),
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_ismember),
		cmocka_unit_test(test_issuser),
		cmocka_unit_test(test_dup_independent),
		cmocka_unit_test(test_refcount_frees),
		cmocka_unit_test(test_cred_get),
	};

	return cmocka_run_group_tests_name("cred", tests, setup, NULL);
}
