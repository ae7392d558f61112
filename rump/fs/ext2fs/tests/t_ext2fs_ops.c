/*
 * The ext2fs driver through rump_sys_* on fresh mke2fs images: names and
 * link counts, the rename rules, orphans (unlinked while open; left by a
 * "crash" and freed by the next mount), ENOSPC, sequential writes
 * allocated in runs, files past 4 GiB and
 * holes, file handles, the mount policy for ext3/ext4/damaged states, and
 * changing a hashed directory.  After each case e2fsck -fn must be clean.
 */
#include <sys/stat.h>
#include <sys/wait.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "e2fs_common.h"

#define M(p)	E2FS_MNT "/" p

static char tmpdir[512];
static char img[600];

static int
sh(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* a fresh image: mke2fs options and size in KiB */
static void
mkimg(const char *opts, int kib)
{
	unlink(img);
	assert_int_equal(sh("mke2fs -q -F %s %s %dk >/dev/null 2>&1", opts,
	    img, kib), 0);
}

static void
fsck_clean(void)
{
	assert_int_equal(sh("e2fsck -fn %s >%s/fsck.log 2>&1 || "
	    "{ cat %s/fsck.log >&2; exit 1; }", img, tmpdir, tmpdir), 0);
}

static void
mount_rw(void)
{
	assert_int_equal(e2fs_mount(img, 0), 0);
}

static void
umount_ok(void)
{
	assert_int_equal(e2fs_unmount(), 0);
}

static void
put(const char *path, const char *data)
{
	int fd = rump_sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(rump_sys_write(fd, data, strlen(data)),
	    (long)strlen(data));
	assert_int_equal(rump_sys_close(fd), 0);
}

static uint32_t
nlink(const char *path)
{
	struct rump_stat st;

	assert_int_equal(rump_sys_lstat(path, &st), 0);
	return st.st_nlink;
}

static void
test_names(void **state)
{
	char buf[64];
	int fd;

	mkimg("-t ext2 -b 1024", 4096);
	mount_rw();
	assert_int_equal(rump_sys_mkdir(M("d"), 0755), 0);
	assert_int_equal(nlink(M("d")), 2);
	assert_int_equal(nlink(E2FS_MNT), 4);	/* lost+found, d */
	put(M("d/f"), "hello");
	assert_int_equal(rump_sys_link(M("d/f"), M("g")), 0);
	assert_int_equal(nlink(M("g")), 2);
	assert_int_equal(rump_sys_symlink("d/f", M("s")), 0);
	fd = rump_sys_open(M("s"), O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_read(fd, buf, sizeof(buf)), 5);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_rmdir(M("d")), -1);
	assert_int_equal(errno, ENOTEMPTY);
	assert_int_equal(rump_sys_unlink(M("d/f")), 0);
	assert_int_equal(nlink(M("g")), 1);
	assert_int_equal(rump_sys_rmdir(M("d")), 0);
	assert_int_equal(nlink(E2FS_MNT), 3);
	assert_int_equal(rump_sys_open(M("g"), O_CREAT | O_EXCL | O_RDWR,
	    0644), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(rump_sys_mkfifo(M("fifo"), 0600), 0);
	assert_int_equal(rump_sys_mknod(M("chr"), S_IFCHR | 0600,
	    ((uint64_t)1 << 32) | 3), 0);
	umount_ok();
	fsck_clean();
}

static void
test_rename(void **state)
{
	struct rump_stat a, b;

	mkimg("-t ext2", 8192);
	mount_rw();
	assert_int_equal(rump_sys_mkdir(M("a"), 0755), 0);
	assert_int_equal(rump_sys_mkdir(M("a/b"), 0755), 0);
	assert_int_equal(rump_sys_mkdir(M("c"), 0755), 0);
	put(M("a/b/f"), "1");
	put(M("x"), "2");
	put(M("y"), "3");
	/* into its own subtree */
	assert_int_equal(rump_sys_rename(M("a"), M("a/b/z")), -1);
	assert_int_equal(errno, EINVAL);
	/* over a non-empty directory */
	assert_int_equal(rump_sys_rename(M("c"), M("a")), -1);
	assert_int_equal(errno, ENOTEMPTY);
	/* file over directory, directory over file */
	assert_int_equal(rump_sys_rename(M("x"), M("c")), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(rump_sys_rename(M("c"), M("x")), -1);
	assert_int_equal(errno, ENOTDIR);
	/* noreplace */
	assert_int_equal(rump_sys_renameat2(-100, M("x"), -100, M("y"),
	    RENAME_NOREPLACE), -1);
	assert_int_equal(errno, EEXIST);
	/* file over file: inode kept */
	assert_int_equal(rump_sys_lstat(M("x"), &a), 0);
	assert_int_equal(rump_sys_rename(M("x"), M("y")), 0);
	assert_int_equal(rump_sys_lstat(M("y"), &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(rump_sys_lstat(M("x"), &a), -1);
	/* hard links to the same file: nothing happens */
	assert_int_equal(rump_sys_link(M("y"), M("y2")), 0);
	assert_int_equal(rump_sys_rename(M("y"), M("y2")), 0);
	assert_int_equal(nlink(M("y")), 2);
	/* directory across parents: '..' and link counts */
	assert_int_equal(rump_sys_rename(M("a/b"), M("c/b")), 0);
	assert_int_equal(nlink(M("a")), 2);
	assert_int_equal(nlink(M("c")), 3);
	assert_int_equal(rump_sys_lstat(M("c/b/.."), &a), 0);
	assert_int_equal(rump_sys_lstat(M("c"), &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	/* directory over an empty directory */
	assert_int_equal(rump_sys_rename(M("c/b"), M("a")), 0);
	assert_int_equal(nlink(M("c")), 2);
	assert_int_equal(rump_sys_lstat(M("a/f"), &a), 0);
	/* dot and dotdot */
	assert_int_equal(rump_sys_rename(M("a/."), M("q")), -1);
	umount_ok();
	fsck_clean();
}

static void
test_orphan_open(void **state)
{
	struct rump_statvfs s0, s1, s2;
	char buf[100000];
	int fd;

	mkimg("-t ext2", 8192);
	mount_rw();
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &s0), 0);
	fd = rump_sys_open(M("f"), O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(rump_sys_write(fd, buf, sizeof(buf)),
	    (long)sizeof(buf));
	assert_int_equal(rump_sys_unlink(M("f")), 0);
	assert_int_equal(rump_sys_pwrite(fd, "y", 1, 654321), 1);
	assert_int_equal(rump_sys_pread(fd, buf, 10, 0), 10);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &s1), 0);
	assert_true(s1.f_bfree < s0.f_bfree);
	assert_int_equal(rump_sys_close(fd), 0);
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &s2), 0);
	assert_int_equal(s2.f_bfree, s0.f_bfree);
	assert_int_equal(s2.f_ffree, s0.f_ffree);
	umount_ok();
	fsck_clean();
}

/* the "crash": unlink an open file, sync, die */
static void
orphan_crash(void)
{
	pid_t pid;
	int st, fd;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (e2fs_mount(img, 0) != 0)
			_exit(2);
		fd = rump_sys_open(M("f"), O_RDWR | O_CREAT, 0644);
		if (fd < 0 || rump_sys_write(fd, "data", 4) != 4 ||
		    rump_sys_unlink(M("f")) != 0)
			_exit(3);
		rump_sys_sync();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* with a journal, the orphan list names the inode; the next mount frees it */
static void
test_orphan_crash(void **state)
{
	mkimg("-t ext3", 8192);
	orphan_crash();
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | "
	    "grep -q '^First orphan inode'", img), 0);
	mount_rw();
	umount_ok();
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | "
	    "grep -q '^First orphan inode'", img), 1);
	fsck_clean();
}

/* without one (as Linux): no links, no dtime; e2fsck -p frees it */
static void
test_orphan_crash_nojournal(void **state)
{
	mkimg("-t ext2", 8192);
	orphan_crash();
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | "
	    "grep -q '^First orphan inode'", img), 1);
	assert_int_equal(sh("e2fsck -p %s 2>&1 | grep -q 'zero dtime'", img),
	    0);
	fsck_clean();
}

static void
test_enospc(void **state)
{
	static char buf[65536];
	long n = 0, w;
	int fd, i;

	mkimg("-t ext2 -b 1024 -m 0", 2048);
	mount_rw();
	fd = rump_sys_open(M("big"), O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	memset(buf, 'z', sizeof(buf));
	for (i = 0; i < 100; i++) {
		w = rump_sys_write(fd, buf, sizeof(buf));
		if (w < 0)
			break;
		n += w;
	}
	assert_int_equal(w, -1);
	assert_int_equal(errno, ENOSPC);
	assert_true(n > 1000000);
	rump_sys_close(fd);
	/* still usable after freeing */
	assert_int_equal(rump_sys_truncate(M("big"), 100000), 0);
	put(M("small"), "ok");
	assert_int_equal(rump_sys_unlink(M("big")), 0);
	umount_ok();
	fsck_clean();
}

/* a file of len bytes written in one call, on disk when it returns */
static void
put_buf(const char *path, const char *data, size_t len)
{
	int fd = rump_sys_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(rump_sys_write(fd, data, len), (long)len);
	assert_int_equal(rump_sys_fsync(fd), 0);
	assert_int_equal(rump_sys_close(fd), 0);
}

/* path holds exactly want[0..len) (back: room for len + 1 bytes) */
static void
get_cmp(const char *path, const char *want, char *back, size_t len)
{
	int fd = rump_sys_open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(rump_sys_read(fd, back, len + 1), (long)len);
	assert_memory_equal(back, want, len);
	assert_int_equal(rump_sys_close(fd), 0);
}

/* bytes i of the sequential-write pattern seed */
static void
fill(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 7 + (size_t)seed * 13 + i / 1021);
}

/*
 * A write extending a file takes its blocks in runs: one write of 300
 * blocks lands contiguous, indirect blocks in line before the data they
 * map, and claims no block it does not use.  Then a block is read (its
 * mapping cached), the file shrunk below the blocks after it, another
 * file takes the freed blocks, and the first is rewritten: its new
 * blocks must be the ones written, not the cached old ones.
 */
static void
test_seqwrite(void **state)
{
	static char buf[300 * 1024], back[300 * 1024 + 1], other[200 * 1024];
	struct rump_statvfs s0, s1;
	int fd;

	mkimg("-t ext2 -b 1024 -m 0", 4096);
	mount_rw();
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &s0), 0);
	fill(buf, sizeof(buf), 1);
	put_buf(M("f"), buf, sizeof(buf));
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &s1), 0);
	/* 300 data blocks, an indirect, a double indirect and its child */
	assert_int_equal(s0.f_bfree - s1.f_bfree, 303);
	umount_ok();
	fsck_clean();
	/* every block in one run: no gap in the list debugfs gives */
	assert_int_equal(sh("debugfs -R 'blocks /f' %s 2>/dev/null | "
	    "tr ' ' '\\n' | awk 'NF { if (p && $1 != p + 1) bad = 1; p = $1;"
	    " n++ } END { exit !(n == 303 && !bad) }'", img), 0);
	mount_rw();
	fd = rump_sys_open(M("f"), O_RDWR);
	assert_true(fd >= 0);
	/* one block read: its mapping (and the run after it) is kept */
	assert_int_equal(rump_sys_pread(fd, back, 16, 40 * 1024), 16);
	assert_memory_equal(back, buf + 40 * 1024, 16);
	assert_int_equal(rump_sys_ftruncate(fd, 50 * 1024), 0);
	fill(other, sizeof(other), 3);
	put_buf(M("g"), other, sizeof(other));
	fill(buf + 50 * 1024, sizeof(buf) - 50 * 1024, 2);
	assert_int_equal(rump_sys_pwrite(fd, buf + 50 * 1024,
	    sizeof(buf) - 50 * 1024, 50 * 1024), (long)(sizeof(buf) -
	    50 * 1024));
	assert_int_equal(rump_sys_close(fd), 0);
	umount_ok();
	fsck_clean();
	mount_rw();
	get_cmp(M("f"), buf, back, sizeof(buf));
	get_cmp(M("g"), other, back, sizeof(other));
	umount_ok();
}

static void
test_bigfile(void **state)
{
	int64_t off = ((int64_t)5 << 30) + 12345;
	struct rump_stat st;
	char buf[16];
	int fd;

	mkimg("-t ext2 -b 4096", 16384);
	mount_rw();
	fd = rump_sys_open(M("sparse"), O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_pwrite(fd, "end", 3, off), 3);
	assert_int_equal(rump_sys_pwrite(fd, "mid", 3, 100 << 20), 3);
	assert_int_equal(rump_sys_fstat(fd, &st), 0);
	assert_int_equal(st.st_size, off + 3);
	assert_true(st.st_blocks < 200);
	assert_int_equal(rump_sys_pread(fd, buf, 3, off), 3);
	assert_memory_equal(buf, "end", 3);
	memset(buf, 1, sizeof(buf));
	assert_int_equal(rump_sys_pread(fd, buf, 8, 4096 * 5000), 8);
	assert_memory_equal(buf, "\0\0\0\0\0\0\0\0", 8);
	rump_sys_close(fd);
	umount_ok();
	fsck_clean();
	/* shrink it across the triple indirect tree */
	mount_rw();
	assert_int_equal(rump_sys_truncate(M("sparse"), (100 << 20) + 1), 0);
	assert_int_equal(rump_sys_lstat(M("sparse"), &st), 0);
	assert_true(st.st_blocks <= 32);
	umount_ok();
	fsck_clean();
}

static void
test_fh(void **state)
{
	struct rump_fid fh;
	char buf[8];
	int fd;

	mkimg("-t ext2", 4096);
	mount_rw();
	put(M("f"), "handle");
	assert_int_equal(rump_sys_getfh(M("f"), &fh), 0);
	fd = rump_sys_fhopen(&fh, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(rump_sys_read(fd, buf, 6), 6);
	assert_memory_equal(buf, "handle", 6);
	rump_sys_close(fd);
	assert_int_equal(rump_sys_unlink(M("f")), 0);
	assert_int_equal(rump_sys_fhopen(&fh, O_RDONLY), -1);
	assert_int_equal(errno, ESTALE);
	fh.fid_data[0] ^= 0x55;
	fh.fid_data[5] ^= 0x55;
	assert_int_equal(rump_sys_fhopen(&fh, O_RDONLY), -1);
	umount_ok();
}

static void
test_policy(void **state)
{
	struct rump_statvfs sv;

	/* ext4: read-write refused (EROFS), read-only fine */
	mkimg("-t ext4", 16384);
	assert_int_equal(e2fs_mount(img, 0), EROFS);
	e2fs_unmount();
	assert_int_equal(e2fs_mount(img, RUMP_MNT_RDONLY), 0);
	assert_int_equal(rump_sys_statvfs(E2FS_MNT, &sv), 0);
	assert_true(sv.f_flag & RUMP_MNT_RDONLY);
	assert_int_equal(rump_sys_mkdir(M("x"), 0755), -1);
	assert_int_equal(errno, EROFS);
	umount_ok();
	fsck_clean();
	/* ext3 with a clean journal: read-write */
	mkimg("-t ext3", 16384);
	mount_rw();
	put(M("f"), "journal");
	umount_ok();
	fsck_clean();
	/* a journal needing recovery: read-write refused, read-only fine */
	assert_int_equal(sh("debugfs -w -R 'feature needs_recovery' %s "
	    ">/dev/null 2>&1", img), 0);
	assert_int_equal(e2fs_mount(img, 0), EROFS);
	e2fs_unmount();
	assert_int_equal(e2fs_mount(img, RUMP_MNT_RDONLY), 0);
	umount_ok();
	/* an unknown incompatible feature: refused */
	mkimg("-t ext2", 4096);
	assert_int_equal(sh("debugfs -w -R 'feature encrypt' %s "
	    ">/dev/null 2>&1", img), 0);
	assert_int_not_equal(e2fs_mount(img, RUMP_MNT_RDONLY), 0);
	e2fs_unmount();
	/* errors: read-only unless forced */
	mkimg("-t ext2", 4096);
	assert_int_equal(sh("debugfs -w -R 'ssv state 3' %s >/dev/null 2>&1",
	    img), 0);
	assert_int_equal(e2fs_mount(img, 0), 0);
	assert_int_equal(rump_sys_mkdir(M("x"), 0755), -1);
	assert_int_equal(errno, EROFS);
	umount_ok();
	assert_int_equal(e2fs_mount(img, RUMP_MNT_FORCE), 0);
	assert_int_equal(rump_sys_mkdir(M("x"), 0755), 0);
	umount_ok();
}

static void
test_clean_state(void **state)
{
	mkimg("-t ext2", 4096);
	mount_rw();
	/* mounted read-write: not clean on disk */
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | grep -q "
	    "'^Filesystem state: *not clean'", img), 0);
	umount_ok();
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | grep -q "
	    "'^Filesystem state: *clean'", img), 0);
	assert_int_equal(sh("dumpe2fs -h %s 2>/dev/null | grep -q "
	    "'^Mount count: *1'", img), 0);
}

static void
test_htree(void **state)
{
	char path[128];
	int i;

	assert_int_equal(sh("rm -rf %s/t && mkdir -p %s/t/big && cd %s/t/big "
	    "&& for i in $(seq 1 600); do : > file-with-long-name-$i; done",
	    tmpdir, tmpdir, tmpdir), 0);
	unlink(img);
	assert_int_equal(sh("mke2fs -q -F -t ext2 -b 1024 -O dir_index "
	    "-d %s/t %s 8192k >/dev/null 2>&1", tmpdir, img), 0);
	/* mke2fs -d writes linear directories; e2fsck -D indexes them */
	sh("e2fsck -fyD %s >/dev/null 2>&1", img);
	assert_int_equal(sh("debugfs -R 'stat /big' %s 2>/dev/null | "
	    "grep -q 'Flags: 0x1000'", img), 0);
	mount_rw();
	assert_int_equal(rump_sys_access(M("big/file-with-long-name-577"),
	    0), 0);
	put(M("big/new"), "n");
	for (i = 1; i <= 300; i++) {
		snprintf(path, sizeof(path), M("big/file-with-long-name-%d"),
		    i);
		assert_int_equal(rump_sys_unlink(path), 0);
	}
	umount_ok();
	fsck_clean();
	mount_rw();
	assert_int_equal(rump_sys_access(M("big/new"), 0), 0);
	assert_int_equal(rump_sys_access(M("big/file-with-long-name-301"),
	    0), 0);
	assert_int_equal(rump_sys_access(M("big/file-with-long-name-3"), 0),
	    -1);
	umount_ok();
}

static int
setup(void **state)
{
	const char *o = getenv("O");
	char base[400];

	snprintf(base, sizeof(base), "%s/tmp", o ? o : "build");
	mkdir(base, 0755);
	snprintf(tmpdir, sizeof(tmpdir), "%s/e2ops.XXXXXX", base);
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(img, sizeof(img), "%s/img", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	sh("rm -rf %s", tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_rename),
		cmocka_unit_test(test_orphan_open),
		cmocka_unit_test(test_orphan_crash),
		cmocka_unit_test(test_orphan_crash_nojournal),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_seqwrite),
		cmocka_unit_test(test_bigfile),
		cmocka_unit_test(test_fh),
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_clean_state),
		cmocka_unit_test(test_htree),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
