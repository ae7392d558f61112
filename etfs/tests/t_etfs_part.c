/*
 * Partition suffixes: BSD disklabels written here in both byte orders,
 * %OFFSET% syntax and errors, and MBR/GPT images made by sfdisk (skipped
 * where sfdisk is missing), found through libblkid.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <rump/rump_etfs.h>

#define DL_MAGIC	0x82564557u

static char tmpdir[] = "/tmp/t_etfs_part.XXXXXX";
static char img[256];

static void
put32(unsigned char *p, uint32_t v, int be)
{
	for (int i = 0; i < 4; i++)
		p[be ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

static void
put16(unsigned char *p, uint16_t v, int be)
{
	p[be ? 1 : 0] = (unsigned char)v;
	p[be ? 0 : 1] = (unsigned char)(v >> 8);
}

/* a label at byte 'at' with partitions a (offset aoff, 100 sectors), b
 * unused, c (2048 sectors at coff); secsize 512 */
static void
write_label_at(const char *path, size_t at, int be, int badsum,
    uint32_t aoff, uint32_t coff)
{
	unsigned char lab[148 + 3 * 16], *buf;
	uint16_t sum = 0;
	size_t i;
	int fd;

	memset(lab, 0, sizeof(lab));
	put32(lab + 0, DL_MAGIC, be);
	put32(lab + 40, 512, be);
	put32(lab + 132, DL_MAGIC, be);
	put16(lab + 138, 3, be);
	put32(lab + 148 + 0, 100, be);		/* a: p_size */
	put32(lab + 148 + 4, aoff, be);		/* a: p_offset */
	put32(lab + 148 + 32, 2048, be);	/* c: p_size */
	put32(lab + 148 + 36, coff, be);
	for (i = 0; i < sizeof(lab); i += 2)
		sum ^= (uint16_t)(lab[i] | lab[i + 1] << 8);
	/* the checksum field is 16 bits: its xor makes the total zero */
	lab[136] = (unsigned char)sum;
	lab[137] = (unsigned char)(sum >> 8);
	if (badsum)
		lab[136] ^= 1;
	buf = calloc(1, 2048 * 512);
	assert_non_null(buf);
	memcpy(buf + at, lab, sizeof(lab));
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, 2048 * 512), 2048 * 512);
	close(fd);
	free(buf);
}

/* a at 64, c the whole disk */
static void
write_label(const char *path, size_t at, int be, int badsum)
{
	write_label_at(path, at, be, badsum, 64, 0);
}

static int
setup(void **state)
{

	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(img, sizeof(img), "%s/disk.img", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static int
parse(const char *suffix, uint64_t *b, uint64_t *s)
{
	char spec[512], host[256];
	int error;

	snprintf(spec, sizeof(spec), "%s%s", img, suffix);
	error = rump_etfs_part_parse(spec, host, sizeof(host), b, s);
	if (error == 0)
		assert_string_equal(host, img);
	else
		assert_true(strlen(rump_etfs_part_error()) > 0);
	return error;
}

static void
test_nosuffix(void **state)
{
	uint64_t b, s;

	assert_int_equal(parse("", &b, &s), 0);
	assert_int_equal(b, 0);
	assert_true(s == RUMP_ETFS_SIZE_ENDOFF);
}

static void
check_label(int be, size_t at)
{
	uint64_t b = 1, s = 1;

	write_label(img, at, be, 0);
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), 0);
	assert_int_equal(b, 64 * 512);
	assert_int_equal(s, 100 * 512);
	assert_int_equal(parse("%DISKLABEL:c%", &b, &s), 0);
	assert_int_equal(b, 0);
	assert_int_equal(s, 2048 * 512);
	assert_int_equal(parse("%DISKLABEL:b%", &b, &s), ENOENT);
	assert_int_equal(parse("%DISKLABEL:d%", &b, &s), ENOENT);
	assert_int_equal(parse("%DISKLABEL:A%", &b, &s), EINVAL);
	assert_int_equal(parse("%DISKLABEL:ab%", &b, &s), EINVAL);
}

static void
test_disklabel_le(void **state)
{

	check_label(0, 512);		/* i386: sector 1 */
}

static void
test_disklabel_be(void **state)
{

	check_label(1, 64);		/* big-endian, offset 64 */
}

static void
test_disklabel_missing(void **state)
{
	uint64_t b, s;

	write_label(img, 512, 0, 1);	/* bad checksum: not a label */
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), ENOENT);
	unlink(img);
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), ENOENT);
}

/* MBR entry 2 of img: type, first sector and count; the boot signature */
static void
write_mbr(unsigned char type, uint32_t start, uint32_t count)
{
	unsigned char e[16], sig[2] = { 0x55, 0xaa };
	int fd;

	memset(e, 0, sizeof(e));
	e[4] = type;
	put32(e + 8, start, 0);
	put32(e + 12, count, 0);
	fd = open(img, O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, e, sizeof(e), 446 + 16), sizeof(e));
	assert_int_equal(pwrite(fd, sig, 2, 510), 2);
	close(fd);
}

/*
 * The label in sector 1 of an MBR partition at sector 256, past the first
 * 64 KiB; its a at 64, c at 0.  NetBSD and OpenBSD count from the disk;
 * FreeBSD from the slice, as c does not start at the slice.
 */
static void
test_disklabel_mbr(void **state)
{
	static const struct {
		unsigned char type;
		uint64_t begin;
	} c[] = { { 0xa9, 64 }, { 0xa6, 64 }, { 0xa5, 256 + 64 } };
	uint64_t b, s;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		write_label(img, 257 * 512, i == 1, 0);
		write_mbr(c[i].type, 256, 1792);
		assert_int_equal(parse("%DISKLABEL:a%", &b, &s), 0);
		assert_int_equal(b, c[i].begin * 512);
		assert_int_equal(s, 100 * 512);
	}
	/* FreeBSD's historical form: offsets from the disk, c at the slice */
	write_label_at(img, 257 * 512, 0, 0, 256 + 64, 256);
	write_mbr(0xa5, 256, 1792);
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), 0);
	assert_int_equal(b, (256 + 64) * 512);
	/* not a BSD type, or a bad checksum: no label */
	write_label(img, 257 * 512, 0, 0);
	write_mbr(0x83, 256, 1792);
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), ENOENT);
	assert_non_null(strstr(rump_etfs_part_error(), "no disklabel"));
	write_label(img, 257 * 512, 0, 1);
	write_mbr(0xa9, 256, 1792);
	assert_int_equal(parse("%DISKLABEL:a%", &b, &s), ENOENT);
	assert_non_null(strstr(rump_etfs_part_error(), "bad checksum"));
}

static void
test_offset(void **state)
{
	uint64_t b, s;

	write_label(img, 512, 0, 0);
	assert_int_equal(parse("%OFFSET:4096,8192%", &b, &s), 0);
	assert_int_equal(b, 4096);
	assert_int_equal(s, 8192);
	assert_int_equal(parse("%OFFSET:512,0%", &b, &s), 0);
	assert_int_equal(b, 512);
	assert_true(s == RUMP_ETFS_SIZE_ENDOFF);
	assert_int_equal(parse("%OFFSET:-1,100%", &b, &s), ERANGE);
	assert_int_equal(parse("%OFFSET:0,-5%", &b, &s), ERANGE);
	assert_int_equal(parse("%OFFSET:1x,100%", &b, &s), EINVAL);
	assert_int_equal(parse("%OFFSET:abc,1%", &b, &s), EINVAL);
	assert_int_equal(parse("%OFFSET:100%", &b, &s), EINVAL);
	assert_int_equal(parse("%OFFSET:,%", &b, &s), EINVAL);
	assert_int_equal(parse("%OFFSET:99999999999999999999,1%", &b, &s),
	    ERANGE);
}

static void
test_syntax(void **state)
{
	char host[8];
	uint64_t b, s;

	assert_int_equal(parse("%FOO:1%", &b, &s), EINVAL);
	assert_int_equal(parse("%DISKLABEL%", &b, &s), EINVAL);
	assert_int_equal(parse("%PART:0%", &b, &s), EINVAL);
	assert_int_equal(parse("%PART:x%", &b, &s), EINVAL);
	assert_int_equal(rump_etfs_part_parse("%OFFSET:1,1%", host,
	    sizeof(host), &b, &s), EINVAL);
	assert_int_equal(rump_etfs_part_parse("/a/long/image/name.img", host,
	    sizeof(host), &b, &s), ENAMETOOLONG);
}

/* sfdisk makes the table; skip without it */
static int
sfdisk(const char *label)
{
	char cmd[1024];
	int fd;

	if (system("command -v sfdisk >/dev/null 2>&1") != 0)
		return -1;
	unlink(img);
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 16 << 20), 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "printf 'label: %s\\nstart=2048, "
	    "size=4096\\nstart=8192, size=8192\\n' | sfdisk -q '%s' "
	    ">/dev/null 2>&1", label, img);
	return system(cmd) == 0 ? 0 : -1;
}

static void
check_parts(void)
{
	uint64_t b, s;

	assert_int_equal(parse("%PART:1%", &b, &s), 0);
	assert_int_equal(b, 2048 * 512);
	assert_int_equal(s, 4096 * 512);
	assert_int_equal(parse("%PART:2%", &b, &s), 0);
	assert_int_equal(b, 8192 * 512);
	assert_int_equal(s, 8192 * 512);
	assert_int_equal(parse("%PART:3%", &b, &s), ENOENT);
	assert_int_equal(rump_etfs_part_probe(img, 2, &b, &s), 0);
	assert_int_equal(b, 8192 * 512);
}

static void
test_mbr(void **state)
{

	if (sfdisk("dos") != 0)
		skip();
	check_parts();
}

static void
test_gpt(void **state)
{

	if (sfdisk("gpt") != 0)
		skip();
	check_parts();
}

static void
test_notable(void **state)
{
	uint64_t b, s;
	int fd;

	unlink(img);
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 1 << 20), 0);
	close(fd);
	assert_int_equal(parse("%PART:1%", &b, &s), ENOENT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nosuffix),
		cmocka_unit_test(test_disklabel_le),
		cmocka_unit_test(test_disklabel_be),
		cmocka_unit_test(test_disklabel_missing),
		cmocka_unit_test(test_disklabel_mbr),
		cmocka_unit_test(test_offset),
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_mbr),
		cmocka_unit_test(test_gpt),
		cmocka_unit_test(test_notable),
	};

	return cmocka_run_group_tests_name("etfs_part", tests, setup,
	    teardown);
}
