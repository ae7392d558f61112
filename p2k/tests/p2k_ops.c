/*
 * Host-side checks of a mounted p2k file system that the cross-fs suite
 * cannot make through its system-call table: shared writable mmap kept
 * coherent with read/write, copy_file_range, fallocate modes, SEEK_HOLE
 * and SEEK_DATA, renameat2 flags.  p2k_ops DIR prints "PASS name" or
 * "FAIL name: why" per check (t_p2k.sh makes TAP of them); exit 0.
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

static void
check_copy_file_range(void)
{
	int in, out;
	loff_t oi = 1000, oo = 3000;
	ssize_t n;

	in = mkfile("cfr.in", a, LEN);
	out = mkfile("cfr.out", NULL, 0);
	if (in == -1 || out == -1) {
		result("copy_file_range", false, "create");
		goto out;
	}
	n = copy_file_range(in, &oi, out, &oo, 100000, 0);
	if (n == -1 && (errno == EOPNOTSUPP || errno == EXDEV ||
	    errno == ENOSYS)) {
		result("copy_file_range_unsupported", true, "");
		goto out;
	}
	result("copy_file_range_count", n == 100000, "copied %zd", n);
	memset(b, 0, 3000);
	memcpy(b + 3000, a + 1000, 100000);
	result("copy_file_range_data", server_has(out, b, 103000, 0),
	    "destination differs");
out:
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

static void
check_fallocate(void)
{
	struct stat st;
	int fd, r;

	if ((fd = mkfile("falloc", a, LEN)) == -1) {
		result("fallocate", false, "create");
		return;
	}
	r = fallocate(fd, 0, 0, 2 * LEN);
	result("fallocate_grow", (r == 0 && fstat(fd, &st) == 0 &&
	    st.st_size == 2 * LEN) || (r == -1 && errno == EOPNOTSUPP),
	    "r %d", r);
	r = fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 65536,
	    65536);
	if (r == 0)
		result("punch_hole_zeros", pread(fd, b, LEN, 0) == LEN &&
		    is_zero(b + 65536, 65536) && memcmp(b, a, 65536) == 0 &&
		    memcmp(b + 131072, a + 131072, LEN - 131072) == 0,
		    "contents after punch");
	else
		result("punch_hole_unsupported", errno == EOPNOTSUPP,
		    "not EOPNOTSUPP");
	r = fallocate(fd, FALLOC_FL_ZERO_RANGE, 0, 4096);
	result("zero_range", (r == 0 && pread(fd, b, 4096, 0) == 4096 &&
	    is_zero(b, 4096)) || (r == -1 && errno == EOPNOTSUPP), "r %d", r);
	close(fd);
}

static void
check_seek(void)
{
	off_t h, d;
	int fd;

	if ((fd = mkfile("seek", a, 8192)) == -1 ||
	    pwrite(fd, a, 8192, 4 << 20) != 8192) {
		result("seek", false, "create");
		if (fd != -1)
			close(fd);
		return;
	}
	d = lseek(fd, 0, SEEK_DATA);
	h = lseek(fd, 0, SEEK_HOLE);
	result("seek_data_at_data", d == 0, "SEEK_DATA %jd", (intmax_t)d);
	result("seek_hole_in_file", h >= 8192 && h <= (4 << 20) + 8192,
	    "SEEK_HOLE %jd", (intmax_t)h);
	errno = 0;
	result("seek_data_past_eof", lseek(fd, (4 << 20) + 8192, SEEK_DATA)
	    == -1 && errno == ENXIO, "not ENXIO");
	close(fd);
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
