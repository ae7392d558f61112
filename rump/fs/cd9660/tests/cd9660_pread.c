/*
 * cd9660_pread image path want: reads file path of the ISO image (in a
 * rump kernel of its own) in pieces of every shape, and compares each
 * with the same bytes of the host file want.  The pieces: the whole file
 * at once, odd lengths at odd offsets (parts of sectors at both ends, a
 * sector split in two reads), a piece ending at or past the end, reads
 * past the end, and readv(2) into small iovecs (a sector split over
 * several of them).  Exit 0 if every piece matched; a line per mismatch.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>
#include <rump/rumpdefs.h>

#include "../cd9660_args.h"

#define PR_DEV	"/dev/cdimg"
#define PR_MNT	"/cd"

static uint8_t *want;		/* the host file */
static size_t wantlen;
static int bad;

static void
pr_check(const char *what, int64_t off, size_t n, const uint8_t *got,
    ssize_t rv)
{
	size_t expect = 0;

	if (off < (int64_t)wantlen)
		expect = n < wantlen - (size_t)off ? n : wantlen - (size_t)off;

	if (rv < 0) {
		printf("%s at %lld, %zu bytes: %s\n", what, (long long)off, n,
		    strerror(errno));
		bad++;
	} else if ((size_t)rv != expect ||
	    (expect > 0 && memcmp(got, want + off, expect) != 0)) {
		printf("%s at %lld, %zu bytes: %zd bytes read, %zu wanted%s\n",
		    what, (long long)off, n, rv, expect,
		    (size_t)rv == expect ? ", different" : "");
		bad++;
	}
}

static void
pr_pread(int fd, int64_t off, size_t n)
{
	uint8_t *buf = malloc(n + 1);

	if (buf == NULL)
		abort();
	pr_check("pread", off, n, buf, rump_sys_pread(fd, buf, n, off));
	free(buf);
}

/* readv from off into iovecs of the lengths in lens[] */
static void
pr_readv(int fd, int64_t off, const size_t *lens, int cnt)
{
	struct rump_iovec iov[16];
	uint8_t *buf, *p;
	size_t total = 0;
	int i;

	for (i = 0; i < cnt; i++)
		total += lens[i];
	if ((buf = malloc(total + 1)) == NULL)
		abort();
	for (i = 0, p = buf; i < cnt; p += lens[i], i++) {
		iov[i].iov_base = p;
		iov[i].iov_len = lens[i];
	}
	if (rump_sys_lseek(fd, off, SEEK_SET) != off)
		abort();
	pr_check("readv", off, total, buf, rump_sys_readv(fd, iov, cnt));
	free(buf);
}

static int
pr_load(const char *path)
{
	FILE *f;
	long n;

	if ((f = fopen(path, "rb")) == NULL || fseek(f, 0, SEEK_END) != 0 ||
	    (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
		return -1;
	wantlen = (size_t)n;
	if ((want = malloc(wantlen + 1)) == NULL ||
	    fread(want, 1, wantlen, f) != wantlen)
		return -1;
	fclose(f);
	return 0;
}

int
main(int argc, char **argv)
{
	static const size_t odd[] = { 1, 7, 100, 2047, 2048, 2049, 4095,
	    6000, 65537, 300000 };
	static const size_t v1[] = { 100, 0, 3000, 1, 2048, 5000 };
	static const size_t v2[] = { 2048, 2048, 1000, 0, 70000 };
	struct cd9660_args args = { .fspec = (char *)PR_DEV };
	char path[1024];
	uint64_t x = 12345;
	size_t i, j;
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: cd9660_pread image path want\n");
		return 2;
	}
	if (pr_load(argv[3]) != 0) {
		perror(argv[3]);
		return 2;
	}
	if (rump_init() != 0 ||
	    rump_pub_etfs_register(PR_DEV, argv[1], RUMP_ETFS_BLK) != 0 ||
	    rump_sys_mkdir(PR_MNT, 0755) != 0 ||
	    rump_sys_mount("cd9660", PR_MNT, RUMP_MNT_RDONLY, &args,
	    sizeof(args)) != 0) {
		fprintf(stderr, "cd9660_pread: mount: %s\n", strerror(errno));
		return 2;
	}
	snprintf(path, sizeof(path), PR_MNT "/%s", argv[2]);
	if ((fd = rump_sys_open(path, O_RDONLY)) == -1) {
		fprintf(stderr, "cd9660_pread: %s: %s\n", argv[2],
		    strerror(errno));
		return 2;
	}
	pr_pread(fd, 0, wantlen + 4096);
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		/* at the start, at odd places, up to and past the end */
		pr_pread(fd, 0, odd[i]);
		pr_pread(fd, 1, odd[i]);
		pr_pread(fd, 2047, odd[i]);
		pr_pread(fd, 2048 * 3 + 5, odd[i]);
		if (wantlen > odd[i])
			pr_pread(fd, (int64_t)(wantlen - odd[i]), odd[i]);
		pr_pread(fd, (int64_t)wantlen, odd[i]);
		pr_pread(fd, (int64_t)wantlen + 10, odd[i]);
		for (j = 0; j < 20; j++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			pr_pread(fd, (int64_t)((x >> 20) % (wantlen + 1)),
			    odd[i]);
		}
	}
	pr_readv(fd, 0, v1, 6);
	pr_readv(fd, 1000, v1, 6);
	pr_readv(fd, 0, v2, 5);
	pr_readv(fd, 2048 * 2, v2, 5);
	rump_sys_close(fd);
	if (rump_sys_unmount(PR_MNT, 0) != 0) {
		fprintf(stderr, "cd9660_pread: unmount: %s\n", strerror(errno));
		return 1;
	}
	return bad == 0 ? 0 : 1;
}
