/*
 * etfs through the system calls: registration errors, REG keys reading
 * and writing a host file (windows at the edges), keys invisible to
 * readdir and refused by unlink/rename, EBUSY while open, block keys with
 * each backend, read-only images, the image lock, odd-sized images, and
 * a real block device through a loop device when root.
 */
#include <sys/stat.h>

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

#include <rump/rump.h>
#include <rump/rump_etfs.h>
#include <rump/rump_syscalls.h>

static char tmpdir[] = "/tmp/t_etfs.XXXXXX";

static void
hpath(char *buf, size_t len, const char *name)
{

	snprintf(buf, len, "%s/%s", tmpdir, name);
}

/* a host file of size bytes, byte i = (i * 7 + seed) & 0xff */
static void
mkimage(const char *name, size_t size, int seed)
{
	char path[256];
	unsigned char *buf = malloc(size ? size : 1);
	int fd;

	assert_non_null(buf);
	for (size_t i = 0; i < size; i++)
		buf[i] = (unsigned char)(i * 7 + (size_t)seed);
	hpath(path, sizeof(path), name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, size), (ssize_t)size);
	close(fd);
	free(buf);
}

static void
hostread(const char *name, void *buf, size_t len, off_t off)
{
	char path[256];
	int fd;

	hpath(path, sizeof(path), name);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, len, off), (ssize_t)len);
	close(fd);
}

static int
reg(const char *key, const char *name, enum rump_etfs_type type,
    uint64_t begin, uint64_t size, int flags)
{
	char path[256];

	hpath(path, sizeof(path), name);
	return rump_pub_etfs_register_opts(key, path, type, begin, size,
	    flags);
}

static int
setup(void **state)
{

	if (mkdtemp(tmpdir) == NULL || rump_init() != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_errors(void **state)
{
	char path[256];

	mkimage("e.img", 10000, 1);
	assert_int_equal(reg("/e", "nonexistent", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), ENOENT);
	assert_int_equal(reg("/e", "e.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(reg("/e", "e.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EEXIST);
	/* leading slashes collapse: the same key */
	assert_int_equal(reg("///e", "e.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EEXIST);
	assert_int_equal(reg("/e2", "e.img", RUMP_ETFS_REG, 10001,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EINVAL);
	assert_int_equal(reg("/e2", "e.img", RUMP_ETFS_REG, 5000, 5001, 0),
	    EINVAL);
	assert_int_equal(reg("/e2", "e.img", RUMP_ETFS_DIR, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), ENOTDIR);
	assert_int_equal(reg("/e2", ".", RUMP_ETFS_DIR_SUBDIRS, 512,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EISDIR);
	assert_int_equal(reg("/e2", ".", RUMP_ETFS_DIR, 0, 4096, 0), EISDIR);
	assert_int_equal(reg("/e2", "e.img", (enum rump_etfs_type)42, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EINVAL);
	assert_int_equal(reg("/e2/", "e.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EINVAL);
	assert_int_equal(rump_pub_etfs_remove("/nokey"), ENOENT);
	assert_int_equal(rump_pub_etfs_remove("//e"), 0);
	assert_int_equal(rump_pub_etfs_remove("/e"), ENOENT);
	hpath(path, sizeof(path), "e.img");
	assert_int_equal(rump_pub_etfs_register("/e3", path, RUMP_ETFS_REG),
	    0);
	assert_int_equal(rump_pub_etfs_remove("/e3"), 0);
}

static void
test_reg_io(void **state)
{
	unsigned char buf[8192], host[8192];
	struct rump_stat sb;
	int fd;

	mkimage("r.img", 20000, 3);
	assert_int_equal(reg("/reg", "r.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(rump_sys_stat("/reg", &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_size, 20000);
	fd = rump_sys_open("/reg", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 8192, 1000), 8192);
	hostread("r.img", host, 8192, 1000);
	assert_memory_equal(buf, host, 8192);
	memset(buf, 0xa5, 3000);
	assert_int_equal(rump_sys_pwrite(fd, buf, 3000, 19000), 3000);
	hostread("r.img", host, 3000, 19000);
	assert_memory_equal(buf, host, 3000);
	assert_int_equal(rump_sys_fstat(fd, &sb), 0);
	assert_int_equal(sb.st_size, 22000);	/* grew the host file */
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_END), 22000);
	assert_int_equal(rump_sys_fsync(fd), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/reg"), 0);
	assert_int_equal(rump_sys_stat("/reg", &sb), -1);
	assert_int_equal(errno, ENOENT);
}

static void
test_reg_window(void **state)
{
	unsigned char buf[64], host[64], orig[64];
	struct rump_stat sb;
	int fd;

	mkimage("w.img", 16384, 5);
	hostread("w.img", orig, 64, 12288);
	assert_int_equal(reg("/win", "w.img", RUMP_ETFS_REG, 4096, 8192, 0),
	    0);
	assert_int_equal(rump_sys_stat("/win", &sb), 0);
	assert_int_equal(sb.st_size, 8192);
	fd = rump_sys_open("/win", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 10, 0), 10);
	hostread("w.img", host, 10, 4096);
	assert_memory_equal(buf, host, 10);
	assert_int_equal(rump_sys_pread(fd, buf, 64, 8190), 2);
	hostread("w.img", host, 2, 4096 + 8190);
	assert_memory_equal(buf, host, 2);
	assert_int_equal(rump_sys_pread(fd, buf, 64, 8192), 0);
	memset(buf, 0x3c, sizeof(buf));
	assert_int_equal(rump_sys_pwrite(fd, buf, 64, 8190), 2);
	assert_int_equal(rump_sys_pwrite(fd, buf, 64, 8192), -1);
	assert_int_equal(errno, ENOSPC);
	/* nothing beyond the window changed */
	hostread("w.img", host, 64, 12288);
	assert_memory_equal(host, orig, 64);
	hostread("w.img", host, 2, 12286);
	assert_memory_equal(host, buf, 2);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/win"), 0);
	/* an empty window at the very end */
	assert_int_equal(reg("/end", "w.img", RUMP_ETFS_REG, 16384,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	fd = rump_sys_open("/end", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 64, 0), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/end"), 0);
}

/* does the directory list name? */
static int
listed(const char *dir, const char *name)
{
	char buf[4096];
	struct rump_dirent *d;
	rump_ssize_t n, off;
	int fd, found = 0;

	fd = rump_sys_open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	while ((n = rump_sys_getdents(fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct rump_dirent *)(void *)(buf + off);
			if (strcmp(d->d_name, name) == 0)
				found = 1;
		}
	}
	assert_int_equal(n, 0);
	rump_sys_close(fd);
	return found;
}

static void
test_invisible(void **state)
{
	struct rump_stat sb;

	mkimage("i.img", 4096, 7);
	assert_int_equal(reg("////inv", "i.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(reg("/etd/sub/key", "i.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(rump_sys_stat("/inv", &sb), 0);
	assert_int_equal(rump_sys_stat("/etd/sub/key", &sb), 0);
	assert_true(S_ISBLK(sb.st_mode));
	assert_false(listed("/", "inv"));
	assert_true(listed("/", "etd"));
	assert_false(listed("/etd/sub", "key"));
	/* the file system will not remove or rename keys */
	assert_int_equal(rump_sys_unlink("/inv"), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(rump_sys_rename("/inv", "/inv2"), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(rump_sys_mkdir("/etdtmp", 0755), 0);
	assert_int_equal(rump_sys_rename("/etdtmp", "/inv"), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(rump_sys_rmdir("/etdtmp"), 0);
	assert_int_equal(rump_pub_etfs_remove("/inv"), 0);
	assert_int_equal(rump_pub_etfs_remove("/etd/sub/key"), 0);
	assert_int_equal(rump_sys_stat("/etd/sub/key", &sb), -1);
}

static void
test_busy(void **state)
{
	int fd;

	mkimage("b.img", 8192, 9);
	assert_int_equal(reg("/busy", "b.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	fd = rump_sys_open("/busy", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_pub_etfs_remove("/busy"), EBUSY);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/busy"), 0);
	assert_int_equal(reg("/busyr", "b.img", RUMP_ETFS_REG, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	fd = rump_sys_open("/busyr", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_pub_etfs_remove("/busyr"), EBUSY);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/busyr"), 0);
}

/* the same data through the device node with one backend */
static void
blk_backend(int backend)
{
	const size_t sz = 4 << 20;
	unsigned char *buf = malloc(256 * 1024), *host = malloc(256 * 1024);
	struct rump_stat sb;
	int fd;

	assert_non_null(buf);
	assert_non_null(host);
	mkimage("blk.img", sz, backend);
	assert_int_equal(reg("/blk", "blk.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, backend), 0);
	assert_int_equal(rump_sys_stat("/blk", &sb), 0);
	assert_true(S_ISBLK(sb.st_mode));
	fd = rump_sys_open("/blk", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_END), (int64_t)sz);
	assert_int_equal(rump_sys_pread(fd, buf, 256 * 1024, 1 << 20),
	    256 * 1024);
	hostread("blk.img", host, 256 * 1024, 1 << 20);
	assert_memory_equal(buf, host, 256 * 1024);
	/* aligned, then unaligned (read-modify-write of edge sectors) */
	memset(buf, 0x11 + backend, 65536);
	assert_int_equal(rump_sys_pwrite(fd, buf, 65536, 2 << 20), 65536);
	memset(buf, 0x22 + backend, 1000);
	assert_int_equal(rump_sys_pwrite(fd, buf, 1000, 3 * 512 + 100),
	    1000);
	assert_int_equal(rump_sys_fsync(fd), 0);
	assert_int_equal(rump_sys_pread(fd, host, 1000, 3 * 512 + 100), 1000);
	assert_memory_equal(host, buf, 1000);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/blk"), 0);
	hostread("blk.img", host, 1000, 3 * 512 + 100);
	assert_memory_equal(host, buf, 1000);
	hostread("blk.img", host, 100, 3 * 512);	/* edge kept */
	for (int i = 0; i < 100; i++)
		assert_int_equal(host[i],
		    (unsigned char)((3 * 512 + i) * 7 + backend));
	memset(buf, 0x11 + backend, 65536);
	hostread("blk.img", host, 65536, 2 << 20);
	assert_memory_equal(host, buf, 65536);
	free(buf);
	free(host);
}

static void
test_blk_buffered(void **state)
{

	blk_backend(RUMP_ETFS_BACKEND_BUFFERED);
}

static void
test_blk_direct(void **state)
{

	blk_backend(RUMP_ETFS_BACKEND_DIRECT);
}

static void
test_blk_mmap(void **state)
{

	blk_backend(RUMP_ETFS_BACKEND_MMAP);
}

static void
test_blk_readonly(void **state)
{
	unsigned char buf[512];
	int fd;

	mkimage("ro.img", 8192, 11);
	assert_int_equal(reg("/ro", "ro.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, RUMP_ETFS_RDONLY), 0);
	assert_int_equal(rump_sys_open("/ro", O_RDWR), -1);
	assert_int_equal(errno, EROFS);
	fd = rump_sys_open("/ro", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 512, 512), 512);
	assert_int_equal(buf[0], (unsigned char)(512 * 7 + 11));
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/ro"), 0);
}

static void
test_blk_lock(void **state)
{

	mkimage("lk.img", 8192, 13);
	assert_int_equal(reg("/lk1", "lk.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	/* a second read-write user of the image is refused */
	assert_int_equal(reg("/lk2", "lk.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), EBUSY);
	assert_int_equal(rump_pub_etfs_remove("/lk1"), 0);
	assert_int_equal(reg("/lk2", "lk.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(rump_pub_etfs_remove("/lk2"), 0);
}

static void
test_blk_oddsize(void **state)
{
	unsigned char buf[1024], host[512];
	struct rump_stat sb;
	int fd;

	mkimage("odd.img", 5000, 15);
	assert_int_equal(reg("/odd", "odd.img", RUMP_ETFS_BLK, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(rump_sys_stat("/odd", &sb), 0);
	assert_int_equal(sb.st_size, 5000);
	fd = rump_sys_open("/odd", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 1024, 4608), 392);
	hostread("odd.img", host, 392, 4608);
	assert_memory_equal(buf, host, 392);
	assert_int_equal(rump_sys_pread(fd, buf, 512, 5000), 0);
	memset(buf, 0x77, sizeof(buf));
	assert_int_equal(rump_sys_pwrite(fd, buf, 512, 4608), 392);
	hostread("odd.img", host, 392, 4608);
	assert_memory_equal(buf, host, 392);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/odd"), 0);
}

static void
test_blk_window(void **state)
{
	unsigned char buf[4096], host[4096];
	struct rump_stat sb;
	int fd;

	mkimage("bw.img", 3 << 20, 17);
	assert_int_equal(reg("/bw", "bw.img", RUMP_ETFS_BLK, 1 << 20,
	    1 << 20, 0), 0);
	assert_int_equal(rump_sys_stat("/bw", &sb), 0);
	assert_int_equal(sb.st_size, 1 << 20);
	fd = rump_sys_open("/bw", O_RDWR);
	assert_true(fd >= 0);
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(rump_sys_pwrite(fd, buf, 4096, 0), 4096);
	assert_int_equal(rump_sys_pwrite(fd, buf, 4096, (1 << 20) - 1024),
	    1024);
	assert_int_equal(rump_sys_pread(fd, host, 4096, 1 << 20), 0);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/bw"), 0);
	hostread("bw.img", host, 4096, 1 << 20);
	assert_memory_equal(host, buf, 4096);
	hostread("bw.img", host, 1024, (2 << 20) - 1024);
	assert_memory_equal(host, buf, 1024);
	hostread("bw.img", host, 16, 2 << 20);
	assert_int_equal(host[0], (unsigned char)((2 << 20) * 7 + 17));
}

static void
test_chr(void **state)
{
	unsigned char buf[100], host[100];
	struct rump_stat sb;
	int fd;

	mkimage("c.img", 10000, 19);
	assert_int_equal(reg("/chr", "c.img", RUMP_ETFS_CHR, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_int_equal(rump_sys_stat("/chr", &sb), 0);
	assert_true(S_ISCHR(sb.st_mode));
	fd = rump_sys_open("/chr", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 100, 9950), 50);
	hostread("c.img", host, 50, 9950);
	assert_memory_equal(buf, host, 50);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/chr"), 0);
}

static void
test_dir(void **state)
{
	char path[256], buf[32];
	struct rump_stat sb;
	int fd;

	hpath(path, sizeof(path), "hd");
	assert_int_equal(mkdir(path, 0755), 0);
	hpath(path, sizeof(path), "hd/sub");
	assert_int_equal(mkdir(path, 0755), 0);
	hpath(path, sizeof(path), "hd/fifo");
	assert_int_equal(mkfifo(path, 0644), 0);
	mkimage("hd/a.txt", 100, 23);
	mkimage("hd/sub/b.txt", 50, 25);
	assert_int_equal(reg("/hd", "hd", RUMP_ETFS_DIR, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_true(listed("/hd", "a.txt"));
	assert_false(listed("/hd", "sub"));
	assert_false(listed("/hd", "fifo"));
	assert_int_equal(rump_sys_stat("/hd/sub", &sb), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rump_sys_stat("/hd/fifo", &sb), -1);
	assert_int_equal(rump_sys_stat("/hd/a.txt", &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(sb.st_size, 100);
	fd = rump_sys_open("/hd/a.txt", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pread(fd, buf, 32, 90), 10);
	assert_int_equal(buf[0], (char)(90 * 7 + 23));
	assert_int_equal(rump_sys_pwrite(fd, "HOST", 4, 0), 4);
	assert_int_equal(rump_pub_etfs_remove("/hd"), EBUSY);
	assert_int_equal(rump_sys_close(fd), 0);
	hostread("hd/a.txt", buf, 4, 0);
	assert_memory_equal(buf, "HOST", 4);
	assert_int_equal(rump_sys_unlink("/hd/a.txt"), -1);
	assert_int_equal(errno, EOPNOTSUPP);
	assert_int_equal(rump_sys_open("/hd/new", O_RDWR | O_CREAT, 0644),
	    -1);
	assert_int_equal(rump_pub_etfs_remove("/hd"), 0);
	assert_int_equal(rump_sys_stat("/hd/a.txt", &sb), -1);

	assert_int_equal(reg("/hds", "hd", RUMP_ETFS_DIR_SUBDIRS, 0,
	    RUMP_ETFS_SIZE_ENDOFF, 0), 0);
	assert_true(listed("/hds", "sub"));
	assert_true(listed("/hds/sub", "b.txt"));
	assert_int_equal(rump_sys_stat("/hds/sub", &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(rump_sys_stat("/hds/sub/../a.txt", &sb), 0);
	fd = rump_sys_open("/hds/sub/b.txt", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_read(fd, buf, 32), 32);
	assert_int_equal(buf[1], (char)(7 + 25));
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/hds"), 0);
}

/* a real block device: a loop device over an image (root only) */
static void
test_loopdev(void **state)
{
	char path[256], cmd[512], dev[64] = "";
	unsigned char buf[4096], host[4096];
	FILE *p;
	int fd;

	if (geteuid() != 0)
		skip();
	mkimage("loop.img", 8 << 20, 21);
	hpath(path, sizeof(path), "loop.img");
	snprintf(cmd, sizeof(cmd), "losetup -f --show '%s' 2>/dev/null",
	    path);
	if ((p = popen(cmd, "r")) == NULL)
		skip();
	if (fgets(dev, sizeof(dev), p) == NULL)
		dev[0] = '\0';
	pclose(p);
	dev[strcspn(dev, "\n")] = '\0';
	if (dev[0] == '\0')
		skip();
	assert_int_equal(rump_pub_etfs_register("/loop", dev, RUMP_ETFS_BLK),
	    0);
	fd = rump_sys_open("/loop", O_RDWR);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_lseek(fd, 0, SEEK_END), 8 << 20);
	memset(buf, 0x99, sizeof(buf));
	assert_int_equal(rump_sys_pwrite(fd, buf, 4096, 1 << 20), 4096);
	assert_int_equal(rump_sys_fsync(fd), 0);
	assert_int_equal(rump_sys_pread(fd, host, 4096, 1 << 20), 4096);
	assert_memory_equal(host, buf, 4096);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_pub_etfs_remove("/loop"), 0);
	snprintf(cmd, sizeof(cmd), "losetup -d %s", dev);
	assert_int_equal(system(cmd), 0);
	hostread("loop.img", host, 4096, 1 << 20);
	assert_memory_equal(host, buf, 4096);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_reg_io),
		cmocka_unit_test(test_reg_window),
		cmocka_unit_test(test_invisible),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_blk_buffered),
		cmocka_unit_test(test_blk_direct),
		cmocka_unit_test(test_blk_mmap),
		cmocka_unit_test(test_blk_readonly),
		cmocka_unit_test(test_blk_lock),
		cmocka_unit_test(test_blk_oddsize),
		cmocka_unit_test(test_blk_window),
		cmocka_unit_test(test_chr),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_loopdev),
	};

	return cmocka_run_group_tests_name("etfs", tests, setup, teardown);
}
