/*
 * The directory index (genfs_dirhash.c): every offset added under a name
 * is found under it until removed, through growth and tombstones; the
 * free-space array answers the first block with room.
 */
#include <sys/types.h>
#include <sys/genfs_dirhash.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "testfs.h"

static void
name_of(char *buf, int i)
{
	int k = 0;

	buf[k++] = 'f';
	do {
		buf[k++] = (char)('0' + i % 10);
		i /= 10;
	} while (i != 0);
	buf[k] = '\0';
}

static size_t
slen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

/* is off among the candidates for name? */
static bool
has(const struct genfs_dirhash *dh, const char *name, uint64_t off)
{
	uint64_t o;
	size_t pos = 0;

	while (genfs_dirhash_next(dh, name, slen(name), &pos, &o))
		if (o == off)
			return true;
	return false;
}

static void
test_add_remove_grow(void **state)
{
	struct genfs_dirhash *dh = genfs_dirhash_create();
	char name[16];
	int i;

	(void)state;
	assert_non_null(dh);
	for (i = 0; i < 20000; i++) {
		name_of(name, i);
		assert_int_equal(genfs_dirhash_add(dh, name, slen(name),
		    (uint64_t)i * 32), 0);
	}
	for (i = 0; i < 20000; i += 2) {
		name_of(name, i);
		genfs_dirhash_remove(dh, name, slen(name), (uint64_t)i * 32);
	}
	/* new entries reuse nothing of the old: the odd ones stay */
	for (i = 0; i < 5000; i++) {
		name_of(name, i + 100000);
		assert_int_equal(genfs_dirhash_add(dh, name, slen(name),
		    (uint64_t)i * 32 + 7), 0);
	}
	for (i = 0; i < 20000; i++) {
		name_of(name, i);
		assert_true(has(dh, name, (uint64_t)i * 32) == (i % 2 == 1));
	}
	for (i = 0; i < 5000; i++) {
		name_of(name, i + 100000);
		assert_true(has(dh, name, (uint64_t)i * 32 + 7));
	}
	assert_false(has(dh, "never", 0));
	genfs_dirhash_destroy(dh);
}

static void
test_freespace(void **state)
{
	struct genfs_dirhash *dh = genfs_dirhash_create();

	(void)state;
	assert_non_null(dh);
	assert_int_equal(genfs_dirhash_findfree(dh, 12), -1);
	assert_int_equal(genfs_dirhash_setfree(dh, 0, 8), 0);
	assert_int_equal(genfs_dirhash_setfree(dh, 300, 40), 0);
	assert_int_equal(genfs_dirhash_setfree(dh, 5, 12), 0);
	assert_int_equal(genfs_dirhash_findfree(dh, 12), 5);
	assert_int_equal(genfs_dirhash_findfree(dh, 13), 300);
	assert_int_equal(genfs_dirhash_findfree(dh, 41), -1);
	assert_int_equal(genfs_dirhash_setfree(dh, 5, 0), 0);
	assert_int_equal(genfs_dirhash_findfree(dh, 12), 300);
	genfs_dirhash_destroy(dh);
}

/* two builders of one directory: the first to publish wins */
static void
test_publish(void **state)
{
	struct genfs_dirhash *slot = NULL, *a, *b;

	(void)state;
	a = genfs_dirhash_create();
	b = genfs_dirhash_create();
	assert_ptr_equal(genfs_dirhash_publish(&slot, a), a);
	assert_ptr_equal(genfs_dirhash_publish(&slot, b), a);
	assert_ptr_equal(slot, a);
	genfs_dirhash_destroy(a);
}

static int
setup(void **state)
{

	(void)state;
	tfs_boot();		/* kmem */
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_remove_grow),
		cmocka_unit_test(test_freespace),
		cmocka_unit_test(test_publish),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
