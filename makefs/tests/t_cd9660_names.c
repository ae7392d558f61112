/*
 * makefs -t cd9660's names: d-characters and the 8.3 / 30 / 31 limits,
 * ECMA-119's order (name, then extension, as if padded with spaces),
 * clashing names told apart, Joliet's UCS-2 and its refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../cd9660.h"

const char *mkfs_progname = "t_cd9660_names";

static struct mkfs_node srcs[8];
static struct c9_node nodes[8];

/* node i named name, a directory or a file */
static struct c9_node *
mk(int i, const char *name, bool dir)
{
	memset(&srcs[i], 0, sizeof(srcs[i]));
	memset(&nodes[i], 0, sizeof(nodes[i]));
	srcs[i].name = (char *)name;
	srcs[i].host = (char *)name;
	srcs[i].st.st_mode = dir ? S_IFDIR | 0755 : S_IFREG | 0644;
	nodes[i].src = &srcs[i];
	nodes[i].isdir = dir;
	return &nodes[i];
}

static const char *
iso(struct c9_node *n)
{
	static char buf[64];

	memcpy(buf, n->iso.b, n->iso.len);
	buf[n->iso.len] = '\0';
	return buf;
}

static const char *
isoname(unsigned level, bool notrailing, const char *name, bool dir)
{
	struct c9_opts co = { .level = level, .notrailing = notrailing };
	struct c9_node *n = mk(0, name, dir);

	assert_int_equal(c9_isoname(&co, n), 0);
	return iso(n);
}

static void
t_dchars(void **state)
{
	(void)state;
	assert_string_equal(isoname(1, false, "hello world.tar.gz", false),
	    "HELLO_WO.GZ;1");
	assert_string_equal(isoname(1, false, "some.dir", true), "SOME_DIR");
	assert_string_equal(isoname(2, false, ".profile", false),
	    "_PROFILE.;1");
	assert_string_equal(isoname(2, true, "README", false), "README;1");
	assert_string_equal(isoname(2, false, "\xc3\xbc.txt", false),
	    "_.TXT;1");
	assert_string_equal(isoname(2, false,
	    "abcdefghijklmnopqrstuvwxyz0123456789.c", false),
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ012.C;1");
	assert_string_equal(isoname(3, false,
	    "abcdefghijklmnopqrstuvwxyz0123456789", true),
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ01234");
}

static int
cmp(const char *a, const char *b)
{
	struct c9_name x, y;

	x.len = (unsigned)strlen(a);
	y.len = (unsigned)strlen(b);
	memcpy(x.b, a, x.len);
	memcpy(y.b, b, y.len);
	return c9_namecmp(&x, &y, false);
}

static void
t_order(void **state)
{
	(void)state;
	assert_true(cmp("AB.X;1", "AB0.X;1") < 0);	/* "AB " < "AB0" */
	assert_true(cmp("A.B;1", "A.B0;1") < 0);	/* "B " < "B0" */
	assert_true(cmp("A.B;1", "A_.;1") < 0);		/* "A " < "A_" */
	assert_true(cmp("B", "A") > 0);
	assert_int_equal(cmp("SAME.;1", "SAME.;1"), 0);
}

static void
t_unique(void **state)
{
	struct c9_opts co = { .level = 2 };
	struct c9_node *v[4];
	int i;

	(void)state;
	v[0] = mk(0, "readme", false);
	v[1] = mk(1, "README1", false);
	v[2] = mk(2, "README", false);
	v[3] = mk(3, "ReadMe", false);
	for (i = 0; i < 4; i++)
		assert_int_equal(c9_isoname(&co, v[i]), 0);
	assert_int_equal(c9_unique(v, 4, false, 2), 0);
	for (i = 1; i < 4; i++) {
		char prev[64];

		strcpy(prev, iso(v[i - 1]));
		assert_true(c9_namecmp(&v[i - 1]->iso, &v[i]->iso, false) < 0);
		assert_string_not_equal(prev, iso(v[i]));
	}
	assert_string_equal(iso(v[0]), "README.;1");
	assert_string_equal(iso(v[3]), "README3.;1");
}

static void
t_joliet(void **state)
{
	char longname[80];
	struct c9_node *a, *b, *v[2];

	(void)state;
	a = mk(0, "a:b\xe2\x98\x83", false);
	assert_int_equal(c9_jolname(a), 0);
	assert_int_equal(a->jol.len, 8);
	assert_memory_equal(a->jol.b, "\0a\0_\0b\x26\x03", 8);
	assert_int_equal(c9_jolname(mk(1, "bad\xffname", false)), -1);
	assert_int_equal(c9_jolname(mk(1, "\xf0\x9f\x98\x80", false)), -1);
	memset(longname, 'x', 70);
	longname[70] = '\0';
	a = mk(2, longname, false);
	longname[69] = 'y';
	b = mk(3, strdup(longname), false);
	assert_int_equal(c9_jolname(a), 0);
	assert_int_equal(c9_jolname(b), 0);
	assert_int_equal(a->jol.len, 2 * C9_JMAXCH);
	v[0] = a;
	v[1] = b;
	assert_int_equal(c9_unique(v, 2, true, 0), 0);
	assert_true(c9_namecmp(&v[0]->jol, &v[1]->jol, true) < 0);
	assert_int_equal(v[1]->jol.len, 2 * C9_JMAXCH);
	free(srcs[3].name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_dchars),
		cmocka_unit_test(t_order),
		cmocka_unit_test(t_unique),
		cmocka_unit_test(t_joliet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
