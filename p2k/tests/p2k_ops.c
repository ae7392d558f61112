/*
 * Host-side checks of a mounted p2k file system that the cross-fs suite
 * cannot make through its system-call table: shared writable mmap kept
 * coherent with read/write, copy_file_range, fallocate modes, SEEK_HOLE
 * and SEEK_DATA, renameat2 flags.  p2k_ops DIR prints "PASS name" or
 * "FAIL name: why" per check (t_p2k.sh makes TAP of them); exit 0.
 *
 * Every check looks at the result: the bytes and the size the server
 * holds (read back past the host's page cache), the hole map against
 * the bytes.  A mode a driver lacks passes only as a refusal with
 * EOPNOTSUPP that left the file untouched ("..._refused_intact").
 */
#include <sys/mman.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LEN	(256 * 1024)

static const char *dir;
static unsigned char a[LEN], b[LEN];

static void
result(const char *name, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS %s\n", name);
		return;
	}
	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (errno %d, %s)\n", errno, strerror(errno));
}

static int
mkfile(const char *name, const unsigned char *data, size_t len)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644)) == -1)
		return -1;
	if (len > 0 && pwrite(fd, data, len, 0) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return fd;
}

/* what the server holds: drop the host's cached pages, then read */
static bool
server_has(int fd, const unsigned char *want, size_t len, off_t off)
{
	static unsigned char got[LEN];

	if (fsync(fd) != 0 ||
	    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0 ||
	    pread(fd, got, len, off) != (ssize_t)len)
		return false;
	return memcmp(got, want, len) == 0;
}

static void
check_mmap(void)
{
	unsigned char *m, c[100];
	int fd;

	if ((fd = mkfile("mmap", a, LEN)) == -1) {
		result("mmap_shared", false, "create");
		return;
	}
	m = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED) {
		result("mmap_shared", false, "mmap");
		close(fd);
		return;
	}
	result("mmap_sees_write", memcmp(m, a, LEN) == 0, "mapping differs");
	memset(m + 5000, 0x5a, 100);
	memset(c, 0x5a, sizeof(c));
	result("read_sees_mmap_store", pread(fd, b, 100, 5000) == 100 &&
	    memcmp(b, c, 100) == 0, "read after store");
	memset(c, 0xa5, sizeof(c));
	result("mmap_sees_pwrite", pwrite(fd, c, 100, 9000) == 100 &&
	    memcmp(m + 9000, c, 100) == 0, "mapping after pwrite");
	result("msync", msync(m, LEN, MS_SYNC) == 0, "msync");
	memcpy(b, a, LEN);
	memset(b + 5000, 0x5a, 100);
	memset(b + 9000, 0xa5, 100);
	munmap(m, LEN);
	result("mmap_store_reached_server", server_has(fd, b, LEN, 0),
	    "server's copy differs");
	close(fd);
}

/* the server's copy of fd is want (len bytes) and its size is len */
static bool
server_file(int fd, const unsigned char *want, size_t len)
{
	unsigned char *got;
	struct stat st;
	bool same;

	if (fstat(fd, &st) != 0 || st.st_size != (off_t)len)
		return false;
	if ((got = malloc(len + 1)) == NULL)
		return false;
	same = fsync(fd) == 0 &&
	    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 &&
	    pread(fd, got, len + 1, 0) == (ssize_t)len &&
	    memcmp(got, want, len) == 0;
	free(got);
	return same;
}

#define BIG	(3 * 1024 * 1024 + 12345)	/* past p2k's 1 MiB chunks */

/*
 * copy_file_range: the count, the destination's bytes and size, the
 * offsets it moves; a short copy at the source's end, none past it; one
 * bigger than a chunk, copied to the end.  p2k implements it, so a
 * refusal is a failure (the kernel would fall back before saying so).
 */
static void
check_copy_file_range(void)
{
	unsigned char *big = NULL, *want = NULL;
	loff_t oi = 1000, oo = 3000;
	size_t done;
	ssize_t n;
	int in, out;

	in = mkfile("cfr.in", a, LEN);
	out = mkfile("cfr.out", NULL, 0);
	if (in == -1 || out == -1) {
		result("copy_file_range", false, "create");
		goto out;
	}
	errno = 0;
	n = copy_file_range(in, &oi, out, &oo, 100000, 0);
	result("copy_file_range_count", n == 100000, "copied %zd", n);
	result("copy_file_range_offsets", oi == 101000 && oo == 103000,
	    "offsets %jd %jd", (intmax_t)oi, (intmax_t)oo);
	memset(b, 0, 3000);
	memcpy(b + 3000, a + 1000, 100000);
	result("copy_file_range_data", server_file(out, b, 103000),
	    "destination differs (bytes or size)");
	/* a short copy at the source's end, over the destination's start */
	oi = LEN - 10;
	oo = 0;
	n = copy_file_range(in, &oi, out, &oo, 100, 0);
	memcpy(b, a + LEN - 10, 10);
	result("copy_file_range_short", n == 10 && server_file(out, b, 103000),
	    "copied %zd", n);
	oi = LEN + 5;
	n = copy_file_range(in, &oi, out, NULL, 100, 0);
	result("copy_file_range_past_eof", n == 0, "copied %zd", n);
	/* the file offsets, when no offsets are given */
	n = -1;
	if (lseek(in, 5, SEEK_SET) == 5 && lseek(out, 103000, SEEK_SET) ==
	    103000)
		n = copy_file_range(in, NULL, out, NULL, 50, 0);
	memcpy(b + 103000, a + 5, 50);
	result("copy_file_range_file_offsets", n == 50 &&
	    lseek(in, 0, SEEK_CUR) == 55 &&
	    lseek(out, 0, SEEK_CUR) == 103050 && server_file(out, b, 103050),
	    "copied %zd", n);
	close(in);
	close(out);
	in = out = -1;
	/* bigger than a chunk; the kernel may return short counts */
	big = malloc(BIG);
	want = calloc(1, BIG + 7);
	if (big == NULL || want == NULL) {
		result("copy_file_range_big", false, "malloc");
		goto out;
	}
	for (done = 0; done < BIG; done++)
		big[done] = (unsigned char)(done * 13 + done / 65536 + 3);
	in = mkfile("cfr.big", big, BIG);
	out = mkfile("cfr.bigout", NULL, 0);
	oi = 0;
	oo = 7;
	for (done = 0; in != -1 && out != -1 && done < BIG; done += n)
		if ((n = copy_file_range(in, &oi, out, &oo, BIG - done,
		    0)) <= 0)
			break;
	memcpy(want + 7, big, BIG);
	result("copy_file_range_big", done == BIG &&
	    server_file(out, want, BIG + 7), "copied %zu of %d", done, BIG);
out:
	free(big);
	free(want);
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
}

static bool
is_zero(const unsigned char *p, size_t len)
{
	while (len-- > 0)
		if (*p++ != 0)
			return false;
	return true;
}

/*
 * SEEK_HOLE and SEEK_DATA over fd (size bytes, want its contents): holes
 * only where the file reads zeros, each data run found from its start,
 * ENXIO at the end.  No hole map is the documented fallback (the whole
 * file is data).  Returns the bytes in holes, or -1 (why in *why).
 */
static off_t
walk_holes(int fd, off_t size, const unsigned char *want, char *why,
    size_t whylen)
{
	off_t off = 0, h, d, holes = 0;

	while (off < size) {
		h = lseek(fd, off, SEEK_HOLE);
		if (h < off || h > size) {
			snprintf(why, whylen, "SEEK_HOLE(%jd) = %jd",
			    (intmax_t)off, (intmax_t)h);
			return -1;
		}
		if (h > off && lseek(fd, off, SEEK_DATA) != off) {
			snprintf(why, whylen, "SEEK_DATA(%jd) in data",
			    (intmax_t)off);
			return -1;
		}
		if (h == size)
			break;
		errno = 0;
		if ((d = lseek(fd, h, SEEK_DATA)) == -1 && errno == ENXIO)
			d = size;
		if (d <= h || d > size || lseek(fd, h, SEEK_HOLE) != h) {
			snprintf(why, whylen, "hole at %jd: SEEK_DATA %jd",
			    (intmax_t)h, (intmax_t)d);
			return -1;
		}
		if (!is_zero(want + h, d - h)) {
			snprintf(why, whylen, "a hole [%jd, %jd) over data",
			    (intmax_t)h, (intmax_t)d);
			return -1;
		}
		holes += d - h;
		off = d;
	}
	errno = 0;
	if (lseek(fd, size, SEEK_DATA) != -1 || errno != ENXIO ||
	    lseek(fd, size, SEEK_HOLE) != -1 || errno != ENXIO) {
		snprintf(why, whylen, "at the end: not ENXIO");
		return -1;
	}
	return holes;
}

/* a refused fallocate must leave the file as it was */
static void
refused_intact(const char *name, int fd, const unsigned char *want,
    size_t len)
{
	char full[64];

	snprintf(full, sizeof(full), "%s_refused_intact", name);
	result(full, errno == EOPNOTSUPP && server_file(fd, want, len),
	    "refused, not with EOPNOTSUPP, or the file changed");
}

/*
 * fallocate: growing (zeros after the old data), punching a hole (zeros
 * there, the rest and the size kept, blocks freed, a hole map that
 * agrees), zeroing a range; a mode a driver lacks must be refused with
 * EOPNOTSUPP and leave the file alone.
 */
static void
check_fallocate(void)
{
	static unsigned char want[2 * LEN];
	struct stat before, after;
	char why[128];
	off_t holes;
	int fd, r;

	if ((fd = mkfile("falloc", a, LEN)) == -1) {
		result("fallocate", false, "create");
		return;
	}
	memcpy(want, a, LEN);
	r = fallocate(fd, 0, 0, 2 * LEN);
	if (r == 0)
		result("fallocate_grow", server_file(fd, want, 2 * LEN),
		    "not the data then zeros, or not the size");
	else
		refused_intact("fallocate_grow", fd, want, LEN);
	if (fsync(fd) != 0 || fstat(fd, &before) != 0) {
		result("punch_hole", false, "fstat");
		close(fd);
		return;
	}
	r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 65536,
	    65536);
	if (r == 0) {
		memset(want + 65536, 0, 65536);
		result("punch_hole_data", server_file(fd, want, before.st_size),
		    "not zeros there and the old data elsewhere");
		result("punch_hole_freed", fstat(fd, &after) == 0 &&
		    after.st_blocks < before.st_blocks, "st_blocks %jd -> %jd",
		    (intmax_t)before.st_blocks, (intmax_t)after.st_blocks);
		holes = walk_holes(fd, before.st_size, want, why, sizeof(why));
		result("punch_hole_holes", holes >= 0 && (holes == 0 ||
		    (holes <= 65536 && holes >= 65536 - 2 * after.st_blksize)),
		    "%s (%jd bytes in holes)", holes < 0 ? why : "",
		    (intmax_t)holes);
	} else {
		refused_intact("punch_hole", fd, want, before.st_size);
	}
	r = fallocate(fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, 1000,
	    5000);
	if (r == 0) {
		memset(want + 1000, 0, 5000);
		result("zero_range", server_file(fd, want, before.st_size),
		    "not zeros there and the old data elsewhere");
	} else {
		refused_intact("zero_range", fd, want, before.st_size);
	}
	close(fd);
}

/* a file with a hole in the middle: the hole map agrees with its bytes */
static void
check_seek(void)
{
	const off_t size = (4 << 20) + 8192;
	unsigned char *want;
	char why[128];
	off_t holes;
	int fd;

	if ((want = calloc(1, size)) == NULL) {
		result("seek", false, "malloc");
		return;
	}
	memcpy(want, a, 8192);
	memcpy(want + (4 << 20), a, 8192);
	if ((fd = mkfile("seek", a, 8192)) == -1 ||
	    pwrite(fd, a, 8192, 4 << 20) != 8192 || fsync(fd) != 0) {
		result("seek", false, "create");
		if (fd != -1)
			close(fd);
		free(want);
		return;
	}
	holes = walk_holes(fd, size, want, why, sizeof(why));
	result("seek_holes_agree", holes >= 0, "%s", why);
	/* a hole map shows (nearly) all the hole; none: all data */
	result("seek_hole_or_all_data", holes == 0 ||
	    holes >= (4 << 20) - 8192 - 2 * 65536, "%jd bytes in holes",
	    (intmax_t)holes);
	errno = 0;
	result("seek_data_past_eof", lseek(fd, size + 1, SEEK_DATA) == -1 &&
	    errno == ENXIO, "not ENXIO");
	result("seek_data_file", server_file(fd, want, size),
	    "contents differ");
	close(fd);
	free(want);
}

static void
check_rename(void)
{
	char p1[4096], p2[4096], p3[4096];
	int fd1, fd2, r;

	fd1 = mkfile("r1", a, 10);
	fd2 = mkfile("r2", a, 20);
	if (fd1 != -1)
		close(fd1);
	if (fd2 != -1)
		close(fd2);
	snprintf(p1, sizeof(p1), "%s/r1", dir);
	snprintf(p2, sizeof(p2), "%s/r2", dir);
	snprintf(p3, sizeof(p3), "%s/r3", dir);
	errno = 0;
	result("noreplace_exists", renameat2(AT_FDCWD, p1, AT_FDCWD, p2,
	    RENAME_NOREPLACE) == -1 && errno == EEXIST, "not EEXIST");
	result("noreplace_new", renameat2(AT_FDCWD, p1, AT_FDCWD, p3,
	    RENAME_NOREPLACE) == 0 && access(p1, F_OK) == -1, "rename");
	errno = 0;
	r = renameat2(AT_FDCWD, p2, AT_FDCWD, p3, RENAME_EXCHANGE);
	result("exchange_or_einval", r == 0 || errno == EINVAL, "r %d", r);
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: p2k_ops dir\n");
		return 2;
	}
	dir = argv[1];
	for (i = 0; i < LEN; i++)
		a[i] = (unsigned char)(i * 7 + i / 4096 + 1);
	check_mmap();
	check_copy_file_range();
	check_fallocate();
	check_seek();
	check_rename();
	return 0;
}
