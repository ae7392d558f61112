/*
 * vsnprintf against expected strings, truncation, and the libkern string
 * functions.
 */
#include <sys/types.h>
#include <sys/systm.h>

#include <setjmp.h>
#include <cmocka.h>

/*
 * Without a format attribute, so the compiler lets the odd cases
 * (ignored flags, NULL strings) through to the kernel's vsnprintf.
 */
static int
fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	return n;
}

#define CHECK(want, ...) do {						\
	char b_[128];							\
	int n_ = fmt(b_, sizeof(b_), __VA_ARGS__);			\
	assert_string_equal(b_, want);					\
	assert_int_equal(n_, (int)strlen(want));			\
} while (0)

static void
test_integers(void **state)
{
	CHECK("42", "%d", 42);
	CHECK("-42", "%i", -42);
	CHECK("4294967295", "%u", 4294967295u);
	CHECK("ff FF", "%x %X", 255, 255);
	CHECK("17", "%o", 15);
	CHECK("0", "%d", 0);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("-1", "%ld", -1L);
	CHECK("-128 255", "%hhd %hhu", 128, 255);
	CHECK("-1 65535", "%hd %hu", 65535, 65535);
	CHECK("123456789012", "%zu", (size_t)123456789012ULL);
	CHECK("-5", "%zd", (ssize_t)-5);
	CHECK("77", "%jd", (intmax_t)77);
	CHECK("-3", "%td", (ptrdiff_t)-3);
	CHECK("ffffffffffffffff", "%llx", ~0ULL);
	CHECK("12", "%qd", 12LL);
}

static void
test_flags_width_prec(void **state)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("+42", "%+d", 42);
	CHECK(" 42", "% d", 42);
	CHECK("-42", "%+d", -42);
	CHECK("  042", "%5.3d", 42);
	CHECK("  042", "%05.3d", 42);	/* precision wins over 0 */
	CHECK("", "%.0d", 0);
	CHECK("0x1f", "%#x", 31);
	CHECK("0X1F", "%#X", 31);
	CHECK("0", "%#x", 0);
	CHECK("017", "%#o", 15);
	CHECK("0x00001f", "%#08x", 31);
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);
	CHECK("00042", "%.*d", 5, 42);
	CHECK("+00042", "%+.5d", 42);
	CHECK("-42  |", "%-+5d|", -42);
}

static void
test_strings_chars(void **state)
{
	CHECK("hello", "%s", "hello");
	CHECK("  abc", "%5s", "abc");
	CHECK("abc  |", "%-5s|", "abc");
	CHECK("ab", "%.2s", "abcdef");
	CHECK("   ab", "%5.2s", "abcdef");
	CHECK("abc", "%.*s", 3, "abcdef");
	CHECK("(null)", "%s", (char *)NULL);
	CHECK("x", "%c", 'x');
	CHECK("  x|x  |", "%3c|%-3c|", 'x', 'x');
	CHECK("100%", "%d%%", 100);
	CHECK("a-b", "%s-%s", "a", "b");
	CHECK("0x1234", "%p", (void *)0x1234);
	CHECK("no conversions", "no conversions");
}

static void
test_truncation(void **state)
{
	char b[8];

	memset(b, 'z', sizeof(b));
	assert_int_equal(snprintf(b, sizeof(b), "%s", "0123456789"), 10);
	assert_string_equal(b, "0123456");
	assert_int_equal(snprintf(b, 1, "%d", 12345), 5);
	assert_string_equal(b, "");
	assert_int_equal(snprintf(NULL, 0, "%d-%s", 7, "abc"), 5);
	b[0] = 'q';
	assert_int_equal(snprintf(b, 0, "abc"), 3);
	assert_int_equal(b[0], 'q');		/* size 0: untouched */
}

static void
test_string_functions(void **state)
{
	char buf[16];
	char *end;

	assert_int_equal(strlen(""), 0);
	assert_int_equal(strlen("abc"), 3);
	assert_int_equal(strnlen("abcdef", 3), 3);
	assert_int_equal(strnlen("ab", 10), 2);
	assert_int_equal(strcmp("abc", "abc"), 0);
	assert_true(strcmp("abc", "abd") < 0);
	assert_true(strcmp("abd", "abc") > 0);
	assert_true(strcmp("ab", "abc") < 0);
	assert_true(strcmp("\xff", "a") > 0);	/* compared unsigned */
	assert_int_equal(strncmp("abcx", "abcy", 3), 0);
	assert_true(strncmp("abcx", "abcy", 4) < 0);
	assert_int_equal(strncmp("a", "b", 0), 0);
	const char *s = "a/b/c";
	assert_ptr_equal(strchr(s, '/'), s + 1);
	assert_ptr_equal(strrchr(s, '/'), s + 3);
	assert_null(strchr(s, 'x'));
	assert_ptr_equal(strchr(s, '\0'), s + 5);
	assert_null(strrchr(s, 'x'));
	assert_ptr_equal(memchr("abc", 'c', 3), (const char *)"abc" + 2);
	assert_null(memchr("abc", 'c', 2));

	assert_int_equal(strlcpy(buf, "hello", sizeof(buf)), 5);
	assert_string_equal(buf, "hello");
	assert_int_equal(strlcpy(buf, "0123456789abcdefXYZ", sizeof(buf)),
	    19);
	assert_string_equal(buf, "0123456789abcde");
	strlcpy(buf, "ab", sizeof(buf));
	assert_int_equal(strlcat(buf, "cd", sizeof(buf)), 4);
	assert_string_equal(buf, "abcd");
	assert_int_equal(strlcat(buf, "0123456789abcdef", sizeof(buf)), 20);
	assert_string_equal(buf, "abcd0123456789a");
	assert_int_equal(strlcat(buf, "x", 4), 4 + 1);	/* dst full */

	assert_int_equal(strtoull("1234", &end, 10), 1234);
	assert_int_equal(*end, '\0');
	assert_int_equal(strtoull("0x1F", NULL, 0), 31);
	assert_int_equal(strtoull("017", NULL, 0), 15);
	assert_int_equal(strtoull("ff", NULL, 16), 255);
	assert_int_equal(strtoull("12abc", &end, 10), 12);
	assert_string_equal(end, "abc");
	assert_int_equal(strtoull("xyz", &end, 10), 0);
	assert_string_equal(end, "xyz");
	assert_true(strtoull("99999999999999999999999", NULL, 10) ==
	    ULLONG_MAX);
	assert_int_equal(strtoll("-42", NULL, 10), -42);
	assert_int_equal(strtoll("  +7", NULL, 10), 7);
	assert_true(strtoll("-99999999999999999999", NULL, 10) == LLONG_MIN);
	assert_true(strtoll("99999999999999999999", NULL, 10) == LLONG_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_flags_width_prec),
		cmocka_unit_test(test_strings_chars),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_string_functions),
	};

	return cmocka_run_group_tests_name("prf", tests, NULL, NULL);
}
