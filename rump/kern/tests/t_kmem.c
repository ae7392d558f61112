/*
 * kmem: accounting of every allocation, the memory limit (an allocation
 * beyond it fails cleanly after the reclaim hooks ran), RUMP_MEMLIMIT
 * parsing.
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/kmem.h>

#include "kt_util.h"
#include "../kern_impl.h"

#include <setjmp.h>
#include <cmocka.h>

static void *stash;
static size_t stash_size;
static int reclaim_calls;
static size_t reclaim_want;

/* the test's reclaim hook frees what the test stashed */
static size_t
test_reclaim(size_t want)
{
	size_t n = stash_size;

	reclaim_calls++;
	reclaim_want = want;
	if (stash != NULL) {
		kmem_free(stash, stash_size);
		stash = NULL;
		stash_size = 0;
	}
	return n;
}

static int
setup(void **state)
{
	static bool registered;

	kt_boot();
	if (!registered) {
		kmem_reclaim_register(test_reclaim);
		registered = true;
	}
	return 0;
}

static void
test_accounting(void **state)
{
	uint64_t base = kmem_inuse();
	char *p = kmem_alloc(1000, KM_SLEEP), *z;

	assert_non_null(p);
	assert_int_equal(kmem_inuse(), base + 1000);
	z = kmem_zalloc(333, KM_SLEEP);
	assert_non_null(z);
	for (int i = 0; i < 333; i++)
		assert_int_equal(z[i], 0);
	assert_int_equal(kmem_inuse(), base + 1333);
	kmem_free(p, 1000);
	kmem_free(z, 333);
	assert_int_equal(kmem_inuse(), base);
	assert_int_equal(rump_pub_mem_inuse(), kmem_inuse());
}

static void
test_page_alloc(void **state)
{
	uint64_t base = kmem_inuse();
	void *p = kmem_page_alloc(3 * PAGE_SIZE, KM_SLEEP);

	assert_non_null(p);
	assert_int_equal((uintptr_t)p & PAGE_MASK, 0);
	memset(p, 0xa5, 3 * PAGE_SIZE);
	assert_int_equal(kmem_inuse(), base + 3 * PAGE_SIZE);
	kmem_page_free(p, 3 * PAGE_SIZE);
	assert_int_equal(kmem_inuse(), base);
}

static void
test_strdup_asprintf(void **state)
{
	uint64_t base = kmem_inuse();
	char *s = kmem_strdup("hello", KM_SLEEP);
	char *f = kmem_asprintf("%s-%d-%x", "ab", 42, 255);

	assert_string_equal(s, "hello");
	assert_string_equal(f, "ab-42-ff");
	assert_int_equal(kmem_inuse(), base + 6 + 9);
	kmem_strfree(s);
	kmem_strfree(f);
	assert_int_equal(kmem_inuse(), base);
}

static void
test_limit_fails_cleanly(void **state)
{
	uint64_t base = kmem_inuse();
	void *p;

	kmem_setlimit(base + 64 * 1024);
	assert_int_equal(kmem_limit(), base + 64 * 1024);
	assert_int_equal(rump_pub_mem_limit(), base + 64 * 1024);
	reclaim_calls = 0;
	p = kmem_alloc(128 * 1024, KM_SLEEP);
	assert_null(p);
	assert_int_equal(reclaim_calls, 1);
	assert_int_equal(reclaim_want, 128 * 1024);
	assert_null(kmem_zalloc(100 * 1024, KM_NOSLEEP));
	assert_null(kmem_page_alloc(64 * 1024 + PAGE_SIZE, KM_SLEEP));
	/* nothing leaked into the accounting by the failures */
	assert_int_equal(kmem_inuse(), base);
	/* below the limit still works */
	p = kmem_alloc(32 * 1024, KM_SLEEP);
	assert_non_null(p);
	kmem_free(p, 32 * 1024);
	kmem_setlimit(0);
	assert_int_equal(kmem_limit(), 0);
}

static void
test_reclaim_makes_room(void **state)
{
	uint64_t base = kmem_inuse();
	void *p;

	kmem_setlimit(base + 64 * 1024);
	stash = kmem_alloc(40 * 1024, KM_SLEEP);
	assert_non_null(stash);
	stash_size = 40 * 1024;
	reclaim_calls = 0;
	/* 40k stashed + 40k does not fit; the hook frees the stash */
	p = kmem_alloc(40 * 1024, KM_SLEEP);
	assert_non_null(p);
	assert_int_equal(reclaim_calls, 1);
	assert_null(stash);
	assert_int_equal(kmem_inuse(), base + 40 * 1024);
	kmem_free(p, 40 * 1024);
	kmem_setlimit(0);
	assert_int_equal(kmem_inuse(), base);
}

static void
test_unlimited_no_reclaim(void **state)
{
	void *p;

	kmem_setlimit(0);
	reclaim_calls = 0;
	p = kmem_alloc(4 * 1024 * 1024, KM_SLEEP);
	assert_non_null(p);
	assert_int_equal(reclaim_calls, 0);
	kmem_free(p, 4 * 1024 * 1024);
}

static void
test_parse_limit(void **state)
{
	uint64_t v = 0;

	assert_true(kmem_parse_limit("12345", 0, &v));
	assert_int_equal(v, 12345);
	assert_true(kmem_parse_limit("64k", 0, &v));
	assert_int_equal(v, 64 * 1024);
	assert_true(kmem_parse_limit("512M", 0, &v));
	assert_int_equal(v, 512ULL << 20);
	assert_true(kmem_parse_limit("2g", 0, &v));
	assert_int_equal(v, 2ULL << 30);
	assert_true(kmem_parse_limit("1T", 0, &v));
	assert_int_equal(v, 1ULL << 40);
	assert_true(kmem_parse_limit("25%", 4000000000ULL, &v));
	assert_int_equal(v, 1000000000ULL);
	/* junk, zero, sign, overflow, percent without host memory */
	assert_false(kmem_parse_limit("", 0, &v));
	assert_false(kmem_parse_limit("abc", 0, &v));
	assert_false(kmem_parse_limit("12q", 0, &v));
	assert_false(kmem_parse_limit("12kb", 0, &v));
	assert_false(kmem_parse_limit("0", 0, &v));
	assert_false(kmem_parse_limit("-5m", 0, &v));
	assert_false(kmem_parse_limit("99999999999999g", 0, &v));
	assert_false(kmem_parse_limit("50%", 0, &v));
	assert_false(kmem_parse_limit("101%", 1000, &v));
	assert_false(kmem_parse_limit("0%", 1000, &v));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounting),
		cmocka_unit_test(test_page_alloc),
		cmocka_unit_test(test_strdup_asprintf),
		cmocka_unit_test(test_limit_fails_cleanly),
		cmocka_unit_test(test_reclaim_makes_room),
		cmocka_unit_test(test_unlimited_no_reclaim),
		cmocka_unit_test(test_parse_limit),
	};

	return cmocka_run_group_tests_name("kmem", tests, setup, NULL);
}
