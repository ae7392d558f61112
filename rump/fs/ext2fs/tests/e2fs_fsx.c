/*
 * e2fs_fsx image seed ops [maxsize]: an fsx-style exerciser.  Random
 * writes (often far out, leaving holes), truncates up and down, reads and
 * fsyncs on a few files, every result checked against an in-memory model;
 * a remount in the middle checks what reached the disk.  The seed is
 * printed so a failure can be replayed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "e2fs_common.h"

#define NFILES	3

struct model {
	unsigned char *data;
	size_t size;
	int fd;
	char path[64];
};

static struct model files[NFILES];
static size_t maxsize;
static unsigned long long seed;

static unsigned long
rnd(void)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned long)(seed >> 33);
}

static int
bad(const char *what, struct model *m, size_t off, size_t len)
{
	fprintf(stderr, "FAIL %s %s off=%zu len=%zu size=%zu: %s\n", what,
	    m->path, off, len, m->size, strerror(errno));
	return 1;
}

static int
check_range(struct model *m, size_t off, size_t len)
{
	static unsigned char buf[1 << 20];
	long n;

	if (len > sizeof(buf))
		len = sizeof(buf);
	n = rump_sys_pread(m->fd, buf, len, (int64_t)off);
	if (n < 0)
		return bad("read", m, off, len);
	if ((size_t)n != (off >= m->size ? 0 :
	    (len < m->size - off ? len : m->size - off))) {
		fprintf(stderr, "FAIL short read %s off=%zu len=%zu got=%ld "
		    "size=%zu\n", m->path, off, len, n, m->size);
		return 1;
	}
	if (n > 0 && memcmp(buf, m->data + off, (size_t)n) != 0) {
		fprintf(stderr, "FAIL data mismatch %s off=%zu len=%zu\n",
		    m->path, off, len);
		return 1;
	}
	return 0;
}

static int
op_write(struct model *m)
{
	static unsigned char buf[1 << 18];
	size_t off = rnd() % maxsize, len = 1 + rnd() % sizeof(buf), i;

	if (rnd() % 4 == 0)
		off = m->size;		/* append */
	if (off + len > maxsize)
		len = maxsize - off;
	if (len == 0)
		return 0;
	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)rnd();
	if (rump_sys_pwrite(m->fd, buf, len, (int64_t)off) != (long)len)
		return bad("write", m, off, len);
	memcpy(m->data + off, buf, len);
	if (off + len > m->size)
		m->size = off + len;
	return 0;
}

static int
op_truncate(struct model *m)
{
	size_t len = rnd() % 3 == 0 ? 0 : rnd() % maxsize;

	if (rump_sys_ftruncate(m->fd, (int64_t)len) != 0)
		return bad("truncate", m, len, 0);
	if (len > m->size)
		memset(m->data + m->size, 0, len - m->size);
	else
		memset(m->data + len, 0, m->size - len);
	m->size = len;
	return 0;
}

static int
op_punch(struct model *m)
{
	size_t off = rnd() % (m->size + 1), len = 1 + rnd() % (1 << 19);

	if (rump_sys_fallocate(m->fd, FALLOC_FL_PUNCH_HOLE |
	    FALLOC_FL_KEEP_SIZE, (int64_t)off, (int64_t)len) != 0)
		return bad("punch", m, off, len);
	if (off < m->size)
		memset(m->data + off, 0, len < m->size - off ? len :
		    m->size - off);
	return 0;
}

static int
check_all(struct model *m)
{
	struct rump_stat st;
	size_t off;

	if (rump_sys_fstat(m->fd, &st) != 0)
		return bad("fstat", m, 0, 0);
	if ((size_t)st.st_size != m->size) {
		fprintf(stderr, "FAIL size %s: %lld want %zu\n", m->path,
		    (long long)st.st_size, m->size);
		return 1;
	}
	for (off = 0; off < m->size + 4096; off += 1 << 20)
		if (check_range(m, off, 1 << 20))
			return 1;
	return 0;
}

static int
open_all(int flags)
{
	for (int i = 0; i < NFILES; i++) {
		files[i].fd = rump_sys_open(files[i].path, flags, 0644);
		if (files[i].fd < 0)
			return bad("open", &files[i], 0, 0);
	}
	return 0;
}

static int
remount(const char *image)
{
	int error;

	for (int i = 0; i < NFILES; i++)
		rump_sys_close(files[i].fd);
	if ((error = e2fs_unmount()) != 0 ||
	    (error = e2fs_mount(image, 0)) != 0) {
		fprintf(stderr, "FAIL remount: %s\n", strerror(error));
		return 1;
	}
	if (open_all(O_RDWR))
		return 1;
	for (int i = 0; i < NFILES; i++)
		if (check_all(&files[i]))
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	unsigned long ops, n;
	struct model *m;
	int error, r = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: e2fs_fsx image seed ops [maxsize]\n");
		return 2;
	}
	seed = strtoull(argv[2], NULL, 0);
	ops = strtoul(argv[3], NULL, 0);
	maxsize = argc > 4 ? strtoul(argv[4], NULL, 0) : 8 << 20;
	printf("# e2fs_fsx seed %llu ops %lu maxsize %zu\n", seed, ops,
	    maxsize);
	if ((error = e2fs_mount(argv[1], 0)) != 0) {
		fprintf(stderr, "mount: %s\n", strerror(error));
		return 1;
	}
	for (int i = 0; i < NFILES; i++) {
		files[i].data = calloc(1, maxsize);
		snprintf(files[i].path, sizeof(files[i].path),
		    E2FS_MNT "/fsx%d", i);
	}
	if (open_all(O_RDWR | O_CREAT | O_TRUNC))
		return 1;
	for (n = 0; n < ops && r == 0; n++) {
		m = &files[rnd() % NFILES];
		switch (rnd() % 11) {
		case 0: case 1: case 2: case 3:
			r = op_write(m);
			break;
		case 4: case 5:
			r = op_truncate(m);
			break;
		case 6: case 7:
			r = check_range(m, rnd() % (m->size + 1),
			    1 + rnd() % 300000);
			break;
		case 8:
			if (rump_sys_fsync(m->fd) != 0)
				r = bad("fsync", m, 0, 0);
			break;
		case 9:
			r = op_punch(m);
			break;
		default:
			r = check_all(m);
			break;
		}
		if (r == 0 && n == ops / 2)
			r = remount(argv[1]);
	}
	for (int i = 0; i < NFILES && r == 0; i++)
		r = check_all(&files[i]);
	for (int i = 0; i < NFILES; i++)
		rump_sys_close(files[i].fd);
	if ((error = e2fs_unmount()) != 0) {
		fprintf(stderr, "unmount: %s\n", strerror(error));
		r = 1;
	}
	printf("# %lu operations, %s\n", n, r ? "FAILED" : "ok");
	return r;
}
