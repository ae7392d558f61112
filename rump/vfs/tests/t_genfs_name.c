/*
 * The rules for names on disk (genfs_name.c): what every driver's
 * directory parser applies to the entries it hands out.
 */
#include <sys/types.h>
#include <sys/genfs_name.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* names that are no single component, and "." and ".." out of place */
static void
test_names(void **state)
{
	static const struct {
		const char *name;
		size_t len;
		unsigned idx;
		bool bad;
	} c[] = {
		{ "../../xx", 8, 2, true }, { "a/b", 3, 2, true },
		{ "a\0b", 3, 2, true }, { "", 0, 2, true },
		{ ".", 1, 0, false }, { ".", 1, 1, true }, { ".", 1, 2, true },
		{ "..", 2, 1, false }, { "..", 2, 0, true },
		{ "..", 2, 2, true }, { "...", 3, 2, false },
		{ ".x", 2, 0, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		assert_true((genfs_name_bad(c[i].name, c[i].len) != NULL ||
		    genfs_name_misplaced(c[i].name, c[i].len, c[i].idx) !=
		    NULL) == c[i].bad);
}

/* each rule says which it is, for the console line */
static void
test_reasons(void **state)
{

	(void)state;
	assert_string_equal(genfs_name_bad("", 0), "empty name");
	assert_string_equal(genfs_name_bad("a/b", 3),
	    "NUL or slash in a name");
	assert_null(genfs_name_bad("..", 2));
	assert_string_equal(genfs_name_misplaced(".", 1, 3),
	    "'.' not the first entry");
	assert_string_equal(genfs_name_misplaced("..", 2, 0),
	    "'..' not the second entry");
	assert_null(genfs_name_misplaced("a/b", 3, 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_reasons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
