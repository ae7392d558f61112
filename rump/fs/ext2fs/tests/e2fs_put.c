/*
 * e2fs_put image dir: copy a host tree into an ext2 image through the
 * driver (mounted read-write in a rump kernel): directories, files (holes
 * kept: runs of zero blocks are skipped), symlinks, hard links, fifos and
 * device nodes, then owners, modes and times; unmount cleanly.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rump.h>
#include <rump/rump_syscalls.h>

#include "e2fs_common.h"

static int nerrors;

struct link {
	dev_t dev;
	ino_t ino;
	char *path;
};
static struct link *links;
static size_t nlinks;

static void
fail(const char *path, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", path, what, strerror(errno));
	nerrors++;
}

static bool
all_zero(const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (buf[i] != 0)
			return false;
	return true;
}

static void
copy_file(const char *src, const char *dst, const struct stat *st)
{
	static char buf[65536];
	int in, out;
	off_t off = 0;
	ssize_t n;

	if ((in = open(src, O_RDONLY)) < 0) {
		fail(src, "open");
		return;
	}
	out = rump_sys_open(dst, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (out < 0) {
		fail(dst, "create");
		close(in);
		return;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		/* keep holes: skip whole zero chunks */
		if (!all_zero(buf, (size_t)n) &&
		    rump_sys_pwrite(out, buf, (size_t)n, off) != n) {
			fail(dst, "write");
			break;
		}
		off += n;
	}
	if (rump_sys_ftruncate(out, st->st_size) != 0)
		fail(dst, "ftruncate");
	close(in);
	rump_sys_close(out);
}

static void
set_attrs(const char *dst, const struct stat *st)
{
	struct rump_timespec ts[2];

	if (rump_sys_lchown(dst, st->st_uid, st->st_gid) != 0)
		fail(dst, "lchown");
	if (!S_ISLNK(st->st_mode) &&
	    rump_sys_chmod(dst, st->st_mode & 07777) != 0)
		fail(dst, "chmod");
	ts[0].tv_sec = st->st_atim.tv_sec;
	ts[0].tv_nsec = st->st_atim.tv_nsec;
	ts[1].tv_sec = st->st_mtim.tv_sec;
	ts[1].tv_nsec = st->st_mtim.tv_nsec;
	if (rump_sys_utimensat(-100, dst, ts, 0x100) != 0)
		fail(dst, "utimensat");
}

/* A second name of an inode already copied? */
static bool
hardlink(const char *dst, const struct stat *st)
{
	size_t i;

	if (S_ISDIR(st->st_mode) || st->st_nlink < 2)
		return false;
	for (i = 0; i < nlinks; i++) {
		if (links[i].dev == st->st_dev && links[i].ino == st->st_ino) {
			if (rump_sys_link(links[i].path, dst) != 0)
				fail(dst, "link");
			return true;
		}
	}
	links = realloc(links, (nlinks + 1) * sizeof(*links));
	links[nlinks].dev = st->st_dev;
	links[nlinks].ino = st->st_ino;
	links[nlinks++].path = strdup(dst);
	return false;
}

static void
copy(const char *src, const char *dst, bool top)
{
	struct stat st;
	char target[8192], *s2, *d2;
	struct dirent *de;
	DIR *d;
	ssize_t n;

	if (lstat(src, &st) != 0) {
		fail(src, "lstat");
		return;
	}
	if (hardlink(dst, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		if (!top && rump_sys_mkdir(dst, 0700) != 0) {
			fail(dst, "mkdir");
			return;
		}
		if ((d = opendir(src)) == NULL) {
			fail(src, "opendir");
			return;
		}
		while ((de = readdir(d)) != NULL) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			if (asprintf(&s2, "%s/%s", src, de->d_name) < 0 ||
			    asprintf(&d2, "%s/%s", dst, de->d_name) < 0)
				abort();
			copy(s2, d2, false);
			free(s2);
			free(d2);
		}
		closedir(d);
	} else if (S_ISREG(st.st_mode))
		copy_file(src, dst, &st);
	else if (S_ISLNK(st.st_mode)) {
		n = readlink(src, target, sizeof(target) - 1);
		if (n < 0) {
			fail(src, "readlink");
			return;
		}
		target[n] = 0;
		if (rump_sys_symlink(target, dst) != 0) {
			fail(dst, "symlink");
			return;
		}
	} else {
		uint64_t dev = ((uint64_t)major(st.st_rdev) << 32) |
		    minor(st.st_rdev);
		if (rump_sys_mknod(dst, st.st_mode, dev) != 0) {
			fail(dst, "mknod");
			return;
		}
	}
	set_attrs(dst, &st);
}

int
main(int argc, char **argv)
{
	int error;

	if (argc != 3) {
		fprintf(stderr, "usage: e2fs_put image dir\n");
		return 2;
	}
	if ((error = e2fs_mount(argv[1], 0)) != 0) {
		fprintf(stderr, "mount %s: %s\n", argv[1], strerror(error));
		return 1;
	}
	rump_sys_umask(0);
	copy(argv[2], E2FS_MNT, true);
	if ((error = e2fs_unmount()) != 0) {
		fprintf(stderr, "unmount: %s\n", strerror(error));
		nerrors++;
	}
	return nerrors ? 1 : 0;
}
